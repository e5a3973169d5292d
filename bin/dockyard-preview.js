#!/usr/bin/env node
// dockyard-preview: the offline preview + policy gate. Runs preview/cli.ts through dockyard's fast loader
// (esbuild, cached by content hash; no ts-node, which is only a devDependency) with the given arguments, in a
// process with dockyard's V8 flags (./node-flags.js).
"use strict";
if (!require("./node-flags").relaunchWithFlags(__filename)) {
  require("../loader/register");
  require("../preview/cli").run(process.argv.slice(2));
}
