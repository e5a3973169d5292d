// Which entry the pack starts from (policy/pack-entry.js) and the build manifest both sides agree on
// (policy/build.js writes it). The compiled pack is used only when dist/build-manifest.json proves it was built
// from exactly the files beside it: every source the build compiled (tsconfigs and package.json included) and
// every file it emitted hash as recorded, and no TypeScript file was added beside them (one could change what an
// import resolves to). Anything else — no dist, no or unreadable manifest, one byte changed,
// a file missing — means the TypeScript source, which the CLI's run-policy-pack type-checks with ts-node.
// Plain JavaScript on purpose: it runs before anything is compiled.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The manifest, written last by the build (its presence means the build finished). */
const MANIFEST = "dist/build-manifest.json";
/** The manifest's format; another value is not trusted. */
const FORMAT = 1;
/** The compiled pack's entry and the source it is compiled from. */
const COMPILED_ENTRY = "dist/index.js";
const SOURCE_ENTRY = "index.ts";
/** Set to "1" to always start from the TypeScript source (the repository's tests prove that path with it). */
const FROM_SOURCE_ENV = "DOCKYARD_GUARD_FROM_SOURCE";

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

const isHashMap = (v) =>
  typeof v === "object" && v !== null && Object.keys(v).length > 0 && Object.values(v).every((h) => /^[0-9a-f]{64}$/.test(h));

const isListings = (v) =>
  typeof v === "object" &&
  v !== null &&
  Object.values(v).every((names) => Array.isArray(names) && names.every((n) => typeof n === "string"));

/**
 * Why `dir`'s compiled pack may not be used, or undefined when it may: the first file (relative to `dir`) that is
 * missing or differs from what the manifest recorded, or what is wrong with the manifest.
 */
function staleness(dir) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
  } catch (error) {
    return `${MANIFEST} is missing or unreadable (${error.code || error.message})`;
  }
  if (
    manifest === null ||
    manifest.format !== FORMAT ||
    !isHashMap(manifest.sources) ||
    !isHashMap(manifest.outputs) ||
    !isListings(manifest.listings)
  )
    return `${MANIFEST} is not a format-${FORMAT} manifest with sources, outputs and listings`;
  if (!(SOURCE_ENTRY in manifest.sources) || !(COMPILED_ENTRY in manifest.outputs))
    return `${MANIFEST} does not record ${SOURCE_ENTRY} compiled to ${COMPILED_ENTRY}`;
  for (const [file, recorded] of [...Object.entries(manifest.sources), ...Object.entries(manifest.outputs)]) {
    let actual;
    try {
      actual = hashFile(path.join(dir, file));
    } catch (error) {
      return `${file} is missing (${error.code || error.message})`;
    }
    if (actual !== recorded) return `${file} changed since the build`;
  }
  // A file removed since cannot change a resolution (the chosen file is hashed above); one added can shadow it.
  for (const [sub, names] of Object.entries(manifest.listings)) {
    let added;
    try {
      added = typeScriptFiles(path.join(dir, sub)).find((n) => !names.includes(n));
    } catch (error) {
      return `${sub || "."}/ is unreadable (${error.code || error.message})`;
    }
    if (added !== undefined) return `${path.posix.join(sub, added)} was added since the build`;
  }
  return undefined;
}

/** The file the pack in `dir` starts from, and why. */
function chooseEntry(dir, env = process.env) {
  if (env[FROM_SOURCE_ENV] === "1") return { file: path.resolve(dir, SOURCE_ENTRY), compiled: false, reason: `${FROM_SOURCE_ENV}=1` };
  const stale = staleness(dir);
  if (stale !== undefined) return { file: path.resolve(dir, SOURCE_ENTRY), compiled: false, reason: stale };
  return { file: path.resolve(dir, COMPILED_ENTRY), compiled: true, reason: `${MANIFEST} matches every source and output` };
}

module.exports = { MANIFEST, FORMAT, COMPILED_ENTRY, SOURCE_ENTRY, FROM_SOURCE_ENV, hashFile, typeScriptFiles, staleness, chooseEntry };
