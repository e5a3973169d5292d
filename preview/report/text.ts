/** The plain-text report: resource tree, policy findings grouped by policy, cost estimate and summary. */
import type { PolicyReport, PolicyViolation } from "../../policy/engine/types";
import type { CostEstimate } from "../cost/estimate";
import type { GateResult } from "../gate";
import { expansionSummary } from "../capture/awsx";
import { displayPath } from "../project";
import { renderApiChecks } from "./api";
import { renderDeployments } from "./deployments";
import { DEFAULT_WIDTH, truncate, wrapBlock } from "./fit";
import { Style } from "./style";
import { renderTree } from "./tree";
import { renderChangeSummary, renderUpdatePlan } from "../update/render";

const money = (n: number): string => `$${n.toFixed(2)}`;

function levelText(level: PolicyViolation["enforcementLevel"], style: Style): string {
  return level === "mandatory" ? style.red(level) : style.yellow(level);
}

export function renderPolicies(report: PolicyReport, pack: { name: string; version: string }, style: Style): string {
  const lines = [style.bold(`Policies (${pack.name}@v${pack.version}):`)];
  if (report.violations.length === 0) lines.push("    no violations");
  const byPolicy = new Map<string, PolicyViolation[]>();
  for (const v of report.violations) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  for (const policy of [...byPolicy.keys()].sort()) {
    const found = byPolicy.get(policy)!;
    lines.push(`    [${levelText(found[0].enforcementLevel, style)}]  ${policy}  (${found.length})`);
    lines.push(`        ${found[0].description}`);
    for (const v of found) {
      const awsx = v.synthesizedFrom
        ? ` [created at deploy time by ${v.synthesizedFrom.split("::")[2]} "${v.synthesizedFrom.split("::").pop()}"; change its ${v.argPath ? `\`${v.argPath}\`` : "args"}]`
        : "";
      lines.push(
        `        - ${v.urn.split("::").pop()} (${v.urn.split("::")[2].split("$").pop()}): ${(v.detail ?? v.message).replace(/\n/g, " ")}${awsx}`,
      );
    }
  }
  for (const r of report.remediations)
    lines.push(`    [remediate]  ${r.policy}  ${r.urn.split("::").pop()}: would change ${r.properties.join(", ")}`);
  for (const s of report.skipped) lines.push(`    [skipped]  ${s.policy}  ${s.urn.split("::").pop()}: ${s.reason}`);
  return lines.join("\n");
}

export function renderCost(cost: CostEstimate, style: Style): string {
  const lines = [
    style.bold(
      `Estimated monthly cost (${cost.currency}, ${cost.hoursPerMonth} h/month, ${cost.pricedRegion} list prices as of ${cost.pricesAsOf}) — an estimate:`,
    ),
  ];
  for (const s of cost.services) {
    const spot = s.spotShare > 0 ? `, ${Math.round(s.spotShare * 100)}% spot` : "";
    lines.push(
      `    service ${s.name}: ${s.tasks} × ${s.vcpu} vCPU / ${s.memoryGiB} GiB ${s.arch}${spot}  ${money(s.monthly)}` +
        `   (x86 on-demand ${money(s.compare.x86OnDemand)}, x86 spot ${money(s.compare.x86Spot)}, ARM on-demand ${money(s.compare.armOnDemand)})`,
    );
  }
  for (const c of cost.shared) lines.push(`    ${c.item} × ${c.quantity}  ${money(c.monthly)}`);
  lines.push(`    total  ${style.bold(money(cost.total))}`);
  for (const note of cost.notes) lines.push(style.dim(`    note: ${note}`));
  return lines.join("\n");
}

/** What the gate could not judge; it fails unless `--allow-unevaluated`. */
export function renderNotEvaluated(result: GateResult, style: Style): string[] {
  if (result.notEvaluated.length === 0) return [];
  const lines = [
    style.bold(style.red(`Not evaluated (${result.notEvaluated.length}) — the gate fails on these unless --allow-unevaluated:`)),
  ];
  for (const n of result.notEvaluated) lines.push(`    - ${n.what}: ${n.why}`);
  return [...lines, ""];
}

export function renderSummary(result: GateResult, style: Style): string {
  const resources = result.capture.recorded.map((r) => r.resource);
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const count = (level: string) => result.report.violations.filter((v) => v.enforcementLevel === level).length;
  const mandatory = count("mandatory");
  const synthesized = result.expansion.synthesized.length;
  const awsx = synthesized > 0 ? ` (+ ${synthesized} created by awsx at deploy time, evaluated)` : "";
  const changes = result.update
    ? renderChangeSummary(result.update, style)
    : [`    ${style.green(`+ ${resources.length} to create`)}${awsx}`];
  const lines = [style.bold("Resources:"), ...changes];
  for (const type of [...byType.keys()].sort()) lines.push(`        ${String(byType.get(type)).padStart(3)}  ${type}`);
  lines.push(style.bold("Policy violations:"));
  lines.push(
    `    ${mandatory > 0 ? style.red(`${mandatory} mandatory`) : "0 mandatory"}, ${count("advisory")} advisory, ` +
      `${result.report.remediations.length} remediated, ${result.report.skipped.length} skipped`,
  );
  const api = result.api.findings.length;
  lines.push(style.bold("AWS API findings:"));
  lines.push(`    ${api > 0 ? style.red(`${api} mandatory`) : "0 mandatory"}, ${result.api.notChecked.length} not checked`);
  lines.push(style.bold("Duration:"));
  lines.push(
    `    ${Math.round(result.capture.durationMs + result.policyMs)} ms (program ${Math.round(result.capture.durationMs)} ms, policies ${Math.round(result.policyMs)} ms)`,
  );
  return lines.join("\n");
}

/** What the program printed while it ran, like the CLI's per-resource diagnostics. */
export function renderMessages(result: GateResult, style: Style): string[] {
  const { messages, recorded } = result.capture;
  if (messages.length === 0) return [];
  const root = recorded[0]?.resource;
  const lines = [style.bold("Diagnostics:"), `  ${root ? `${root.type} (${root.name})` : "program"}:`];
  for (const m of messages) {
    const text = `    ${m.severity}: ${m.message.replace(/\n/g, "\n      ")}`;
    lines.push(m.severity === "error" ? style.red(text) : m.severity === "warning" ? style.yellow(text) : text);
  }
  return [...lines, ""];
}

/**
 * The whole report, every line at most `width` columns: the tree's columns are cut to fit, prose is wrapped.
 * @param width - columns available (the CLI passes the terminal's width, or {@link DEFAULT_WIDTH} off a terminal)
 */
export function renderText(result: GateResult, pack: { name: string; version: string }, style: Style, width = DEFAULT_WIDTH): string {
  const { capture } = result;
  const config = result.policyConfigFile ? `policy config ${displayPath(result.policyConfigFile)}` : "pack default policy config";
  const prose = (text: string): string => wrapBlock(text, width);
  // Count rows (`    3  aws:ecs/service:Service`) are a table: cut, don't wrap.
  const table = (text: string): string =>
    text
      .split("\n")
      .map((line) => (/^ +\d+ {2}\S+$/.test(line) ? truncate(line, width) : wrapBlock(line, width)))
      .join("\n");
  return [
    prose(`Previewing update (${capture.stack}) offline — mock AWS in ${capture.project.region}, ${config}:`),
    "",
    result.update
      ? prose(renderUpdatePlan(result.update, style))
      : renderTree(
          capture.recorded.map((r) => r.resource),
          style,
          width,
          expansionSummary(result.expansion),
        ),
    "",
    ...renderMessages(result, style).map(prose),
    prose(renderPolicies(result.report, pack, style)),
    "",
    prose(renderApiChecks(result.api, style)),
    "",
    ...renderNotEvaluated(result, style).map(prose),
    ...renderDeployments(
      capture.recorded.map((r) => r.resource),
      style,
    ).map(prose),
    prose(renderCost(result.cost, style)),
    "",
    table(renderSummary(result, style)),
    "",
  ].join("\n");
}
