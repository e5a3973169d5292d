// Which way the component provider host starts (./provider/start.js calls `startProvider`): from the package
// build (./build.js: the provider compiled to components/dist and its schema analyzed once) only when
// components/dist/build-manifest.json proves the build was made from exactly the files beside it — every source the
// build compiled (tsconfigs and package.json files included; the schema analyzer reads the same ones) and every
// file it wrote hash as recorded, no TypeScript file added beside them (the rule: ../policy/build-manifest.js,
// shared with the policy pack) — and the installed analyzer (@pulumi/pulumi and the TypeScript it loads) is the one
// that analyzed it. Anything else means the TypeScript source, as before: ts-node type-checks it and the analyzer
// runs at GetSchema. Paths are relative to the checkout (components/..): the components build from policy/ too.
// Plain JavaScript on purpose: it runs before anything is compiled.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { check } = require("../policy/build-manifest");

/** The manifest, written last by the build (its presence means the build finished). */
const MANIFEST = "components/dist/build-manifest.json";
/** The host and the schema the build made, and the sources they are made from. */
const HOST_SOURCE = "components/provider/host.ts";
const HOST_BUILD = "components/dist/components/provider/host.js";
const SCHEMA_SOURCE = "components/provider/components.ts";
const SCHEMA_BUILD = "components/dist/components/provider/schema.json";
/** Set to "1" to always start from the TypeScript source (for debugging; the tests prove that path with it). */
const FROM_SOURCE_ENV = "DOCKYARD_PROVIDER_FROM_SOURCE";

/** The versions of the schema analyzer's code as installed for the provider in `componentsDir`. */
function analyzerVersions(componentsDir) {
  const pulumi = require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(componentsDir, "provider")] });
  // The analyzer loads `typescript` from @pulumi/pulumi's directory (its typescript-shim).
  const typescript = require.resolve("typescript/package.json", { paths: [path.dirname(pulumi)] });
  const version = (file) => JSON.parse(fs.readFileSync(file, "utf8")).version;
  return { "@pulumi/pulumi": version(pulumi), typescript: version(typescript) };
}

/** How the provider in `componentsDir` starts, and why: `host` is the module to load, `schema` the prebuilt schema. */
function chooseHost(componentsDir, env = process.env) {
  const root = path.dirname(path.resolve(componentsDir));
  const source = (reason) => ({ compiled: false, host: path.join(root, HOST_SOURCE), reason });
  if (env[FROM_SOURCE_ENV] === "1") return source(`${FROM_SOURCE_ENV}=1`);
  const { stale, manifest } = check(root, MANIFEST, [
    { source: HOST_SOURCE, output: HOST_BUILD },
    { source: SCHEMA_SOURCE, output: SCHEMA_BUILD },
  ]);
  if (stale !== undefined) return source(stale);
  const installed = analyzerVersions(componentsDir);
  if (JSON.stringify(manifest.analyzer) !== JSON.stringify(installed))
    return source(`${MANIFEST}'s schema was analyzed by ${JSON.stringify(manifest.analyzer)}; installed: ${JSON.stringify(installed)}`);
  return {
    compiled: true,
    host: path.join(root, HOST_BUILD),
    schema: path.join(root, SCHEMA_BUILD),
    reason: `${MANIFEST} matches every source and output, and the installed analyzer`,
  };
}

/** Starts the provider host in `componentsDir` the way `chooseHost` decides; rejects on any error (the entry exits 1). */
async function startProvider(componentsDir, env = process.env) {
  const choice = chooseHost(componentsDir, env);
  // The source: required through ts-node, which Pulumi's run-plugin registered (with type checking).
  const host = require(choice.host);
  return choice.compiled ? host.serve(fs.readFileSync(choice.schema, "utf8")) : host.serve();
}

module.exports = {
  MANIFEST,
  HOST_SOURCE,
  HOST_BUILD,
  SCHEMA_SOURCE,
  SCHEMA_BUILD,
  FROM_SOURCE_ENV,
  analyzerVersions,
  chooseHost,
  startProvider,
};
