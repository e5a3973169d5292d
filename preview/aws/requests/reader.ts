/**
 * What every resource → request mapping uses: a reader over the resource's inputs that remembers which ones
 * the mapping consumed, so an input the mapping does not understand is reported instead of silently dropped.
 */
import type { CapturedResource } from "../../../policy/engine/types";
import { UNKNOWN } from "../../../policy/engine/proxy";
import type { ModelService } from "../model";

/** One AWS API call the provider would make for the resource. */
export interface ApiRequest {
  service: ModelService;
  operation: string;
  params: Record<string, unknown>;
  /** Required top-level members the provider computes at create time (e.g. a rule's next free priority): not checked. */
  providerFills?: string[];
}

/** A policy document the resource carries, for the IAM catalogue check. */
export interface PolicyInput {
  /** `identity` (Resource required), `trust` or `resource` (resource-based: no Resource element needed). */
  kind: "identity" | "trust" | "resource";
  /** The input holding it, e.g. `policy`, `inlinePolicies[0].policy`. */
  input: string;
  /** The JSON text as the program passes it. */
  document: unknown;
}

export interface Mapped {
  requests: ApiRequest[];
  policies: PolicyInput[];
  /** Why a part of the resource could not be checked (unmapped inputs, calls outside the shipped models). */
  notChecked: string[];
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

export class Inputs {
  private readonly used = new Set<string>();
  private readonly children: { path: string; reader: Inputs }[] = [];

  constructor(
    readonly values: Plain,
    readonly path = "",
  ) {}

  /** The input's value (and marks it understood). */
  get(key: string): unknown {
    this.used.add(key);
    return this.values[key];
  }

  /** Inputs the provider consumes itself (never sent to AWS), e.g. `forceDelete`, `waitForSteadyState`. */
  local(...keys: string[]): void {
    for (const key of keys) this.used.add(key);
  }

  /** A reader over a nested object input; its own unmapped keys are reported with their path. */
  object(key: string): Inputs | undefined {
    const value = this.get(key);
    if (!isPlain(value)) return undefined;
    return this.child(value, this.at(key));
  }

  /** Readers over each element of a list-of-objects input. */
  list(key: string): Inputs[] | undefined {
    const value = this.get(key);
    if (!Array.isArray(value)) return undefined;
    return value.map((item, i) => this.child(isPlain(item) ? item : {}, `${this.at(key)}[${i}]`));
  }

  /** Inputs present but never read by the mapping (nested ones with their path). */
  unmapped(): string[] {
    const own = Object.keys(this.values)
      .filter((k) => this.values[k] !== undefined && this.values[k] !== null && !this.used.has(k))
      .map((k) => this.at(k));
    return [...own, ...this.children.flatMap((c) => c.reader.unmapped())];
  }

  private at(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  private child(values: Plain, path: string): Inputs {
    const reader = new Inputs(values, path);
    this.children.push({ path, reader });
    return reader;
  }
}

/** Builds request parameters, leaving out members whose value is absent (as the provider does). */
export function params(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== null));
}

/** Each element mapped, or undefined when the input is absent. */
export function each<T>(items: Inputs[] | undefined, fn: (item: Inputs) => T): T[] | undefined {
  return items?.map(fn);
}

/**
 * The physical name: the explicit input, else the autoname the (mock) provider assigned in the outputs, else
 * unknown (the provider generates it at create time): then it is reported as not checked, never as missing.
 */
export function physicalName(inputs: Inputs, resource: CapturedResource, key = "name"): unknown {
  inputs.local("namePrefix");
  return inputs.get(key) ?? resource.outputs[key] ?? UNKNOWN.string;
}

/** `{ k: v }` tags → `[{ Key: k, Value: v }]` (or another casing). */
export function tagList(tags: unknown, key = "Key", value = "Value"): Record<string, unknown>[] | undefined {
  if (!isPlain(tags)) return undefined;
  return Object.entries(tags).map(([k, v]) => ({ [key]: k, [value]: v }));
}

/** EC2's tags: `TagSpecifications: [{ ResourceType, Tags }]`. */
export function tagSpecifications(tags: unknown, resourceType: string): Record<string, unknown>[] | undefined {
  const list = tagList(tags);
  return list && list.length > 0 ? [{ ResourceType: resourceType, Tags: list }] : undefined;
}

/** An empty result to fill in. */
export function mapped(): Mapped {
  return { requests: [], policies: [], notChecked: [] };
}

/** Policy inputs accept a document object too; the provider sends it as JSON text. */
export function policyText(value: unknown): unknown {
  return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
}
