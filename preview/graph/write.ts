/** `--graph FILE`: writes the architecture as `.dot`, `.mmd` (Mermaid) or `.svg` (Graphviz in WASM, no system binaries). */
import * as fs from "fs";
import * as path from "path";
import type { CapturedResource } from "../../policy/engine/types";
import { checkOutputFile } from "../report/output-file";
import { embedFont } from "./font";
import { ArchitectureGraph, buildArchitecture } from "./model";
import { toDot, toMermaid } from "./render";

export const GRAPH_FORMATS = [".svg", ".dot", ".mmd"] as const;

/** Graphviz DOT rendered to SVG with @viz-js/viz, with the font its layout assumes embedded. */
export async function dotToSvg(dot: string): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  return embedFont(viz.renderString(dot, { format: "svg" }));
}

/** Rejects a `--graph` file with no supported format or in a missing directory (checked before the program runs). */
export function checkGraphFile(file: string): void {
  checkOutputFile("--graph", file, GRAPH_FORMATS, "docs/dev-stack.svg");
}

/** The architecture of the captured resources, titled with the stack's name. */
export function architectureOf(resources: CapturedResource[]): ArchitectureGraph {
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  return buildArchitecture(resources, root ? root.name : "stack");
}

/** The diagram as SVG, as `--graph FILE.svg` writes it and `--html` inlines it. */
export const architectureSvg = (resources: CapturedResource[]): Promise<string> => dotToSvg(toDot(architectureOf(resources)));

export async function writeGraph(resources: CapturedResource[], file: string): Promise<void> {
  checkGraphFile(file);
  const ext = path.extname(file).toLowerCase();
  const graph = architectureOf(resources);
  const dot = toDot(graph);
  const text = ext === ".dot" ? dot : ext === ".mmd" ? toMermaid(graph) : await dotToSvg(dot);
  fs.writeFileSync(file, text);
}
