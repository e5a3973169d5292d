// @pulumi/pulumi requires runtime/closure/codePaths.js at start-up (runtime/index.js re-exports
// computeCodePaths), and that module requires @npmcli/arborist (npm's installer: pacote, sigstore, …; about a
// quarter of a second of CPU, half of loading the SDK), though only computing the code paths of a serialized
// function ever uses it. The module is given a stand-in whose functions load the real module, unchanged, on
// first call. Only a module whose every export is a function declared in it is deferred (checked in its text),
// so the stand-in has exactly its exports.
"use strict";
const fs = require("fs");
const Module = require("module");
const path = require("path");

/** Names the module exports (`exports.NAME = NAME;`), when each is a function declared in it; else undefined. */
function functionExports(text) {
  const names = [];
  for (const match of text.matchAll(/^exports\.(\w+) = (.*);$/gm)) {
    const [, name, value] = match;
    if (value !== name || !new RegExp(`^(?:async )?function ${name}\\(`, "m").test(text)) return undefined;
    names.push(name);
  }
  // Any other way of exporting (defineProperty beyond __esModule, module.exports, exports[...]) is not understood.
  const other = text.replace(/^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/m, "");
  if (/Object\.defineProperty\(exports|module\.exports|exports\[/.test(other)) return undefined;
  return names.length > 0 ? names : undefined;
}

/** Defers codePaths.js of the @pulumi/pulumi that `fromDir` resolves; false when there is none to defer. */
function deferCodePaths(fromDir = __dirname) {
  let file;
  let names;
  try {
    file = path.join(
      path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] })),
      "runtime",
      "closure",
      "codePaths.js",
    );
    names = functionExports(fs.readFileSync(file, "utf8"));
  } catch {
    return false;
  }
  if (!names || require.cache[file]) return false;
  let real;
  const load = () => {
    if (real === undefined) {
      const module = new Module(file, null);
      module.filename = file;
      module.paths = Module._nodeModulePaths(path.dirname(file));
      module.load(file);
      real = module.exports;
    }
    return real;
  };
  const exports = {};
  Object.defineProperty(exports, "__esModule", { value: true });
  for (const name of names) {
    exports[name] = function (...args) {
      return load()[name].apply(this, args);
    };
  }
  const standIn = new Module(file, null);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = exports;
  require.cache[file] = standIn;
  return true;
}

module.exports = { deferCodePaths, functionExports };
