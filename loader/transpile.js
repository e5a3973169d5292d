// TypeScript → CommonJS with esbuild, cached on disk by content hash: a file is transpiled once, then every
// later start reads the cached JavaScript (no TypeScript compiler, no esbuild process). Type checking is
// `npm run typecheck`'s job; like ts-node's transpile-only mode, each file is transpiled on its own.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

/** esbuild's options, fixed: the repository's tsconfig (ES2022, CommonJS) for every file, as ts-node did. */
const TRANSFORM = {
  loader: "ts",
  format: "cjs",
  target: "node20",
  sourcemap: "external",
  sourcesContent: false,
  // `import()` becomes `require()`, as tsc emits it for CommonJS (a native import() would bypass this hook).
  supported: { "dynamic-import": false },
  tsconfigRaw: { compilerOptions: { target: "ES2022", useDefineForClassFields: true, esModuleInterop: true } },
};

/** Bump when the output's shape changes: every cached file is then transpiled again. */
const FORMAT = 2;

let esbuild;
let salt;

/** The cache key's constant part: loader format, esbuild's version and its options. */
function keySalt() {
  if (salt === undefined) {
    const version = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
    salt = `${FORMAT}\0${version}\0${JSON.stringify(TRANSFORM)}\0`;
  }
  return salt;
}

/**
 * Where cached output goes: `DOCKYARD_CACHE_DIR`, else `node_modules/.cache/dockyard` beside this package
 * (the usual place for tool caches), else the temp dir when there is no node_modules to hold it.
 */
function cacheDir() {
  if (process.env.DOCKYARD_CACHE_DIR) return path.resolve(process.env.DOCKYARD_CACHE_DIR);
  const modules = path.join(__dirname, "..", "node_modules");
  if (fs.existsSync(modules)) return path.join(modules, ".cache", "dockyard");
  return path.join(os.tmpdir(), `dockyard-cache-${typeof process.getuid === "function" ? process.getuid() : "user"}`);
}

/** Same content (and path, which the source map names) → same key; any change → a new key. */
function cacheKey(filename, source) {
  return crypto.createHash("sha256").update(keySalt()).update(filename).update("\0").update(source).digest("hex");
}

/** Writes next to the target and renames: concurrent processes never read a half-written file. */
function writeAtomic(file, text) {
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

const stats = { hits: 0, misses: 0, cacheErrors: 0 };

/**
 * The JavaScript for `filename` and where it and its source map are: `{ code, codeFile, mapFile }` from the
 * cache, or `{ code, mapText }` when the cache cannot be written (the run goes on without it).
 * @param {string} filename absolute path
 * @param {string} source its TypeScript text
 * @param {string} [dir] cache directory (tests)
 */
function transpile(filename, source, dir = cacheDir()) {
  const key = cacheKey(filename, source);
  const codeFile = path.join(dir, `${key}.js`);
  const mapFile = `${codeFile}.map`;
  try {
    const code = fs.readFileSync(codeFile, "utf8");
    stats.hits++;
    return { code, codeFile, mapFile };
  } catch {
    // not cached yet
  }
  stats.misses++;
  if (esbuild === undefined) esbuild = require("esbuild");
  const out = esbuild.transformSync(source, { ...TRANSFORM, sourcefile: filename });
  // Read only when Node's own source-map support is on (`--enable-source-maps`, for debugging); relative to
  // the .ts file, the name the code is compiled under (Node 20 ignores an absolute file: URL here).
  const code = `${out.code}//# sourceMappingURL=${encodeURI(path.relative(path.dirname(filename), mapFile).split(path.sep).join("/"))}\n`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(mapFile, out.map);
    writeAtomic(codeFile, code);
    return { code, codeFile, mapFile };
  } catch {
    stats.cacheErrors++;
    return { code, mapText: out.map };
  }
}

module.exports = { transpile, cacheDir, cacheKey, stats };
