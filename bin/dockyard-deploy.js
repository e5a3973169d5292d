#!/usr/bin/env node
// Shim for the `dockyard-deploy` bin: runs automation/cli.ts through dockyard's fast loader (no ts-node).
"use strict";
require("../loader/register");
require("../automation/cli").runAsProcess();
