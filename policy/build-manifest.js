// The build manifest, one rule in one place for both packages that start from a build: the policy pack
// (./build.js writes it, ./compiled.js checks it at every start) and the component provider
// (components/build.js, components/provider-build.js). It lives here because the pack imports nothing outside its
// folder and ships this file, while the components already build from this folder (policy/aws-rules).
// A manifest records the sha-256 of every source the build's compiler read (its tsconfigs and the package.json
// included) and of every file the build wrote, and the TypeScript files in each directory holding a source (a file
// added there could change what an import resolves to). A build is used only when the manifest is readable, of this
// format, records the entries the caller needs, and every file is present and identical; anything else is stale.
// Plain JavaScript on purpose: it runs before anything is compiled.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The manifest's format; another value is not trusted. */
const FORMAT = 1;

/** sha-256 (hex) of a file's bytes. */
function hashFile(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The TypeScript files (what an extensionless import can resolve to) directly in `dir`, sorted. */
function typeScriptFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Files under `root` (relative, `/`-separated), sorted. */
function walk(root, rel = "") {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(root, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]))
    .sort();
}

const isHashMap = (v) =>
  typeof v === "object" && v !== null && Object.keys(v).length > 0 && Object.values(v).every((h) => /^[0-9a-f]{64}$/.test(h));

const isListings = (v) =>
  typeof v === "object" &&
  v !== null &&
  Object.values(v).every((names) => Array.isArray(names) && names.every((n) => typeof n === "string"));

/**
 * Why the build recorded in `root`/`manifestFile` may not be used, or undefined when it may: what is wrong with the
 * manifest, a `{ source, output }` pair of `required` it does not record, or the first file (relative to `root`)
 * that is missing, differs, or was added beside the sources. Also returns the parsed manifest when it is usable.
 */
function check(root, manifestFile, required) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(root, manifestFile), "utf8"));
  } catch (error) {
    return { stale: `${manifestFile} is missing or unreadable (${error.code || error.message})` };
  }
  if (
    manifest === null ||
    manifest.format !== FORMAT ||
    !isHashMap(manifest.sources) ||
    !isHashMap(manifest.outputs) ||
    !isListings(manifest.listings)
  )
    return { stale: `${manifestFile} is not a format-${FORMAT} manifest with sources, outputs and listings` };
  for (const { source, output } of required) {
    if (!(source in manifest.sources) || !(output in manifest.outputs))
      return { stale: `${manifestFile} does not record ${source} compiled to ${output}` };
  }
  for (const [file, recorded] of [...Object.entries(manifest.sources), ...Object.entries(manifest.outputs)]) {
    let actual;
    try {
      actual = hashFile(path.join(root, file));
    } catch (error) {
      return { stale: `${file} is missing (${error.code || error.message})` };
    }
    if (actual !== recorded) return { stale: `${file} changed since the build` };
  }
  // A file removed since cannot change a resolution (the chosen file is hashed above); one added can shadow it.
  for (const [sub, names] of Object.entries(manifest.listings)) {
    let added;
    try {
      added = typeScriptFiles(path.join(root, sub)).find((n) => !names.includes(n));
    } catch (error) {
      return { stale: `${sub || "."}/ is unreadable (${error.code || error.message})` };
    }
    if (added !== undefined) return { stale: `${path.posix.join(sub, added)} was added since the build` };
  }
  return { manifest };
}

/** `check`'s reason alone: undefined when the build may be used. */
function staleness(root, manifestFile, required) {
  return check(root, manifestFile, required).stale;
}

/** The tsconfig and every local config it extends. */
function configChain(ts, file) {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parents = [config.extends ?? []].flat().filter((e) => e.startsWith("."));
  return [file, ...parents.flatMap((p) => configChain(ts, path.resolve(path.dirname(file), p)))];
}

/**
 * Compiles `configFile` into `outDir` (no output on any diagnostic); the program. `label` names the config in the
 * error, which says the previous build is unchanged.
 */
function compile(ts, configFile, outDir, label) {
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const dir = path.dirname(configFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, { outDir, noEmitOnError: true }, configFile);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const emitted = program.emit();
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0 || emitted.emitSkipped) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" };
    throw new Error(`${label}: the build failed, dist/ is unchanged:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  return program;
}

/**
 * The manifest of a build under `root`: `read` (absolute paths the build read: its configs, package.json files and
 * the compiler's source files; those outside `root` or in node_modules are not recorded), every file under
 * `written` (recorded as `writtenAs/<file>`), the listings of every directory holding a source and its parents up
 * to `root` (""), and `extra` fields.
 */
function manifestOf(root, read, written, writtenAs, extra) {
  const rel = (file) => path.relative(root, file).split(path.sep).join("/");
  const kept = read.filter((f) => !rel(f).startsWith("..") && !rel(f).split("/").includes("node_modules"));
  const sources = Object.fromEntries([...new Set(kept.map(rel))].sort().map((f) => [f, hashFile(path.join(root, f))]));
  const outputs = Object.fromEntries(walk(written).map((f) => [`${writtenAs}/${f}`, hashFile(path.join(written, f))]));
  const dirs = new Set([""]);
  for (const f of Object.keys(sources)) for (let d = path.posix.dirname(f); d !== "."; d = path.posix.dirname(d)) dirs.add(d);
  const listings = Object.fromEntries([...dirs].sort().map((d) => [d, typeScriptFiles(path.join(root, d))]));
  return { format: FORMAT, ...extra, sources, outputs, listings };
}

/** Replaces `dist` with `temp` (two renames: in between there is no dist/, so a start takes the source). */
function swapIn(dist, temp) {
  const old = `${temp}-old`;
  try {
    fs.renameSync(dist, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  fs.renameSync(temp, dist);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * The end of a build compiled into `temp`: its manifest (`manifestOf`), written last at `manifestFile` (inside
 * `temp`: its presence means every file before it is in place), then `temp` swapped in as `dist`. Returns the manifest.
 */
function finishBuild({ root, read, temp, writtenAs, extra, manifestFile, dist }) {
  const manifest = manifestOf(root, read, temp, writtenAs, extra);
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  swapIn(dist, temp);
  return manifest;
}

module.exports = { FORMAT, hashFile, typeScriptFiles, walk, check, staleness, configChain, compile, manifestOf, swapIn, finishBuild };
