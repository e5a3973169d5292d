/**
 * In-process policy engine: runs the pack over captured resources the way the Pulumi CLI + the
 * `@pulumi/policy` analyzer server would, without a gRPC server or the CLI.
 *
 * Faithful to `@pulumi/policy/server.js` 1.21.0: resource policies see proxied **inputs**, stack policies see
 * proxied **outputs** with `parent` / `dependencies` / `propertyDependencies` object graphs; `notApplicable`
 * throws; an `UnknownValueError` skips the policy (the server reports it advisory; the policy runs again at
 * `up`); `remediate` policies run first and thread props, and a remediate policy that still finds a violation
 * is reported `mandatory`; messages are `<description>\n<message>`.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyProviderResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy as untypedProxy } from "@pulumi/policy";
import { PACK_NAME, PACK_VERSION } from "../pack-info";
import { resolvePolicyConfig, type ResolvedPolicyConfig } from "./config";
import { securityHubControls } from "../rules/controls";
import { isUnknownError, unknownCheckingProxy, unproxy } from "./proxy";
import { StackGraph, capturedProvider, isTypeOf, optionsOf } from "./stack-graph";
import type { CapturedResource, EvaluatePolicyArgs, PolicyReport, PolicyViolation } from "./types";

/** Thrown by `args.notApplicable()`; the server records the policy as not applicable for the resource. */
export class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

/** `args.notApplicable()`: thrown for most policy × resource pairs and always caught here, so it records no stack. */
function throwNotApplicable(reason?: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    throw new NotApplicableError(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isStackPolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy {
  return "validateStack" in p && typeof p.validateStack === "function";
}

/** A provider reference is `<provider urn>::<id>`; the analyzer gets the provider's type, name and inputs. */
function providerOf(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): PolicyProviderResource | undefined {
  const provider = capturedProvider(r, byUrn);
  if (!provider) {
    return undefined;
  }
  return { type: provider.type, name: provider.name, urn: provider.urn, props: unknownCheckingProxy({ ...provider.inputs }) };
}

function freezeTags(tags: Record<string, string> | undefined): ReadonlyMap<string, string> {
  return new Map(Object.entries(tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Deterministic JSON (sorted keys) so remediation diffs don't depend on key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(Reflect.get(value, k))}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => stableJson(before[k]) !== stableJson(after[k])).sort();
}

/** A fresh copy per call (policies may mutate it); config is plain JSON, and JSON.parse's result fits `getConfig<T>`. */
function configCopy(properties: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(properties));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = Reflect.get(value, key);
  }
  return out;
}

interface Context {
  pack: { name: string; version: string };
  levels: Map<string, ResolvedPolicyConfig>;
  stackTags: ReadonlyMap<string, string>;
  report: PolicyReport;
}

function policyFrom(ctx: Context, name: string, what = "policy"): string {
  return `${what} '${name}' from policy pack '${ctx.pack.name}@v${ctx.pack.version}'`;
}

function violationReporter(
  ctx: Context,
  p: ResourceValidationPolicy | StackValidationPolicy,
  level: PolicyViolation["enforcementLevel"],
  defaultUrn: string | undefined,
): ReportViolation {
  return (message: string, urn?: string) => {
    const violation: PolicyViolation = {
      policyPack: ctx.pack.name,
      policyPackVersion: ctx.pack.version,
      policy: p.name,
      description: p.description,
      enforcementLevel: level,
      // Resource policies' urn argument is ignored by the engine: the finding is for the analyzed resource.
      urn: defaultUrn ?? urn ?? "",
      message: message ? `${p.description}\n${message}` : p.description,
      detail: message,
    };
    if (p.severity) {
      violation.severity = p.severity;
    }
    const controls = securityHubControls(p);
    if (controls.length > 0) {
      violation.securityHubControls = controls;
    }
    ctx.report.violations.push(violation);
  };
}

type Outcome = "ran" | "not-applicable";

/**
 * Catches what the server catches around one validation; anything else fails the run, as the server does.
 * Returns "not-applicable" when the policy called `notApplicable()`.
 */
async function guarded(
  ctx: Context,
  p: { name: string },
  urn: string,
  what: "policy" | "remediation",
  run: () => Promise<void>,
): Promise<Outcome> {
  try {
    await run();
  } catch (e) {
    return caught(ctx, p, urn, what, e);
  }
  return "ran";
}

/**
 * `guarded` for a validation that may return at once: settles without a turn of the event loop when the
 * policy returned no promise (most do), else waits for it. Same catches, same order of findings.
 */
function guardedSync(ctx: Context, p: { name: string }, urn: string, run: () => unknown): Outcome | Promise<Outcome> {
  let result: unknown;
  try {
    result = run();
  } catch (e) {
    return caught(ctx, p, urn, "policy", e);
  }
  if (result instanceof Promise || (result !== null && typeof result === "object" && typeof Reflect.get(result, "then") === "function")) {
    return Promise.resolve(result).then(
      (): Outcome => "ran",
      (e: unknown) => caught(ctx, p, urn, "policy", e),
    );
  }
  return "ran";
}

function caught(ctx: Context, p: { name: string }, urn: string, what: "policy" | "remediation", e: unknown): Outcome {
  if (e instanceof NotApplicableError) {
    return "not-applicable";
  }
  if (isUnknownError(e)) {
    ctx.report.skipped.push({ policy: p.name, urn, reason: `can't run ${policyFrom(ctx, p.name, what)} during preview: ${e.message}` });
    return "ran";
  }
  const detail = e instanceof Error ? e.message : String(e);
  throw new Error(
    `Error ${what === "policy" ? "validating" : "remediating"} resource ${urn} with ${policyFrom(ctx, p.name, what)}: ${detail}`,
    {
      cause: e,
    },
  );
}

/**
 * Wraps args to notice whether a policy looked at anything besides `type` before declaring itself not
 * applicable. If it did not, that decision can only depend on the type token, so the engine may skip the
 * policy for later resources of the same type (the server's `__pulumiType` fast path, generalised).
 */
function watchArgs<T extends object>(args: T): { args: T; typeOnly: () => boolean } {
  let other = false;
  const watched = new Proxy(args, {
    get(target, key, receiver) {
      if (key !== "type" && key !== "notApplicable") {
        other = true;
      }
      return Reflect.get(target, key, receiver);
    },
  });
  return { args: watched, typeOnly: () => !other };
}

/**
 * Args for one policy run. Like the server, each run gets its own deserialized copy of the props (a policy may
 * mutate them); the copy is made on first access, so policies that bail out with `notApplicable()` cost nothing.
 */
function resourceArgs(
  ctx: Context,
  p: ResourceValidationPolicy,
  r: CapturedResource,
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
): ResourceValidationArgs {
  const properties = ctx.levels.get(p.name)?.properties ?? {};
  let copy: Record<string, unknown> | undefined;
  // The untyped runtime proxy mirrors the SDK's own `props: Record<string, any>` so `asType` can hand it out.
  const proxied = () => untypedProxy((copy ??= structuredClone(props)));
  let cached: ReturnType<typeof proxied> | undefined;
  const lazyProps = () => (cached ??= proxied());
  const args: ResourceValidationArgs = {
    type: r.type,
    get props() {
      return lazyProps();
    },
    urn: r.urn,
    name: r.name,
    opts: optionsOf(r),
    stackTags: ctx.stackTags,
    isType: (cls) => isTypeOf(r.type, cls),
    asType: (cls) => (isTypeOf(r.type, cls) ? lazyProps() : undefined),
    getConfig: () => configCopy(properties),
    notApplicable: throwNotApplicable,
  };
  if (provider) {
    args.provider = provider;
  }
  return args;
}

/** `remediating`: the policies at level `remediate` that have a `remediateResource`, in pack order. */
async function remediate(
  ctx: Context,
  remediating: ResourceValidationPolicy[],
  r: CapturedResource,
  provider: PolicyProviderResource | undefined,
): Promise<Record<string, unknown>> {
  let props: Record<string, unknown> = structuredClone(r.inputs);
  for (const p of remediating) {
    const remediation = p.remediateResource;
    if (!remediation) {
      continue;
    }
    await guarded(ctx, p, r.urn, "remediation", async () => {
      const result = asRecord(unproxy(await Promise.resolve(remediation(resourceArgs(ctx, p, r, props, provider)))));
      if (result) {
        const changed = changedKeys(props, result);
        if (changed.length > 0) {
          ctx.report.remediations.push({ policy: p.name, urn: r.urn, properties: changed });
        }
        props = result;
      }
    });
  }
  return props;
}

/** One validation function of an enabled resource policy, with what the evaluation learnt about it. */
interface Validation {
  policy: ResourceValidationPolicy;
  reported: PolicyViolation["enforcementLevel"];
  validate: ResourceValidation;
  /** Types it declared itself not applicable to from the type alone (see `watchArgs`). */
  notApplicable: Set<string>;
}

/** The validations to run on every resource, in pack order (levels are fixed for the evaluation). */
function validationsOf(ctx: Context, policies: ResourceValidationPolicy[]): Validation[] {
  const out: Validation[] = [];
  for (const p of policies) {
    const level = ctx.levels.get(p.name)?.enforcementLevel;
    if (!level || level === "disabled" || !p.validateResource) {
      continue;
    }
    const reported = level === "remediate" ? "mandatory" : level;
    for (const validate of Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]) {
      out.push({ policy: p, reported, validate, notApplicable: new Set() });
    }
  }
  return out;
}

/** Runs the validations on `r`; returns a promise only when a policy returned one. */
function validateResource(
  ctx: Context,
  validations: Validation[],
  r: CapturedResource,
  props: Record<string, unknown>,
  provider: PolicyProviderResource | undefined,
  from = 0,
): void | Promise<void> {
  for (let i = from; i < validations.length; i++) {
    const v = validations[i];
    if (v.notApplicable.has(r.type)) {
      continue;
    }
    const watched = watchArgs(resourceArgs(ctx, v.policy, r, props, provider));
    const before = ctx.report.violations.length;
    const learn = (outcome: Outcome) => {
      if (outcome === "not-applicable" && watched.typeOnly() && ctx.report.violations.length === before) {
        v.notApplicable.add(r.type);
      }
    };
    const outcome = guardedSync(ctx, v.policy, r.urn, () => v.validate(watched.args, violationReporter(ctx, v.policy, v.reported, r.urn)));
    if (outcome instanceof Promise) {
      return outcome.then((settled) => {
        learn(settled);
        return validateResource(ctx, validations, r, props, provider, i + 1);
      });
    }
    learn(outcome);
  }
}

async function validateStack(ctx: Context, policies: StackValidationPolicy[], resources: CapturedResource[]): Promise<void> {
  // One graph for every stack policy of the evaluation (built only if one runs), as the server builds one per request.
  let graph: StackGraph | undefined;
  for (const p of policies) {
    const level = ctx.levels.get(p.name)?.enforcementLevel;
    if (!level || level === "disabled") {
      continue;
    }
    const reported = level === "remediate" ? "mandatory" : level;
    const properties = ctx.levels.get(p.name)?.properties ?? {};
    graph ??= new StackGraph(resources);
    graph.nextPolicy();
    const args: StackValidationArgs = {
      resources: graph.resources,
      stackTags: ctx.stackTags,
      getConfig: () => configCopy(properties),
      notApplicable: throwNotApplicable,
    };
    const reportViolation = violationReporter(ctx, p, reported, undefined);
    await guarded(ctx, p, "", "policy", async () => {
      await Promise.resolve(p.validateStack(args, reportViolation));
    });
  }
}

/**
 * Evaluates `policies` over `args.resources` (in registration order) with the stack's pack config and tags.
 * Findings come back in a deterministic order: resource policies per resource, then stack policies.
 * Throws `PolicyConfigError` for an invalid config; a policy that throws anything else fails the evaluation.
 */
export async function evaluatePolicies(policies: Policies, args: EvaluatePolicyArgs): Promise<PolicyReport> {
  const pack = { name: args.pack?.name ?? PACK_NAME, version: args.pack?.version ?? PACK_VERSION };
  const packLevel: EnforcementLevel = args.pack?.enforcementLevel ?? "advisory";
  const ctx: Context = {
    pack,
    levels: resolvePolicyConfig(policies, args.config, packLevel, args.configSource ?? "policy pack config"),
    stackTags: freezeTags(args.stackTags),
    report: { violations: [], skipped: [], remediations: [] },
  };
  const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => !isStackPolicy(p));
  const stackPolicies = policies.filter(isStackPolicy);
  const remediating = resourcePolicies.filter((p) => p.remediateResource && ctx.levels.get(p.name)?.enforcementLevel === "remediate");
  const validations = validationsOf(ctx, resourcePolicies);
  const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
  for (const r of args.resources) {
    const provider = providerOf(r, byUrn);
    // Without a remediation the inputs are handed on as they are: every policy run still gets its own copy (resourceArgs).
    const props = remediating.length === 0 ? r.inputs : await remediate(ctx, remediating, r, provider);
    const validated = validateResource(ctx, validations, r, props, provider);
    if (validated) await validated;
  }
  await validateStack(ctx, stackPolicies, args.resources);
  return ctx.report;
}
