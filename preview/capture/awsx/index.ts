/**
 * awsx 3 components, judged from their own inputs. Two uses of the same component models:
 * - `AwsxAnswers`: the mock AWS's answer when a program registers an awsx component — the outputs awsx would
 *   report (`vpc.privateSubnetIds`, `lb.defaultTargetGroup`, `image.imageUri`, …), taken from the children the
 *   model plans, so the ids a program passes on are the ids of those children;
 * - `expandAwsx`: after the run, the children themselves, marked `synthesizedFrom` their component, wired into
 *   the resource graph (property dependencies by the ids and ARNs they carry), for the policy pack and the
 *   cost estimate; plus what could not be judged (`notEvaluated`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource, PolicyViolation } from "../../../policy/engine/types";
import type { AwsContext } from "../../mock/context";
import { specialSecretSig, specialSigKey } from "../sdk";
import { ComponentModel, ComponentRef, Finder, KnownWorld, NotEvaluated, Provenance } from "./model";
import { imageModel, repositoryModel } from "./ecr";
import { applicationLoadBalancerModel } from "./load-balancer";
import { ec2ServiceModel, ec2TaskDefinitionModel, fargateServiceModel, fargateTaskDefinitionModel } from "./service";
import { vpcModel } from "./vpc";

export type { DefaultVpc, KnownWorld, NotEvaluated, Provenance } from "./model";

const MODELS: ReadonlyMap<string, ComponentModel> = new Map(
  [
    vpcModel,
    applicationLoadBalancerModel,
    fargateServiceModel,
    ec2ServiceModel,
    fargateTaskDefinitionModel,
    ec2TaskDefinitionModel,
    repositoryModel,
    imageModel,
  ].map((m) => [m.type, m]),
);

/** The awsx component types modelled here. */
export const MODELLED_AWSX_TYPES: readonly string[] = [...MODELS.keys()].sort();

/** Values a lookup by id/ARN/name may hit: ids, ARNs, and generated (suffixed) names. */
function keysOf(resource: { name: string; id?: string; outputs: Record<string, unknown> }): string[] {
  const keys = [resource.id, resource.outputs["arn"], resource.outputs["id"]];
  const name = resource.outputs["name"];
  if (typeof name === "string" && name !== resource.name) keys.push(name);
  return keys.filter((k): k is string => typeof k === "string" && k !== "");
}

/** Secrets unwrapped and live resource objects dropped: the mock sees inputs in the SDK's deserialized form. */
function plainMockInputs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainMockInputs);
  if (value === null || typeof value !== "object") return value;
  if (pulumi.Resource.isInstance(value)) return undefined;
  const map = value as Record<string, unknown>;
  if (map[specialSigKey] === specialSecretSig) return plainMockInputs(map["value"]);
  return Object.fromEntries(
    Object.entries(map)
      .map(([k, v]) => [k, plainMockInputs(v)])
      .filter(([, v]) => v !== undefined),
  );
}

/** The mock AWS's answers for awsx components (one instance per mock: it remembers what it planned). */
export class AwsxAnswers {
  private readonly known = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly ctx: AwsContext,
    private readonly world: KnownWorld = {},
  ) {}

  handles(type: string): boolean {
    return MODELS.has(type);
  }

  /** The component's outputs as awsx would report them. */
  answer(type: string, name: string, inputs: Record<string, unknown>): { id: undefined; state: Record<string, unknown> } {
    const model = MODELS.get(type);
    if (!model) throw new Error(`no awsx model for ${type}`);
    const component: ComponentRef = {
      type,
      name,
      urn: `urn:pulumi:mock::mock::${type}::${name}`,
      inputs: plainMockInputs(inputs) as Record<string, unknown>,
      outputs: {},
    };
    const plan = model.plan(this.ctx, component, (key) => this.known.get(key), this.world);
    for (const child of plan.children) {
      for (const key of keysOf(child.resource)) this.known.set(key, { id: child.resource.id, ...child.resource.outputs });
    }
    const state = Object.fromEntries(Object.entries(plan.outputs).filter(([, v]) => v !== undefined));
    return { id: undefined, state };
  }
}

export interface AwsxExpansion {
  /** The resources to evaluate: the captured ones, each awsx component followed by what it would create. */
  resources: CapturedResource[];
  /** The synthesized resources only. */
  synthesized: CapturedResource[];
  provenance: ReadonlyMap<string, Provenance>;
  notEvaluated: NotEvaluated[];
}

/** Every string inside a value, including inside JSON documents (container definitions, policies). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    out.push(value);
    if (/^\s*[[{]/.test(value)) {
      try {
        stringsIn(JSON.parse(value), out);
      } catch {
        // not JSON after all
      }
    }
  } else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

const sortedUnique = (values: string[]): string[] => [...new Set(values)].sort();

/** Expands every awsx component the program registered into the resources awsx would create at deploy time. */
export function expandAwsx(captured: CapturedResource[], ctx: AwsContext, world: KnownWorld = {}): AwsxExpansion {
  const byKey = new Map<string, CapturedResource>();
  const index = (r: CapturedResource) => keysOf(r).forEach((k) => byKey.set(k, r));
  captured.filter((r) => r.custom).forEach(index);
  const find: Finder = (key) => {
    const r = byKey.get(key);
    return r ? { id: r.id, ...r.outputs } : undefined;
  };
  const hasChildren = new Set(captured.map((r) => r.parent).filter((p): p is string => p !== undefined));
  const provenance = new Map<string, Provenance>();
  const notEvaluated: NotEvaluated[] = [];
  const after = new Map<string, CapturedResource[]>();
  const synthesized: CapturedResource[] = [];
  for (const component of captured) {
    if (component.custom || !component.type.startsWith("awsx:")) continue;
    const model = MODELS.get(component.type);
    if (!model) {
      // awsx.classic (`awsx:x:…`) components are local: their children are registered and captured as usual.
      const remote = component.type.split(":").length === 3 && !component.type.startsWith("awsx:x:");
      if (remote && !hasChildren.has(component.urn)) {
        notEvaluated.push({
          urn: component.urn,
          what: `${component.type} "${component.name}"`,
          why: `the offline gate does not model this awsx component (modelled: ${MODELLED_AWSX_TYPES.join(", ")}); what it creates at deploy time is not judged`,
        });
      }
      continue;
    }
    const plan = model.plan(ctx, component, find, world);
    notEvaluated.push(...plan.notEvaluated);
    const children = plan.children.map((c) => c.resource);
    for (const child of plan.children) {
      provenance.set(child.resource.urn, child.provenance);
      index(child.resource);
    }
    after.set(component.urn, children);
    synthesized.push(...children);
  }
  const resources = captured.flatMap((r) => [r, ...(after.get(r.urn) ?? [])]);
  const componentOf = new Map(synthesized.map((s) => [s.urn, s.synthesizedFrom!]));
  const expanded = new Set(after.keys());
  const wired = resources.map((r) => wire(r, byKey, componentOf, expanded));
  return { resources: wired, synthesized: wired.filter((r) => r.synthesizedFrom !== undefined), provenance, notEvaluated };
}

/**
 * Property dependencies by value: a synthesized resource depends on whatever resource's id/ARN its inputs carry
 * (and on that resource's awsx component, as the engine would see it); a captured resource that depends on an
 * expanded awsx component also depends on the children whose ids it carries.
 */
function wire(
  r: CapturedResource,
  byKey: Map<string, CapturedResource>,
  componentOf: Map<string, string>,
  expanded: Set<string>,
): CapturedResource {
  const synthetic = r.synthesizedFrom !== undefined;
  const touchesAwsx = Object.values(r.propertyDependencies).some((deps) => deps.some((d) => expanded.has(d)));
  if (!synthetic && !touchesAwsx) return r;
  const propertyDependencies: Record<string, string[]> = { ...r.propertyDependencies };
  for (const [prop, value] of Object.entries(r.inputs)) {
    const found = stringsIn(value)
      .map((s) => byKey.get(s))
      .filter((d): d is CapturedResource => d !== undefined && d.urn !== r.urn);
    if (!synthetic && !(r.propertyDependencies[prop] ?? []).some((d) => expanded.has(d))) continue;
    const urns = found.flatMap((d) => [
      d.urn,
      ...(componentOf.has(d.urn) && componentOf.get(d.urn) !== r.synthesizedFrom ? [componentOf.get(d.urn)!] : []),
    ]);
    if (urns.length > 0 || synthetic) propertyDependencies[prop] = sortedUnique([...(propertyDependencies[prop] ?? []), ...urns]);
  }
  const dependencies = sortedUnique([...r.dependencies, ...Object.values(propertyDependencies).flat()]);
  return { ...r, propertyDependencies, dependencies };
}

/**
 * The awsx argument to change for a finding on a synthesized resource: the finer path of a property (or
 * container) the finding's text names, else the resource's own. Undefined for findings on other resources.
 */
export function argPathFor(
  violation: Pick<PolicyViolation, "urn" | "detail" | "message">,
  provenance: ReadonlyMap<string, Provenance>,
): (Provenance & { path: string }) | undefined {
  const origin = provenance.get(violation.urn);
  if (!origin) return undefined;
  const text = violation.detail ?? violation.message;
  const named = Object.keys(origin.props)
    .filter((key) => new RegExp(`(^|[^A-Za-z0-9_])${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(text))
    .sort((a, b) => b.length - a.length)[0];
  if (named !== undefined) return { ...origin, path: origin.props[named] };
  // A camelCase property path the finding names (`enableDeletionProtection`) is the same arg when passed through.
  // Preferably one the resource sets; else the subject the finding starts with ("enableDeletionProtection is not true").
  const mentioned = [...text.matchAll(/\b[a-z]+[A-Z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*/g)];
  const property =
    mentioned.map((m) => m[0]).find((p) => origin.inputKeys.includes(p.split(".")[0])) ??
    (mentioned[0]?.index === 0 ? mentioned[0][0] : undefined);
  if (origin.passThrough !== undefined && property !== undefined) return { ...origin, path: `${origin.passThrough}${property}` };
  return { ...origin, path: origin.argPath };
}

/** Marks each finding on a synthesized resource with its awsx component and the argument to change. */
export function annotateFindings(violations: PolicyViolation[], expansion: AwsxExpansion): void {
  for (const v of violations) {
    const origin = argPathFor(v, expansion.provenance);
    if (origin) Object.assign(v, { synthesizedFrom: origin.component, argPath: origin.path });
  }
}

/** `N resources (3 × aws:ec2/subnet:Subnet, …)` per expanded component, for the resource tree. */
export function expansionSummary(expansion: AwsxExpansion): Map<string, string> {
  const byComponent = new Map<string, Map<string, number>>();
  for (const r of expansion.synthesized) {
    const counts = byComponent.get(r.synthesizedFrom!) ?? new Map<string, number>();
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    byComponent.set(r.synthesizedFrom!, counts);
  }
  const out = new Map<string, string>();
  for (const [urn, counts] of byComponent) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const parts = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `${n} × ${type}`);
    out.set(urn, `created by awsx at deploy time: ${total} resource${total === 1 ? "" : "s"} (${parts.join(", ")})`);
  }
  return out;
}
