#!/usr/bin/env node
// dockyard-preview: the offline preview + policy gate. Runs preview/cli.ts through dockyard's fast loader
// (esbuild, cached by content hash; no ts-node, which is only a devDependency) with the given arguments.
"use strict";
require("../loader/register");
require("../preview/cli").run(process.argv.slice(2));
