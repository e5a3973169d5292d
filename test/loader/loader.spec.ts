/**
 * The fast loader (loader/*.js) that runs dockyard and `--cwd` programs without ts-node: the content-hash
 * cache, locations mapped back to TypeScript only when shown, the bins starting with ts-node unresolvable,
 * and cheap promise stacks during a capture.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cheapPromiseStacks } from "../../preview/capture/cheap-stacks";
import { runMain } from "../support/preview-cli";

const REPO = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "fixtures");
const HIDE_TS_NODE = path.join(FIXTURES, "hide-ts-node.js");

interface Transpiled {
  code: string;
  codeFile?: string;
  mapFile?: string;
  mapText?: string;
}
interface Position {
  file: string;
  line: number;
  column: number;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { transpile, stats } = require("../../loader/transpile.js") as {
  transpile(filename: string, source: string, dir?: string): Transpiled;
  stats: { hits: number; misses: number; cacheErrors: number };
};
const maps = require("../../loader/source-maps.js") as {
  remember(filename: string, where: object): void;
  originalPosition(file: string, line: number, column: number): Position | undefined;
  mapStack(stack: string): string;
};
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T>;
  leakedPromises(): [Set<{ _debugCtx?: string }>, string];
};
/* eslint-enable @typescript-eslint/no-require-imports */

function run(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = REPO) {
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 1-based line and column of the first `needle` in `text`. */
function find(text: string, needle: string): { line: number; column: number } {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in the text`);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

describe("fast loader", function () {
  this.timeout(180_000);

  describe("the transpile cache (content hash)", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-cache-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("transpiles a file once, then serves the same JavaScript from the cache", () => {
      const file = path.join(dir, "a.ts");
      const misses = stats.misses;
      const first = transpile(file, "export const n: number = 1;\n", dir);
      assert.strictEqual(stats.misses, misses + 1);
      assert.ok(first.codeFile && fs.existsSync(first.codeFile) && first.mapFile && fs.existsSync(first.mapFile));
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), [path.basename(first.codeFile), path.basename(first.mapFile)].sort());
      const hits = stats.hits;
      const second = transpile(file, "export const n: number = 1;\n", dir);
      assert.strictEqual(stats.hits, hits + 1);
      assert.strictEqual(stats.misses, misses + 1, "no second transpile");
      assert.strictEqual(second.code, first.code);
      assert.match(first.code, /const n = 1;/);
    });

    it("a content change is transpiled again (negative control: the old output is not served)", () => {
      const file = path.join(dir, "a.ts");
      const before = transpile(file, "export const n: number = 1;\n", dir);
      const misses = stats.misses;
      const after = transpile(file, "export const n: number = 2;\n", dir);
      assert.strictEqual(stats.misses, misses + 1);
      assert.notStrictEqual(after.codeFile, before.codeFile);
      assert.match(after.code, /const n = 2;/);
      assert.doesNotMatch(after.code, /const n = 1;/);
    });

    it("the same content at another path is its own entry (its source map names the file)", () => {
      const a = transpile(path.join(dir, "a.ts"), "export const n = 1;\n", dir);
      const b = transpile(path.join(dir, "b.ts"), "export const n = 1;\n", dir);
      assert.notStrictEqual(a.codeFile, b.codeFile);
      assert.deepStrictEqual((JSON.parse(fs.readFileSync(b.mapFile!, "utf8")) as { sources: string[] }).sources, [path.join(dir, "b.ts")]);
    });

    it("an unwritable cache still runs: the code and its map come back in memory", () => {
      const blocker = path.join(dir, "not-a-directory");
      fs.writeFileSync(blocker, "");
      const errors = stats.cacheErrors;
      const out = transpile(path.join(dir, "a.ts"), "export const n: number = 3;\n", path.join(blocker, "cache"));
      assert.strictEqual(stats.cacheErrors, errors + 1);
      assert.match(out.code, /const n = 3;/);
      assert.ok(out.mapText && out.codeFile === undefined);
    });
  });

  describe("locations mapped to TypeScript when shown", () => {
    const fixture = path.join(FIXTURES, "throws-ts", "index.ts");
    const source = fs.readFileSync(fixture, "utf8");
    // A private cache: what is asserted is this transpile's output.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-cache-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("maps the transpiled position of a throw back to its TypeScript line and column", () => {
      const out = transpile(fixture, source, dir);
      const generated = find(out.code, "throw new Error");
      const original = find(source, "throw new Error");
      // Negative control: the type-only lines are gone, so the JavaScript position is not the TypeScript one.
      assert.notDeepStrictEqual(generated, original);
      maps.remember(fixture, { mapFile: out.mapFile, codeFile: out.codeFile });
      // V8 reports the `new` of `throw new Error`, between two of esbuild's mappings.
      const at = (p: { line: number; column: number }) => ({ line: p.line, column: p.column + "throw ".length });
      assert.deepStrictEqual(maps.originalPosition(fixture, at(generated).line, at(generated).column), { file: fixture, ...at(original) });
      const stack = `Error: boom\n    at check (${fixture}:${at(generated).line}:${at(generated).column})\n    at other (/elsewhere/x.ts:3:4)`;
      assert.strictEqual(
        maps.mapStack(stack),
        `Error: boom\n    at check (${fixture}:${at(original).line}:${at(original).column})\n    at other (/elsewhere/x.ts:3:4)`,
      );
    });

    it("opt-in for debugging: under --enable-source-maps Node maps every stack through the cached maps (not by default)", () => {
      const file = path.join(dir, "throws.ts");
      fs.writeFileSync(
        file,
        "interface A {\n  x: number;\n}\nconst f = (a: A): number => {\n  throw new Error(`x${a.x}`);\n};\nf({ x: 1 });\n",
      );
      const env = { ...process.env, DOCKYARD_CACHE_DIR: path.join(dir, "cache") };
      const mapped = run(["--enable-source-maps", "-r", "./loader/register.js", file], env);
      assert.match(mapped.stderr, new RegExp(`at f \\(${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:9\\)`));
      const plain = run(["-r", "./loader/register.js", file], env);
      assert.doesNotMatch(plain.stderr, /:5:9\)/, "default: V8's own positions, nothing mapped while running");
    });

    it("leaves a position it has no map for as it is", () => {
      assert.strictEqual(maps.originalPosition("/nowhere/never-loaded.ts", 3, 4), undefined);
      assert.strictEqual(maps.mapStack("Error\n    at f (/nowhere/never-loaded.ts:3:4)"), "Error\n    at f (/nowhere/never-loaded.ts:3:4)");
    });
  });

  describe("the bins start without ts-node resolvable", () => {
    it("negative control: the preload does hide ts-node", () => {
      const r = run(["-r", HIDE_TS_NODE, "-e", 'require("ts-node").register({ transpileOnly: true })']);
      assert.notStrictEqual(r.code, 0);
      assert.match(r.stderr, /Cannot find module 'ts-node' \(hidden by hide-ts-node\.js\)/);
    });

    it("dockyard-preview: a TypeScript program's error shows its mapped .ts file:line:column, and so does --debug's stack", () => {
      const r = run(["-r", HIDE_TS_NODE, "bin/dockyard-preview.js", "--cwd", "test/loader/fixtures/throws-ts", "--debug"]);
      assert.strictEqual(r.code, 2, r.stderr);
      const lines = r.stderr.split("\n");
      assert.deepStrictEqual(lines.slice(0, 4), [
        "error: the program failed: expected two sites, got 1",
        "  at test/loader/fixtures/throws-ts/index.ts:17:24",
        "  fix: fix the program where it threw (its own code, often an apply callback, or an input that cannot be serialized)",
        "Error: expected two sites, got 1",
      ]);
      assert.strictEqual(lines[4], `    at check (${path.join(FIXTURES, "throws-ts", "index.ts")}:17:24)`);
      assert.strictEqual(lines[5], `    at Object.<anonymous> (${path.join(FIXTURES, "throws-ts", "index.ts")}:19:1)`);
    });

    // Also the preview CLI's "bin shim from any directory" (test/preview/cli.spec.ts) and the deploy bin's usage
    // (test/automation/bin.spec.ts): one child process each, proving both.
    it("dockyard-preview started from another directory gates the repository's dev stack; dockyard-deploy --help prints its usage, exit 0", () => {
      const preview = run(
        ["-r", HIDE_TS_NODE, path.join(REPO, "bin", "dockyard-preview.js"), "--stack", "dev", "--json"],
        process.env,
        os.tmpdir(),
      );
      assert.strictEqual(preview.code, 0, preview.stderr);
      const doc = JSON.parse(preview.stdout) as { steps: { op: string }[]; notEvaluated: unknown[] };
      assert.ok(doc.steps.length > 20 && doc.steps.every((s) => s.op === "create"), preview.stdout.slice(0, 400));
      const deploy = run(["-r", HIDE_TS_NODE, "bin/dockyard-deploy.js", "--help"]);
      assert.strictEqual(deploy.code, 0, deploy.stderr);
      assert.match(deploy.stdout, /^Usage: dockyard-deploy \[options\] <operation>/);
    });
  });

  describe("a JavaScript program (in-process: nothing is transpiled, so there is no loader boundary to cross)", () => {
    it("runs as it is, its positions unmapped", async () => {
      const r = await runMain(["--cwd", "test/loader/fixtures/throws-js"]);
      assert.strictEqual(r.code, 2, r.stderr);
      assert.deepStrictEqual(r.stderr.split("\n").slice(0, 2), [
        "error: the program failed: expected two sites, got 1",
        "  at test/loader/fixtures/throws-js/index.js:9:24",
      ]);
    });
  });

  describe("the SDK's TypeScript compiler, loaded only when a function is serialized", () => {
    const script = (loader: string[]) =>
      run([
        ...loader,
        "-e",
        `const loaded = () => Object.keys(require.cache).some((f) => f.includes("/node_modules/typescript/"));
         const pulumi = require("@pulumi/pulumi");
         const before = loaded();
         pulumi.runtime.serializeFunction(() => 42).then((s) => console.log(JSON.stringify({ before, after: loaded(), text: /42/.test(s.text) })));`,
      ]);

    it("not at start-up under the loader; serializeFunction still works (and then loads it)", () => {
      const r = script(["-r", "./loader/register.js"]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.deepStrictEqual(JSON.parse(r.stdout), { before: false, after: true, text: true });
    });

    it("negative control: without the loader the SDK loads it at start-up", () => {
      const r = script([]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.deepStrictEqual(JSON.parse(r.stdout), { before: true, after: true, text: true });
    });
  });

  describe("cheap promise stacks during a capture", () => {
    const stackOf = (p: Promise<unknown>) => (p as unknown as { _debugStackTrace: string })._debugStackTrace;

    it("a debuggable promise gets no stack while installed (nothing collected or formatted), the SDK's full one after", () => {
      const before = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
      const restore = cheapPromiseStacks({});
      // The SDK marks the promise it is given (and returns a chained one). The first goes through the SDK's own
      // function (which schedules its exit-time leak check), the rest through the lean one.
      const first = Promise.resolve(1);
      const later = Promise.resolve(2);
      try {
        void debuggable.debuggablePromise(first, "test");
        void debuggable.debuggablePromise(later, "test");
      } finally {
        restore();
      }
      assert.strictEqual(stackOf(first), "");
      assert.strictEqual(stackOf(later), undefined);
      // Each call puts the process's stack settings back: a program's own errors keep their stacks.
      assert.deepEqual({ limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace }, before);
      // Negative control: restored, the SDK records where the promise was made again.
      const full = Promise.resolve(3);
      void debuggable.debuggablePromise(full, "test");
      assert.match(stackOf(full), /^Error\n\s+at /);
    });

    it("the lean bookkeeping keeps what the leak report reads: a pending promise is a leak candidate with its context, a settled one is not", async () => {
      await debuggable.debuggablePromise(Promise.resolve(0), "settle the SDK's own candidates first");
      debuggable.leakedPromises();
      const restore = cheapPromiseStacks({});
      let release: (v: number) => void = () => undefined;
      const pending = new Promise<number>((resolve) => (release = resolve));
      const failing = Promise.reject(new Error("boom"));
      try {
        void debuggable.debuggablePromise(Promise.resolve(-1), "first, the SDK's own");
        const settled = debuggable.debuggablePromise(Promise.resolve(4), "settles");
        const waiting = debuggable.debuggablePromise(pending, "never settles before the report");
        const rejected = debuggable.debuggablePromise(failing, "rejects");
        assert.strictEqual(await settled, 4);
        // A rejection still carries the promise it came from, as the SDK's own does.
        const error = await rejected.then(
          () => assert.fail("rejected promise resolved"),
          (err: { message: string; promise?: unknown }) => err,
        );
        assert.strictEqual(error.message, "boom");
        assert.strictEqual(error.promise, failing);
        const [leaks, message] = debuggable.leakedPromises();
        assert.deepStrictEqual(
          [...leaks].map((p) => p._debugCtx),
          ["never settles before the report"],
        );
        assert.match(message, /^The Pulumi runtime detected that 1 promise was still active/);
        // Settling after the report (which replaced the candidate set) leaves the new set alone and empty.
        release(5);
        assert.strictEqual(await waiting, 5);
        assert.strictEqual(debuggable.leakedPromises()[0].size, 0);
      } finally {
        restore();
      }
    });

    it("PULUMI_DEBUG_PROMISE_LEAKS keeps the full stacks (the SDK prints them for leaked promises)", () => {
      const restore = cheapPromiseStacks({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
      try {
        const p = Promise.resolve(3);
        void debuggable.debuggablePromise(p, "test");
        assert.match(stackOf(p), /^Error\n\s+at /);
      } finally {
        restore();
      }
    });
  });
});
