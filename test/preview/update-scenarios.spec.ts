/**
 * Day-2 scenarios: two consecutive offline runs of the dockyard program on a temporary copy of the stack files
 * and build contexts. Run 1 writes the `--json` document; the copy is changed; run 2 plans the update against
 * it with `--previous`. Each scenario asserts what `pulumi up` would do and that nothing fails at the AWS API
 * or replaces a stateful resource unannounced. The repository's own files are never modified.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { runGate, type GateResult } from "../../preview/gate";
import { buildPreviewDocument, type PreviewDocument } from "../../preview/report/json";
import type { PlanStep, UpdatePlan } from "../../preview/update/plan";

import { STAND_IN_CERTIFICATE_ARN } from "../support/prod-certificate";

const REPO = path.resolve(__dirname, "..", "..");

type StackConfig = Record<string, unknown> & { config: Record<string, unknown> };

/**
 * A throwaway copy of the project: the program (it resolves build contexts against its own root), the stack
 * files and the build contexts, with the repository's node_modules linked (one copy of each SDK). Every
 * scenario gets a fresh copy at the same path, so run 1 (unchanged files) is the same for every scenario of a
 * stack: it runs once per stack (determinism: same config → byte-identical inputs, test/stacks/determinism.spec.ts).
 */
let projectDir: string | undefined;

function freshProject(): string {
  if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  projectDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-day2-"));
  fs.mkdirSync(projectDir, { recursive: true });
  copyProject(projectDir);
  return projectDir;
}

function copyProject(dir: string): void {
  for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "index.ts"])
    fs.copyFileSync(path.join(REPO, file), path.join(dir, file));
  // policy/: the components and the stack config use the pack's exported pure modules (aws-rules, rules/secrets, …).
  // Not their node_modules or the packages' build output (dist/, from `npm run test:package`): the program runs
  // from the sources.
  const skipped = new Set(["node_modules", "dist"]);
  for (const folder of ["stacks", "components", "services", "policy"]) {
    fs.cpSync(path.join(REPO, folder), path.join(dir, folder), {
      recursive: true,
      filter: (src) =>
        !path
          .relative(REPO, src)
          .split(path.sep)
          .some((part) => skipped.has(part)),
    });
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  // The committed prod certificate is a placeholder the config refuses; the copy gets the tests' stand-in.
  editStack(dir, "prod", (doc) => {
    (doc.config["dockyard:loadBalancer"] as Record<string, unknown>)["certificateArn"] = STAND_IN_CERTIFICATE_ARN;
  });
}

function editStack(dir: string, stack: string, edit: (doc: StackConfig) => void): void {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const doc = YAML.parse(fs.readFileSync(file, "utf8")) as StackConfig;
  edit(doc);
  fs.writeFileSync(file, YAML.stringify(doc));
}

interface Day2 {
  plan: UpdatePlan;
  second: GateResult;
}

const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:AAAA" };

/**
 * What `pulumi stack export` would hold after deploying run 1 to account 210987654321: real-looking ARNs, the
 * provider's auto-names in the inputs (listed in `__defaults`), secrets as the engine's secret objects.
 */
function asStackExport(doc: PreviewDocument): unknown {
  const real = (v: unknown): unknown =>
    typeof v === "string"
      ? v === "[secret]"
        ? SECRET
        : v.split("123456789012").join("210987654321")
      : Array.isArray(v)
        ? v.map(real)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, real(x)]))
          : v;
  const resources = doc.steps.map(({ newState: s }) => {
    const inputs = real(s.inputs) as Record<string, unknown>;
    const outputs = real(s.outputs) as Record<string, unknown>;
    const autoNamed = s.custom && inputs["name"] === undefined && typeof outputs["name"] === "string";
    return {
      urn: s.urn,
      custom: s.custom,
      type: s.type,
      inputs: autoNamed ? { ...inputs, name: outputs["name"], __defaults: ["name"] } : inputs,
      outputs,
      ...(s.parent ? { parent: s.parent } : {}),
      ...(s.protect ? { protect: true } : {}),
      dependencies: s.dependencies ?? [],
    };
  });
  const provider = {
    urn: "urn:pulumi:dev::dockyard::pulumi:providers:aws::default_7_48_0",
    custom: true,
    type: "pulumi:providers:aws",
    inputs: {},
    outputs: {},
  };
  return {
    version: 3,
    deployment: { manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.248.0" }, resources: [provider, ...resources] },
  };
}

/** Run 1's `--json` document per stack, on an unchanged copy. */
const firstRuns = new Map<string, PreviewDocument>();

/** Run 1 → JSON document (or, with `exported`, a stack export of it); `change` the copy; run 2 with `--previous`. */
async function day2(stack: string, change: (dir: string) => void, exported = false): Promise<Day2> {
  const dir = freshProject();
  let doc = firstRuns.get(stack);
  if (!doc) {
    doc = buildPreviewDocument(await runGate({ projectDir: dir, stack }));
    firstRuns.set(stack, doc);
  }
  const previousFile = path.join(dir, "previous.json");
  fs.writeFileSync(previousFile, JSON.stringify(exported ? asStackExport(doc) : doc, null, 4));
  change(dir);
  const second = await runGate({ projectDir: dir, stack, previousFile });
  assert.ok(second.update, "run 2 has an update plan");
  return { plan: second.update, second };
}

const changed = (plan: UpdatePlan): string[] =>
  plan.steps
    .filter((s) => s.op !== "same")
    .map(
      (s) =>
        `${s.op} ${s.name}${s.replaceReasons.length ? ` (${s.replaceReasons.join(",")})` : s.diffReasons.length ? ` [${s.diffReasons.join(",")}]` : ""}`,
    );

const step = (plan: UpdatePlan, name: string): PlanStep => {
  const found = plan.steps.find((s) => s.name === name);
  assert.ok(found, `no step for ${name}`);
  return found;
};

const mandatory = (r: GateResult): string[] =>
  r.report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.urn.split("::").pop()}`);
const updateFindings = (r: GateResult): string[] =>
  r.report.violations
    .filter((v) => v.policy.startsWith("update-"))
    .map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::").pop()}`)
    .sort();

/** No stateful resource is replaced or deleted without a finding saying so. */
function noSilentStatefulLoss(d: Day2): void {
  const lost = d.plan.steps.filter((s) => s.stateful && (s.op === "replace" || s.op === "delete")).map((s) => s.urn);
  const announced = new Set(d.second.report.violations.filter((v) => v.policy === "update-stateful-replace-or-delete").map((v) => v.urn));
  assert.deepStrictEqual(
    lost.filter((u) => !announced.has(u)),
    [],
  );
}

const HTTPS_ON = (dir: string): void =>
  editStack(dir, "dev", (doc) => {
    doc.config["dockyard:loadBalancer"] = {
      deletionProtection: false,
      certificateArn: STAND_IN_CERTIFICATE_ARN,
    };
  });

/** One scenario: both runs happen once, in `before`; each `it` asserts one part of the outcome. */
function scenario(title: string, stack: string, change: (dir: string) => void, body: (get: () => Day2) => void, exported = false): void {
  describe(title, function () {
    this.timeout(240_000);
    let result: Day2 | undefined;
    before(async () => {
      result = await day2(stack, change, exported);
    });
    body(() => {
      assert.ok(result, "both runs completed");
      return result;
    });
  });
}

describe("day-2 scenarios (two offline runs, --previous)", () => {
  after(() => {
    if (projectDir) fs.rmSync(projectDir, { recursive: true, force: true });
  });

  scenario(
    "no change",
    "dev",
    () => undefined,
    (get) => {
      it("every resource is the same, no update finding", () => {
        assert.deepStrictEqual(changed(get().plan), []);
        assert.strictEqual(get().plan.summary.same, get().plan.steps.length);
        assert.deepStrictEqual(updateFindings(get().second), []);
      });
    },
  );

  scenario(
    "no change, against a stack export of run 1 (another account, auto-names, encrypted secrets)",
    "dev",
    () => undefined,
    (get) => {
      it("every resource is the same: mock ids, ARNs and the account map to the exported ones", () => {
        assert.strictEqual(get().plan.previousFormat, "pulumi-stack-export");
        assert.deepStrictEqual(changed(get().plan), []);
        assert.deepStrictEqual(updateFindings(get().second), []);
      });
    },
    true,
  );

  scenario(
    "a capacity-strategy change, against a stack export",
    "dev",
    (dir) =>
      editStack(dir, "dev", (doc) => {
        doc.config["dockyard:cluster"] = {
          containerInsights: "enabled",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
        };
      }),
    (get) => {
      it("finds the same updates as against a preview document (negative control for the mapping)", () => {
        const ops = changed(get().plan);
        assert.ok(ops.includes("update customer-service-svc [capacityProviderStrategies]"), ops.join("\n"));
        assert.ok(
          ops.every((o) => o.startsWith("update ")),
          ops.join("\n"),
        );
      });
    },
    true,
  );

  scenario(
    "chmod in a build context",
    "dev",
    (dir) => fs.chmodSync(path.join(dir, "services", "customer-service", "server.js"), 0o755),
    (get) => {
      // The image tag includes file modes (a chmod must change the tag, else the provider rebuilds and pushes the
      // same tag and the IMMUTABLE repository refuses it).
      it("new image tag → new task definition revision → service update; nothing stateful touched", () => {
        assert.deepStrictEqual(
          get()
            .plan.steps.filter((s) => s.op !== "same")
            .map((s) => `${s.op} ${s.name}`),
          // …and the deployment verifier checks the new revision's rollout (components/deployment-verifier).
          [
            "update customer-service-image",
            "replace customer-service-task",
            "update customer-service-svc",
            "update customer-service-verify",
          ],
        );
        assert.ok(step(get().plan, "customer-service-image").diffReasons.includes("imageName"), "a new tag, not the same tag pushed again");
        assert.deepStrictEqual(step(get().plan, "customer-service-task").replaceReasons, ["containerDefinitions"]);
        assert.deepStrictEqual(step(get().plan, "customer-service-svc").diffReasons, ["taskDefinition"]);
        assert.deepStrictEqual(mandatory(get().second), []);
        noSilentStatefulLoss(get());
      });
    },
  );

  scenario(
    "capacity-strategy change",
    "dev",
    (dir) =>
      editStack(dir, "dev", (doc) => {
        doc.config["dockyard:cluster"] = {
          containerInsights: "enabled",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
        };
      }),
    (get) => {
      it("the services and the cluster default are updated in place, nothing replaced, nothing stateful touched", () => {
        const ops = changed(get().plan);
        assert.ok(ops.length > 0 && ops.every((o) => o.startsWith("update ")), ops.join("\n"));
        assert.ok(step(get().plan, "customer-service-svc").diffReasons.includes("capacityProviderStrategies"));
        assert.ok(step(get().plan, "movie-service-svc").diffReasons.includes("capacityProviderStrategies"));
        noSilentStatefulLoss(get());
      });
      // forceNewDeployment is set on services with a capacity provider strategy.
      it("sets forceNewDeployment, so the provider accepts the update: no mandatory finding", () => {
        assert.deepStrictEqual(mandatory(get().second), []);
      });
    },
  );

  scenario(
    "adding a secret",
    "dev",
    (dir) =>
      editStack(dir, "dev", (doc) => {
        const services = doc.config["dockyard:services"] as Record<string, Record<string, unknown>>;
        services["movie-service"]["secrets"] = {
          DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockyard/dev/db-AbCdEf",
        };
      }),
    (get) => {
      it("a new task definition revision, the execution role policy updated, the service rolled; nothing stateful touched", () => {
        assert.strictEqual(step(get().plan, "movie-service-task").op, "replace");
        assert.deepStrictEqual(step(get().plan, "movie-service-svc").diffReasons, ["taskDefinition"]);
        assert.strictEqual(step(get().plan, "movie-service-svc").op, "update");
        assert.ok(
          get().plan.steps.some((s) => s.type === "aws:iam/rolePolicy:RolePolicy" && s.op === "update"),
          changed(get().plan).join("\n"),
        );
        noSilentStatefulLoss(get());
      });
      // The ECS service dependsOn its role policies and security-group rules.
      it("the service waits for the updated policy: no mandatory finding", () => {
        assert.deepStrictEqual(mandatory(get().second), []);
      });
    },
  );

  scenario("adding a certificate (HTTPS on)", "dev", HTTPS_ON, (get) => {
    it("an HTTPS listener is created, the listener rules move to it (replaced), the ALB stays", () => {
      assert.ok(["same", "update"].includes(step(get().plan, "dev-alb").op));
      assert.ok(
        get().plan.steps.some((s) => s.type === "aws:lb/listener:Listener" && s.op === "create"),
        changed(get().plan).join("\n"),
      );
      assert.deepStrictEqual(step(get().plan, "customer-service-rule").replaceReasons, ["listenerArn"]);
      assert.deepStrictEqual(
        mandatory(get().second).filter((m) => !m.startsWith("update-service-ordering")),
        [],
      );
      noSilentStatefulLoss(get());
    });
    // The ALB security group's description is the same with HTTPS on and off (the description is replace-only).
    it("the ALB security group is not replaced", () => {
      assert.notStrictEqual(step(get().plan, "dev-alb-sg").op, "replace");
      assert.deepStrictEqual(mandatory(get().second), []);
    });
  });

  scenario(
    "renaming a service",
    "dev",
    (dir) =>
      editStack(dir, "dev", (doc) => {
        const services = doc.config["dockyard:services"] as Record<string, Record<string, unknown>>;
        services["film-service"] = services["movie-service"];
        delete services["movie-service"];
        services["customer-service"]["calls"] = ["film-service"];
      }),
    (get) => {
      it("new resources are created, the old ones deleted, the stateful deletions announced, no name collision", () => {
        assert.strictEqual(step(get().plan, "movie-service-repo").op, "delete");
        assert.strictEqual(step(get().plan, "film-service-repo").op, "create");
        assert.strictEqual(step(get().plan, "dev-alb").op, "same");
        assert.deepStrictEqual(
          updateFindings(get().second).filter((f) => f.includes("stateful")),
          [
            "advisory update-stateful-replace-or-delete movie-service-logs",
            "advisory update-stateful-replace-or-delete movie-service-repo",
          ],
        );
        assert.deepStrictEqual(
          updateFindings(get().second).filter((f) => f.includes("collision")),
          [],
        );
        noSilentStatefulLoss(get());
        // Negative control: the same plan without its findings is a silent loss.
        const silent: Day2 = { ...get(), second: { ...get().second, report: { ...get().second.report, violations: [] } } };
        assert.throws(() => noSilentStatefulLoss(silent), assert.AssertionError);
      });
      // The ECS services dependsOn their role policies and security-group rules.
      it("the new and the updated services wait for their policies and rules: no mandatory finding", () => {
        assert.deepStrictEqual(mandatory(get().second), []);
      });
    },
  );

  scenario(
    "renaming a service in prod (protected, stateful)",
    "prod",
    (dir) =>
      editStack(dir, "prod", (doc) => {
        const services = doc.config["dockyard:services"] as Record<string, Record<string, unknown>>;
        services["film-service"] = services["movie-service"];
        delete services["movie-service"];
        services["customer-service"]["calls"] = ["film-service"];
      }),
    (get) => {
      it("deleting the protected, stateful repository and log group is mandatory under the prod configs", () => {
        assert.deepStrictEqual(
          updateFindings(get().second).filter((f) => !f.includes("ordering")),
          [
            "mandatory update-protected-delete movie-service-logs",
            "mandatory update-protected-delete movie-service-repo",
            "mandatory update-stateful-replace-or-delete movie-service-logs",
            "mandatory update-stateful-replace-or-delete movie-service-repo",
          ],
        );
      });
    },
  );
});
