/**
 * The verifier's `__provider` text: `host.ts` and the pure code it imports bundled by esbuild into one CommonJS
 * module, `@aws-sdk/client-ecs` left as a `require` (resolved from the program's directory, where the dynamic
 * provider host runs). Instead of Pulumi's closure serialisation, which costs seconds per process (an inspector
 * session and a TypeScript parse) on the offline gate's hot path; this costs one esbuild call, once per process.
 * Deterministic: same sources and esbuild version, same text; paths in it are relative to the package root.
 */
import * as path from "node:path";
import { buildSync } from "esbuild";

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
let cached: string | undefined;

export function providerText(): string {
  cached ??= buildSync({
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
  }).outputFiles[0].text;
  return cached;
}
