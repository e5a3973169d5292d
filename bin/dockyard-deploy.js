#!/usr/bin/env node
// Shim for the `dockyard-deploy` bin: runs automation/cli.ts through ts-node (transpile-only, no build step).
"use strict";
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const { main, processIo } = require("../automation/cli");
main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
