/** dockyard's bins run with its V8 flags: npm's scripts pass them, and a bin started without them relaunches itself. */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS, TIERING_FLAGS, missingFlags } = require("../../bin/node-flags") as {
  NODE_FLAGS: string[];
  TIERING_FLAGS: string[];
  missingFlags(execArgv: string[], nodeOptions?: string): string[];
};

const REPO = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(REPO, "test", "fixtures", "node-flags", "relaunch.js");
const scripts = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

interface Printed {
  execArgv: string[];
  args: string[];
}
const printed = (stdout: string) => JSON.parse(stdout.split("\n")[0]) as Printed;

describe("dockyard's V8 flags", () => {
  it("npm start, preview and deploy pass exactly the bins' flags (so npm's scripts need no relaunch)", () => {
    for (const name of ["start", "preview", "deploy"]) {
      const argv = scripts[name].split(" ");
      assert.strictEqual(argv[0], "node", `${name}: ${scripts[name]}`);
      const flags = argv.slice(1).filter((a) => a.startsWith("--"));
      assert.deepStrictEqual(flags.slice(0, NODE_FLAGS.length), NODE_FLAGS, `${name}: ${scripts[name]}`);
      assert.deepStrictEqual(missingFlags(argv.slice(1), ""), [], name);
    }
    // Negative control: a script without them lacks them.
    assert.deepStrictEqual(missingFlags(["bin/dockyard-preview.js"], ""), NODE_FLAGS);
  });

  it("npm run check and typecheck run with the tiering flags, the mocha workers with the bins' (bin/node-flags.js)", () => {
    const flagsOf = (script: string) => script.split(" ").filter((a) => a.startsWith("--"));
    assert.deepStrictEqual(flagsOf(scripts.check), TIERING_FLAGS, scripts.check);
    assert.deepStrictEqual(flagsOf(scripts.typecheck), [...TIERING_FLAGS, "--types"], scripts.typecheck);
    const mocharc = JSON.parse(fs.readFileSync(path.join(REPO, ".mocharc.json"), "utf8")) as { "node-option"?: string[] };
    // The in-process program runs are the gate's, so they run as the bins do.
    assert.deepStrictEqual(
      (mocharc["node-option"] ?? []).map((o) => `--${o}`),
      NODE_FLAGS,
    );
    // Negative control: V8 knows each flag (a misspelt one would stop node at start: "bad option").
    const probe = spawnSync(process.execPath, [...NODE_FLAGS, "-e", "0"], { encoding: "utf8" });
    assert.strictEqual(probe.status, 0, probe.stderr);
    const misspelt = spawnSync(process.execPath, ["--interrupt-budgett=300000", "-e", "0"], { encoding: "utf8" });
    assert.notStrictEqual(misspelt.status, 0);
  });

  it("a flag the user set with another value, on the command line or in NODE_OPTIONS, is theirs: only the others are missing", () => {
    assert.deepStrictEqual(missingFlags(["--max-semi-space-size=32"], ""), TIERING_FLAGS);
    assert.deepStrictEqual(missingFlags([], "--max-old-space-size=4096 --max-semi-space-size=16"), TIERING_FLAGS);
    assert.deepStrictEqual(
      // (NODE_OPTIONS takes no tiering flag: node refuses most V8 flags there.)
      missingFlags(["--interrupt-budget=1000", "--max-inlined-bytecode-size-cumulative=920"], "--max-semi-space-size=32"),
      [],
    );
    assert.deepStrictEqual(missingFlags(["--max-old-space-size=4096"], "--inspect"), NODE_FLAGS);
  });

  it("a bin started without them runs again with them: arguments, output and the exit status pass through", () => {
    const run = spawnSync(process.execPath, [FIXTURE, "exit", "--json"], {
      encoding: "utf8",
      env: { ...process.env, DOCKYARD_NODE_FLAGS: undefined },
    });
    assert.strictEqual(run.status, 3, run.stderr);
    const child = printed(run.stdout);
    assert.deepStrictEqual(child.execArgv, NODE_FLAGS);
    assert.deepStrictEqual(child.args, ["exit", "--json"]);
    assert.strictEqual(run.stderr, "to stderr\n");
    // Started with them (as npm's scripts do), it runs at once: one process, same output.
    const direct = spawnSync(process.execPath, [...NODE_FLAGS, FIXTURE, "exit"], { encoding: "utf8" });
    assert.strictEqual(direct.status, 3);
    assert.deepStrictEqual(printed(direct.stdout).execArgv, NODE_FLAGS);
  });

  it("DOCKYARD_NODE_FLAGS=off runs the bin as started (negative control: no flags)", () => {
    const run = spawnSync(process.execPath, [FIXTURE, "exit"], { encoding: "utf8", env: { ...process.env, DOCKYARD_NODE_FLAGS: "off" } });
    assert.strictEqual(run.status, 3);
    assert.deepStrictEqual(printed(run.stdout).execArgv, []);
  });

  it("a relaunched bin ended by a signal ends its launcher by the same signal", () => {
    const run = spawnSync(process.execPath, [FIXTURE, "signal"], { encoding: "utf8" });
    assert.strictEqual(run.signal, "SIGTERM");
    assert.strictEqual(run.status, null);
  });

  it("a signal to the launcher reaches the relaunched bin (a CI timeout stops the gate, not only its launcher)", async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-flags-")), "signalled");
    const launcher = spawn(process.execPath, [FIXTURE, "wait", marker], { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve) => launcher.stdout.once("data", () => resolve()));
    launcher.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => launcher.on("exit", (status) => resolve(status)));
    assert.strictEqual(fs.readFileSync(marker, "utf8"), "child got SIGTERM");
    assert.strictEqual(code, 0);
  });
});
