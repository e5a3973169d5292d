#!/usr/bin/env node
// Shim for the `dockyard-deploy` bin: runs automation/cli.ts through ts-node (transpile-only, no build step).
"use strict";
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../automation/cli").runAsProcess();
