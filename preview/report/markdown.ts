/**
 * `--markdown FILE`: the report as GitHub-flavoured Markdown for a pull-request comment or a job's step summary.
 * Text from the program (resource names, policy details) is escaped so it cannot inject HTML, links or tables.
 */
import type { Finding, ReportModel } from "./findings";
import { changeLine, countItems, money, signedMoney } from "./findings";

export interface MarkdownOptions {
  /**
   * Where the architecture diagram is (a URL or a path relative to the Markdown file).
   * @default - the report says that no diagram was written
   */
  diagramHref?: string;
}

/** Escapes text for Markdown inline content: HTML, emphasis, links, table cells and mentions. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1")
    .replace(/@(?=\w)/g, "@\u200b");
}

/** A code span that survives any backticks inside (CommonMark: a longer fence). */
const code = (text: string): string => {
  const fence = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length)) + 1);
  return `${fence}${fence.length > 1 ? " " : ""}${text.replace(/\|/g, "\\|")}${fence.length > 1 ? " " : ""}${fence}`;
};

function findings(title: string, list: Finding[]): string[] {
  if (list.length === 0) return [`### ${title} (0)`, "", "None.", ""];
  const lines = [`### ${title} (${countItems(list)})`, ""];
  for (const f of list) {
    lines.push(`#### ${code(f.policy)}${f.severity ? ` · ${f.severity}` : ""}`, "", escapeMarkdown(f.description), "");
    for (const item of f.items) lines.push(`- ${code(item.resource)} (${code(item.type)}): ${escapeMarkdown(item.detail)}`);
    lines.push("", `**Fix:** ${f.fix ? escapeMarkdown(f.fix) : "see the policy's documentation."}`, "");
  }
  return lines;
}

export function renderMarkdown(model: ReportModel, options: MarkdownOptions = {}): string {
  const mandatory = countItems(model.mandatory);
  const advisory = countItems(model.advisory);
  const verdict =
    mandatory > 0 ? `❌ blocked: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` : "✅ passes the policy gate";
  const cost = model.cost;
  const delta = model.costDelta
    ? ` (${signedMoney(model.costDelta.delta)} vs the previous estimate of ${money(model.costDelta.previousTotal)})`
    : "";
  const lines = [
    `## dockyard preview: ${code(model.stack)} — ${verdict}`,
    "",
    `Offline preview against a mock AWS in ${code(model.region)}; policy pack ${code(`${model.pack.name}@v${model.pack.version}`)} with ${escapeMarkdown(model.policyConfig)}. ` +
      `${escapeMarkdown(changeLine(model))}. **${mandatory} mandatory**, ${advisory} advisory, ${model.remediations.length} remediated at \`up\`, ${model.skipped.length} skipped. ` +
      `Estimated cost ${money(cost.total)}/month${delta}.`,
    "",
    `### Changes: ${escapeMarkdown(changeLine(model))}`,
    "",
    "<details><summary>By resource type</summary>",
    "",
    `| Type | ${model.totals.map((t) => t.op[0].toUpperCase() + t.op.slice(1)).join(" | ")} |`,
    `|---|${model.totals.map(() => "---:").join("|")}|`,
    ...model.changes.map((c) => `| ${code(c.type)} | ${model.totals.map((t) => c.counts[t.op] ?? 0).join(" | ")} |`),
    "",
    "</details>",
    "",
    ...findings("Mandatory findings", model.mandatory),
    ...findings("Advisory findings", model.advisory),
  ];
  if (model.remediations.length > 0 || model.skipped.length > 0) {
    lines.push("### Remediated and skipped", "");
    for (const r of model.remediations)
      lines.push(`- remediated at \`up\`: ${code(r.policy)} on ${code(r.resource)} changes ${r.properties.map(code).join(", ")}`);
    for (const s of model.skipped) lines.push(`- skipped: ${code(s.policy)} on ${code(s.resource)}: ${escapeMarkdown(s.reason)}`);
    lines.push("");
  }
  lines.push(
    `### Estimated monthly cost: ${money(cost.total)}${delta}`,
    "",
    `${cost.currency}, ${cost.hoursPerMonth} h/month, ${cost.pricedRegion} list prices as of ${cost.pricesAsOf}; an estimate.${model.costNote ? ` ${escapeMarkdown(model.costNote[0].toUpperCase() + model.costNote.slice(1))}.` : ""}`,
    "",
    "| Item | Monthly |",
    "|---|---:|",
    ...cost.services.map((s) => {
      const spot = s.spotShare > 0 ? `, ${Math.round(s.spotShare * 100)} % spot` : "";
      return `| service ${code(s.name)}: ${s.tasks} × ${s.vcpu} vCPU / ${s.memoryGiB} GiB ${s.arch}${spot} | ${money(s.monthly)} |`;
    }),
    ...cost.shared.map((c) => `| ${escapeMarkdown(c.item)} × ${c.quantity} | ${money(c.monthly)} |`),
    `| **Total** | **${money(cost.total)}** |`,
    ...(model.costDelta
      ? [`| Change vs previous (${money(model.costDelta.previousTotal)}) | ${signedMoney(model.costDelta.delta)} |`]
      : []),
    "",
    ...cost.notes.map((n) => `- ${escapeMarkdown(n)}`),
    "",
    "### Diagram",
    "",
    options.diagramHref
      ? `[Architecture diagram of ${escapeMarkdown(model.stack)}](${encodeURI(options.diagramHref).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`
      : "Not written (run with `--graph FILE.svg`).",
    "",
  );
  return lines.join("\n");
}
