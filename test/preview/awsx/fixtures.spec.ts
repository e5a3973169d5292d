/**
 * Third-party-style awsx 3 programs (test/fixtures/programs/awsx-*) through the real CLI: exact exit codes,
 * exact findings, the awsx argument each finding points at, and what is listed as not evaluated, all through
 * `main(argv)` in this process. The bin's exit status as a real process is test/preview/cli.spec.ts's (its
 * fixture has an awsx VPC too), the published bin's start without ts-node test/loader/loader.spec.ts's.
 */
import * as assert from "assert";
import type { PreviewDocument } from "../../../preview/report/json";
import { program, runMain, verdicts } from "./run-main";

async function json(name: string, ...extra: string[]): Promise<{ code: number; doc: PreviewDocument; stderr: string }> {
  const run = await runMain(["--cwd", program(name), "--json", ...extra]);
  return { code: run.code, doc: JSON.parse(run.stdout) as PreviewDocument, stderr: run.stderr };
}

const mandatory = (doc: PreviewDocument) =>
  doc.policyViolations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} ${v.urn.split("::").pop()} → ${v.argPath ?? "(raw)"}`)
    .sort();
const remediations = (doc: PreviewDocument) => doc.policyRemediations.map((r) => `${r.policy} ${r.urn.split("::").pop()}`).sort();

/**
 * The advisory findings every awsx FargateService gets from awsx's own task and execution roles, and from its
 * ECS service, which awsx creates without a deployment circuit breaker.
 */
const AWSX_ROLE_ADVISORIES = [
  "advisory ecs-service-rolling-circuit-breaker aws:ecs/service:Service shop",
  "advisory iam-ecs-role-trust-source-account aws:iam/role:Role shop-execution",
  "advisory iam-ecs-role-trust-source-account aws:iam/role:Role shop-task",
];

describe("awsx programs through the CLI", function () {
  this.timeout(180_000);

  describe("text report", () => {
    it("passes the secure awsx program (private subnets of its awsx VPC, no public IP) with exit 0", async () => {
      const run = await runMain(["--cwd", program("awsx-secure")], { env: { ...process.env, NO_COLOR: "1" } });
      assert.strictEqual(run.code, 0, run.stderr);
      assert.match(run.stdout, /\n {5}│ {2}└ created by awsx at deploy time: 20 resources \(1 × aws:ec2\/eip:Eip, /);
      assert.match(run.stdout, /\n {4}\+ 9 to create \(\+ 33 created by awsx at deploy time, evaluated\)\n/);
      assert.match(run.stdout, /\n {4}0 mandatory, 3 advisory, 0 remediated, 0 skipped\n/);
      assert.ok(!run.stdout.includes("Not evaluated"));
    });
  });

  describe("in process (main(argv))", () => {
    it("fails the public-IP variant with exit 1, naming the awsx component and the argument to change", async () => {
      const run = await runMain(["--cwd", program("awsx-public-ip")]);
      assert.strictEqual(run.code, 1, run.stderr);
      assert.match(run.stdout, /\[mandatory\] {2}ecs-service-private-subnets-only {2}\(1\)\n/);
      // The report wraps prose to 100 columns; read it unwrapped.
      const flat = run.stdout.replace(/\n +/g, " ");
      assert.match(
        flat,
        /- shop \(aws:ecs\/service:Service\): subnet shop-public-1 is public: .*\[created at deploy time by awsx:ecs:FargateService "shop"; change its `networkConfiguration`\]/,
      );
      assert.match(run.stdout, /\[mandatory\] {2}ecs-service-no-public-ip {2}\(1\)\n/);
    });

    it("secure: exit 0, only the advisories of awsx's roles and breaker-less service, the cost of its Fargate tasks, ALB and NAT gateway", async () => {
      const { code, doc } = await json("awsx-secure");
      assert.strictEqual(code, 0);
      assert.deepStrictEqual(verdicts(doc), AWSX_ROLE_ADVISORIES);
      assert.deepStrictEqual(doc.notEvaluated, []);
      const cost = doc.costEstimate;
      assert.deepStrictEqual(
        cost.services.map((s) => [s.name, s.tasks, s.vcpu, s.memoryGiB]),
        [["shop", 2, 0.5, 1]],
      );
      assert.deepStrictEqual(
        cost.shared.map((s) => [s.item, s.quantity]),
        [
          ["Application Load Balancer (hours + 1 LCU)", 1],
          ["Public IPv4 addresses (internet-facing ALB nodes)", 2],
          ["NAT gateways (hours)", 1],
          ["Public IPv4 addresses (NAT gateway EIPs)", 1],
        ],
      );
      assert.ok(doc.synthesized.every((s) => s.synthesizedFrom.startsWith("urn:pulumi:dev::shop-awsx::awsx:")));
      assert.strictEqual(doc.synthesized.length, 33);
    });

    it("is deterministic: two runs of the secure program print the same document (but for the duration)", async () => {
      const strip = (doc: PreviewDocument) => JSON.stringify({ ...doc, duration: 0 });
      assert.strictEqual(strip((await json("awsx-secure")).doc), strip((await json("awsx-secure")).doc));
    });

    it("public IP in public subnets: exit 1; the subnets are proven public from the VPC awsx creates", async () => {
      const { code, doc } = await json("awsx-public-ip");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(mandatory(doc), [
        "ecs-service-no-public-ip shop → networkConfiguration",
        "ecs-service-private-subnets-only shop → networkConfiguration",
      ]);
      assert.deepStrictEqual(remediations(doc), []);
      const finding = doc.policyViolations.find((v) => v.policy === "ecs-service-private-subnets-only")!;
      assert.strictEqual(finding.synthesizedFrom, "urn:pulumi:dev::shop-awsx::awsx:ecs:FargateService::shop");
      assert.match(
        finding.message,
        /subnet shop-public-1 is public: it maps public IPv4 addresses on launch \(mapPublicIpOnLaunch\); it is tagged SubnetType=Public; route shop-public-1 sends 0\.0\.0\.0\/0 of route table shop-public-1 to an internet gateway/,
      );
    });

    it("plaintext password in the environment: exit 1, pointing at the container; the service's outputs do not echo it", async () => {
      const { code, doc } = await json("awsx-plaintext-secret");
      assert.strictEqual(code, 1);
      const service = doc.steps.find((s) => s.newState.type === "awsx:ecs:FargateService")!;
      assert.deepStrictEqual(Object.keys(service.newState.outputs).sort(), ["service", "taskDefinition"]);
      assert.ok(
        !JSON.stringify(service.newState.outputs).includes("correct-horse-battery-staple"),
        "container definitions stay out of the component's outputs",
      );
      assert.deepStrictEqual(mandatory(doc), ["ecs-task-definition-no-plaintext-secrets shop → taskDefinitionArgs.container"]);
      assert.match(
        doc.policyViolations.find((v) => v.policy === "ecs-task-definition-no-plaintext-secrets")!.message,
        /container "web" sets DB_PASSWORD in plaintext/,
      );
    });

    it("root, privileged, SYS_ADMIN: exit 1 on the root user and on the host access (privileged, SYS_ADMIN)", async () => {
      const { code, doc } = await json("awsx-root-sysadmin");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(mandatory(doc), [
        "ecs-task-definition-no-host-access shop → taskDefinitionArgs.container",
        "ecs-task-definition-non-root-user shop → taskDefinitionArgs.container",
      ]);
      assert.match(
        doc.policyViolations.find((v) => v.policy === "ecs-task-definition-no-host-access")!.message,
        /container "web" is privileged; container "web" adds Linux capability SYS_ADMIN/,
      );
    });

    it("awsx defaults: exit 1 on the open security group awsx gives the load balancer and the log group without retention", async () => {
      const { code, doc } = await json("awsx-defaults");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(mandatory(doc), [
        "cloudwatch-log-group-retention hello → taskDefinitionArgs.logGroup.args.retentionInDays",
        "security-group-ingress-restricted hello → defaultSecurityGroup.args.ingress",
        "security-group-no-all-protocol-rules hello → defaultSecurityGroup.args.ingress",
      ]);
      assert.deepStrictEqual(remediations(doc), [
        "ecr-immutable-tags hello",
        "ecr-scan-on-push hello",
        "lb-drop-invalid-header-fields hello",
      ]);
    });

    it("no networkConfiguration: judged in the embedded AWS's default VPC (public subnets, awsx's open group), exit 1, nothing unevaluated", async () => {
      const { code, doc } = await json("awsx-default-network");
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(doc.notEvaluated, []);
      assert.deepStrictEqual(mandatory(doc), [
        "ecs-service-no-known-public-subnets quick → networkConfiguration",
        "ecs-service-no-public-ip quick → networkConfiguration (not set: awsx uses the default VPC)",
        "ecs-service-private-subnets-only quick → networkConfiguration",
        "security-group-ingress-restricted quick-sg → networkConfiguration.securityGroups",
        "security-group-no-all-protocol-rules quick-sg → networkConfiguration.securityGroups",
      ]);
      assert.deepStrictEqual(remediations(doc), []);
    });

    it("an awsx component it does not model: exit 2 in text too, with a Not evaluated section; exit 0 with --allow-unevaluated", async () => {
      const text = await runMain(["--cwd", program("awsx-unmodelled")]);
      assert.strictEqual(text.code, 2);
      assert.match(
        text.stdout,
        /\nNot evaluated \(1\) — the gate fails on these unless --allow-unevaluated:\n {4}- awsx:lb:NetworkLoadBalancer "edge": the offline gate does not model this awsx component/,
      );
      const allowed = await runMain(["--cwd", program("awsx-unmodelled"), "--allow-unevaluated"]);
      assert.strictEqual(allowed.code, 0, allowed.stderr);
    });

    it("reaches the same verdicts on the raw @pulumi/aws program equivalent to the awsx one", async () => {
      const awsx = await json("awsx-public-ip");
      const raw = await json("awsx-raw-equivalent");
      assert.strictEqual(raw.code, awsx.code);
      assert.deepStrictEqual(verdicts(raw.doc), verdicts(awsx.doc));
      assert.deepStrictEqual(remediations(raw.doc), remediations(awsx.doc));
      assert.deepStrictEqual(
        verdicts(awsx.doc),
        [
          ...AWSX_ROLE_ADVISORIES,
          "mandatory ecs-service-no-public-ip aws:ecs/service:Service shop",
          "mandatory ecs-service-private-subnets-only aws:ecs/service:Service shop",
        ].sort(),
      );
      assert.deepStrictEqual(raw.doc.synthesized, [], "the raw program has nothing to expand");
    });
  });
});
