/**
 * Test harness for policy specs: builds `CapturedResource`s the way the engine would describe them and runs
 * policies through the in-process engine (proxied props, throwing `notApplicable`, stack graphs).
 */
import type { PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies } from "../../policy/engine/evaluate";
import type { CapturedResource, PolicyReport } from "../../policy/engine/types";
export { UNKNOWN } from "../../policy/engine/proxy";

export const STACK = "test";

export function urnOf(type: string, name: string, parentType?: string): string {
  return `urn:pulumi:${STACK}::dockyard::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export interface ResourceExtras {
  /** Outputs; defaults to the inputs plus `id` (= `<name>-id`) and `arn` when absent. */
  outputs?: Record<string, unknown>;
  /** Top-level input → resources its value came from. */
  propertyDependencies?: Record<string, CapturedResource[]>;
  parent?: CapturedResource;
  custom?: boolean;
}

/** One captured resource; dependencies are the union of its property dependencies. */
export function res(type: string, name: string, inputs: Record<string, unknown>, extras: ResourceExtras = {}): CapturedResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [prop, deps] of Object.entries(extras.propertyDependencies ?? {})) {
    propertyDependencies[prop] = deps.map((d) => d.urn);
  }
  const dependencies = [...new Set(Object.values(propertyDependencies).flat())].sort();
  return {
    type,
    name,
    urn: urnOf(type, name, extras.parent?.type),
    custom: extras.custom ?? !type.startsWith("awsx:"),
    ...(extras.parent ? { parent: extras.parent.urn } : {}),
    inputs,
    outputs: extras.outputs ?? { id: `${name}-id`, arn: `arn:aws:test:us-east-1:123456789012:${name}`, ...inputs },
    dependencies,
    propertyDependencies,
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      aliases: [],
      additionalSecretOutputs: [],
    },
  };
}

export interface RunOptions {
  config?: PolicyPackConfig;
  stackTags?: Record<string, string>;
}

export function run(
  policies: ResourceValidationPolicy | StackValidationPolicy | (ResourceValidationPolicy | StackValidationPolicy)[],
  resources: CapturedResource[],
  options: RunOptions = {},
): Promise<PolicyReport> {
  return evaluatePolicies(Array.isArray(policies) ? policies : [policies], {
    resources,
    config: options.config,
    stackTags: options.stackTags,
  });
}

/** Sorted logical names of resources flagged (by any policy in the report, or by `policy`). */
export function flagged(report: PolicyReport, policy?: string): string[] {
  const names = report.violations.filter((v) => !policy || v.policy === policy).map((v) => v.urn.split("::").pop() ?? v.urn);
  return [...new Set(names)].sort();
}

/** Sorted `<name>: <detail>` lines, for asserting exact messages. */
export function details(report: PolicyReport): string[] {
  return report.violations.map((v) => `${v.urn.split("::").pop()}: ${v.detail ?? ""}`).sort();
}

/** Sorted logical names whose policy run was skipped because of an unknown value. */
export function skipped(report: PolicyReport): string[] {
  return [...new Set(report.skipped.map((s) => s.urn.split("::").pop() ?? s.urn))].sort();
}
