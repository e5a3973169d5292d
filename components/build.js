// `npm run build` (also run by `npm pack`): compiles the components (tsconfig.build.json: the package entry, the
// deployment verifier's host and the provider, with everything they import, policy/aws-rules included) to dist/,
// refusing to emit on any type error; runs Pulumi's schema analyzer once over the provider's TypeScript source
// (provider/host.ts `analyzeSchema`, what the host runs at GetSchema when it starts from the source) into
// dist/components/provider/schema.json; then writes dist/build-manifest.json — the sha-256 of every source the
// compiler read (tsconfigs and package.json files included), of every file written, the TypeScript files in each
// source directory, and the analyzer's versions — which ./provider-build.js checks at every provider start.
// Built into a fresh temporary directory beside dist/, the manifest written last, then swapped into place
// (the rule and those steps: ../policy/build-manifest.js, shared with the policy pack's build).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { compile, configChain, finishBuild } = require("../policy/build-manifest");
const { MANIFEST, SCHEMA_BUILD, analyzerVersions } = require("./provider-build");

const CONFIG = "tsconfig.build.json";
/** The analyzer's program (Pulumi reads `<provider dir>/tsconfig.json`). */
const PROVIDER_CONFIG = "provider/tsconfig.json";
/** Where builds in progress live (dot-named: no tsconfig or glob picks them up); removed on success or failure. */
const TEMP_PREFIX = ".dist-";
const DIST = "components/dist";

/** Builds the components in `dir` into `dir/dist`; rejects (dist/ untouched) on any diagnostic or analyzer error. */
async function build(dir) {
  const ts = require("typescript");
  const root = path.dirname(dir);
  const inDist = (file) => path.relative(DIST, file);
  const configFile = path.join(dir, CONFIG);
  const providerConfig = path.join(dir, PROVIDER_CONFIG);
  const temp = fs.mkdtempSync(path.join(dir, TEMP_PREFIX));
  try {
    const program = compile(ts, configFile, temp, `components/${CONFIG}`);
    const compiled = new Set(program.getSourceFiles().map((f) => path.resolve(f.fileName)));
    // The manifest covers what the analyzer reads only if the build compiled every root of its program.
    const { config } = ts.readConfigFile(providerConfig, ts.sys.readFile);
    const roots = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(providerConfig)).fileNames.map((f) => path.resolve(f));
    const missing = roots.filter((f) => !compiled.has(f)).map((f) => path.relative(dir, f));
    if (missing.length > 0)
      throw new Error(
        `components/${CONFIG} must compile every file the schema analyzer reads (${PROVIDER_CONFIG}); missing: ${missing.join(", ")}`,
      );
    // The classes compiled just now give the analyzer their names; it analyzes the TypeScript source.
    const host = require(path.join(temp, "components/provider/host.js"));
    const schema = await host.analyzeSchema(path.join(dir, "provider"));
    fs.writeFileSync(path.join(temp, inDist(SCHEMA_BUILD)), schema);
    const read = [
      ...configChain(ts, configFile),
      ...configChain(ts, providerConfig),
      path.join(dir, "package.json"),
      path.join(dir, "provider/package.json"),
      ...compiled,
    ];
    const version = require(path.join(dir, "package.json")).version;
    return finishBuild({
      root,
      read,
      temp,
      writtenAs: DIST,
      extra: { version, typescript: ts.version, analyzer: analyzerVersions(dir) },
      manifestFile: path.join(temp, inDist(MANIFEST)),
      dist: path.join(dir, "dist"),
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

module.exports = { build, TEMP_PREFIX };

if (require.main === module) {
  build(process.cwd()).then(
    (manifest) =>
      console.error(
        `dist/: ${Object.keys(manifest.sources).length} sources compiled, ${Object.keys(manifest.outputs).length} files (the provider's schema included), ${MANIFEST}`,
      ),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
