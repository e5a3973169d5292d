/**
 * The offline gate never ends silently and never passes what it could not see: third-party-style programs
 * (test/fixtures/programs/{failclosed,default-vpc,existing-vpc}-*) through the real CLI, with the exact exit
 * code, the exact message and the exact mandatory findings. Child processes where the process boundary is
 * what is tested (an emptied event loop, process.exit, the bin shim); `main(argv)` in-process elsewhere.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, runCli, runMain } from "../support/preview-cli";
import type { ErrorDocument } from "../../preview/capture/error-report";
import type { PreviewDocument } from "../../preview/report/json";

const program = (name: string): string => path.join("test", "fixtures", "programs", name);
const MOCKS = path.join(program("existing-vpc"), "mocks.yaml");
const DEFAULT_VPC_US_EAST_1 = "vpc-4bdd649682495b500";
const stripNpm = (text: string): string => text.replace(/^npm warn.*\n/gm, "");

/** Mandatory findings as `[policy, resource name]`, sorted. */
function mandatory(doc: PreviewDocument): [string, string][] {
  return doc.policyViolations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v): [string, string] => [v.policy, v.urn.split("::").pop() ?? ""])
    .sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
}

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-mocks-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe("offline gate fails closed (child process)", function () {
  this.timeout(180_000);
  // Only what a real process shows: Node's event loop emptying, a socket keeping it alive, process.exit.

  it("a graph that stalls on a promise nobody resolves (Node's event loop empties): exit 2, the waiting resources and what they wait on", () => {
    const run = runCli(["--cwd", program("failclosed-stall")]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      stripNpm(run.stderr),
      [
        "error: the resource graph stalled: 2 resources can never be registered (nothing is left that could resolve what they wait on)",
        '  waiting: aws:iam/rolePolicy:RolePolicy "read-secret" (test/fixtures/programs/failclosed-stall/index.ts:15:16) on input "policy" (never resolved)',
        '  waiting: aws:ecs/cluster:Cluster "app" (test/fixtures/programs/failclosed-stall/index.ts:23:17) on dependsOn aws:iam/rolePolicy:RolePolicy "read-secret"',
        "  fix: make every promise the program awaits settle (a cyclic dependsOn, or an Output/Promise that never resolves, stalls the graph); run with --debug to see the SDK's leak report",
        "",
      ].join("\n"),
    );
  });

  it("a run past --timeout (the program keeps a socket open): exit 2 naming the limit and the waiting resource", () => {
    // Half a second is enough: the program registers its resource synchronously while it loads, before the timer
    // can fire, however loaded the machine.
    const run = runCli(["--cwd", program("failclosed-timeout"), "--timeout", "0.5"]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      stripNpm(run.stderr),
      [
        "error: the program did not finish within 0.5 s (--timeout 0.5); 1 resource is still waiting",
        '  waiting: aws:cloudwatch/logGroup:LogGroup "app-logs" (test/fixtures/programs/failclosed-timeout/index.ts:12:1) on input "name" (never resolved)',
        "  fix: raise the limit (--timeout 1) if the program is slow, or make what it waits on settle",
        "",
      ].join("\n"),
    );
  });

  it("a program that calls process.exit(0) itself: exit 2, never a silent pass (--json: still a document)", () => {
    const run = spawnSync(
      process.execPath,
      [path.join(REPO, "bin", "dockyard-preview.js"), "--cwd", path.join(REPO, program("failclosed-process-exit")), "--json"],
      { cwd: REPO, encoding: "utf8" },
    );
    assert.strictEqual(run.status, 2);
    const doc = JSON.parse(run.stdout) as ErrorDocument;
    assert.deepStrictEqual([doc.error.kind, doc.diagnostics], ["process-exit", [{ message: "info: all set, bye", severity: "info" }]]);
    assert.strictEqual(
      stripNpm(run.stderr),
      [
        "info: all set, bye",
        "error: the program ended the process (exit code 0) before the offline gate could evaluate it; nothing was checked",
        "  fix: do not call process.exit() in a Pulumi program; throw an error (pulumi.RunError) to stop with a message",
        "",
      ].join("\n"),
    );
  });
});

describe("offline gate fails closed (in-process main)", function () {
  this.timeout(180_000);
  // Where a run stalls (or must not), a short stall window (the documented DOCKYARD_STALL_SECONDS) instead of the
  // default 2 s: the same detector, waiting less. failclosed-slow-timer's timer (1 s) outlasts it.
  const QUICK_STALL = { env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, DOCKYARD_STALL_SECONDS: "0.4" } };
  // Both unanswered-invoke runs are abandoned (the lookup's dependants stall); that a later run of the same
  // program is unaffected is "an abandoned run leaves nothing behind" below.
  it("an unanswered provider function feeding a resource another one dependsOn: exit 2, one message with token, file:line, waiting resources and fix; the program's output kept", async () => {
    const run = await runMain(["--cwd", program("failclosed-unknown-invoke")], QUICK_STALL);
    assert.strictEqual(run.code, 2, run.stdout);
    assert.strictEqual(run.stdout, "");
    assert.strictEqual(
      run.stderr,
      [
        "info: looking up the shared web ACL",
        'error: the embedded AWS has no answer for the provider function "aws:wafv2/getWebAcl:getWebAcl" (called with {"name":"shared-edge","scope":"REGIONAL"}); as a result the resource graph stalled: 2 resources can never be registered (nothing is left that could resolve what they wait on)',
        "  at test/fixtures/programs/failclosed-unknown-invoke/index.ts:4:23",
        '  waiting: aws:cloudwatch/logGroup:LogGroup "waf-logs" (test/fixtures/programs/failclosed-unknown-invoke/index.ts:6:14) on input "name" (failed: the embedded AWS has no answer for the provider function "aws:wafv2/getWebAcl:getWebAcl")',
        '  waiting: aws:ecs/cluster:Cluster "web" (test/fixtures/programs/failclosed-unknown-invoke/index.ts:11:17) on dependsOn aws:cloudwatch/logGroup:LogGroup "waf-logs"',
        '  fix: answer it in a mocks file (--mocks FILE with invokes: [{ token: "aws:wafv2/getWebAcl:getWebAcl", args: {…}, result: {…} }]), or run the real `pulumi preview` with credentials',
        "",
      ].join("\n"),
    );
  });

  it("--json still prints a document with an error object (and the message on stderr), exit 2", async () => {
    const run = await runMain(["--cwd", program("failclosed-unknown-invoke"), "--json"], QUICK_STALL);
    assert.strictEqual(run.code, 2);
    const doc = JSON.parse(run.stdout) as ErrorDocument;
    assert.deepStrictEqual(Object.keys(doc), ["error", "diagnostics"]);
    assert.strictEqual(doc.error.kind, "unanswered-invoke");
    assert.strictEqual(doc.error.where, "test/fixtures/programs/failclosed-unknown-invoke/index.ts:4:23");
    assert.deepStrictEqual(
      doc.error.waiting?.map((w) => [w.type, w.name, w.waitsOn.length]),
      [
        ["aws:cloudwatch/logGroup:LogGroup", "waf-logs", 1],
        ["aws:ecs/cluster:Cluster", "web", 1],
      ],
    );
    assert.deepStrictEqual(doc.diagnostics, [{ message: "info: looking up the shared web ACL", severity: "info" }]);
    assert.ok(run.stderr.endsWith(`error: ${doc.error.message}\n`));
  });

  it("a stall is detected in-process too, where the event loop never empties (idle with registrations outstanding)", async () => {
    // Mocha's own timers keep this process's event loop busy: only the idle detector can see the stall.
    const run = await runMain(["--cwd", program("failclosed-stall"), "--debug"], QUICK_STALL);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /^error: the resource graph stalled: 2 resources can never be registered/);
    // --debug adds the SDK's own leak report, never swallowed.
    assert.match(run.stderr, /\nThe Pulumi runtime detected that \d+ promises were still active\n/);
    assert.ok(run.stderr.includes("  pending: resolveURN(resource:read-secret[aws:iam/rolePolicy:RolePolicy])"));
    assert.ok(
      run.stderr.includes(
        'waiting: aws:ecs/cluster:Cluster "app" (test/fixtures/programs/failclosed-stall/index.ts:23:17) on dependsOn aws:iam/rolePolicy:RolePolicy "read-secret"',
      ),
    );
  });

  it("an abandoned run leaves nothing behind: the same stalling program, run again in this process, stalls the same way", async () => {
    const waiting = async () => (await runMain(["--cwd", program("failclosed-stall"), "--json"], QUICK_STALL)).stdout;
    const first = JSON.parse(await waiting()) as ErrorDocument;
    const again = JSON.parse(await waiting()) as ErrorDocument;
    assert.deepStrictEqual([first.error.kind, first.error.waiting?.map((w) => w.name)], ["stall", ["read-secret", "app"]]);
    // Before the fix, the program's modules stayed cached: the second run re-ran nothing ("0 resources").
    assert.deepStrictEqual(again, first);
  });

  it("negative control: a program that waits on its own timer, longer than the stall window, is slow, not stalled (exit 0)", async () => {
    const run = await runMain(["--cwd", program("failclosed-slow-timer"), "--json"], QUICK_STALL);
    assert.strictEqual(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    assert.strictEqual(
      doc.steps.find((s) => s.newState.type === "aws:cloudwatch/logGroup:LogGroup")?.newState.inputs["name"],
      "/ecs/slow-start",
    );
  });

  it("an exception inside apply: exit 2 naming the resource, the input and the user's line", async () => {
    const run = await runMain(["--cwd", program("failclosed-apply-throws")]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      [
        'error: the program failed: error serializing property "value": cannot find the registry in 123456789012.dkr.ecr.us-east-1.amazonaws.com/api-b9a674c (while registering aws:ssm/parameter:Parameter "registry", input "value")',
        "  at test/fixtures/programs/failclosed-apply-throws/index.ts:9:15",
        "  fix: fix the program where it threw (its own code, often an apply callback, or an input that cannot be serialized)",
        "(run with --debug for the stack trace)",
        "",
      ].join("\n"),
    );
  });

  it("an unanswered lookup fails the run even when the program catches the error and carries on", async () => {
    const run = await runMain(["--cwd", program("failclosed-caught-invoke")]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      [
        `error: the provider function "aws:ec2/getVpc:getVpc" cannot be answered offline: no VPC matches in the embedded AWS, which knows the VPCs ${DEFAULT_VPC_US_EAST_1} (default VPC) (called with {"tags":{"Team":"payments"}})`,
        "  at test/fixtures/programs/failclosed-caught-invoke/index.ts:8:38",
        "  fix: describe the existing infrastructure in a mocks file (--mocks FILE: vpcs with their subnets, or an invokes entry for this token), or run the real `pulumi preview` with credentials",
        "",
      ].join("\n"),
    );
  });

  it("a computed attribute the embedded AWS does not compute, read by the program (interpolate, or straight into an input): exit 2 naming it", async () => {
    const run = await runMain(["--cwd", program("failclosed-missing-attribute")]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      [
        'error: the program reads aws:efs/fileSystem:FileSystem "shared".dnsName, which the embedded AWS does not compute (offline it is undefined, so what the program derives from it cannot be judged); also: "shared-a".ipAddress',
        "  at test/fixtures/programs/failclosed-missing-attribute/index.ts:9:38",
        '  fix: give it a value in a mocks file (--mocks FILE with resources: [{ type: "aws:efs/fileSystem:FileSystem", name: "shared", outputs: { dnsName: … } }]), or run the real `pulumi preview` with credentials',
        "",
      ].join("\n"),
    );
    const mocks = tempFile(
      "efs.yaml",
      "resources:\n  - { type: aws:efs/fileSystem:FileSystem, outputs: { dnsName: fs-0123.efs.us-east-1.amazonaws.com } }\n  - { name: shared-a, outputs: { ipAddress: 10.20.10.15 } }\n",
    );
    const answered = await runMain(["--cwd", program("failclosed-missing-attribute"), "--mocks", mocks, "--json"]);
    assert.strictEqual(answered.code, 0, answered.stderr);
    const doc = JSON.parse(answered.stdout) as PreviewDocument;
    assert.deepStrictEqual(
      doc.steps.filter((s) => s.newState.type === "aws:ssm/parameter:Parameter").map((s) => s.newState.inputs["insecureValue"]),
      ["fs-0123.efs.us-east-1.amazonaws.com:/exports", "10.20.10.15"],
    );
  });

  it("--json on bad input: still a document with an error object, and exit 2", async () => {
    const run = await runMain(["--stack", "dev/x", "--json"]);
    assert.strictEqual(run.code, 2);
    const message =
      'Invalid stack name "dev/x": stack names may contain only letters, digits, "-", "_" and "." (at most 100 characters). Stacks with a config file here: dev, prod.';
    assert.deepStrictEqual(JSON.parse(run.stdout), { error: { kind: "invalid-input", message }, diagnostics: [] });
    assert.strictEqual(run.stderr, `error: ${message}\n`);
  });

  it("rejects a bad DOCKYARD_STALL_SECONDS before running anything", async () => {
    const run = await runMain(["--cwd", program("failclosed-stall")], { env: { ...QUICK_STALL.env, DOCKYARD_STALL_SECONDS: "0" } });
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      "error: DOCKYARD_STALL_SECONDS=0: allowed: a number of seconds greater than 0 (how long an in-process run may sit idle before it is a stall). Fix: unset it for the default (2), or e.g. DOCKYARD_STALL_SECONDS=0.5\n",
    );
  });

  it("rejects a bad --timeout before running anything", async () => {
    const run = await runMain(["--cwd", program("failclosed-stall"), "--timeout", "soon"]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(run.stderr, "error: --timeout soon: allowed: a number of seconds greater than 0. Fix: e.g. --timeout 300\n");
  });
});

describe("default-VPC programs", function () {
  this.timeout(180_000);

  it("insecure (public IP in the default public subnets, SSH open to the world, plaintext password): exit 1 with exactly these mandatory findings", async () => {
    const run = await runMain(["--cwd", program("default-vpc-insecure"), "--json"]);
    assert.strictEqual(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    // The public IP is mandatory, not remediated: forcing it off in a VPC without NAT would break image pulls.
    assert.deepStrictEqual(mandatory(doc), [
      ["ecs-service-no-known-public-subnets", "api-svc"],
      ["ecs-service-no-public-ip", "api-svc"],
      ["ecs-service-private-subnets-only", "api-svc"],
      ["ecs-task-definition-no-plaintext-secrets", "api-task"],
      ["security-group-ingress-restricted", "api-sg"],
      ["security-group-ingress-restricted", "api-sg"],
    ]);
    const publicSubnets = doc.policyViolations.find((v) => v.policy === "ecs-service-no-known-public-subnets")!;
    // The default subnets are public as AWS makes them; the embedded AWS says so (us-west-2 has four AZs).
    assert.match(
      publicSubnets.message,
      /subnets subnet-[0-9a-f]{17}, subnet-[0-9a-f]{17}, subnet-[0-9a-f]{17}, subnet-[0-9a-f]{17} are listed as public/,
    );
    assert.ok(
      doc.policyViolations.some(
        (v) => v.policy === "security-group-ingress-restricted" && v.message.includes("tcp/22 is open to 0.0.0.0/0"),
      ),
    );
  });

  it("secure (private subnets + NAT added to the default VPC, HTTPS ALB in the public ones): no mandatory finding", async () => {
    const run = await runMain(["--cwd", program("default-vpc-secure"), "--json"]);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    assert.deepStrictEqual(mandatory(doc), []);
    assert.strictEqual(run.code, 0, run.stderr);
  });
});

describe("existing-VPC programs and the mocks file", function () {
  this.timeout(180_000);

  it("with a mocks file describing the VPC: the lookups are answered and the private subnets are proven private (exit 0)", async () => {
    const run = await runMain(["--cwd", program("existing-vpc"), "--mocks", MOCKS, "--json"]);
    assert.strictEqual(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    assert.deepStrictEqual(mandatory(doc), []);
    const service = doc.steps.find((s) => s.newState.type === "aws:ecs/service:Service")!;
    assert.deepStrictEqual((service.newState.inputs["networkConfiguration"] as { subnets: string[] }).subnets, [
      "subnet-0ee00000000000001",
      "subnet-0ee00000000000002",
    ]);
    const egress = doc.steps.find((s) => s.newState.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")!;
    assert.strictEqual(egress.newState.inputs["referencedSecurityGroupId"], "sg-0ff00000000000001");
  });

  it("without the mocks file: exit 2 naming the lookups it cannot answer and how to supply the facts", async () => {
    const run = await runMain(["--cwd", program("existing-vpc")]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      [
        `error: the provider function "aws:ec2/getSecurityGroup:getSecurityGroup" cannot be answered offline: no VPC vpc-0a1b2c3d4e5f60718 matches in the embedded AWS, which knows the VPCs ${DEFAULT_VPC_US_EAST_1} (default VPC) (called with {"name":"vpc-endpoints","vpcId":"vpc-0a1b2c3d4e5f60718"}); also unanswered: aws:ec2/getSubnets:getSubnets`,
        "  at test/fixtures/programs/existing-vpc/index.ts:14:27",
        "  fix: describe the existing infrastructure in a mocks file (--mocks FILE: vpcs with their subnets, or an invokes entry for this token), or run the real `pulumi preview` with credentials",
        "",
      ].join("\n"),
    );
  });

  it("hard-coded subnet ids without facts: a mandatory finding that says how to supply them; the mocks file's facts feed privateSubnetIds", async () => {
    const without = await runMain(["--cwd", program("existing-vpc-hardcoded"), "--json"]);
    assert.strictEqual(without.code, 1);
    const doc = JSON.parse(without.stdout) as PreviewDocument;
    assert.deepStrictEqual(mandatory(doc), [["ecs-service-private-subnets-only", "cron"]]);
    assert.match(
      doc.policyViolations.find((v) => v.policy === "ecs-service-private-subnets-only")!.message,
      /cannot prove subnet subnet-0ee00000000000001 private: it is not in this stack; verify it and add it to privateSubnetIds/,
    );
    const withFacts = await runMain(["--cwd", program("existing-vpc-hardcoded"), "--mocks", MOCKS, "--json"]);
    assert.strictEqual(withFacts.code, 0, withFacts.stderr);
    assert.deepStrictEqual(mandatory(JSON.parse(withFacts.stdout) as PreviewDocument), []);
  });

  it("negative control: the same subnets described as public are refused", async () => {
    const text = fs
      .readFileSync(path.join(REPO, MOCKS), "utf8")
      .replace(
        /type: private, (availabilityZone: us-east-1.), cidrBlock: (10\.20\.1\d\.0\/24), routeTableId: rtb-0aa00000000000002/g,
        "type: public, $1, cidrBlock: $2",
      );
    assert.ok(!text.includes("type: private"));
    const run = await runMain(["--cwd", program("existing-vpc-hardcoded"), "--mocks", tempFile("public.yaml", text), "--json"]);
    assert.strictEqual(run.code, 1);
    assert.deepStrictEqual(mandatory(JSON.parse(run.stdout) as PreviewDocument), [
      ["ecs-service-no-known-public-subnets", "cron"],
      ["ecs-service-private-subnets-only", "cron"],
    ]);
  });

  it("a subnet the mocks file calls public but the policy config lists as private is one error, before the program runs", async () => {
    const text = fs
      .readFileSync(path.join(REPO, MOCKS), "utf8")
      .replace(
        "type: private, availabilityZone: us-east-1a, cidrBlock: 10.20.10.0/24, routeTableId: rtb-0aa00000000000002",
        "type: public, availabilityZone: us-east-1a, cidrBlock: 10.20.10.0/24",
      );
    const mocks = tempFile("m.yaml", text);
    const config = tempFile(
      "policy.json",
      JSON.stringify({ "ecs-service-private-subnets-only": { privateSubnetIds: ["subnet-0ee00000000000001"] } }),
    );
    const run = await runMain(["--cwd", program("existing-vpc-hardcoded"), "--mocks", mocks, "--policy-config", config]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      run.stderr,
      `error: ${mocks}: subnet subnet-0ee00000000000001 is public here but ${config} lists it in "ecs-service-private-subnets-only".privateSubnetIds; allowed: one answer per subnet. Fix: correct whichever is wrong (the mocks file's facts feed privateSubnetIds/publicSubnetIds, so you may remove the id from the policy config).\n`,
    );
  });

  it("a bad mocks file is one error naming file, field, value, what is allowed and the fix (text and --json)", async () => {
    const bad = tempFile(
      "bad.yaml",
      "vpcs:\n  - id: vpc-0a1b2c3d4e5f60718\n    cidrBlock: 10.0.0.0/16\n    subnets:\n      - { id: subnet-0aaaaaaaaaaaaaaaa, type: privat, availabilityZone: us-east-1a, cidrBlock: 10.0.1.0/24 }\n",
    );
    const run = await runMain(["--cwd", program("existing-vpc"), "--mocks", bad, "--json"]);
    assert.strictEqual(run.code, 2);
    const message = `${bad}: vpcs[0].subnets[0].type is "privat"; allowed: private, public or isolated. Fix: say what you verified: private (egress through NAT/endpoints only), public (route to an internet gateway) or isolated (no egress)`;
    assert.strictEqual(run.stderr, `error: ${message}\n`);
    assert.deepStrictEqual(JSON.parse(run.stdout), { error: { kind: "invalid-input", message }, diagnostics: [] });
  });

  it("a mocks-file invoke answer (matched on args) and resource outputs reach the program", async () => {
    const mocks = tempFile(
      "waf.yaml",
      [
        "invokes:",
        "  - token: aws:wafv2/getWebAcl:getWebAcl",
        "    args: { name: shared-edge }",
        "    result: { id: 0f2b6a1e-1111-2222-3333-444455556666, name: shared-edge, arn: arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared-edge/0f2b6a1e-1111-2222-3333-444455556666 }",
        "resources:",
        "  - type: aws:ecs/cluster:Cluster",
        "    outputs: { name: web-cluster }",
        "",
      ].join("\n"),
    );
    const run = await runMain(["--cwd", program("failclosed-unknown-invoke"), "--mocks", mocks, "--json"]);
    assert.strictEqual(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    const logs = doc.steps.find((s) => s.newState.type === "aws:cloudwatch/logGroup:LogGroup")!;
    assert.strictEqual(logs.newState.inputs["name"], "aws-waf-logs-shared-edge");
    assert.strictEqual(doc.steps[0].newState.outputs["clusterName"], "web-cluster");
  });
});
