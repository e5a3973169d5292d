/** Reads what test/package/require-graph.js recorded and finds the requests that left the package. */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

/** One resolution made by a file of the package. */
export interface Resolution {
  from: string;
  request: string;
  resolved?: string;
  error?: string;
}

export function readGraph(file: string): Resolution[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Resolution);
}

/**
 * Every resolution that is not a Node built-in, a file of the package itself (outside its node_modules), or a file
 * of one of `dependencies` as installed in `<root>/node_modules` (followed to its real path); failed ones too.
 */
export function escapes(graph: readonly Resolution[], root: string, dependencies: readonly string[]): Resolution[] {
  const allowed = dependencies.map((d) => `${fs.realpathSync(path.join(root, "node_modules", ...d.split("/")))}${path.sep}`);
  const builtins = new Set(builtinModules);
  return graph.filter(({ resolved }) => {
    if (resolved === undefined) return true;
    if (builtins.has(resolved) || builtins.has(resolved.replace(/^node:/, ""))) return false;
    if (resolved.startsWith(`${root}${path.sep}`) && !resolved.includes(`${path.sep}node_modules${path.sep}`)) return false;
    return !allowed.some((a) => resolved.startsWith(a));
  });
}
