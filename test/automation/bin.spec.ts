/** The `dockyard-deploy` bin shim as a real process: usage, the real library against the stand-in, CLI missing. */
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { installStandIn, type StandIn } from "./standin";

const BIN = path.resolve(__dirname, "..", "..", "bin", "dockyard-deploy.js");

/** The bin as a child process; asynchronous, as the stand-in `pulumi` it runs is served from this process. */
function runBin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bin/dockyard-deploy.js", function () {
  this.timeout(90_000);
  let standIn: StandIn | undefined;
  afterEach(() => standIn?.restore());

  // --help (usage, exit 0) is test/loader/loader.spec.ts's "dockyard-deploy --help prints its usage", in the
  // child process that also proves the bin starts without ts-node.

  it("preview --json runs against the pulumi first on PATH and prints the result", async () => {
    standIn = await installStandIn({ commands: { preview: { events: "preview-advisory.json" } } });
    const r = await runBin(["preview", "--stack", "dev", "--json"], process.env);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).result.changeSummary, { update: 1, same: 2 });
    const previewCall = standIn.calls().find((c) => c.argv[0] === "preview");
    assert.ok(previewCall?.argv.includes(path.resolve(__dirname, "..", "..", "policy")), JSON.stringify(previewCall));
  });

  it("without the CLI on PATH: exit 1, one clear message, no stack trace", async () => {
    const r = await runBin(["preview", "--stack", "dev"], { ...process.env, PATH: "" });
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /^error: The Pulumi CLI was not found \(`pulumi` is not on PATH\)\. Install it with /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} during up: the CLI is interrupted once, \`pulumi cancel\` runs, exit 130`, async () => {
      const stand = await installStandIn({
        commands: {
          preview: { events: "preview-advisory.json" },
          up: { events: "up-interrupted.json", waitForSigint: true, stderr: "error: update canceled\n", exitCode: 255 },
          cancel: { stderr: "error: no update is in progress\n", exitCode: 255 },
        },
      });
      standIn = stand;
      const child = spawn(process.execPath, [BIN, "up", "--stack", "dev", "--yes"], {
        env: process.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await stand.reached("waiting up");
      child.kill(signal);
      assert.strictEqual(await exited, 130, stderr);
      assert.strictEqual(stand.sigints(), 1);
      assert.deepStrictEqual(
        stand
          .calls()
          .slice(-1)
          .map((c) => c.argv.slice(0, 2)),
        [["cancel", "--yes"]],
      );
      assert.ok(stderr.endsWith('error: up of stack "dev" was cancelled; the stack lock was released.\n'), stderr);
    });
  }

  it("up without --yes and no terminal: exit 2 after the plan, nothing deployed", async () => {
    standIn = await installStandIn({ commands: { preview: { events: "preview-advisory.json" } } });
    const r = await runBin(["up", "--stack", "dev"], process.env);
    assert.strictEqual(r.code, 2, r.stderr);
    assert.ok(!standIn.calls().some((c) => c.argv[0] === "up"));
  });
});
