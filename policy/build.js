// `npm run build` (also run by `npm pack`): compiles the whole pack (tsconfig.build.json: the pack's entry and the
// exported pure rule modules, with everything they import) to dist/, refusing to emit on any type error, then
// writes dist/build-manifest.json — the sha-256 of every source the compiler read (tsconfigs and package.json
// included) and of every file it emitted, and the TypeScript files in each source directory — which ./compiled.js
// checks at every start.
// Built into a fresh temporary directory beside dist/, the manifest written last, then swapped into place: an
// interrupted or failed build leaves the previous dist/ (whose manifest no longer matches changed sources) or
// none, never a manifest over partial output.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { MANIFEST, FORMAT, hashFile, typeScriptFiles } = require("./compiled");

const CONFIG = "tsconfig.build.json";
/** Where builds in progress live (dot-named: no tsconfig or glob picks them up); removed on success or failure. */
const TEMP_PREFIX = ".dist-";

/** Files under `root` (relative, `/`-separated), sorted. */
function walk(root, rel = "") {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(root, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]))
    .sort();
}

/** The tsconfig and every local config it extends. */
function configChain(ts, file) {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parents = [config.extends ?? []].flat().filter((e) => e.startsWith("."));
  return [file, ...parents.flatMap((p) => configChain(ts, path.resolve(path.dirname(file), p)))];
}

/** Builds the pack in `dir` into `dir/dist`; throws (dist/ untouched) on any diagnostic. */
function build(dir) {
  const ts = require("typescript");
  const rel = (file) => path.relative(dir, file).split(path.sep).join("/");
  const configFile = path.join(dir, CONFIG);
  const temp = fs.mkdtempSync(path.join(dir, TEMP_PREFIX));
  try {
    const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, { outDir: temp, noEmitOnError: true }, configFile);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const emitted = program.emit();
    const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    if (diagnostics.length > 0 || emitted.emitSkipped) {
      const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" };
      throw new Error(`${CONFIG}: the build failed, dist/ is unchanged:\n${ts.formatDiagnostics(diagnostics, host)}`);
    }
    const read = [
      ...configChain(ts, configFile),
      path.join(dir, "package.json"),
      ...program.getSourceFiles().map((f) => path.resolve(f.fileName)),
    ].filter((f) => !rel(f).startsWith("..") && !rel(f).split("/").includes("node_modules"));
    const sources = Object.fromEntries([...new Set(read.map(rel))].sort().map((f) => [f, hashFile(path.join(dir, f))]));
    const outputs = Object.fromEntries(walk(temp).map((f) => [`dist/${f}`, hashFile(path.join(temp, f))]));
    // Every directory holding a source, and its parents up to the pack's root ("").
    const dirs = new Set([""]);
    for (const f of Object.keys(sources)) for (let d = path.posix.dirname(f); d !== "."; d = path.posix.dirname(d)) dirs.add(d);
    const listings = Object.fromEntries([...dirs].sort().map((d) => [d, typeScriptFiles(path.join(dir, d))]));
    const version = require(path.join(dir, "package.json")).version;
    const manifest = { format: FORMAT, version, typescript: ts.version, sources, outputs, listings };
    // Last: its presence means every file above is in place.
    fs.writeFileSync(path.join(temp, path.basename(MANIFEST)), `${JSON.stringify(manifest, null, 2)}\n`);
    swapIn(dir, temp);
    return manifest;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Replaces dir/dist with `temp` (two renames: in between there is no dist/, so a start takes the source). */
function swapIn(dir, temp) {
  const dist = path.join(dir, "dist");
  const old = `${temp}-old`;
  try {
    fs.renameSync(dist, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  fs.renameSync(temp, dist);
  fs.rmSync(old, { recursive: true, force: true });
}

module.exports = { build, TEMP_PREFIX };

if (require.main === module) {
  try {
    const manifest = build(process.cwd());
    console.error(
      `dist/: ${Object.keys(manifest.sources).length} sources compiled, ${Object.keys(manifest.outputs).length} files, ${MANIFEST}`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
