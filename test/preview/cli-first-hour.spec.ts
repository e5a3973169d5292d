/**
 * What a new user hits in the first hour (issue 13), through the CLI (`main(argv, io)` in-process; child
 * processes only for .ci/gate-prod and the README's npm command): unsafe stack names and graph paths refused
 * before anything is read or written, a stack without a pack config announced, prod's placeholder certificate
 * refused (and a real one accepted through `--config`), and the README's `--json` command writing a file that
 * parses.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks } from "../../preview/project";
import { STAND_IN_CERTIFICATE_ARN } from "../support/prod-certificate";
import { REPO, fixture, runMain } from "../support/preview-cli";

const STACKS = listStacks(REPO).join(", ");
const clean = (stderr: string): string => stderr.replace(/^npm warn.*\n/gm, "");

describe("preview CLI: first hour", function () {
  this.timeout(240_000);

  it("refuses `--stack ../../package` before reading any file named after it", async () => {
    const run = await runMain(["--stack", "../../package"]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      clean(run.stderr),
      `error: Invalid stack name "../../package": stack names may contain only letters, digits, "-", "_" and "." (at most 100 characters). Stacks with a config file here: ${STACKS}.\n`,
    );
    assert.strictEqual(run.stdout, "");
  });

  it("refuses `--graph` into a directory that does not exist, and creates nothing", async () => {
    const missing = path.join(os.tmpdir(), `dockyard-no-such-dir-${process.pid}`, "x.svg");
    const run = await runMain(["--cwd", fixture("basic"), "--graph", missing]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(
      clean(run.stderr),
      `error: --graph ${missing}: the directory ${path.dirname(missing)} does not exist; allowed: a file in an existing directory. Fix: create it first (mkdir -p ${path.dirname(missing)}) or pick another path\n`,
    );
    assert.ok(!fs.existsSync(path.dirname(missing)));
  });

  it("says so when a stack has no policy/config/<stack>.json, naming the file it looked for", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-qa-"));
    for (const file of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(fixture("basic"), file), path.join(dir, file));
    fs.copyFileSync(path.join(fixture("basic"), "Pulumi.dev.yaml"), path.join(dir, "Pulumi.qa.yaml"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    const run = await runMain(["--cwd", dir, "--stack", "qa"]);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.ok(
      clean(run.stderr).includes(
        'notice: no policy pack config for stack "qa" (looked for policy/config/qa.json); every policy runs at its default level with default settings. Create the file (copy policy/config/dev.json) or pass --policy-config.\n',
      ),
      run.stderr,
    );
    const dev = await runMain(["--cwd", fixture("basic"), "--stack", "dev"]);
    assert.ok(!dev.stderr.includes("notice:"), "no notice when the file exists");
  });

  it("refuses prod's committed placeholder certificate; .ci/gate-prod then gates prod with a stand-in and exits 0", () => {
    const run = spawnSync(path.join(REPO, ".ci", "gate-prod"), [], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 240_000,
      env: { ...process.env, PROD_CERTIFICATE_ARN: "" },
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const lines = clean(run.stderr).split("\n");
    assert.strictEqual(
      lines[0],
      "error: Pulumi.prod.yaml: `dockyard:loadBalancer.certificateArn` got \"arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"; allowed: your own ACM certificate's ARN (account 123456789012 is AWS's documentation example, so no such certificate exists and the HTTPS listener could not be created). " +
        "Fix: run `pulumi config set --path 'dockyard:loadBalancer.certificateArn' arn:aws:acm:us-east-1:<your account>:certificate/<id> --stack prod`",
    );
    assert.strictEqual(
      lines[1],
      "== prod's committed certificate is the placeholder and was refused, as it must be; gating the rest of prod with a stand-in certificate",
    );
    assert.match(run.stdout, /\n    0 mandatory, /);
    assert.ok(
      fs.readFileSync(path.join(REPO, ".ci", "gate-prod"), "utf8").includes(`STAND_IN="${STAND_IN_CERTIFICATE_ARN}"`),
      "CI and the tests use one stand-in",
    );
  });

  // The bin shim started from another directory is cli.spec.ts's "runs through the bin shim … from any directory".
  it("works from another directory: without --cwd it gates the repository's dev stack with its pack config", async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-elsewhere-"));
    const cwd = process.cwd();
    process.chdir(elsewhere);
    let run;
    try {
      run = await runMain(["--stack", "dev", "--json"]);
    } finally {
      process.chdir(cwd);
    }
    assert.strictEqual(run.code, 0, run.stderr);
    assert.ok(!run.stderr.includes("notice:"), run.stderr);
    const doc = JSON.parse(run.stdout) as { changeSummary: Record<string, number> };
    assert.ok(doc.changeSummary["create"] > 0);
  });

  it("the README's `--json` command writes valid JSON to stdout (no npm banner)", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const documented = readme.split("\n").filter((line) => /--json\s*(>|$|\s)/.test(line) && /^(npm|npx) /.test(line));
    assert.ok(documented.length >= 2, "README documents --json commands");
    for (const line of documented) assert.match(line, /^(npm run --silent |npx )/, `prints npm's banner first: ${line}`);
    const command = documented.find((line) => line.includes("preview -- --stack dev"));
    assert.ok(command, "README documents the preview --json command");
    const args = command
      .split(/\s+>\s+/)[0]
      .replace(/--graph \S+ /, "")
      .split(/\s+/);
    const run = spawnSync(args[0], args.slice(1), {
      cwd: REPO,
      encoding: "utf8",
      timeout: 180_000,
      env: { ...process.env, NO_COLOR: undefined },
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as { changeSummary: Record<string, number> };
    assert.ok(doc.changeSummary["create"] > 0);
  });
});
