/**
 * Inline runs: the dockyard program runs from the repository root, inline operations in one process take
 * turns (the Pulumi runtime state is global), and the program's own RunErrors reach the caller.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { main } from "../../automation/cli";
import { InvalidInputError, UpdateCancelledError } from "../../automation/errors";
import { runInlineExclusive } from "../../automation/inline-queue";
import { REPO_ROOT } from "../../automation/options";
import { preview } from "../../automation/run";
import { keepUserErrors, resolveWorkDir, type ProgramErrorSink } from "../../automation/workspace";
import { installStandIn, normalizeArgv, type StandIn } from "./standin";

/**
 * Runs `body` with `console.error` captured. Without an engine connection (the stand-in has none) the SDK's
 * language host logs a program's error with `console.error("error: [runtime] …")`; under the real CLI that line
 * goes to the engine. Captured here and asserted, so `npm test` prints no stray error lines.
 */
async function withConsoleErrors<T>(body: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    return { result: await body(), lines };
  } finally {
    console.error = original;
  }
}

describe("automation inline runs", function () {
  this.timeout(30_000);
  let standIn: StandIn | undefined;
  afterEach(() => standIn?.restore());

  it("the dockyard program runs with the repository root as the CLI's directory and policy location", async () => {
    standIn = await installStandIn({ commands: { preview: { events: "preview-advisory.json" } } });
    const result = await preview({ stack: "dev", program: "inline" });
    assert.deepStrictEqual(result.changeSummary, { update: 1, same: 2 });
    const calls = standIn.calls();
    assert.deepStrictEqual(
      calls.slice(1).map((c) => [c.argv[0], c.cwd]),
      [
        ["stack", REPO_ROOT],
        ["preview", REPO_ROOT],
      ],
    );
    const argv = normalizeArgv(calls[2].argv);
    assert.deepStrictEqual(argv.slice(0, 5), [
      "preview",
      "--policy-pack",
      `${REPO_ROOT}/policy`,
      "--policy-pack-config",
      `${REPO_ROOT}/policy/config/dev.json`,
    ]);
    assert.ok(argv.includes("--client=127.0.0.1:<port>") && argv.includes("auto.inline"), argv.join(" "));
  });

  it("refuses another workDir for the dockyard program, before starting anything", async () => {
    standIn = await installStandIn({});
    await assert.rejects(preview({ stack: "dev", program: "inline", workDir: standIn.workDir }), (e: unknown) => {
      assert.ok(e instanceof InvalidInputError);
      assert.strictEqual(
        e.message,
        `workDir ${JSON.stringify(standIn?.workDir)} cannot run the dockyard program inline: its build contexts are relative ` +
          `to the repository root ${REPO_ROOT}. Omit workDir (or pass the repository root), or use \`program: "local"\` ` +
          "to run the project in that directory.",
      );
      return true;
    });
    assert.deepStrictEqual(standIn.calls(), []);
  });

  it("resolveWorkDir: repository root by default; any directory for local runs or a caller's own inline program", () => {
    assert.strictEqual(resolveWorkDir({ program: "inline" }), REPO_ROOT);
    assert.strictEqual(resolveWorkDir({ program: "inline", workDir: `${REPO_ROOT}/automation/..` }), REPO_ROOT);
    assert.strictEqual(resolveWorkDir({ program: "local", workDir: "/srv/project" }), "/srv/project");
    assert.strictEqual(resolveWorkDir({ program: "inline", workDir: "/srv/project", inlineProgram: async () => ({}) }), "/srv/project");
  });

  it("two inline operations in one process take turns; local ones run side by side", async () => {
    standIn = await installStandIn({ commands: { preview: { delayMs: 300, events: "preview-advisory.json" } } });
    const dir = standIn.workDir;
    const program = async () => ({});
    await Promise.all([0, 1].map(() => preview({ stack: "dev", workDir: dir, program: "inline", inlineProgram: program })));
    const previews = () => standIn?.timeline().filter((t) => t.endsWith(" preview"));
    assert.deepStrictEqual(previews(), ["start preview", "end preview", "start preview", "end preview"]);

    standIn.restore();
    standIn = await installStandIn({ commands: { preview: { delayMs: 300, events: "preview-advisory.json" } } });
    await Promise.all([0, 1].map(() => preview({ stack: "dev", workDir: standIn?.workDir })));
    assert.deepStrictEqual(previews(), ["start preview", "start preview", "end preview", "end preview"]);
  });

  it("the program runs in this process through the SDK's language host; its RunError reaches the caller as is", async () => {
    standIn = await installStandIn({ commands: { preview: { runInlineProgram: { config: { "dockyard:region": "eu-west-1" } } } } });
    let ran = 0;
    const program = async () => {
      ran++;
      throw new pulumi.RunError(`Pulumi.dev.yaml: bad region ${new pulumi.Config("dockyard").require("region")}`);
    };
    const workDir = standIn.workDir;
    const { lines } = await withConsoleErrors(() =>
      assert.rejects(preview({ stack: "dev", workDir, program: "inline", inlineProgram: program }), (e: unknown) => {
        assert.ok(e instanceof pulumi.RunError, String(e));
        assert.strictEqual(e.message, "Pulumi.dev.yaml: bad region eu-west-1");
        return true;
      }),
    );
    assert.strictEqual(ran, 1);
    assert.deepStrictEqual(lines, ["error: [runtime] Pulumi.dev.yaml: bad region eu-west-1"]);
  });

  it("dockyardProgram itself, run inline with a bad stack config: the CLI prints its ConfigError only, exit 2", async () => {
    const services = JSON.stringify({ api: { image: { uri: "nginx:latest" } } });
    standIn = await installStandIn({
      commands: { preview: { runInlineProgram: { config: { "aws:region": "us-east-1", "dockyard:services": services } } } },
    });
    const err: string[] = [];
    const { result: code, lines } = await withConsoleErrors(() =>
      main(["preview", "--stack", "dev", "--inline"], {
        stdout: { write: () => true },
        stderr: { write: (t: string) => err.push(t) },
        stdinIsTTY: false,
        confirm: async () => false,
        onInterrupt: () => () => undefined,
      }),
    );
    assert.strictEqual(code, 2, err.join(""));
    assert.strictEqual(lines.length, 1);
    assert.match(lines[0], /^error: \[runtime\] Pulumi\.dev\.yaml: `dockyard:services\.api\.image\.uri`/);
    // The wording is the config validator's (stacks/); here only: one line naming the file and the field.
    assert.match(err.join(""), /^error: Pulumi\.dev\.yaml: .*`dockyard:services\.api\.image\.uri`[^\n]*\n$/);
  });

  it("keepUserErrors keeps the program's RunError (and only a RunError) and rethrows", async () => {
    const sink: ProgramErrorSink = {};
    const configError = new pulumi.RunError("Pulumi.dev.yaml: `dockyard:services` is missing");
    await assert.rejects(keepUserErrors(async () => Promise.reject(configError), sink)(), (e: unknown) => e === configError);
    assert.strictEqual(sink.error, configError);
    const other: ProgramErrorSink = {};
    await assert.rejects(keepUserErrors(async () => Promise.reject(new TypeError("bug")), other)(), TypeError);
    assert.strictEqual(other.error, undefined);
    assert.deepStrictEqual(await keepUserErrors(async () => ({ url: "x" }), other)(), { url: "x" });
  });
});

describe("runInlineExclusive", () => {
  const cancelled = () => new UpdateCancelledError("up", "dev");
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it("runs tasks one after another in call order, even when one fails", async () => {
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      runInlineExclusive(task("a", true), undefined, cancelled),
      runInlineExclusive(task("b"), undefined, cancelled),
    ]);
    assert.deepStrictEqual(log, ["start a", "end a", "start b", "end b"]);
    assert.deepStrictEqual(
      results.map((r) => r.status),
      ["rejected", "fulfilled"],
    );
  });

  it("a task aborted while waiting never starts, rejects at once, and keeps the order for later ones", async () => {
    const log: string[] = [];
    let finishFirst: () => void = () => undefined;
    const first = runInlineExclusive(
      () => new Promise<void>((r) => (finishFirst = r)).then(() => void log.push("first")),
      undefined,
      cancelled,
    );
    const controller = new AbortController();
    const second = runInlineExclusive(async () => void log.push("second"), controller.signal, cancelled);
    const third = runInlineExclusive(async () => void log.push("third"), undefined, cancelled);
    controller.abort();
    await assert.rejects(second, { name: "UpdateCancelledError" });
    await tick();
    assert.deepStrictEqual(log, [], "the third waits for the first, not for the cancelled second");
    finishFirst();
    await Promise.all([first, third]);
    assert.deepStrictEqual(log, ["first", "third"]);
  });
});
