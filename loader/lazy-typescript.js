// @pulumi/pulumi loads the whole TypeScript compiler at start-up (runtime/closure/parseFunction.js requires
// its typescript-shim at the top), though only serializing a function (`pulumi.runtime.serializeFunction`,
// magic Lambda callbacks) ever uses it: a ~9 MB script compiled on every run. The shim's module is given a
// stand-in that loads the real shim, unchanged, on first use.
"use strict";
const Module = require("module");
const path = require("path");

/** Defers the typescript-shim of the @pulumi/pulumi that `fromDir` resolves; false when there is none to defer. */
function deferTypeScriptShim(fromDir = __dirname) {
  let shim;
  try {
    shim = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir] })), "typescript-shim.js");
    require("fs").accessSync(shim);
  } catch {
    return false;
  }
  if (require.cache[shim]) return false;
  let real;
  const load = () => {
    if (real === undefined) {
      const module = new Module(shim, null);
      module.filename = shim;
      module.paths = Module._nodeModulePaths(path.dirname(shim));
      module.load(shim);
      real = module.exports;
    }
    return real;
  };
  const standIn = new Module(shim, null);
  standIn.filename = shim;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
  require.cache[shim] = standIn;
  return true;
}

module.exports = { deferTypeScriptShim };
