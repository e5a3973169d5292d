// Which entry the pack starts from (policy/pack-entry.js) and the build manifest both sides agree on
// (policy/build.js writes it; the manifest's rule, shared with the component provider, is ./build-manifest.js).
// The compiled pack is used only when dist/build-manifest.json proves it was built
// from exactly the files beside it: every source the build compiled (tsconfigs and package.json included) and
// every file it emitted hash as recorded, and no TypeScript file was added beside them (one could change what an
// import resolves to). Anything else — no dist, no or unreadable manifest, one byte changed,
// a file missing — means the TypeScript source, which the CLI's run-policy-pack type-checks with ts-node.
// Plain JavaScript on purpose: it runs before anything is compiled.
"use strict";
const path = require("node:path");
const { FORMAT, hashFile, typeScriptFiles, staleness: manifestStaleness } = require("./build-manifest");

/** The manifest, written last by the build (its presence means the build finished). */
const MANIFEST = "dist/build-manifest.json";
/** The compiled pack's entry and the source it is compiled from. */
const COMPILED_ENTRY = "dist/index.js";
const SOURCE_ENTRY = "index.ts";
/** Set to "1" to always start from the TypeScript source (the repository's tests prove that path with it). */
const FROM_SOURCE_ENV = "DOCKYARD_GUARD_FROM_SOURCE";

/**
 * Why `dir`'s compiled pack may not be used, or undefined when it may: the first file (relative to `dir`) that is
 * missing or differs from what the manifest recorded, or what is wrong with the manifest.
 */
function staleness(dir) {
  return manifestStaleness(dir, MANIFEST, [{ source: SOURCE_ENTRY, output: COMPILED_ENTRY }]);
}

/** The file the pack in `dir` starts from, and why. */
function chooseEntry(dir, env = process.env) {
  if (env[FROM_SOURCE_ENV] === "1") return { file: path.resolve(dir, SOURCE_ENTRY), compiled: false, reason: `${FROM_SOURCE_ENV}=1` };
  const stale = staleness(dir);
  if (stale !== undefined) return { file: path.resolve(dir, SOURCE_ENTRY), compiled: false, reason: stale };
  return { file: path.resolve(dir, COMPILED_ENTRY), compiled: true, reason: `${MANIFEST} matches every source and output` };
}

module.exports = { MANIFEST, FORMAT, COMPILED_ENTRY, SOURCE_ENTRY, FROM_SOURCE_ENV, hashFile, typeScriptFiles, staleness, chooseEntry };
