#!/usr/bin/env node
// Shim for the `dockyard-deploy` bin: runs automation/cli.ts through dockyard's fast loader (no ts-node), in a
// process with dockyard's V8 flags (./node-flags.js; its offline gate runs in this process).
"use strict";
if (!require("./node-flags").relaunchWithFlags(__filename)) {
  require("../loader/register");
  require("../automation/cli").runAsProcess();
}
