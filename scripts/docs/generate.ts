/**
 * Rewrites every generated region of the Markdown docs (see regions.ts) from its source of truth:
 *
 *   npm run docs              # rewrite README.md and policy/README.md in place
 *   npm run docs -- --check   # exit 1 and name each stale region (the docs test runs this check)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { policyTable } from "../../policy/readme-table";
import { exportsTable } from "./exports-table";
import { rewrite } from "./regions";

const ROOT = path.resolve(__dirname, "../..");

/** The Markdown files that hold generated regions. */
export const DOC_FILES = ["README.md", "policy/README.md"] as const;

/** Region name → its text, computed from the code. */
export const GENERATORS: Readonly<Record<string, () => string>> = {
  "policy-table": () => policyTable(),
  "components-exports": () => exportsTable(path.join(ROOT, "components/index.ts")),
};

/** Each doc file as the generators would write it. */
export function generatedDocs(root = ROOT): { file: string; now: string; generated: string }[] {
  const cache = new Map<string, string>();
  const render = (name: string): string | undefined => {
    const generate = GENERATORS[name];
    if (generate === undefined) return undefined;
    if (!cache.has(name)) cache.set(name, generate());
    return cache.get(name);
  };
  return DOC_FILES.map((file) => {
    const now = fs.readFileSync(path.join(root, file), "utf8");
    return { file, now, generated: rewrite(now, file, render) };
  });
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  const stale = generatedDocs().filter((d) => d.now !== d.generated);
  if (check) {
    if (stale.length > 0) {
      console.error(`stale generated docs: ${stale.map((d) => d.file).join(", ")}. Fix: npm run docs`);
      process.exit(1);
    }
    console.log("generated docs are up to date");
  } else {
    for (const d of stale) fs.writeFileSync(path.join(ROOT, d.file), d.generated);
    console.log(stale.length === 0 ? "generated docs were up to date" : `rewrote ${stale.map((d) => d.file).join(", ")}`);
  }
}
