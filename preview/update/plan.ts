/**
 * The update plan: what `pulumi up` would do to each resource given the previous state, estimated offline.
 * Resources are matched by URN (or by an alias the program records); inputs are deep-compared; a change to a
 * replace-only property (see `replace-rules.ts`) makes a replacement; an input fed by a resource that is
 * being replaced or created is unknown until apply, as in a real preview, and counts as a change.
 */
import { VERIFICATION_TYPE } from "../../components/deployment-verifier/type";
import type { RecordedResource } from "../capture/recorder";
import { DEFAULT_ACCOUNT_ID } from "../mock-aws";
import { diffValues, mapStrings, pairedStrings, stringLeaves, type ChangeKind } from "./diff";
import type { PreviousResource, PreviousState } from "./previous";
import { fieldPath, replaceRuleFor, replacementSource, rulesFor, type ReplaceRule } from "./replace-rules";

export type PlanOp = "create" | "update" | "replace" | "delete" | "same";
export const PLAN_OPS: readonly PlanOp[] = ["create", "update", "replace", "delete", "same"];

export interface PropertyChange {
  /** Input path, e.g. `containerDefinitions[0].secrets`. */
  path: string;
  kind: ChangeKind;
  /** Set when this change forces a replacement. */
  replaceRule?: ReplaceRule;
  /** URN of the replaced or created resource whose new output feeds this input (unknown until apply). */
  fromResource?: string;
}

export interface PlanStep {
  op: PlanOp;
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** The previous URN when it was matched through an alias. */
  previousUrn?: string;
  changes: PropertyChange[];
  /** Top-level properties that differ (`pulumi preview --json`'s `diffReasons`). */
  diffReasons: string[];
  /** Top-level properties that force the replacement (`replaceReasons`). */
  replaceReasons: string[];
  /** `protect` of the resource (current, or previous for a deletion). */
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  stateful: boolean;
  /** The resource's explicit physical name, when its type has one and the program sets it. */
  physicalName?: string;
  /** What must be unique in AWS besides names (a listener rule's `listener priority`), when all of it is set. */
  uniqueKey?: string;
  /** Whether the replacement rules for this type are known (unknown types are estimated from inputs only). */
  rulesKnown: boolean;
  /** The new inputs (printable), absent for a deletion. */
  inputs?: Record<string, unknown>;
  parent?: string;
  /** The new dependencies, for ordering checks (empty for a deletion). */
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

export interface UpdatePlan {
  previousFile: string;
  previousFormat: PreviousState["format"];
  /** The previous state compared against (printable values). */
  previousResources: PreviousResource[];
  steps: PlanStep[];
  summary: Record<PlanOp, number>;
  /** Where the replacement semantics come from. */
  source: string;
  /** Caveats specific to this comparison (mock values mapped, nothing matched, …). */
  notes: string[];
}

const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

function uniqueKeyOf(keys: string[] | undefined, inputs: Record<string, unknown>): string | undefined {
  if (!keys) return undefined;
  const values = keys.map((k) => inputs[k]);
  return values.every((v) => typeof v === "string" || typeof v === "number")
    ? keys.map((k, i) => `${k}=${String(values[i])}`).join(" ")
    : undefined;
}
const topLevel = (path: string): string => path.split(/[.[]/)[0];

/** Minimum length of a mock value rewritten inside longer strings: short values would match by accident. */
const MIN_SUBSTRING = 12;

/** The one AWS account the export's ARNs and registry hosts name, if there is exactly one. */
function exportedAccount(previous: PreviousResource[]): string | undefined {
  const accounts = new Set<string>();
  for (const p of previous) {
    for (const s of stringLeaves(p.outputs)) {
      for (const m of s.matchAll(/\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g)) accounts.add(m[1]);
      for (const m of s.matchAll(/\b(\d{12})\.dkr\.ecr\./g)) accounts.add(m[1]);
    }
  }
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

/**
 * A stack export holds real ids and ARNs where this run has the mock's: map the mock outputs of each matched
 * resource to the previous real outputs, and the mock account to the exported one (ARNs the program builds
 * from the caller identity), so inputs compare equal when nothing changed.
 */
function mockToReal(pairs: [RecordedResource, PreviousResource][], account?: { mock: string; real: string }): (s: string) => string {
  const exact = new Map<string, string>();
  for (const [current, previous] of pairs) {
    for (const [mock, real] of pairedStrings(current.resource.outputs, previous.outputs)) if (!exact.has(mock)) exact.set(mock, real);
  }
  const long = [...exact.entries()].filter(([mock]) => mock.length >= MIN_SUBSTRING).sort((a, b) => b[0].length - a[0].length);
  return (s) => {
    const hit = exact.get(s);
    if (hit !== undefined) return hit;
    let out = s;
    for (const [mock, real] of long) if (out.includes(mock)) out = out.split(mock).join(real);
    if (account)
      out = out.split(`:${account.mock}:`).join(`:${account.real}:`).split(`${account.mock}.dkr.ecr.`).join(`${account.real}.dkr.ecr.`);
    return out;
  };
}

/** Strings only the provider knows after apply: output leaves that are not also input leaves. */
function computedStrings(r: RecordedResource): string[] {
  const inputs = new Set(stringLeaves(r.resource.inputs));
  return [...new Set(stringLeaves(r.resource.outputs))].filter((s) => s.length >= MIN_SUBSTRING && !inputs.has(s));
}

/** Shortest value taken for a computed id (`sg-…`, `srv-…`) when it appears only inside a computed ARN. */
const MIN_ID = 8;

/**
 * Whether `value` carries something `dep` computes: a computed output inside it (an ARN in a policy), or a
 * leaf of it inside a computed output (an id the capture has only as part of the ARN). Values the dependency
 * merely echoes from its own inputs (a name) are known in a preview and do not count.
 */
function fedByComputed(value: unknown, dep: RecordedResource): boolean {
  const computed = computedStrings(dep);
  const text = JSON.stringify(value ?? null);
  if (computed.some((c) => text.includes(c))) return true;
  const echoed = new Set(stringLeaves(dep.resource.inputs));
  return stringLeaves(value).some((leaf) => leaf.length >= MIN_ID && !echoed.has(leaf) && computed.some((c) => c.includes(leaf)));
}

function ignored(path: string, ignoreChanges: string[]): boolean {
  return ignoreChanges.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
}

function emptySummary(): Record<PlanOp, number> {
  return { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
}

/** Matches each resource of this run to the previous one with its URN, or with one of its aliases. */
function matchPrevious(current: RecordedResource[], previous: PreviousState): Map<string, PreviousResource> {
  const byUrn = new Map(previous.resources.map((r) => [r.urn, r]));
  const matched = new Map<string, PreviousResource>();
  for (const { resource: r } of current) {
    const hit = byUrn.get(r.urn) ?? r.options.aliases.map((a) => byUrn.get(a)).find((p) => p !== undefined);
    if (hit) matched.set(r.urn, hit);
  }
  return matched;
}

/** What the plan knows while it walks the resources in registration order (dependencies come first). */
interface PlanContext {
  translate: (s: string) => string;
  opOf: Map<string, PlanOp>;
  recordedByUrn: Map<string, RecordedResource>;
}

/** The input changes of a matched resource: the deep diff, then inputs fed by replaced or created resources. */
function changesOf(rec: RecordedResource, prev: PreviousResource, ctx: PlanContext): PropertyChange[] {
  const r = rec.resource;
  const rules = rulesFor(r.type);
  const inputs = mapStrings(rec.display.inputs, ctx.translate) as Record<string, unknown>;
  const changes: PropertyChange[] = [];
  for (const change of diffValues(prev.inputs, inputs)) {
    // A value the provider defaulted last time and the program still leaves unset: the provider defaults it again.
    if (change.kind === "delete" && prev.providerDefaults.includes(fieldPath(change.path))) continue;
    // dockyard's verifier diffs only its own inputs; the Node.js dynamic provider host never diffs the serialised provider.
    if (r.type === VERIFICATION_TYPE && topLevel(change.path) === "__provider") continue;
    if (!ignored(change.path, r.options.ignoreChanges)) changes.push(change);
  }
  for (const [prop, deps] of Object.entries(r.propertyDependencies)) {
    if (changes.some((c) => topLevel(c.path) === prop) || ignored(prop, r.options.ignoreChanges)) continue;
    const source = deps.find((dep) => {
      const op = ctx.opOf.get(dep);
      const depRec = ctx.recordedByUrn.get(dep);
      return (op === "replace" || op === "create") && depRec !== undefined && fedByComputed(r.inputs[prop], depRec);
    });
    if (source) changes.push({ path: prop, kind: "update", fromResource: source });
  }
  for (const c of changes) {
    const rule = replaceRuleFor(rules, c.path);
    if (rule) c.replaceRule = rule;
  }
  if (prev.type !== r.type)
    changes.unshift({
      path: "(type)",
      kind: "update",
      replaceRule: { property: "(type)", source: "provider", detail: `type changed from ${prev.type}` },
    });
  return changes;
}

/** The fields a step takes from its resource type and inputs (name, unique key, stateful, rules known). */
function typeFacts(
  type: string,
  inputs: Record<string, unknown>,
): Pick<PlanStep, "stateful" | "physicalName" | "uniqueKey" | "rulesKnown"> {
  const rules = rulesFor(type);
  const name = rules.physicalName ? inputs[rules.physicalName] : undefined;
  const key = uniqueKeyOf(rules.uniqueKey, inputs);
  return {
    stateful: rules.stateful,
    ...(typeof name === "string" ? { physicalName: name } : {}),
    ...(key ? { uniqueKey: key } : {}),
    rulesKnown: rules.known,
  };
}

function currentStep(rec: RecordedResource, prev: PreviousResource | undefined, ctx: PlanContext): PlanStep {
  const r = rec.resource;
  const changes = prev ? changesOf(rec, prev, ctx) : [];
  const op: PlanOp = !prev ? "create" : changes.some((c) => c.replaceRule) ? "replace" : changes.length > 0 ? "update" : "same";
  ctx.opOf.set(r.urn, op);
  return {
    op,
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    ...(prev && prev.urn !== r.urn ? { previousUrn: prev.urn } : {}),
    changes,
    diffReasons: [...new Set(changes.map((c) => topLevel(c.path)))],
    replaceReasons: [...new Set(changes.filter((c) => c.replaceRule).map((c) => topLevel(c.path)))],
    protect: r.options.protect,
    retainOnDelete: r.options.retainOnDelete,
    deleteBeforeReplace: r.options.deleteBeforeReplace,
    ...typeFacts(r.type, mapStrings(rec.display.inputs, ctx.translate) as Record<string, unknown>),
    inputs: rec.display.inputs,
    ...(r.parent ? { parent: r.parent } : {}),
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}

function deleteStep(prev: PreviousResource): PlanStep {
  return {
    op: "delete",
    urn: prev.urn,
    type: prev.type,
    name: nameOf(prev.urn),
    custom: prev.custom,
    changes: [],
    diffReasons: [],
    replaceReasons: [],
    protect: prev.protect,
    retainOnDelete: prev.retainOnDelete,
    deleteBeforeReplace: false,
    ...typeFacts(prev.type, prev.inputs),
    dependencies: [],
    propertyDependencies: {},
  };
}

/**
 * @param mockAccount the account id the mock put in this run's ARNs (mapped to a stack export's own account)
 */
export function buildUpdatePlan(current: RecordedResource[], previous: PreviousState, mockAccount = DEFAULT_ACCOUNT_ID): UpdatePlan {
  const matched = matchPrevious(current, previous);
  const notes: string[] = [];
  let translate = (s: string): string => s;
  if (previous.format === "pulumi-stack-export") {
    const real = exportedAccount(previous.resources);
    const pairs = current.flatMap((rec): [RecordedResource, PreviousResource][] => {
      const prev = matched.get(rec.resource.urn);
      return prev ? [[rec, prev]] : [];
    });
    translate = mockToReal(pairs, real && real !== mockAccount ? { mock: mockAccount, real } : undefined);
    notes.push(
      `ids and ARNs the mock invents are mapped to the exported ones by output position${real ? `, and account ${mockAccount} to ${real}` : ""}; an input built from a value the export does not hold shows as changed`,
    );
  }
  if (matched.size === 0 && current.length > 0 && previous.resources.length > 0) {
    notes.push(`no resource of ${previous.file} has a URN of this run: is it from another stack or project?`);
  }
  const ctx: PlanContext = { translate, opOf: new Map(), recordedByUrn: new Map(current.map((rec) => [rec.resource.urn, rec])) };
  const steps = current.map((rec) => currentStep(rec, matched.get(rec.resource.urn), ctx));
  const kept = new Set([...matched.values()].map((p) => p.urn));
  // Deletions run last, dependents first: the reverse of the previous registration order.
  steps.push(
    ...[...previous.resources]
      .reverse()
      .filter((p) => !kept.has(p.urn))
      .map(deleteStep),
  );
  const summary = emptySummary();
  for (const s of steps) summary[s.op]++;
  return {
    previousFile: previous.file,
    previousFormat: previous.format,
    previousResources: previous.resources,
    steps,
    summary,
    source: replacementSource(),
    notes,
  };
}
