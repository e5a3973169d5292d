/**
 * How the pack decides what it starts from (policy/compiled.js, required by policy/pack-entry.js), in process on a
 * small pack built by the pack's own build (policy/build.js): the compiled entry only when the build manifest
 * matches every source and output byte for byte, else the TypeScript source. The real pack's tarball starting from
 * its build is proven in test/package/policy-pack.spec.ts.
 */
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadModule, REPO, scratchDir } from "../package/tarball";

interface Choice {
  file: string;
  compiled: boolean;
  reason: string;
}
interface Manifest {
  format: number;
  version: string;
  typescript: string;
  sources: Record<string, string>;
  outputs: Record<string, string>;
  listings: Record<string, string[]>;
}
const compiled = loadModule<{
  MANIFEST: string;
  FROM_SOURCE_ENV: string;
  chooseEntry(dir: string, env?: NodeJS.ProcessEnv): Choice;
}>(path.join(REPO, "policy/compiled.js"));
const { build, TEMP_PREFIX } = loadModule<{ build(dir: string): Manifest; TEMP_PREFIX: string }>(path.join(REPO, "policy/build.js"));

/** A pack in miniature: an entry importing a module and package.json, and a file the build does not compile (ES5 lib only: a cheap type check). */
const MINI: Record<string, string> = {
  "package.json": '{ "name": "mini-pack", "version": "1.0.0", "main": "pack-entry.js" }\n',
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES5"],
      module: "commonjs",
      strict: true,
      types: [],
      resolveJsonModule: true,
      esModuleInterop: true,
    },
  }),
  "tsconfig.build.json": JSON.stringify({
    extends: "./tsconfig.json",
    compilerOptions: { rootDir: ".", outDir: "dist" },
    include: ["index.ts"],
  }),
  "index.ts":
    'import pkg from "./package.json";\nimport { answer } from "./lib/answer";\nexport const served = `${pkg.version}:${answer}`;\n',
  "lib/answer.ts": "export const answer: number = 42;\n",
  "unused.ts": "export const notCompiled = 1;\n",
};

describe("policy/compiled.js: the pack starts from its build only when built from exactly the files beside it", function () {
  this.timeout(60_000);
  let built: string;
  let manifest: Manifest;
  /** A fresh copy of the built mini pack. */
  const copy = (): string => {
    const dir = scratchDir("dockyard-mini-pack-");
    fs.cpSync(built, dir, { recursive: true });
    return dir;
  };
  const choose = (dir: string): Choice => compiled.chooseEntry(dir, {});
  const toSource = (dir: string, reason: string): Choice => ({ file: path.join(dir, "index.ts"), compiled: false, reason });

  before(() => {
    built = scratchDir("dockyard-mini-pack-");
    for (const [file, text] of Object.entries(MINI)) {
      fs.mkdirSync(path.dirname(path.join(built, file)), { recursive: true });
      fs.writeFileSync(path.join(built, file), text);
    }
    for (const f of ["pack-entry.js", "compiled.js", "build-manifest.js"])
      fs.copyFileSync(path.join(REPO, "policy", f), path.join(built, f));
    manifest = build(built);
  });

  it("the build records every source it compiled (tsconfigs and package.json included), every file it emitted and the TypeScript files beside them; nothing else", () => {
    assert.deepStrictEqual(Object.keys(manifest.sources), [
      "index.ts",
      "lib/answer.ts",
      "package.json",
      "tsconfig.build.json",
      "tsconfig.json",
    ]);
    assert.deepStrictEqual(Object.keys(manifest.outputs), ["dist/index.js", "dist/lib/answer.js", "dist/package.json"]);
    assert.deepStrictEqual(manifest.listings, { "": ["index.ts", "unused.ts"], lib: ["answer.ts"] });
    assert.deepStrictEqual([manifest.format, manifest.version], [1, "1.0.0"]);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(built, compiled.MANIFEST), "utf8")), manifest);
    assert.deepStrictEqual(
      fs.readdirSync(built).filter((f) => f.startsWith(TEMP_PREFIX)),
      [],
    );
  });

  it("fresh build: the compiled entry, and pack-entry.js loads it (not the source)", () => {
    const dir = copy();
    assert.deepStrictEqual(choose(dir), {
      file: path.join(dir, "dist/index.js"),
      compiled: true,
      reason: "dist/build-manifest.json matches every source and output",
    });
    loadModule<unknown>(path.join(dir, "pack-entry.js"));
    assert.ok(require.cache[path.join(dir, "dist/index.js")], "dist/index.js not loaded");
    assert.strictEqual(require.cache[path.join(dir, "index.ts")], undefined);
    assert.strictEqual(loadModule<{ served: string }>(path.join(dir, "dist/index.js")).served, "1.0.0:42");
  });

  it("one source byte changed: the TypeScript source, and pack-entry.js loads it (negative control: the byte restored, the build again)", () => {
    const dir = copy();
    const file = path.join(dir, "lib/answer.ts");
    fs.writeFileSync(file, MINI["lib/answer.ts"].replace("42", "43"));
    assert.deepStrictEqual(choose(dir), toSource(dir, "lib/answer.ts changed since the build"));
    loadModule<unknown>(path.join(dir, "pack-entry.js"));
    assert.strictEqual(require.cache[path.join(dir, "dist/index.js")], undefined);
    assert.strictEqual(loadModule<{ served: string }>(path.join(dir, "index.ts")).served, "1.0.0:43");
    fs.writeFileSync(file, MINI["lib/answer.ts"]);
    assert.strictEqual(choose(dir).compiled, true);
  });

  it("package.json or a tsconfig changed: the TypeScript source", () => {
    for (const [file, from, to] of [
      ["package.json", '"1.0.0"', '"1.0.1"'],
      ["tsconfig.json", '"strict":true', '"strict":false'],
      ["tsconfig.build.json", '"include"', '"files":[],"include"'],
    ]) {
      const dir = copy();
      fs.writeFileSync(path.join(dir, file), MINI[file].replace(from, to));
      assert.deepStrictEqual(choose(dir), toSource(dir, `${file} changed since the build`));
    }
  });

  it("a source the build did not compile may change (it is not part of the pack)", () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, "unused.ts"), "export const notCompiled = 2;\n");
    assert.strictEqual(choose(dir).compiled, true);
  });

  it("a TypeScript file added beside the sources (it could change what an import resolves to): the TypeScript source", () => {
    for (const added of ["lib/answer.tsx", "lib/extra.ts", "lib.ts", "types.d.ts"]) {
      const dir = copy();
      fs.writeFileSync(path.join(dir, added), "export {};\n");
      assert.deepStrictEqual(choose(dir), toSource(dir, `${added} was added since the build`));
    }
  });

  it("negative control: another file added, or a TypeScript file removed that the build did not compile, keeps the build", () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, "lib/notes.md"), "notes\n");
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "package-lock.json"), "{}\n");
    fs.rmSync(path.join(dir, "unused.ts"));
    assert.strictEqual(choose(dir).compiled, true);
  });

  it("manifest missing, corrupt or of another format: the TypeScript source", () => {
    const cases: [string, ((file: string) => void) | undefined, string][] = [
      ["missing", (file) => fs.rmSync(file), "dist/build-manifest.json is missing or unreadable (ENOENT)"],
      [
        "truncated",
        (file) => fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, 100)),
        "dist/build-manifest.json is missing or unreadable",
      ],
      [
        "another format",
        (file) => fs.writeFileSync(file, JSON.stringify({ ...manifest, format: 2 })),
        "dist/build-manifest.json is not a format-1 manifest with sources, outputs and listings",
      ],
      [
        "no listings",
        (file) => fs.writeFileSync(file, JSON.stringify({ ...manifest, listings: undefined })),
        "dist/build-manifest.json is not a format-1 manifest with sources, outputs and listings",
      ],
      [
        "no sources",
        (file) => fs.writeFileSync(file, JSON.stringify({ ...manifest, sources: {} })),
        "dist/build-manifest.json is not a format-1 manifest with sources, outputs and listings",
      ],
      [
        "without the entry",
        (file) => {
          const { "index.ts": _entry, ...sources } = manifest.sources;
          fs.writeFileSync(file, JSON.stringify({ ...manifest, sources }));
        },
        "dist/build-manifest.json does not record index.ts compiled to dist/index.js",
      ],
    ];
    for (const [name, corrupt, reason] of cases) {
      const dir = copy();
      corrupt!(path.join(dir, compiled.MANIFEST));
      const choice = choose(dir);
      assert.deepStrictEqual([choice.file, choice.compiled], [path.join(dir, "index.ts"), false], name);
      assert.ok(choice.reason.startsWith(reason), `${name}: ${choice.reason}`);
    }
  });

  it("a dist file missing or edited, or no dist at all: the TypeScript source", () => {
    let dir = copy();
    fs.rmSync(path.join(dir, "dist/lib/answer.js"));
    assert.deepStrictEqual(choose(dir), toSource(dir, "dist/lib/answer.js is missing (ENOENT)"));
    dir = copy();
    fs.appendFileSync(path.join(dir, "dist/index.js"), "\n");
    assert.deepStrictEqual(choose(dir), toSource(dir, "dist/index.js changed since the build"));
    dir = copy();
    fs.rmSync(path.join(dir, "dist"), { recursive: true });
    assert.deepStrictEqual(choose(dir), toSource(dir, "dist/build-manifest.json is missing or unreadable (ENOENT)"));
  });

  it(`${compiled.FROM_SOURCE_ENV}=1 forces the TypeScript source over a fresh build (what the shared source pack sets)`, () => {
    assert.strictEqual(compiled.FROM_SOURCE_ENV, "DOCKYARD_GUARD_FROM_SOURCE");
    const dir = copy();
    assert.deepStrictEqual(compiled.chooseEntry(dir, { DOCKYARD_GUARD_FROM_SOURCE: "1" }), toSource(dir, "DOCKYARD_GUARD_FROM_SOURCE=1"));
    assert.strictEqual(compiled.chooseEntry(dir, { DOCKYARD_GUARD_FROM_SOURCE: "0" }).compiled, true);
  });

  it("a build with a type error emits nothing and leaves the previous dist/ as it was; the pack then starts from the source", () => {
    const dir = copy();
    const before = fs.readFileSync(path.join(dir, compiled.MANIFEST), "utf8");
    fs.writeFileSync(path.join(dir, "lib/answer.ts"), 'export const answer: number = "42";\n');
    assert.throws(
      () => build(dir),
      (error: Error) =>
        error.message.startsWith("tsconfig.build.json: the build failed, dist/ is unchanged:\n") &&
        error.message.includes("lib/answer.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'."),
    );
    assert.strictEqual(fs.readFileSync(path.join(dir, compiled.MANIFEST), "utf8"), before);
    assert.deepStrictEqual(
      fs.readdirSync(dir).filter((f) => f.startsWith(TEMP_PREFIX)),
      [],
    );
    assert.deepStrictEqual(choose(dir), toSource(dir, "lib/answer.ts changed since the build"));
  });
});
