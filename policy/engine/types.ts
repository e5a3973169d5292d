/**
 * The shapes that cross between a resource capture (the offline preview, a test) and the in-process policy
 * engine. They mirror what the Pulumi engine sends a policy analyzer: inputs for resource policies, outputs
 * plus the dependency graph for stack policies.
 */
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";

/** One registered resource, as the engine would describe it to an analyzer. */
export interface CapturedResource {
  /** Type token, e.g. `aws:ecs/service:Service`. */
  type: string;
  /** Logical name. */
  name: string;
  urn: string;
  /** Physical id the (mock) provider returned, when it returned one. */
  id?: string;
  /** `false` for component resources. */
  custom: boolean;
  /** URN of the parent resource, if any. */
  parent?: string;
  /** Inputs as registered (plain JSON; secrets unwrapped; unknowns as the engine's unknown sentinel). */
  inputs: Record<string, unknown>;
  /** Outputs as the (mock) provider returned them. */
  outputs: Record<string, unknown>;
  /** URNs this resource depends on. */
  dependencies: string[];
  /** Top-level input property name → URNs its value came from. */
  propertyDependencies: Record<string, string[]>;
  /** Resource options that reached the engine. */
  options: {
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    aliases: string[];
    additionalSecretOutputs: string[];
  };
  /** Provider reference, if an explicit provider was used. */
  provider?: string;
  /** URN of the awsx component that would create this resource at deploy time (offline expansion only). */
  synthesizedFrom?: string;
}

/** One policy finding, shaped like the engine's `policyViolations` / diagnostics. */
export interface PolicyViolation {
  policyPack: string;
  policyPackVersion: string;
  policy: string;
  description: string;
  enforcementLevel: Exclude<EnforcementLevel, "disabled">;
  severity?: string;
  urn: string;
  /** `<description>\n<detail>`, exactly as the policy server formats a diagnostic. */
  message: string;
  /** The policy's own message (what it passed to `reportViolation`), without the description. */
  detail?: string;
  /** AWS Security Hub controls the policy covers (`ECS.2`, `ELB.17`, …), from its metadata; absent when none. */
  securityHubControls?: string[];
  /** For a resource an awsx component would create: that component's URN (offline expansion). */
  synthesizedFrom?: string;
  /** For a resource an awsx component would create: the component argument to change. */
  argPath?: string;
}

/** What an in-process evaluation of the pack returns. */
export interface PolicyReport {
  violations: PolicyViolation[];
  /** Policies that could not run because a value was unknown (the engine reports these as advisory). */
  /** `urn` is the resource's for resource policies and `""` for stack policies (the engine reports no URN). */
  skipped: { policy: string; urn: string; reason: string }[];
  /** Remediations the engine would apply (`remediate` level): the changed top-level properties. */
  remediations: { policy: string; urn: string; properties: string[] }[];
}

export interface EvaluatePolicyArgs {
  resources: CapturedResource[];
  /** Per-stack pack config, the same JSON a user passes with `--policy-pack-config`. */
  config?: PolicyPackConfig;
  stackTags?: Record<string, string>;
  /** Where `config` came from (e.g. `policy/config/prod.json`), named in config errors. @default "policy pack config" */
  configSource?: string;
  /** Pack identity and default level. @default { name: PACK_NAME, version: PACK_VERSION, enforcementLevel: "advisory" } */
  pack?: { name: string; version: string; enforcementLevel?: EnforcementLevel };
}
