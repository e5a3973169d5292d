/** `--markdown FILE` and `--html FILE`: checked before the program runs, written after the gate (also when it blocks). */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { GateResult } from "../gate";
import { architectureSvg } from "../graph/write";
import { ReportOptions, reportModel } from "./findings";
import { renderHtml } from "./html";
import { renderMarkdown } from "./markdown";
import { makeStyle } from "./style";
import { renderUpdatePlan } from "../update/render";
import { checkOutputFile } from "./output-file";

export interface ReportFiles {
  /** @default - no Markdown report */
  markdown?: string;
  /** @default - no HTML report */
  html?: string;
  /** The `--graph` file, linked from the Markdown report. @default - none */
  graph?: string;
  /** Link to the diagram in the Markdown report. @default - the `--graph` file relative to the Markdown file */
  diagramLink?: string;
  /** `--previous`: its cost estimate, when it has one, gives the cost delta. @default - no delta */
  previous?: string;
}

/**
 * The cost estimate of a `--previous` file: the `costEstimate.total` of an earlier `--json` document. A stack
 * export has none. (The update plan has already read and validated the file.)
 */
export function previousCostOf(file: string): ReportOptions {
  const doc: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const estimate = doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>)["costEstimate"] : undefined;
  const total = estimate !== null && typeof estimate === "object" ? (estimate as Record<string, unknown>)["total"] : undefined;
  return typeof total === "number" && Number.isFinite(total) ? { previousCost: { total } } : { previousWithoutCost: file };
}

export function checkReportFiles(files: ReportFiles): void {
  if (files.markdown) checkOutputFile("--markdown", files.markdown, [".md"], "preview.md");
  if (files.html) checkOutputFile("--html", files.html, [".html", ".htm"], "preview.html");
}

/** Where the Markdown report links the diagram: an explicit link, else the graph file relative to the report. */
export function diagramHref(files: ReportFiles): string | undefined {
  if (files.diagramLink) return files.diagramLink;
  if (!files.graph || !files.markdown) return undefined;
  return path
    .relative(path.dirname(path.resolve(files.markdown)), path.resolve(files.graph))
    .split(path.sep)
    .join("/");
}

/** Writes one report; a failure (permissions, a full disk) names the flag and the file instead of "the program failed". */
function write(flag: string, file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new pulumi.RunError(
      `${flag} ${file}: could not write it (${reason}). Fix: check the file's permissions and free space, or write elsewhere`,
    );
  }
}

export async function writeReports(
  result: GateResult,
  pack: { name: string; version: string },
  files: ReportFiles,
  options: ReportOptions = {},
): Promise<void> {
  if (!files.markdown && !files.html) return;
  const model = reportModel(result, pack, { ...(files.previous ? previousCostOf(files.previous) : {}), ...options });
  const resources = result.capture.recorded.map((r) => r.resource);
  if (files.markdown) write("--markdown", files.markdown, renderMarkdown(model, { diagramHref: diagramHref(files) }));
  const planText = result.update ? renderUpdatePlan(result.update, makeStyle(false)) : undefined;
  if (files.html)
    write("--html", files.html, renderHtml({ model, resources, svg: await architectureSvg(resources), ...(planText ? { planText } : {}) }));
}
