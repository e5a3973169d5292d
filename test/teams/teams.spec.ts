import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseUserMocks, type StackReferenceAnswer } from "../../preview/mock/user-mocks";
import { STACK_REFERENCE } from "../../preview/mock-aws";
import { runMain } from "../preview/main-helper";
import { only, refuse, runTeamStack, TEAMS_DIR, type TeamRun } from "./run-team-stack";

const PLATFORM = "organization/dockyard-platform/prod";
const PAYMENTS = "organization/dockyard-services/payments";
const ORDERS = "organization/dockyard-services/orders";
/** The certificate the committed example leaves to the user (its placeholder is refused), as CI passes it. */
const CERTIFICATE = JSON.stringify({
  certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162",
  deletionProtection: true,
});
const MOCKS_FILE = path.join(TEAMS_DIR, "services/platform-prod.mocks.yaml");

const T = {
  platform: "dockyard:index:Platform",
  service: "dockyard:index:FargateService",
  rule: "aws:lb/listenerRule:ListenerRule",
  tg: "aws:lb/targetGroup:TargetGroup",
  ecs: "aws:ecs/service:Service",
  task: "aws:ecs/taskDefinition:TaskDefinition",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  discovery: "aws:servicediscovery/service:Service",
  logs: "aws:cloudwatch/logGroup:LogGroup",
  repo: "aws:ecr/repository:Repository",
} as const;

/** Resource types of one FargateService with a route (as in single-stack mode; rolling, with its two rollback alarms and its deployment verifier). */
const ROUTED = [
  "5xx-alarm",
  "alb-out",
  "discovery",
  "exec-policy",
  "exec-role",
  "image",
  "image-cache",
  "in-alb",
  "latency-alarm",
  "logs",
  "out-https",
  "repo",
  "repo-lifecycle",
  "rule",
  "sg",
  "svc",
  "task",
  "task-role",
  "tg",
  "verify",
];
const INTERNAL = [
  "discovery",
  "exec-policy",
  "exec-role",
  "image",
  "image-cache",
  "logs",
  "out-https",
  "repo",
  "repo-lifecycle",
  "sg",
  "svc",
  "task",
  "task-role",
  "verify",
];

interface PlatformRefOut {
  cluster: { arn: string };
  network: { vpcId: string; privateSubnetIds: string[] };
  listener: { arn: string; securityGroupId: string };
  discovery: { namespaceId: string; namespaceName: string };
}

const names = (run: { resources: { type: string; name: string }[] }): string[] => run.resources.map((r) => `${r.type} ${r.name}`).sort();
const suffixes = (run: TeamRun, service: string): string[] =>
  run.resources
    .filter((r) => r.name.startsWith(`${service}-`))
    .map((r) => r.name.slice(service.length + 1))
    .sort();
const servicesOf = (json: Record<string, unknown>): string => JSON.stringify(json);

describe("teams: a platform stack and two team service stacks under mocks", () => {
  let platform: TeamRun;
  let reference: StackReferenceAnswer[];
  let ref: PlatformRefOut;
  let payments: TeamRun;
  let orders: TeamRun;

  before(async () => {
    platform = await runTeamStack("platform", "prod", { overrides: { "dockyard:loadBalancer": CERTIFICATE } });
    reference = [{ name: PLATFORM, outputs: platform.outputs, secretOutputNames: [] }];
    ref = platform.outputs["platformRef"] as PlatformRefOut;
    payments = await runTeamStack("services", "payments", { stackReferences: reference });
    orders = await runTeamStack("services", "orders", { stackReferences: reference });
  });

  it("the platform stack registers only the platform", () => {
    assert.deepEqual(names(platform), [
      "aws:ec2/securityGroup:SecurityGroup prod-alb-sg",
      "aws:ecs/cluster:Cluster prod-cluster",
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders prod-capacity",
      "aws:lb/listener:Listener prod-http",
      "aws:lb/listener:Listener prod-https",
      "aws:lb/loadBalancer:LoadBalancer prod-alb",
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace prod-namespace",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule prod-alb-in-443",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule prod-alb-in-80",
      "awsx:ec2:Vpc prod-vpc",
      "dockyard:index:Platform prod",
    ]);
  });

  it("exports a PlatformRef of the resources it created and the claims it records", () => {
    assert.equal(ref.listener.arn, only(platform, "aws:lb/listener:Listener", "prod-https").outputs["arn"]);
    assert.equal(
      ref.listener.securityGroupId,
      only(platform, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "prod-alb-in-443").inputs["securityGroupId"],
    );
    assert.equal(ref.cluster.arn, only(platform, "aws:ecs/cluster:Cluster", "prod-cluster").outputs["arn"]);
    assert.deepEqual(ref.network.privateSubnetIds, only(platform, "awsx:ec2:Vpc", "prod-vpc").outputs["privateSubnetIds"]);
    assert.deepEqual(platform.outputs["teams"], {
      orders: { stack: ORDERS, priorities: [2000, 2999], routePrefix: "/orders" },
      payments: { stack: PAYMENTS, priorities: [1000, 1999], routePrefix: "/payments" },
    });
    assert.deepEqual(Object.keys(platform.outputs).sort(), ["baseUrl", "platformRef", "teams"]);
  });

  it("the committed mocks file holds exactly what the platform stack exports", () => {
    const mocks = parseUserMocks(fs.readFileSync(MOCKS_FILE, "utf8"), MOCKS_FILE);
    assert.deepEqual(mocks.stackReferences, reference);
    assert.deepEqual(
      mocks.vpcs.map((v) => [v.id, v.subnets.map((s) => [s.id, s.type])]),
      [[ref.network.vpcId, ref.network.privateSubnetIds.map((id) => [id, "private"])]],
    );
  });

  it("payments registers its services on the platform and nothing of the platform", () => {
    assert.deepEqual(suffixes(payments, "payments-api"), ROUTED);
    // payments-api calls ledger: ledger's task security group admits it, and payments-api may reach ledger.
    assert.deepEqual(suffixes(payments, "ledger"), [...INTERNAL, "in-payments-api", "out-from-payments-api"].sort());
    assert.deepEqual(
      payments.resources
        .filter((r) => r.type.startsWith("dockyard:"))
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
      [`${T.service} ledger`, `${T.service} payments-api`],
    );
    assert.equal(payments.resources.length, ROUTED.length + INTERNAL.length + 2 + 2);
  });

  it("payments attaches to the platform's listener, VPC, subnets, cluster and namespace, with a priority in its range", () => {
    const rule = only(payments, T.rule, "payments-api-rule").inputs;
    assert.equal(rule["listenerArn"], ref.listener.arn);
    assert.deepEqual(rule["conditions"], [{ pathPattern: { values: ["/payments*"] } }]);
    // Allocated (none configured) inside [1000, 1999]: any-host rules take the upper half; same config, same value.
    assert.equal(rule["priority"], 1715);
    assert.equal(only(payments, T.tg, "payments-api-tg").inputs["vpcId"], ref.network.vpcId);
    const svc = only(payments, T.ecs, "payments-api-svc").inputs;
    assert.equal(svc["cluster"], ref.cluster.arn);
    assert.deepEqual((svc["networkConfiguration"] as { subnets: string[] }).subnets, ref.network.privateSubnetIds);
    assert.equal(only(payments, T.ingress, "payments-api-in-alb").inputs["referencedSecurityGroupId"], ref.listener.securityGroupId);
    assert.equal(
      (only(payments, T.discovery, "ledger-discovery").inputs["dnsConfig"] as { namespaceId: string }).namespaceId,
      ref.discovery.namespaceId,
    );
    const containers = JSON.parse(String(only(payments, T.task, "payments-api-task").inputs["containerDefinitions"])) as {
      environment: { name: string; value: string }[];
    }[];
    assert.deepEqual(
      containers[0].environment.find((e) => e.name === "LEDGER_URL"),
      { name: "LEDGER_URL", value: "http://ledger.prod.internal:8080" },
    );
    assert.deepEqual(payments.outputs["platformStack"], PLATFORM);
  });

  it("orders keeps its explicit priority, under its own prefix", () => {
    const rule = only(orders, T.rule, "orders-api-rule").inputs;
    assert.equal(rule["priority"], 2100);
    assert.equal(rule["listenerArn"], ref.listener.arn);
    assert.deepEqual(rule["conditions"], [{ pathPattern: { values: ["/orders*"] } }]);
    assert.deepEqual(suffixes(orders, "orders-api"), ROUTED);
  });

  it("two team stacks never share a physical name: names are scoped by each service stack", () => {
    const physical = (run: TeamRun): string[] =>
      run.resources.flatMap((r) => {
        if (r.type === T.logs || r.type === T.repo || r.type === T.tg) return [String(r.inputs["name"])];
        if (r.type === T.task) return [String(r.inputs["family"])];
        return [];
      });
    const a = physical(payments);
    const b = physical(orders);
    assert.equal(a.length, 7);
    assert.deepEqual(
      a.filter((n) => b.includes(n)),
      [],
    );
    assert.ok(
      a.every((n) => n.includes("payments-")),
      a.join(", "),
    );
  });

  describe("refusals (each a one-value change of a run above; nothing is registered)", () => {
    const ordersWith = (routes: Record<string, unknown>): Record<string, string> => ({
      "dockyard:services": servicesOf({ "orders-api": { image: { context: "services/customer-service" }, routes } }),
    });
    const claim = `team "orders"'s claim (recorded by platform stack ${PLATFORM} for stack ${ORDERS})`;

    it("a priority another team's stack holds, naming both stacks", async () => {
      const r = await refuse("services", "orders", {
        stackReferences: reference,
        overrides: ordersWith({ pathPatterns: ["/orders*"], priority: 1500 }),
      });
      assert.equal(
        r.error.message,
        `Pulumi.orders.yaml: \`dockyard:services.orders-api.routes.priority\` got 1500; allowed: a priority in [2000, 2999], per ${claim}; 1500 belongs to team "payments" (stack ${PAYMENTS}), range [1000, 1999]. Fix: set a priority from 2000 to 2999, or remove \`routes.priority\` to have one allocated in that range`,
      );
      assert.deepEqual(r.resources, []);
    });

    it("a route under another team's prefix, naming both stacks", async () => {
      const r = await refuse("services", "orders", {
        stackReferences: reference,
        overrides: ordersWith({ pathPatterns: ["/payments/refunds*"] }),
      });
      assert.equal(
        r.error.message,
        `Pulumi.orders.yaml: \`dockyard:services.orders-api.routes.pathPatterns.0\` got "/payments/refunds*"; allowed: a path pattern starting with "/orders", per ${claim}; "/payments/refunds*" lies under the prefix "/payments" of team "payments" (stack ${PAYMENTS}). Fix: route under /orders, or move the service to stack ${PAYMENTS}`,
      );
      assert.deepEqual(r.resources, []);
    });

    it("overlapping claims in the platform stack, naming both team stacks", async () => {
      const teams = {
        payments: { stack: PAYMENTS, priorities: [1000, 1999], routePrefix: "/payments" },
        orders: { stack: ORDERS, priorities: [1900, 2999], routePrefix: "/orders" },
      };
      const r = await refuse("platform", "prod", {
        overrides: { "dockyard:loadBalancer": CERTIFICATE, "dockyard:teams": JSON.stringify(teams) },
      });
      assert.equal(
        r.error.message,
        `Pulumi.prod.yaml: \`dockyard:teams.payments.priorities\` got [1000,1999]; allowed: a priority range no other team's claim overlaps: team "orders" (stack ${ORDERS}) holds [1900, 2999], team "payments" (stack ${PAYMENTS}) asks for [1000, 1999], both include [1900, 1999]. Fix: move team "payments"'s range past 2999 (e.g. [3000, 3999]) or shrink team "orders"'s`,
      );
      assert.deepEqual(r.resources, []);
    });

    it("a claim too small for the services that leave their priority unset", async () => {
      const teams = {
        ...(platform.outputs["teams"] as Record<string, unknown>),
        orders: { stack: ORDERS, priorities: [2000, 2001], routePrefix: "/orders" },
      };
      const small = [{ name: PLATFORM, outputs: { ...platform.outputs, teams }, secretOutputNames: [] }];
      const two = {
        "dockyard:services": servicesOf({
          "orders-api": { image: { context: "services/customer-service" }, routes: { pathPatterns: ["/orders/api*"] } },
          "orders-web": { image: { context: "services/customer-service" }, routes: { pathPatterns: ["/orders/web*"] } },
        }),
      };
      const r = await refuse("services", "orders", { stackReferences: small, overrides: two });
      assert.equal(
        r.error.message,
        `Pulumi.orders.yaml: \`dockyard:services.orders-web.routes\` got {"pathPatterns":["/orders/web*"]}; allowed: a route that fits team "orders"'s claim [2000, 2001] (recorded by platform stack ${PLATFORM}): its 1 priorities for rules like this one from 2001 are taken. Fix: set explicit \`routes.priority\` values inside the range, or have the platform stack widen the claim`,
      );
      // Control: the same two services fit a claim of four priorities.
      const wider = [
        {
          name: PLATFORM,
          outputs: {
            ...platform.outputs,
            teams: { ...teams, orders: { stack: ORDERS, priorities: [2000, 2003], routePrefix: "/orders" } },
          },
          secretOutputNames: [],
        },
      ];
      const run = await runTeamStack("services", "orders", { stackReferences: wider, overrides: two });
      assert.deepEqual(
        run.resources
          .filter((x) => x.type === T.rule)
          .map((x) => x.inputs["priority"])
          .sort(),
        [2002, 2003],
      );
    });

    it("a team the platform does not record, and a claim recorded for another stack", async () => {
      const unknown = await refuse("services", "orders", {
        stackReferences: reference,
        overrides: { "dockyard:team": JSON.stringify("billing") },
      });
      assert.equal(
        unknown.error.message,
        `Pulumi.orders.yaml: \`dockyard:team\` got "billing"; allowed: a team platform stack ${PLATFORM} records under \`dockyard:teams\` (orders, payments). Fix: add \`dockyard:teams.billing\` (stack ${ORDERS}, a priority range and a route prefix) to the platform stack and run \`pulumi up --stack ${PLATFORM}\`, or correct \`dockyard:team\``,
      );
      const other = await refuse("services", "orders", {
        stackReferences: reference,
        overrides: { "dockyard:team": JSON.stringify("payments") },
      });
      assert.equal(
        other.error.message,
        `Pulumi.orders.yaml: \`dockyard:team\` got "payments"; allowed: a team whose claim names this stack: platform stack ${PLATFORM} records team "payments" for stack ${PAYMENTS}, not ${ORDERS}. Fix: run team "payments"'s services from ${PAYMENTS}, or change \`dockyard:teams.payments.stack\` of the platform stack to ${ORDERS}`,
      );
      assert.deepEqual([...unknown.resources, ...other.resources], []);
    });

    it("a platform stack without the outputs (never deployed), and a region other than the platform's", async () => {
      const empty = await refuse("services", "payments", { stackReferences: [{ name: PLATFORM, outputs: {}, secretOutputNames: [] }] });
      assert.equal(empty.error.name, "StackReferenceError");
      assert.equal(
        empty.error.message,
        `platform stack ${PLATFORM} (read by ${PAYMENTS}): output \`platformRef\` is missing; allowed: a map. Fix: the platform stack exports \`platformRef\` when it runs with \`dockyard:mode: platform\`: run \`pulumi up --stack ${PLATFORM}\` first, and check \`dockyard:platformStack\` names it (offline: give its outputs under \`stackReferences\` in the --mocks file)`,
      );
      const region = await refuse("services", "payments", { stackReferences: reference, overrides: { "aws:region": "eu-west-1" } });
      assert.equal(
        region.error.message,
        `Pulumi.payments.yaml: \`aws:region\` got "eu-west-1"; allowed: us-east-1, the region of platform stack ${PLATFORM} (services attach to its VPC, cluster and listener). Fix: set \`aws:region: us-east-1\``,
      );
    });

    it("plain config is refused before the platform is read: keys of the other mode, mode missing, a short stack name", async () => {
      const network = await refuse("services", "orders", { overrides: { "dockyard:network": JSON.stringify({ availabilityZones: 3 }) } });
      assert.equal(
        network.error.message,
        'Pulumi.orders.yaml: `dockyard:network` got "{…}"; allowed: no `dockyard:network` in a services stack (the platform stack owns the network, cluster, load balancer, namespace and team claims). Fix: remove `dockyard:network` from Pulumi.orders.yaml',
      );
      const services = await refuse("platform", "prod", {
        overrides: { "dockyard:loadBalancer": CERTIFICATE, ...ordersWith({ pathPatterns: ["/orders*"] }) },
      });
      assert.match(
        services.error.message,
        /^Pulumi\.prod\.yaml: `dockyard:services` got "\{…\}"; allowed: no `dockyard:services` in a platform stack/,
      );
      const mode = await refuse("services", "orders", { overrides: { "dockyard:mode": undefined } });
      assert.equal(
        mode.error.message,
        "Pulumi.orders.yaml: `dockyard:mode` is missing; allowed: platform (a stack that owns the VPC, cluster, ALB and namespace) or services (a team's services on a platform stack). Fix: set `dockyard:mode: platform` in the platform stack's file and `dockyard:mode: services` in each team's; single-stack dev/prod run from the repository root instead",
      );
      const short = await refuse("services", "orders", {
        overrides: { "dockyard:platformStack": JSON.stringify("dockyard-platform/prod") },
      });
      assert.equal(
        short.error.message,
        'Pulumi.orders.yaml: `dockyard:platformStack` got "dockyard-platform/prod"; allowed: the platform stack\'s fully qualified name <organization>/<project>/<stack>. Fix: e.g. `dockyard:platformStack: organization/dockyard-platform/prod`',
      );
      // None of these needed the platform's outputs: no reference was answered, none was asked for.
      assert.deepEqual(
        [network, services, mode, short].map((r) => r.mock.unanswered.length),
        [0, 0, 0, 0],
      );
    });

    it("without the platform's outputs the mock refuses the read and records it (the gate fails closed)", async () => {
      const r = await refuse("services", "payments", {});
      assert.deepEqual(
        r.mock.unanswered.map((u) => [u.token, u.error.message]),
        [
          [
            STACK_REFERENCE,
            `the program reads the outputs of stack "${PLATFORM}" (pulumi.StackReference), which the offline preview cannot see`,
          ],
        ],
      );
      assert.equal(
        r.mock.unanswered[0].error.fix,
        `give them in a mocks file (--mocks FILE with stackReferences: [{ name: "${PLATFORM}", outputs: { … } }]; the referenced stack's \`pulumi stack output --json\` is the outputs map), or run the real \`pulumi preview\` with credentials`,
      );
      assert.deepEqual(r.resources, []);
    });
  });

  describe("the offline gate on a team stack", () => {
    const cwd = path.join(TEAMS_DIR, "services");

    it("fails closed (exit 2) when the platform's outputs are not given, saying how to give them", async () => {
      const run = await runMain(["--cwd", cwd, "--stack", "payments"]);
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr.trim().split("\n").slice(-2).join("\n"),
        [
          `error: the program reads the outputs of stack "${PLATFORM}" (pulumi.StackReference), which the offline preview cannot see (called with {"name":"${PLATFORM}"})`,
          `  fix: give them in a mocks file (--mocks FILE with stackReferences: [{ name: "${PLATFORM}", outputs: { … } }]; the referenced stack's \`pulumi stack output --json\` is the outputs map), or run the real \`pulumi preview\` with credentials`,
        ].join("\n"),
      );
    });

    it("passes prod's policies (exit 0) with the platform's outputs from the mocks file", async () => {
      const run = await runMain([
        "--cwd",
        cwd,
        "--stack",
        "payments",
        "--mocks",
        MOCKS_FILE,
        "--policy-config",
        path.join(cwd, "policy.prod.json"),
        "--json",
      ]);
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as { policyViolations: unknown[]; notEvaluated: unknown[]; steps: { urn: string }[] };
      assert.deepEqual([doc.policyViolations, doc.notEvaluated], [[], []]);
      // The stack itself and the 38 resources of the run above: everything was judged.
      assert.equal(doc.steps.length, 39);
      assert.ok(doc.steps.some((s) => s.urn.endsWith("::payments-api-rule")));
    });

    it("judges the team stack's resources: without the platform's namespace listed as private, prod's pack refuses (exit 1)", async () => {
      const run = await runMain([
        "--cwd",
        cwd,
        "--stack",
        "payments",
        "--mocks",
        MOCKS_FILE,
        "--policy-config",
        path.join(TEAMS_DIR, "../../policy/config/prod.json"),
        "--json",
      ]);
      assert.equal(run.code, 1);
      const doc = JSON.parse(run.stdout) as { policyViolations: { policy: string; urn: string }[] };
      assert.deepEqual(doc.policyViolations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`).sort(), [
        "cloudmap-service-private-namespace ledger-discovery",
        "cloudmap-service-private-namespace payments-api-discovery",
      ]);
    });
  });
});
