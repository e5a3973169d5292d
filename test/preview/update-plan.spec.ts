/**
 * The update plan and its checks on small hand-built states: matching, deep diff, replacement, the
 * known-after-apply cascade, stack-export input, and each check with a negative control.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RecordedResource } from "../../preview/capture/recorder";
import { PolicyConfigError } from "../../policy/engine/config";
import { UPDATE_CHECKS, checkUpdatePlan, resolveUpdateLevels } from "../../preview/update/checks";
import { diffValues } from "../../preview/update/diff";
import { prepareUpdate } from "../../preview/update/gate-hook";
import { buildUpdatePlan, type UpdatePlan } from "../../preview/update/plan";
import { loadPrevious, PreviousStateError, type PreviousState } from "../../preview/update/previous";

interface Opts {
  outputs?: Record<string, unknown>;
  parent?: string;
  deps?: Record<string, string[]>;
  protect?: boolean;
  retainOnDelete?: boolean;
  aliases?: string[];
  ignoreChanges?: string[];
  deleteBeforeReplace?: boolean;
  custom?: boolean;
}

const urn = (type: string, name: string): string => `urn:pulumi:dev::proj::${type}::${name}`;

function rec(type: string, name: string, inputs: Record<string, unknown>, o: Opts = {}): RecordedResource {
  const propertyDependencies = o.deps ?? {};
  return {
    resource: {
      type,
      name,
      urn: urn(type, name),
      custom: o.custom ?? true,
      ...(o.parent ? { parent: o.parent } : {}),
      inputs,
      outputs: o.outputs ?? { ...inputs },
      dependencies: [...new Set(Object.values(propertyDependencies).flat())].sort(),
      propertyDependencies,
      options: {
        protect: o.protect ?? false,
        retainOnDelete: o.retainOnDelete ?? false,
        ignoreChanges: o.ignoreChanges ?? [],
        deleteBeforeReplace: o.deleteBeforeReplace ?? false,
        aliases: o.aliases ?? [],
        additionalSecretOutputs: [],
      },
    },
    display: { inputs, outputs: o.outputs ?? { ...inputs } },
  };
}

function previousOf(recs: RecordedResource[]): PreviousState {
  return {
    file: "previous.json",
    format: "dockyard-preview",
    resources: recs.map(({ resource: r }) => ({
      urn: r.urn,
      type: r.type,
      custom: r.custom,
      inputs: r.inputs,
      outputs: r.outputs,
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      providerDefaults: [],
    })),
  };
}

const ops = (plan: UpdatePlan): string[] =>
  plan.steps.map(
    (s) =>
      `${s.op} ${s.name}${s.replaceReasons.length ? ` (${s.replaceReasons.join(",")})` : s.diffReasons.length ? ` [${s.diffReasons.join(",")}]` : ""}`,
  );

const REPO = "aws:ecr/repository:Repository";
const LOGS = "aws:cloudwatch/logGroup:LogGroup";
const SVC = "aws:ecs/service:Service";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/rolePolicy:RolePolicy";

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-previous-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("update preview: previous state", () => {
  const expected =
    "expected the output of `dockyard-preview --json` (an object with `steps`) or of `pulumi stack export` (an object with `deployment.resources`). Fix: pass --previous a file written by one of those commands.";

  it("refuses what is neither format, naming the file and what was expected", () => {
    const wrong = tempFile("wrong.json", '{"resources": []}');
    assert.throws(
      () => loadPrevious(wrong),
      (e: unknown) =>
        e instanceof PreviousStateError &&
        e.message === `${wrong}: it has neither \`steps\` nor \`deployment\` (top-level keys: resources); ${expected}`,
    );
    const list = tempFile("list.json", "[]");
    assert.throws(() => loadPrevious(list), { message: `${list}: the top level is an array; ${expected}` });
    const broken = tempFile("broken.json", "{");
    assert.throws(
      () => loadPrevious(broken),
      (e: unknown) => e instanceof Error && e.message.startsWith(`${broken}: not valid JSON (`) && e.message.endsWith(expected),
    );
    assert.throws(() => loadPrevious("/nonexistent/previous.json"), {
      message:
        "/nonexistent/previous.json: cannot read the --previous file. Fix: pass the path of an earlier `dockyard-preview --json` output or a `pulumi stack export` file.",
    });
    const badStep = tempFile("bad-step.json", '{"steps": [{"op": "create", "newState": {"urn": 1}}]}');
    assert.throws(() => loadPrevious(badStep), { message: `${badStep}: steps[0].newState needs string "urn" and "type"; ${expected}` });
  });

  it("reads a preview document: deletions are not part of the state it describes", () => {
    const file = tempFile(
      "doc.json",
      JSON.stringify({
        steps: [
          { op: "create", urn: "u1", newState: { urn: "u1", type: "t", custom: true, inputs: { a: 1 }, outputs: {}, protect: true } },
          { op: "delete", urn: "u2", oldState: { urn: "u2", type: "t" } },
        ],
      }),
    );
    const state = loadPrevious(file);
    assert.strictEqual(state.format, "dockyard-preview");
    assert.deepStrictEqual(state.resources, [
      { urn: "u1", type: "t", custom: true, inputs: { a: 1 }, outputs: {}, protect: true, retainOnDelete: false, providerDefaults: [] },
    ]);
  });

  it("reads a stack export: providers, pending deletions and read resources skipped; secrets and __defaults handled", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    const file = tempFile(
      "export.json",
      JSON.stringify({
        version: 3,
        deployment: {
          manifest: { time: "t" },
          resources: [
            { urn: "urn:pulumi:dev::p::pulumi:providers:aws::default", type: "pulumi:providers:aws", custom: true },
            { urn: "u-old", type: REPO, custom: true, delete: true },
            { urn: "u-read", type: REPO, custom: true, external: true },
            {
              urn: "u-repo",
              type: REPO,
              custom: true,
              protect: true,
              inputs: {
                __defaults: ["name"],
                name: "repo-1a2b3c",
                tags: { __defaults: [], team: secret },
                imageScanningConfiguration: { __defaults: ["scanOnPush"], scanOnPush: false },
              },
              outputs: { arn: "arn:real" },
            },
          ],
        },
      }),
    );
    const state = loadPrevious(file);
    assert.strictEqual(state.format, "pulumi-stack-export");
    assert.deepStrictEqual(state.resources, [
      {
        urn: "u-repo",
        type: REPO,
        custom: true,
        inputs: { name: "repo-1a2b3c", tags: { team: "[secret]" }, imageScanningConfiguration: { scanOnPush: false } },
        outputs: { arn: "arn:real" },
        protect: true,
        retainOnDelete: false,
        providerDefaults: ["name", "imageScanningConfiguration.scanOnPush"],
      },
    ]);
  });
});

describe("update preview: plan", () => {
  it("deep diff: JSON strings by value, arrays as sets, nested paths", () => {
    assert.deepStrictEqual(diffValues({ p: '{"a":1,"b":[1,2]}' }, { p: '{"b":[1,2],"a":1}' }), []);
    assert.deepStrictEqual(diffValues({ l: ["a", "b"] }, { l: ["b", "a"] }), []);
    assert.deepStrictEqual(diffValues({ p: '[{"image":"x:1","cpu":1}]' }, { p: '[{"image":"x:2","cpu":1}]' }), [
      { path: "p[0].image", kind: "update" },
    ]);
    assert.deepStrictEqual(diffValues({ a: { b: 1 } }, { a: { c: 1 } }), [
      { path: "a.b", kind: "delete" },
      { path: "a.c", kind: "add" },
    ]);
  });

  it("same, update, replace (with the replace-only property), create and delete", () => {
    const before = [
      rec(REPO, "repo", { name: "dev-repo", imageTagMutability: "IMMUTABLE" }),
      rec(LOGS, "logs", { name: "/dev/app", retentionInDays: 7 }),
      rec(SVC, "svc", { desiredCount: 1, cluster: "c1" }),
      rec(ROLE, "old-role", { assumeRolePolicy: "{}" }),
    ];
    const after = [
      rec(REPO, "repo", { name: "dev-repo", imageTagMutability: "IMMUTABLE" }),
      rec(LOGS, "logs", { name: "/dev/app", retentionInDays: 30 }),
      rec(SVC, "svc", { desiredCount: 2, cluster: "c2" }),
      rec(ROLE, "new-role", { assumeRolePolicy: "{}" }),
    ];
    const plan = buildUpdatePlan(after, previousOf(before));
    assert.deepStrictEqual(ops(plan), [
      "same repo",
      "update logs [retentionInDays]",
      "replace svc (cluster)",
      "create new-role",
      "delete old-role",
    ]);
    assert.deepStrictEqual(plan.summary, { create: 1, update: 1, replace: 1, delete: 1, same: 1 });
    const svc = plan.steps[2];
    assert.deepStrictEqual(svc.diffReasons, ["cluster", "desiredCount"]);
    assert.deepStrictEqual(svc.changes.find((c) => c.path === "cluster")?.replaceRule, {
      property: "cluster",
      source: "CloudFormation spec",
      detail: "AWS::ECS::Service.Cluster",
    });
  });

  it("matches by alias, honours ignoreChanges, ignores a provider default the program does not set", () => {
    const before = [rec(REPO, "old-name", { name: "dev-repo" }), rec(SVC, "svc", { desiredCount: 1 })];
    const after = [
      rec(REPO, "new-name", { name: "dev-repo" }, { aliases: [urn(REPO, "old-name")] }),
      rec(SVC, "svc", { desiredCount: 5 }, { ignoreChanges: ["desiredCount"] }),
    ];
    const plan = buildUpdatePlan(after, previousOf(before));
    assert.deepStrictEqual(ops(plan), ["same new-name", "same svc"]);
    assert.strictEqual(plan.steps[0].previousUrn, urn(REPO, "old-name"));
    const exported: PreviousState = {
      ...previousOf([rec(LOGS, "logs", { name: "logs-1a2b3c", retentionInDays: 7 })]),
      format: "pulumi-stack-export",
    };
    exported.resources[0].providerDefaults = ["name"];
    assert.deepStrictEqual(ops(buildUpdatePlan([rec(LOGS, "logs", { retentionInDays: 7 })], exported)), ["same logs"]);
    exported.resources[0].providerDefaults = [];
    assert.deepStrictEqual(
      ops(buildUpdatePlan([rec(LOGS, "logs", { retentionInDays: 7 })], exported)),
      ["replace logs (name)"],
      "negative control: a name the program dropped",
    );
    const nested: PreviousState = {
      ...previousOf([rec(SVC, "svc", { deploymentCircuitBreaker: { enable: true, rollback: false } })]),
      format: "pulumi-stack-export",
    };
    nested.resources[0].providerDefaults = ["deploymentCircuitBreaker.rollback"];
    assert.deepStrictEqual(ops(buildUpdatePlan([rec(SVC, "svc", { deploymentCircuitBreaker: { enable: true } })], nested)), ["same svc"]);
  });

  it("an input fed by a replaced resource is known only after apply: dependents update or replace", () => {
    const lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1";
    const listenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2";
    const listener = (port: number) =>
      rec(LISTENER, "http", { loadBalancerArn: lb, port }, { outputs: { arn: listenerArn, loadBalancerArn: lb, port } });
    const rule = rec(RULE, "rule", { listenerArn, priority: 10 }, { deps: { listenerArn: [urn(LISTENER, "http")], priority: [] } });
    const before = [listener(80), rule];
    // A port change only updates the listener: the rule stays.
    assert.deepStrictEqual(ops(buildUpdatePlan([listener(8080), rule], previousOf(before))), ["update http [port]", "same rule"]);
    // A new load balancer replaces the listener; the rule's listenerArn is then unknown, and replace-only.
    const moved = rec(
      LISTENER,
      "http",
      { loadBalancerArn: `${lb}b`, port: 80 },
      { outputs: { arn: listenerArn, loadBalancerArn: `${lb}b`, port: 80 } },
    );
    const plan = buildUpdatePlan([moved, rule], previousOf(before));
    assert.deepStrictEqual(ops(plan), ["replace http (loadBalancerArn)", "replace rule (listenerArn)"]);
    assert.strictEqual(plan.steps[1].changes[0].fromResource, urn(LISTENER, "http"));
  });

  it("an id seen only inside the replaced resource's ARN is unknown too; a name it merely echoes is not", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const group = (description: string) =>
      rec(
        SG,
        "sg",
        { description, vpcId: "vpc-1" },
        { outputs: { arn: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc123def4567890", description, vpcId: "vpc-1" } },
      );
    const alb = rec(
      "aws:lb/loadBalancer:LoadBalancer",
      "alb",
      { name: "alb", securityGroups: ["sg-0abc123def4567890"] },
      { deps: { securityGroups: [urn(SG, "sg")], name: [] } },
    );
    assert.deepStrictEqual(ops(buildUpdatePlan([group("new"), alb], previousOf([group("old"), alb]))), [
      "replace sg (description)",
      "update alb [securityGroups]",
    ]);
    const repo = (encryptionType: string) =>
      rec(
        REPO,
        "repo",
        { name: "dev-repo-1", encryptionConfigurations: [{ encryptionType }] },
        {
          outputs: {
            arn: "arn:aws:ecr:us-east-1:123456789012:repository/dev-repo-1",
            name: "dev-repo-1",
            encryptionConfigurations: [{ encryptionType }],
          },
        },
      );
    const lifecycle = rec(
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "lifecycle",
      { repository: "dev-repo-1", policy: "{}" },
      { deps: { repository: [urn(REPO, "repo")], policy: [] } },
    );
    const plan = buildUpdatePlan([repo("KMS"), lifecycle], previousOf([repo("AES256"), lifecycle]));
    assert.deepStrictEqual(
      ops(plan),
      ["replace repo (encryptionConfigurations)", "same lifecycle"],
      "the lifecycle policy reads the repository's name, which a preview knows",
    );
  });

  it("a stack export's real ARNs compare equal to this run's mock ARNs of the same resources", () => {
    const mockArn = "arn:aws:iam::123456789012:role/task-role-abc1234";
    const realArn = "arn:aws:iam::987654321098:role/task-role-7f3e2d1";
    const role = rec(ROLE, "task-role", { assumeRolePolicy: "{}" }, { outputs: { arn: mockArn, assumeRolePolicy: "{}" } });
    const task = rec(
      TASK,
      "task",
      { family: "app", taskRoleArn: mockArn, containerDefinitions: `[{"environment":[{"name":"ROLE","value":"${mockArn}"}]}]` },
      { deps: { taskRoleArn: [urn(ROLE, "task-role")] } },
    );
    const exported: PreviousState = {
      file: "stack.json",
      format: "pulumi-stack-export",
      resources: [
        {
          urn: urn(ROLE, "task-role"),
          type: ROLE,
          custom: true,
          inputs: { assumeRolePolicy: "{}" },
          outputs: { arn: realArn, assumeRolePolicy: "{}" },
          protect: false,
          retainOnDelete: false,
          providerDefaults: [],
        },
        {
          urn: urn(TASK, "task"),
          type: TASK,
          custom: true,
          inputs: { family: "app", taskRoleArn: realArn, containerDefinitions: `[{"environment":[{"name":"ROLE","value":"${realArn}"}]}]` },
          outputs: {},
          protect: false,
          retainOnDelete: false,
          providerDefaults: [],
        },
      ],
    };
    const plan = buildUpdatePlan([role, task], exported);
    assert.deepStrictEqual(ops(plan), ["same task-role", "same task"]);
    assert.strictEqual(plan.notes.length, 1);
    // Negative control: without the mapping (as if from a preview document) the ARNs differ.
    assert.deepStrictEqual(ops(buildUpdatePlan([role, task], { ...exported, format: "dockyard-preview" })), [
      "same task-role",
      "replace task (containerDefinitions,taskRoleArn)",
    ]);
  });

  it("says so when nothing matches by URN (another stack or project)", () => {
    const plan = buildUpdatePlan([rec(REPO, "a", {})], {
      ...previousOf([rec(REPO, "a", {})]),
      resources: [{ ...previousOf([rec(REPO, "b", {})]).resources[0] }],
    });
    assert.deepStrictEqual(plan.notes, ["no resource of previous.json has a URN of this run: is it from another stack or project?"]);
  });
});

describe("update preview: checks", () => {
  const DEV = resolveUpdateLevels("policy/config/dev.update.json");
  const PROD = resolveUpdateLevels("policy/config/prod.update.json");
  const findings = (plan: UpdatePlan, levels = DEV): string[] =>
    checkUpdatePlan(plan, levels).map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::").pop()}`);

  it("the README's update-check table states every check and its dev and prod levels", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `(update-[a-z-]+)` \| (\w+) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepStrictEqual(rows.sort(), UPDATE_CHECKS.map((c) => `${c.name} ${DEV.get(c.name)} ${PROD.get(c.name)}`).sort());
  });

  it("stateful replace or delete: advisory in dev, mandatory in prod; a retained deletion is still reported", () => {
    const before = [
      rec(REPO, "repo", { name: "dev-repo", encryptionConfigurations: [] }),
      rec(LOGS, "logs", { name: "/app" }, { retainOnDelete: true }),
    ];
    const plan = buildUpdatePlan(
      [rec(REPO, "repo", { name: "dev-repo", encryptionConfigurations: [{ encryptionType: "KMS" }] }, { deleteBeforeReplace: true })],
      previousOf(before),
    );
    assert.deepStrictEqual(findings(plan), [
      "advisory update-stateful-replace-or-delete repo",
      "advisory update-stateful-replace-or-delete logs",
    ]);
    assert.deepStrictEqual(findings(plan, PROD), [
      "mandatory update-stateful-replace-or-delete repo",
      "mandatory update-stateful-replace-or-delete logs",
    ]);
    assert.match(
      checkUpdatePlan(plan, PROD)[1].message,
      /would be deleted \(the program no longer registers it\); retainOnDelete keeps it in AWS, orphaned outside the stack/,
    );
    // Negative control: an update in place of a stateful resource is no finding.
    assert.deepStrictEqual(
      findings(
        buildUpdatePlan(
          [rec(REPO, "repo", { name: "dev-repo", encryptionConfigurations: [], imageTagMutability: "IMMUTABLE" })],
          previousOf(before.slice(0, 1)),
        ),
        PROD,
      ),
      [],
    );
  });

  it("protected delete is mandatory, and the config cannot lower it", () => {
    const plan = buildUpdatePlan([], previousOf([rec(ROLE, "r", {}, { protect: true })]));
    assert.deepStrictEqual(findings(plan), ["mandatory update-protected-delete r"]);
    assert.deepStrictEqual(findings(buildUpdatePlan([], previousOf([rec(ROLE, "r", {})]))), [], "negative control: unprotected");
    const replaced = buildUpdatePlan(
      [rec(ROLE, "r", { path: "/b/" }, { protect: true })],
      previousOf([rec(ROLE, "r", { path: "/a/" }, { protect: true })]),
    );
    assert.deepStrictEqual(findings(replaced), ["mandatory update-protected-delete r"], "a replacement deletes the protected original too");
    const lowered = tempFile("lowered.json", '{ "update-protected-delete": "advisory" }');
    assert.throws(
      () => resolveUpdateLevels(lowered),
      (e: unknown) =>
        e instanceof PolicyConfigError &&
        e.message ===
          `${lowered}: "update-protected-delete" is "advisory"; allowed: mandatory only (Pulumi itself refuses this). Fix: remove the entry.`,
    );
    assert.throws(() => prepareUpdate(tempFile("empty.json", '{"steps": []}'), "dev", "/repo", "nope.update.json"), {
      message:
        "nope.update.json: cannot read the --update-config file. Fix: pass an existing file (see policy/config/prod.update.json) or leave the option out for policy/config/<stack>.update.json.",
    });
    const typo = tempFile("typo.json", '{ "update-stateful": "mandatory" }');
    assert.throws(
      () => resolveUpdateLevels(typo),
      (e: unknown) =>
        e instanceof PolicyConfigError &&
        e.message.startsWith(
          `${typo}: "update-stateful" is not a policy in this pack. Fix: use one of: all, update-capacity-strategy-force-new-deployment,`,
        ),
    );
  });

  it("name collision: a named replacement without deleteBeforeReplace, or a create reusing a deleted name", () => {
    const before = [rec("aws:lb/targetGroup:TargetGroup", "tg", { name: "dev-tg", port: 80 })];
    const replaced = buildUpdatePlan([rec("aws:lb/targetGroup:TargetGroup", "tg", { name: "dev-tg", port: 8080 })], previousOf(before));
    assert.deepStrictEqual(findings(replaced), ["mandatory update-name-collision tg"]);
    const dbr = buildUpdatePlan(
      [rec("aws:lb/targetGroup:TargetGroup", "tg", { name: "dev-tg", port: 8080 }, { deleteBeforeReplace: true })],
      previousOf(before),
    );
    assert.deepStrictEqual(findings(dbr), [], "negative control: deleteBeforeReplace");
    const renamed = buildUpdatePlan([rec("aws:lb/targetGroup:TargetGroup", "tg2", { name: "dev-tg", port: 80 })], previousOf(before));
    assert.deepStrictEqual(findings(renamed), ["mandatory update-name-collision tg2"]);
    const fresh = buildUpdatePlan([rec("aws:lb/targetGroup:TargetGroup", "tg2", { name: "dev-tg2", port: 80 })], previousOf(before));
    assert.deepStrictEqual(findings(fresh), [], "negative control: a new name");
  });

  it("name collision: a new listener rule taking the priority a deleted one still holds", () => {
    const listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2";
    const before = [rec(RULE, "movie-rule", { listenerArn: listener, priority: 25010 })];
    assert.deepStrictEqual(
      findings(buildUpdatePlan([rec(RULE, "film-rule", { listenerArn: listener, priority: 25010 })], previousOf(before))),
      ["mandatory update-name-collision film-rule"],
    );
    assert.match(
      checkUpdatePlan(buildUpdatePlan([rec(RULE, "film-rule", { listenerArn: listener, priority: 25010 })], previousOf(before)), DEV)[0]
        .message,
      /would take listenerArn=.* priority=25010 while movie-rule still holds it/,
    );
    assert.deepStrictEqual(
      findings(buildUpdatePlan([rec(RULE, "film-rule", { listenerArn: listener, priority: 25020 })], previousOf(before))),
      [],
      "negative control: another priority",
    );
  });

  it("capacity strategy change needs forceNewDeployment", () => {
    const strategy = (weight: number) => [{ capacityProvider: "FARGATE", weight }];
    const before = [rec(SVC, "svc", { capacityProviderStrategies: strategy(1) })];
    assert.deepStrictEqual(findings(buildUpdatePlan([rec(SVC, "svc", { capacityProviderStrategies: strategy(2) })], previousOf(before))), [
      "mandatory update-capacity-strategy-force-new-deployment svc",
    ]);
    const forced = [rec(SVC, "svc", { capacityProviderStrategies: strategy(1), forceNewDeployment: true })];
    assert.deepStrictEqual(
      findings(
        buildUpdatePlan([rec(SVC, "svc", { capacityProviderStrategies: strategy(2), forceNewDeployment: true })], previousOf(forced)),
      ),
      [],
      "negative control",
    );
  });

  it("service ordering: a service rolling out must wait for its changed role policy", () => {
    const TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1";
    const role = rec(ROLE, "exec", { assumeRolePolicy: "{}" }, { outputs: { arn: "arn:aws:iam::123456789012:role/exec-1234567" } });
    const policy = (doc: string) =>
      rec(POLICY, "exec-policy", { role: "exec-1234567", policy: doc }, { deps: { role: [role.resource.urn], policy: [] } });
    const task = (image: string) =>
      rec(
        TASK,
        "task",
        { family: "app", containerDefinitions: `[{"image":"${image}"}]`, executionRoleArn: "arn:aws:iam::123456789012:role/exec-1234567" },
        { deps: { executionRoleArn: [role.resource.urn] }, outputs: { arn: TASK_ARN } },
      );
    const service = (deps: string[]) =>
      rec(SVC, "svc", { taskDefinition: TASK_ARN }, { deps: { taskDefinition: [task("x").resource.urn], dependsOn: deps } });
    const before = [role, policy("{}"), task("x:1"), service([])];
    const unordered = buildUpdatePlan([role, policy('{"Statement":[]}'), task("x:2"), service([])], previousOf(before));
    assert.deepStrictEqual(findings(unordered), ["mandatory update-service-ordering svc"]);
    const ordered = buildUpdatePlan(
      [role, policy('{"Statement":[]}'), task("x:2"), service([policy("{}").resource.urn])],
      previousOf(before),
    );
    assert.deepStrictEqual(findings(ordered), [], "negative control: the service depends on the policy");
  });

  it("service ordering: the service's own security-group rules count, rules from another service's task group do not", () => {
    const SG = "aws:ec2/securityGroup:SecurityGroup";
    const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    const group = (name: string) =>
      rec(SG, name, { description: name }, { outputs: { arn: `arn:aws:ec2:us-east-1:123456789012:security-group/sg-${name}0123456789` } });
    const service = (name: string, sg: string, image: string) =>
      rec(
        SVC,
        name,
        { networkConfiguration: { securityGroups: [`sg-${sg}0123456789`] }, desiredCount: image === "x:1" ? 1 : 2 },
        { deps: { networkConfiguration: [urn(SG, sg)] } },
      );
    const rule = (name: string, peer: string) =>
      rec(
        INGRESS,
        name,
        { securityGroupId: "sg-films0123456789", referencedSecurityGroupId: `sg-${peer}0123456789`, fromPort: 8080 },
        { deps: { securityGroupId: [urn(SG, "films")], referencedSecurityGroupId: [urn(SG, peer)] } },
      );
    const base = [group("films"), group("alb"), group("custs"), service("films-svc", "films", "x:1"), service("custs-svc", "custs", "x:1")];
    const after = (extra: RecordedResource) => [
      group("films"),
      group("alb"),
      group("custs"),
      extra,
      service("films-svc", "films", "x:2"),
      service("custs-svc", "custs", "x:1"),
    ];
    assert.deepStrictEqual(findings(buildUpdatePlan(after(rule("films-in-custs", "custs")), previousOf(base))), []);
    assert.deepStrictEqual(
      findings(buildUpdatePlan(after(rule("films-in-alb", "alb")), previousOf(base))),
      ["mandatory update-service-ordering films-svc"],
      "negative control: the ALB's rule",
    );
  });
});
