/**
 * What the CI reports (`--markdown`, `--html`) show, computed once: changes by type, policy findings grouped
 * by enforcement level and policy with the policy's own fix (`remediationSteps`), and the cost with its delta
 * against a previous estimate.
 */
import type { Policies } from "@pulumi/policy";
import type { PolicyViolation } from "../../policy/engine/types";
import { allPolicies } from "../../policy/policies";
import type { CostEstimate } from "../cost/estimate";
import type { GateResult } from "../gate";
import { displayPath } from "../project";

export interface FindingItem {
  /** The resource's logical name (or the stack's, for stack policies without a URN). */
  resource: string;
  type: string;
  detail: string;
}

export interface Finding {
  policy: string;
  level: PolicyViolation["enforcementLevel"];
  severity?: string;
  description: string;
  /** The policy's `remediationSteps`: what to change. */
  fix?: string;
  items: FindingItem[];
}

export interface ReportModel {
  stack: string;
  region: string;
  pack: { name: string; version: string };
  policyConfig: string;
  /** Changes by resource type (sorted by type): counts per operation (only `create` without `--previous`). */
  changes: { type: string; counts: Partial<Record<ChangeOp, number>> }[];
  /** The operations that occur, in plan order, with their totals. */
  totals: { op: ChangeOp; count: number }[];
  created: number;
  /** With `--previous`: resources left as they are, and the file compared against. */
  unchanged?: { count: number; against: string };
  mandatory: Finding[];
  advisory: Finding[];
  remediations: { policy: string; resource: string; properties: string[] }[];
  skipped: { policy: string; resource: string; reason: string }[];
  cost: CostEstimate;
  /** `cost.total - previousCost.total`, rounded to cents, when a previous estimate was given. */
  costDelta?: { previousTotal: number; delta: number };
  /** Why no delta is shown although a previous file was given. */
  costNote?: string;
}

export type ChangeOp = "create" | "update" | "replace" | "delete";
export const CHANGE_OPS: readonly ChangeOp[] = ["create", "update", "replace", "delete"];
export const CHANGE_LABEL: Record<ChangeOp, string> = {
  create: "+ {n} to create",
  update: "~ {n} to update",
  replace: "+- {n} to replace",
  delete: "- {n} to delete",
};

export interface ReportOptions {
  /**
   * A previous run's cost estimate (e.g. the `costEstimate` of an earlier `--json` document), for the delta.
   * @default - no delta is shown
   */
  previousCost?: Pick<CostEstimate, "total">;
  /**
   * A previous file that has no cost estimate (e.g. a `pulumi stack export`): the report says why there is no delta.
   * @default - none
   */
  previousWithoutCost?: string;
  /** @default - the pack's own policies (for the fixes) */
  policies?: Policies;
}

const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;
const typeOf = (urn: string): string => (urn.split("::")[2] ?? "").split("$").pop() ?? "";

function group(violations: PolicyViolation[], policies: Policies): Finding[] {
  const fixes = new Map(policies.map((p) => [p.name, p.remediationSteps]));
  const byPolicy = new Map<string, Finding>();
  for (const v of violations) {
    const finding = byPolicy.get(v.policy) ?? {
      policy: v.policy,
      level: v.enforcementLevel,
      ...(v.severity ? { severity: v.severity } : {}),
      description: v.description,
      ...(fixes.get(v.policy) ? { fix: fixes.get(v.policy) } : {}),
      items: [],
    };
    // A stack policy may report without a resource: the finding is about the stack as a whole.
    const resource = v.urn ? { resource: nameOf(v.urn), type: typeOf(v.urn) } : { resource: "(stack)", type: "stack" };
    finding.items.push({ ...resource, detail: (v.detail ?? v.message).replace(/\s*\n\s*/g, " ") });
    byPolicy.set(v.policy, finding);
  }
  return [...byPolicy.values()].sort((a, b) => a.policy.localeCompare(b.policy));
}

export function reportModel(result: GateResult, pack: { name: string; version: string }, options: ReportOptions = {}): ReportModel {
  const { capture, report, cost } = result;
  const policies = options.policies ?? allPolicies;
  // With an update plan the steps carry the operations; without one everything is a create.
  const steps = result.update
    ? result.update.steps
    : capture.recorded.map(({ resource }) => ({ type: resource.type, op: "create" as const }));
  const byType = new Map<string, Partial<Record<ChangeOp, number>>>();
  const totals = new Map<ChangeOp, number>();
  for (const step of steps) {
    if (step.op === "same") continue;
    const counts = byType.get(step.type) ?? {};
    counts[step.op] = (counts[step.op] ?? 0) + 1;
    byType.set(step.type, counts);
    totals.set(step.op, (totals.get(step.op) ?? 0) + 1);
  }
  const previous = options.previousCost;
  return {
    stack: capture.stack,
    region: capture.project.region,
    pack,
    policyConfig: result.policyConfigFile ? displayPath(result.policyConfigFile) : "the pack's defaults (no policy config file)",
    changes: [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, counts]) => ({ type, counts })),
    totals: CHANGE_OPS.filter((op) => totals.has(op) || (op === "create" && !result.update)).map((op) => ({
      op,
      count: totals.get(op) ?? 0,
    })),
    created: totals.get("create") ?? 0,
    ...(result.update ? { unchanged: { count: result.update.summary.same, against: result.update.previousFile } } : {}),
    mandatory: group(
      report.violations.filter((v) => v.enforcementLevel === "mandatory"),
      policies,
    ),
    advisory: group(
      report.violations.filter((v) => v.enforcementLevel !== "mandatory"),
      policies,
    ),
    remediations: report.remediations.map((r) => ({ policy: r.policy, resource: nameOf(r.urn), properties: r.properties })),
    skipped: report.skipped.map((s) => ({ policy: s.policy, resource: s.urn ? nameOf(s.urn) : "(stack)", reason: s.reason })),
    cost,
    ...(previous ? { costDelta: { previousTotal: previous.total, delta: Math.round((cost.total - previous.total) * 100) / 100 } } : {}),
    ...(!previous && options.previousWithoutCost
      ? { costNote: `no cost delta: ${options.previousWithoutCost} has no cost estimate (only a dockyard-preview --json document has one)` }
      : {}),
  };
}

export const countItems = (findings: Finding[]): number => findings.reduce((n, f) => n + f.items.length, 0);
export const money = (n: number): string => `$${n.toFixed(2)}`;
export const signedMoney = (n: number): string => `${n > 0 ? "+" : n < 0 ? "−" : "±"}$${Math.abs(n).toFixed(2)}`;

/** `+ 3 to create, ~ 1 to update` (and `12 unchanged` with a plan). */
export function changeLine(model: ReportModel): string {
  const parts = model.totals.map((t) => CHANGE_LABEL[t.op].replace("{n}", String(t.count)));
  if (model.unchanged) parts.push(`${model.unchanged.count} unchanged (an estimate against ${model.unchanged.against})`);
  return parts.join(", ") || "no changes";
}
