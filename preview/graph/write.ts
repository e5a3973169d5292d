/** `--graph FILE`: writes the architecture as `.dot`, `.mmd` (Mermaid) or `.svg` (Graphviz in WASM, no system binaries). */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "../../policy/engine/types";
import { buildArchitecture } from "./model";
import { toDot, toMermaid } from "./render";

export const GRAPH_FORMATS = [".svg", ".dot", ".mmd"] as const;

/** Graphviz DOT rendered to SVG with @viz-js/viz. */
export async function dotToSvg(dot: string): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  return viz.renderString(dot, { format: "svg" });
}

/** Rejects a `--graph` file whose extension names no supported format (checked before the program runs). */
export function checkGraphFile(file: string): void {
  const ext = path.extname(file).toLowerCase();
  if (!(GRAPH_FORMATS as readonly string[]).includes(ext)) {
    throw new pulumi.RunError(`--graph ${file}: unsupported extension "${ext || "(none)"}"; allowed: ${GRAPH_FORMATS.join(", ")}. Fix: e.g. --graph docs/dev-stack.svg`);
  }
  // A typo in the directory should not quietly create a new tree somewhere.
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new pulumi.RunError(`--graph ${file}: the directory ${path.dirname(file)} does not exist; allowed: a file in an existing directory. Fix: create it first (mkdir -p ${path.dirname(file)}) or pick another path`);
  }
}

export async function writeGraph(resources: CapturedResource[], file: string): Promise<void> {
  checkGraphFile(file);
  const ext = path.extname(file).toLowerCase();
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const graph = buildArchitecture(resources, root ? root.name : "stack");
  const dot = toDot(graph);
  const text = ext === ".dot" ? dot : ext === ".mmd" ? toMermaid(graph) : await dotToSvg(dot);
  fs.writeFileSync(file, text);
}
