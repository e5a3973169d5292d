// `npm run build` (also run by `npm pack`): compiles the whole pack (tsconfig.build.json: the pack's entry and the
// exported pure rule modules, with everything they import) to dist/, refusing to emit on any type error, then
// writes dist/build-manifest.json — the sha-256 of every source the compiler read (tsconfigs and package.json
// included) and of every file it emitted, and the TypeScript files in each source directory — which ./compiled.js
// checks at every start (the manifest's rule: ./build-manifest.js).
// Built into a fresh temporary directory beside dist/, the manifest written last, then swapped into place: an
// interrupted or failed build leaves the previous dist/ (whose manifest no longer matches changed sources) or
// none, never a manifest over partial output.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { compile, configChain, finishBuild } = require("./build-manifest");
const { MANIFEST } = require("./compiled");

const CONFIG = "tsconfig.build.json";
/** Where builds in progress live (dot-named: no tsconfig or glob picks them up); removed on success or failure. */
const TEMP_PREFIX = ".dist-";

/** Builds the pack in `dir` into `dir/dist`; throws (dist/ untouched) on any diagnostic. */
function build(dir) {
  const ts = require("typescript");
  const configFile = path.join(dir, CONFIG);
  const temp = fs.mkdtempSync(path.join(dir, TEMP_PREFIX));
  try {
    const program = compile(ts, configFile, temp, CONFIG);
    const read = [
      ...configChain(ts, configFile),
      path.join(dir, "package.json"),
      ...program.getSourceFiles().map((f) => path.resolve(f.fileName)),
    ];
    const version = require(path.join(dir, "package.json")).version;
    return finishBuild({
      root: dir,
      read,
      temp,
      writtenAs: "dist",
      extra: { version, typescript: ts.version },
      manifestFile: path.join(temp, path.basename(MANIFEST)),
      dist: path.join(dir, "dist"),
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
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
