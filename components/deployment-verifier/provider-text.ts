/**
 * The verifier's `__provider` text: `host.ts` and the pure code it imports bundled by esbuild into one CommonJS
 * module, `@aws-sdk/client-ecs` left as a `require` (resolved from the program's directory, where the dynamic
 * provider host runs). Instead of Pulumi's closure serialisation, which costs seconds per process (an inspector
 * session and a TypeScript parse) on the offline gate's hot path; this costs one esbuild call, once per process,
 * or none: under dockyard's loader (the offline gate, the bins, the tests) the bundle is kept in the loader's
 * cache with the sha-256 of every file esbuild read, and used again while they all still match.
 * Deterministic: same sources and esbuild version, same text; paths in it are relative to the package root.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildOptions } from "esbuild";

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
const OPTIONS = {
  entryPoints: [require.resolve("./host")],
  absWorkingDir: PACKAGE_ROOT,
  bundle: true,
  write: false,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["@aws-sdk/client-ecs"],
  legalComments: "none",
  logLevel: "silent",
} satisfies BuildOptions;

/** A kept bundle: the files it was made from (relative to the package root) with their sha-256, and its text. */
interface KeptBundle {
  inputs: Record<string, string>;
  text: string;
}

let cached: string | undefined;

export function providerText(): string {
  cached ??= loadProviderText(cacheFile(loaderCacheDir())).text;
  return cached;
}

/** The bundle kept in `file` when every file it was made from is unchanged, else esbuild's (then kept in `file`). */
export function loadProviderText(file: string | undefined): { text: string; from: "kept" | "esbuild" } {
  const kept = file === undefined ? undefined : keptBundle(file);
  if (kept !== undefined) return { text: kept, from: "kept" };
  // Loaded only when there is no kept bundle: starting esbuild's service is most of the cost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const result = buildSync({ ...OPTIONS, metafile: true });
  const text = result.outputFiles[0].text;
  if (file !== undefined) keep(file, Object.keys(result.metafile.inputs), text);
  return { text, from: "esbuild" };
}

/** The dockyard loader's cache directory, when the loader is active (it publishes it). */
function loaderCacheDir(): string | undefined {
  const loader = (globalThis as Record<symbol, { cacheDir?: () => string } | undefined>)[Symbol.for("dockyard.loader")];
  return loader?.cacheDir?.();
}

/** The file in `dir` for this package's bundle with these options and this esbuild. */
export function cacheFile(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const version = (JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")) as { version: string }).version;
  const key = createHash("sha256")
    .update(`verifier-provider\0${version}\0${JSON.stringify(OPTIONS)}`)
    .digest("hex");
  return path.join(dir, `${key}.bundle.json`);
}

const sha256 = (file: string): string =>
  createHash("sha256")
    .update(fs.readFileSync(path.join(PACKAGE_ROOT, file)))
    .digest("hex");

/** The kept bundle when every file it was made from is unchanged; undefined otherwise (or on any read error). */
function keptBundle(file: string): string | undefined {
  try {
    if (!fs.existsSync(file)) return undefined;
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as KeptBundle;
    return Object.entries(kept.inputs).every(([input, hash]) => sha256(input) === hash) ? kept.text : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the bundle (written beside and renamed: a concurrent reader never sees half a file); best effort. */
function keep(file: string, inputs: string[], text: string): void {
  try {
    const kept: KeptBundle = { inputs: Object.fromEntries(inputs.map((input) => [input, sha256(input)])), text };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(kept));
    fs.renameSync(temp, file);
  } catch {
    // An unwritable cache only costs the next process the esbuild call.
  }
}
