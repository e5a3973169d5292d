/**
 * How the update plan is shown: in the text report (the changed resources with the properties that drive
 * each change, then a change summary) and in the `--json` document (steps shaped like `pulumi preview
 * --json`'s: `op`, `oldState`, `newState`, `diffReasons`, `replaceReasons`, `detailedDiff`).
 */
import type { PreviewDocument, PreviewStep } from "../report/json";
import type { Style } from "../report/style";
import { PLAN_OPS, type PlanOp, type PlanStep, type PropertyChange, type UpdatePlan } from "./plan";
import type { PreviousResource } from "./previous";

const SYMBOL: Record<PlanOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };

function colour(op: PlanOp, text: string, style: Style): string {
  if (op === "create") return style.green(text);
  if (op === "delete" || op === "replace") return style.red(text);
  if (op === "update") return style.yellow(text);
  return text;
}

function describeChange(c: PropertyChange, byUrn: Map<string, PlanStep>): string {
  const mark = c.kind === "add" ? "+" : c.kind === "delete" ? "-" : "~";
  const notes: string[] = [];
  if (c.fromResource) {
    const from = byUrn.get(c.fromResource);
    notes.push(`known after apply: ${from ? `${from.name} is ${from.op === "create" ? "created" : "replaced"}` : c.fromResource}`);
  }
  if (c.replaceRule) notes.push(`replace-only (${c.replaceRule.source}: ${c.replaceRule.detail})`);
  return `${mark} ${c.path}${notes.length ? `  [${notes.join("; ")}]` : ""}`;
}

/** The changed resources and what drives each change; unchanged ones are only counted. */
export function renderUpdatePlan(plan: UpdatePlan, style: Style): string {
  const byUrn = new Map(plan.steps.map((s) => [s.urn, s]));
  const lines = [
    style.bold(`Update plan against ${plan.previousFile} (${plan.previousFormat}) — an estimate:`),
    style.dim(`    replacement semantics: ${plan.source}`),
  ];
  for (const note of plan.notes) lines.push(style.dim(`    note: ${note}`));
  const changed = plan.steps.filter((s) => s.op !== "same");
  if (changed.length === 0) lines.push("    no changes");
  for (const s of changed) {
    const flags = [
      s.protect ? "[protect]" : "",
      s.stateful ? "[stateful]" : "",
      s.rulesKnown || !s.custom ? "" : "[no replacement data: estimated as update]",
    ].filter(Boolean);
    const alias = s.previousUrn ? ` (was ${s.previousUrn.split("::").pop()}, by alias)` : "";
    lines.push(
      colour(s.op, ` ${SYMBOL[s.op].padEnd(2)}  ${s.type}  ${s.name}  ${s.op}${alias}${flags.length ? `  ${flags.join(" ")}` : ""}`, style),
    );
    for (const c of s.changes) lines.push(`          ${describeChange(c, byUrn)}`);
  }
  lines.push(`    ${plan.summary.same} unchanged`);
  return lines.join("\n");
}

/** The `Resources:` lines of the summary with a plan: counts per operation. */
export function renderChangeSummary(plan: UpdatePlan, style: Style): string[] {
  const label: Record<PlanOp, string> = {
    create: "to create",
    update: "to update",
    replace: "to replace",
    delete: "to delete",
    same: "unchanged",
  };
  return [
    ...PLAN_OPS.filter((op) => op !== "same").map((op) => `    ${colour(op, `${SYMBOL[op]} ${plan.summary[op]} ${label[op]}`, style)}`),
    `    ${plan.summary.same} unchanged  (an estimate, against ${plan.previousFile})`,
  ];
}

type DetailedDiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";

export interface UpdatePreviewStep extends Omit<PreviewStep, "op" | "newState"> {
  op: PlanOp;
  oldState?: {
    urn: string;
    type: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    protect?: boolean;
  };
  newState?: PreviewStep["newState"];
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: DetailedDiffKind; inputDiff: true }>;
}

export interface UpdatePreviewDocument extends Omit<PreviewDocument, "steps" | "changeSummary"> {
  steps: UpdatePreviewStep[];
  changeSummary: Partial<Record<PlanOp, number>>;
  updateEstimate: {
    previous: string;
    format: UpdatePlan["previousFormat"];
    estimate: true;
    replacementSource: string;
    notes: string[];
  };
}

function oldState(p: PreviousResource): NonNullable<UpdatePreviewStep["oldState"]> {
  return { urn: p.urn, type: p.type, custom: p.custom, inputs: p.inputs, outputs: p.outputs, ...(p.protect ? { protect: true } : {}) };
}

function detailedDiff(s: PlanStep): UpdatePreviewStep["detailedDiff"] {
  const out: NonNullable<UpdatePreviewStep["detailedDiff"]> = {};
  for (const c of s.changes) out[c.path] = { kind: c.replaceRule ? `${c.kind}-replace` : c.kind, inputDiff: true };
  return out;
}

/** The `--json` document of a run with `--previous`: steps carry the plan's operations. */
export function withUpdatePlan(doc: PreviewDocument, plan: UpdatePlan): UpdatePreviewDocument {
  const created = new Map(doc.steps.map((s) => [s.urn, s]));
  const before = new Map(plan.previousResources.map((p) => [p.urn, p]));
  const steps: UpdatePreviewStep[] = plan.steps.map((s) => {
    const old = before.get(s.previousUrn ?? s.urn);
    const step = created.get(s.urn);
    const base: UpdatePreviewStep = step ? { ...step, op: s.op } : { op: s.op, urn: s.urn };
    return {
      ...base,
      ...(old && s.op !== "create" ? { oldState: oldState(old) } : {}),
      ...(s.op === "update" || s.op === "replace" ? { diffReasons: s.diffReasons, detailedDiff: detailedDiff(s) } : {}),
      ...(s.op === "replace" ? { replaceReasons: s.replaceReasons } : {}),
    };
  });
  const changeSummary: Partial<Record<PlanOp, number>> = {};
  for (const op of PLAN_OPS) if (plan.summary[op] > 0) changeSummary[op] = plan.summary[op];
  return {
    ...doc,
    steps,
    changeSummary,
    updateEstimate: {
      previous: plan.previousFile,
      format: plan.previousFormat,
      estimate: true,
      replacementSource: plan.source,
      notes: plan.notes,
    },
  };
}
