#!/usr/bin/env node
// dockyard-preview: the offline preview + policy gate. Compiles the TypeScript sources on the fly
// (ts-node, transpile-only, the repository's tsconfig) and runs preview/cli.ts with the given arguments.
"use strict";
const path = require("path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../preview/cli").run(process.argv.slice(2));
