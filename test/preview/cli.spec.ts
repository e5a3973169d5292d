import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, fixture, runCli, runMain } from "../support/preview-cli";
import { listStacks } from "../../preview/project";
import type { PreviewDocument } from "../../preview/report/json";
import { PACK_VERSION } from "../../policy/pack-info";

/** The repository's stacks as they are now: a user's own Pulumi.staging.yaml must not break these tests. */
const STACKS = listStacks(REPO).join(", ");

const CIPHERTEXT = "v1:c2VjcmV0LWNpcGhlcnRleHQ=";

/**
 * The process boundary: a real exit status, what a real non-terminal gets. Each test starts a fresh Node process
 * (about a second of CPU), so only this one runs as a child here; the others are named below.
 */
describe("preview CLI (child process)", function () {
  // Allow for a loaded 2-core machine.
  this.timeout(180_000);

  it("exits 1 on mandatory violations (the insecure example); a real pipe gets neither colour nor a progress indicator", () => {
    const run = runCli(["--cwd", "examples/insecure", "--stack", "dev"]);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.stdout, /\nPolicy violations:\n    20 mandatory, /);
    assert.ok(!run.stdout.includes("\u001b["), "no colour when stdout is not a TTY");
    assert.ok(!run.stderr.includes("running the program against mock AWS"), "no progress indicator when stderr is not a TTY");
  });

  // A real process's exit 0 (and the JSON document on a pipe): test/loader/loader.spec.ts's dev-stack run.

  // The bin shim started from another directory: test/loader/loader.spec.ts ("dockyard-preview started from another
  // directory gates the repository's dev stack"), in the same child process that proves it needs no ts-node.

  // A real terminal (progress indicator, colour, width): test/preview/text-width.spec.ts's "on a 60-column
  // terminal", one `script` run; that neither appears when the output is not a terminal is the first test here.
});

/** Everything else the CLI does, through `main(argv, io)` in this process: the same code path, no Node start-up. */
describe("preview CLI (in-process main)", function () {
  this.timeout(180_000);

  it("prints the resource tree, policy report, cost and summary, and exits 0 when only advisory findings", async () => {
    const run = await runMain(["--cwd", fixture("basic"), "--stack", "dev", "--policy-config", "policy/config/dev.json"]);
    assert.strictEqual(run.code, 0, run.stderr);
    const tree = run.stdout.split("\n\n")[1];
    assert.strictEqual(
      tree,
      [
        "     Type                                    Name         Plan",
        " +   pulumi:pulumi:Stack                     fixture-dev  create",
        " +   ├─ fixture:index:Site                   shop         create",
        " +   │  ├─ aws:s3/bucket:Bucket              shop-bucket  create  [protect]",
        " +   │  └─ aws:s3/bucketPolicy:BucketPolicy  shop-policy  create",
        " +   ├─ aws:ecr/repository:Repository        repo         create",
        " +   ├─ awsx:ec2:Vpc                         vpc          create",
        "     │  └ created by awsx at deploy time: 22 resources (2 × aws:ec2/eip:Eip, 1 ×",
        "          aws:ec2/internetGateway:InternetGateway, 2 × aws:ec2/natGateway:NatGateway, 4 ×",
        "          aws:ec2/route:Route, 4 × aws:ec2/routeTable:RouteTable, 4 ×",
        "          aws:ec2/routeTableAssociation:RouteTableAssociation, 4 × aws:ec2/subnet:Subnet, 1 ×",
        "          aws:ec2/vpc:Vpc)",
        " +   └─ aws:ec2/securityGroup:SecurityGroup  sg           create",
      ].join("\n"),
    );
    assert.ok(run.stdout.startsWith("Previewing update (dev) offline — mock AWS in eu-west-1, policy config policy/config/dev.json:\n"));
    assert.match(run.stdout, /\nDiagnostics:\n  pulumi:pulumi:Stack \(fixture-dev\):\n    info: configured shop on port 8080\n/);
    assert.match(run.stdout, /\n    \[advisory\]  ecr-repository-lifecycle-policy  \(1\)\n/);
    assert.match(run.stdout, /\nResources:\n    \+ 7 to create \(\+ 22 created by awsx at deploy time, evaluated\)\n/);
    assert.match(run.stdout, /\nPolicy violations:\n    0 mandatory, 1 advisory, 2 remediated, 0 skipped\n/);
    assert.match(run.stdout, /\nDuration:\n    \d+ ms \(program \d+ ms, policies \d+ ms\)\n/);
    assert.match(run.stdout, /Estimated monthly cost \(USD, 730 h\/month, us-east-1 list prices as of 2025-01\) — an estimate:/);
    assert.ok(!run.stdout.includes("\u001b["), "no colour when stdout is not a terminal");
    assert.ok(!run.stdout.includes(CIPHERTEXT));
  });

  it("--json prints a pulumi-preview-shaped digest with policy violations, secrets as [secret]", async () => {
    const run = await runMain(["--cwd", fixture("basic"), "--json"]);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.ok(!run.stdout.includes(CIPHERTEXT));
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    assert.deepStrictEqual(Object.keys(doc), [
      "config",
      "steps",
      "diagnostics",
      "duration",
      "changeSummary",
      "policyViolations",
      "policySkipped",
      "policyRemediations",
      "costEstimate",
      "apiFindings",
      "apiNotChecked",
      "apiChecks",
      "synthesized",
      "notEvaluated",
    ]);
    assert.deepStrictEqual(doc.config, {
      "aws:region": "eu-west-1",
      "fixture:apiToken": "[secret]",
      "fixture:app": '{"name":"shop","port":8080}',
    });
    assert.deepStrictEqual(doc.changeSummary, { create: 7 });
    assert.ok(Number.isInteger(doc.duration) && doc.duration > 0);
    assert.ok(doc.steps.every((s) => s.op === "create" && s.urn === s.newState.urn));
    const policy = doc.steps.find((s) => s.newState.type === "aws:s3/bucketPolicy:BucketPolicy")!;
    assert.deepStrictEqual(policy.newState, {
      urn: "urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucketPolicy:BucketPolicy::shop-policy",
      custom: true,
      type: "aws:s3/bucketPolicy:BucketPolicy",
      inputs: policy.newState.inputs,
      outputs: policy.newState.outputs,
      parent: "urn:pulumi:dev::fixture::fixture:index:Site::shop",
      retainOnDelete: true,
      dependencies: ["urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucket:Bucket::shop-bucket"],
      propertyDependencies: { bucket: ["urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucket:Bucket::shop-bucket"], policy: [] },
      ignoreChanges: ["policy"],
      deleteBeforeReplace: true,
      aliases: ["urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucketPolicy:BucketPolicy::shop-old-policy"],
    });
    const repo = doc.steps.find((s) => s.newState.type === "aws:ecr/repository:Repository")!;
    assert.deepStrictEqual(repo.newState.inputs, { tags: { token: "[secret]" } });
    const stack = doc.steps[0].newState;
    assert.strictEqual(stack.outputs["secretToken"], "[secret]");
    assert.deepStrictEqual(doc.policyViolations, [
      {
        policyPack: "dockyard-guard",
        policyPackVersion: PACK_VERSION,
        policy: "ecr-repository-lifecycle-policy",
        enforcementLevel: "advisory",
        urn: "urn:pulumi:dev::fixture::aws:ecr/repository:Repository::repo",
        message: doc.policyViolations[0].message,
        securityHubControls: ["ECR.3"],
      },
    ]);
    assert.match(doc.policyViolations[0].message, /^Every ECR repository in the stack must have a lifecycle policy\.\n/);
    // As in the CLI's digest, the prefix is part of the message and there is no `prefix` field.
    assert.deepStrictEqual(
      doc.diagnostics.map((d) => [d.severity, d.urn, Object.keys(d).sort()]),
      [
        ["info", "urn:pulumi:dev::fixture::pulumi:pulumi:Stack::fixture-dev", ["message", "severity", "urn"]],
        ["warning", "urn:pulumi:dev::fixture::aws:ecr/repository:Repository::repo", ["message", "severity", "urn"]],
      ],
    );
    assert.strictEqual(
      doc.diagnostics[0].message,
      "info: configured shop on port 8080",
      "program output is a diagnostic, not stray stdout",
    );
    assert.strictEqual(doc.diagnostics[1].message, `advisory: [ecr-repository-lifecycle-policy] ${doc.policyViolations[0].message}`);
  });

  it("writes the architecture diagram as SVG with --graph", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-graph-")), "stack.svg");
    const run = await runMain(["--cwd", "examples/insecure", "--graph", out]);
    assert.strictEqual(run.code, 1, run.stderr);
    const svg = fs.readFileSync(out, "utf8");
    assert.match(svg, /<svg[\s\S]*<\/svg>\s*$/);
    for (const label of ["Internet", "ALB alb", "listener HTTP :80", "ECS service app", "container app :8080"])
      assert.ok(svg.includes(label), label);
    assert.ok(run.stdout.endsWith(`Architecture diagram written to ${out}\n`));
  });

  describe("exit 2 with one clear message and no stack trace", () => {
    const expectError = async (args: string[], message: string): Promise<void> => {
      const run = await runMain(args);
      assert.strictEqual(run.code, 2, run.stdout);
      assert.strictEqual(run.stderr.replace(/^npm warn.*\n/gm, ""), `error: ${message}\n`);
      assert.strictEqual(run.stdout, "");
    };

    it("rejects a bad stack name", async () => {
      await expectError(
        ["--stack", "dev/x"],
        `Invalid stack name "dev/x": stack names may contain only letters, digits, "-", "_" and "." (at most 100 characters). Stacks with a config file here: ${STACKS}.`,
      );
    });

    it("rejects a stack without a config file", async () => {
      await expectError(
        ["--stack", "qa"],
        `Stack "qa" has no config file: Pulumi.qa.yaml does not exist. Stacks with a config file here: ${STACKS}. Pass one with --stack, or create the file.`,
      );
    });

    it("rejects invalid YAML in the stack file", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-bad-yaml-"));
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: broken\nruntime: nodejs\n");
      fs.writeFileSync(path.join(dir, "index.ts"), "export {};\n");
      fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n   broken: [\n");
      const run = await runMain(["--cwd", dir]);
      assert.strictEqual(run.code, 2);
      assert.match(
        run.stderr,
        new RegExp(
          `^error: ${path.join(dir, "Pulumi.dev.yaml").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: invalid YAML at line \\d+, column \\d+: .+\\. Fix the syntax and run again\\.\\n$`,
          "m",
        ),
      );
      assert.ok(!run.stderr.includes("    at "));
    });

    it("prints a program's RunError as its message only", async () => {
      await expectError(
        ["--cwd", fixture("user-error")],
        "Pulumi.dev.yaml: `fixture-user-error:services` is required. Add a `services:` map.",
      );
    });

    it("rejects a policy config file that does not exist", async () => {
      await expectError(
        ["--policy-config", "policy/config/nope.json"],
        "policy/config/nope.json: cannot read the policy pack config file. Fix: create it (see policy/config/dev.json) or pass an existing path.",
      );
    });

    it("rejects an unsupported --graph extension", async () => {
      await expectError(
        ["--cwd", fixture("basic"), "--graph", "out.png"],
        '--graph out.png: unsupported extension ".png"; allowed: .svg, .dot, .mmd. Fix: e.g. --graph docs/dev-stack.svg',
      );
    });
  });

  it("reports a program bug without a stack trace, and with one under --debug", async () => {
    const plain = await runMain(["--cwd", fixture("crash")]);
    assert.strictEqual(plain.code, 2);
    assert.strictEqual(
      plain.stderr.replace(/^npm warn.*\n/gm, ""),
      [
        'error: the program failed: error serializing property "bucket": cannot derive a name from bucket (while registering aws:s3/bucket:Bucket "bucket", input "bucket")',
        "  at test/preview/fixtures/crash/index.ts:6:9",
        "  fix: fix the program where it threw (its own code, often an apply callback, or an input that cannot be serialized)",
        "(run with --debug for the stack trace)",
        "",
      ].join("\n"),
    );
    const debug = await runMain(["--cwd", fixture("crash"), "--debug"]);
    assert.strictEqual(debug.code, 2);
    assert.match(
      debug.stderr,
      /^error: the program failed: error serializing property "bucket": cannot derive a name from bucket \(while registering aws:s3\/bucket:Bucket "bucket", input "bucket"\)\n  at test\/preview\/fixtures\/crash\/index\.ts:6:9\n  fix: .*\nTypeError: error serializing property "bucket": cannot derive a name from bucket\n\s+at .*fixtures\/crash\/index\.ts:6:9\n/,
    );
  });

  it("--no-color turns colour off on a terminal", async () => {
    const run = await runMain(["--cwd", fixture("basic"), "--no-color"], { columns: 100 });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.ok(!run.stdout.includes("\u001b[32m"), "--no-color turns colour off");
    const coloured = await runMain(["--cwd", fixture("basic")], { columns: 100 });
    assert.ok(coloured.stdout.includes("\u001b[32m+\u001b[39m"), "the same terminal gets colour without it (the check can fail)");
  });
});
