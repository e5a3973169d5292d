// The fast path for running dockyard's TypeScript (and a `--cwd` user program's) without ts-node:
// `node -r ./loader/register file.ts`, or `require("./loader/register")` first (the bins do). `.ts` files are
// transpiled by esbuild once and cached by content hash (./transpile.js); nothing formats stack traces
// through source maps while programs run; locations are mapped back to TypeScript only when shown
// (./source-maps.js, published for the gate's TypeScript under Symbol.for("dockyard.loader"), with the cache
// directory, which the deployment verifier's bundle uses too); the SDK's
// TypeScript compiler loads only if a function is serialized (./lazy-typescript.js), npm's installer only if
// its code paths are computed (./lazy-code-paths.js).
"use strict";
const fs = require("fs");
const { transpile, stats, cacheDir } = require("./transpile");
const { remember, originalPosition, mapStack } = require("./source-maps");
const { deferTypeScriptShim } = require("./lazy-typescript");
const { deferCodePaths } = require("./lazy-code-paths");

const KEY = Symbol.for("dockyard.loader");

if (globalThis[KEY] === undefined) {
  require.extensions[".ts"] = function compileTypeScript(module, filename) {
    const { code, codeFile, mapFile, mapText } = transpile(filename, fs.readFileSync(filename, "utf8"));
    remember(filename, mapText === undefined ? { mapFile, codeFile } : { mapText, code });
    module._compile(code, filename);
  };
  deferTypeScriptShim();
  deferCodePaths();
  Object.defineProperty(globalThis, KEY, { value: Object.freeze({ originalPosition, mapStack, stats, cacheDir }), enumerable: false });
}
