/**
 * `--html FILE`: one self-contained page (no scripts, no external requests: inline CSS, the diagram inlined as
 * SVG with its font embedded, and a Content-Security-Policy that forbids loading anything else).
 */
import type { CapturedResource } from "../../policy/engine/types";
import type { Finding, ReportModel } from "./findings";
import { changeLine, countItems, money, signedMoney } from "./findings";
import { makeStyle } from "./style";
import { renderTree } from "./tree";

export interface HtmlInput {
  model: ReportModel;
  /** The resources, for the plan tree. */
  resources: CapturedResource[];
  /**
   * The architecture diagram as an SVG document (see `architectureSvg`).
   * @default - the page says no diagram was rendered
   */
  svg?: string;
  /** @default - the resource tree (every resource a create) */
  planText?: string;
}

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Nothing may be fetched: styles and fonts only inline or as data: URIs. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #ffffff; }
header { padding: 16px 24px; color: #ffffff; }
header.blocked { background: #b42318; }
header.passed { background: #1a7f37; }
header h1 { margin: 0 0 4px; font-size: 22px; }
main { padding: 8px 24px 32px; max-width: 1200px; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 28px; }
.finding { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.finding.mandatory { border-left-color: #b42318; }
.finding.advisory { border-left-color: #bf8700; }
.finding h3 { margin: 4px 0; font-size: 15px; }
.fix { background: #f6f8fa; border-radius: 4px; padding: 6px 10px; }
.level { font-weight: 600; text-transform: uppercase; font-size: 12px; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; }
td.num, th.num { text-align: right; }
pre.tree { background: #f6f8fa; padding: 12px; overflow-x: auto; font-size: 12px; }
figure.diagram { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
figure.diagram svg { display: block; max-width: 100%; height: auto; }
`;

function findingsSection(title: string, id: string, list: Finding[]): string {
  const items = list.map(
    (f) => `
<section class="finding ${f.level}" data-policy="${escapeHtml(f.policy)}">
  <h3><span class="level">${escapeHtml(f.level)}</span> <code>${escapeHtml(f.policy)}</code>${f.severity ? ` · ${escapeHtml(f.severity)}` : ""}</h3>
  <p>${escapeHtml(f.description)}</p>
  <ul>${f.items.map((i) => `<li><code>${escapeHtml(i.resource)}</code> (<code>${escapeHtml(i.type)}</code>): ${escapeHtml(i.detail)}</li>`).join("")}</ul>
  <p class="fix"><strong>Fix:</strong> ${escapeHtml(f.fix ?? "see the policy's documentation.")}</p>
</section>`,
  );
  return `<h2 id="${id}">${escapeHtml(title)} (${countItems(list)})</h2>${items.length ? items.join("") : "\n<p>None.</p>"}`;
}

/** An SVG document as an inline element: no XML prolog or doctype inside HTML. */
const inlineSvg = (svg: string): string =>
  svg
    .replace(/^<\?xml[^>]*>\s*/, "")
    .replace(/<!DOCTYPE[^>]*>\s*/, "")
    .replace(/<!--[\s\S]*?-->\s*/g, "");

export function renderHtml({ model, resources, svg, planText }: HtmlInput): string {
  const mandatory = countItems(model.mandatory);
  const advisory = countItems(model.advisory);
  const blocked = mandatory > 0;
  const cost = model.cost;
  const delta = model.costDelta ? ` (${signedMoney(model.costDelta.delta)} vs the previous ${money(model.costDelta.previousTotal)})` : "";
  const costRows = [
    ...cost.services.map((s) => [
      `service ${s.name}: ${s.tasks} × ${s.vcpu} vCPU / ${s.memoryGiB} GiB ${s.arch}${s.spotShare > 0 ? `, ${Math.round(s.spotShare * 100)} % spot` : ""}`,
      money(s.monthly),
    ]),
    ...cost.shared.map((c) => [`${c.item} × ${c.quantity}`, money(c.monthly)]),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dockyard preview: ${escapeHtml(model.stack)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="${blocked ? "blocked" : "passed"}">
  <h1>dockyard preview: ${escapeHtml(model.stack)} — ${blocked ? `blocked: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}` : "passes the policy gate"}</h1>
  <p id="summary">${escapeHtml(changeLine(model))} · ${mandatory} mandatory · ${advisory} advisory · ${model.remediations.length} remediated · ${model.skipped.length} skipped · estimated ${money(cost.total)}/month${escapeHtml(delta)}</p>
</header>
<main>
<p>Offline preview against a mock AWS in <code>${escapeHtml(model.region)}</code>; policy pack <code>${escapeHtml(`${model.pack.name}@v${model.pack.version}`)}</code> with ${escapeHtml(model.policyConfig)}.</p>
${findingsSection("Mandatory findings", "mandatory", model.mandatory)}
${findingsSection("Advisory findings", "advisory", model.advisory)}
<h2 id="diagram">Diagram</h2>
${svg ? `<figure class="diagram">${inlineSvg(svg)}</figure>` : "<p>No diagram was rendered.</p>"}
<h2 id="cost">Estimated monthly cost: ${money(cost.total)}${escapeHtml(delta)}</h2>
<p>${escapeHtml(`${cost.currency}, ${cost.hoursPerMonth} h/month, ${cost.pricedRegion} list prices as of ${cost.pricesAsOf}; an estimate.${model.costNote ? ` ${model.costNote[0].toUpperCase()}${model.costNote.slice(1)}.` : ""}`)}</p>
<table>
<tr><th>Item</th><th class="num">Monthly</th></tr>
${costRows.map(([item, value]) => `<tr><td>${escapeHtml(item)}</td><td class="num">${value}</td></tr>`).join("\n")}
<tr><th>Total</th><th class="num">${money(cost.total)}</th></tr>
</table>
<ul>${cost.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>
<h2 id="plan">Plan: ${escapeHtml(changeLine(model))}</h2>
<pre class="tree">${escapeHtml(planText ?? renderTree(resources, makeStyle(false)))}</pre>
<h2 id="changes">Changes by type</h2>
<table>
<tr><th>Type</th>${model.totals.map((t) => `<th class="num">${t.op[0].toUpperCase()}${t.op.slice(1)}</th>`).join("")}</tr>
${model.changes.map((c) => `<tr><td><code>${escapeHtml(c.type)}</code></td>${model.totals.map((t) => `<td class="num">${c.counts[t.op] ?? 0}</td>`).join("")}</tr>`).join("\n")}
</table>
</main>
</body>
</html>
`;
}
