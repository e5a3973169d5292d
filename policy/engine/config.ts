/**
 * Per-stack pack config, resolved the way the Pulumi CLI does before it calls `configure`: enforcement level
 * per policy (policy entry → `all` → the policy's own level → the pack level) and properties = configSchema
 * defaults overlaid with the stack's values, validated against the schema.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import type { EnforcementLevel, Policies, PolicyPackConfig } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A bad `--policy-pack-config` file or value: a user error (printed without a stack trace). */
export class PolicyConfigError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  /** What `args.getConfig()` returns: schema defaults overlaid with the stack's values. */
  properties: Record<string, unknown>;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function typeOk(schema: PolicyConfigJSONSchema, value: unknown): boolean {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) {
    return true;
  }
  return types.some((t) => {
    switch (t) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number";
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return value !== null && typeof value === "object" && !Array.isArray(value);
      case "null":
        return value === null;
      default:
        return true;
    }
  });
}

/** Returns a problem description ("must be …") or undefined; checks the JSON Schema subset policies use. */
function checkValue(schema: PolicyConfigJSONSchema, value: unknown, path: string): string | undefined {
  if (!typeOk(schema, value)) {
    return `${path} is ${describe(value)}; allowed: a value of type ${JSON.stringify(schema.type)}`;
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${path} is ${describe(value)}; allowed: one of ${schema.enum.map(describe).join(", ")}`;
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      return `${path} is ${value}; allowed: a number ≥ ${schema.minimum}`;
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      return `${path} is ${value}; allowed: a number ≤ ${schema.maximum}`;
    }
  }
  const items = schema.items;
  if (Array.isArray(value) && items !== undefined && typeof items === "object" && !Array.isArray(items)) {
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(items, value[i], `${path}[${i}]`);
      if (problem) {
        return problem;
      }
    }
  }
  return undefined;
}

/**
 * Resolves every policy's level and config. Throws `PolicyConfigError` naming the source, the field path, the
 * value, what is allowed and the fix, for unknown policy names, bad levels, unknown properties and bad values.
 */
export function resolvePolicyConfig(
  policies: Policies,
  config: PolicyPackConfig | undefined,
  packLevel: EnforcementLevel,
  source: string,
): Map<string, ResolvedPolicyConfig> {
  const byName = new Map(policies.map((p) => [p.name, p]));
  const entries = config ?? {};
  const fail = (problem: string, fix: string): never => {
    throw new PolicyConfigError(`${source}: ${problem}. Fix: ${fix}`);
  };
  for (const key of Object.keys(entries)) {
    if (key !== "all" && !byName.has(key)) {
      fail(`"${key}" is not a policy in this pack`, `use one of: all, ${[...byName.keys()].sort().join(", ")}`);
    }
  }
  const levelOf = (key: string, entry: unknown): EnforcementLevel | undefined => {
    const level =
      typeof entry === "string" ? entry : entry && typeof entry === "object" ? Reflect.get(entry, "enforcementLevel") : undefined;
    if (level !== undefined && !isLevel(level)) {
      fail(`"${key}".enforcementLevel is ${describe(level)}; allowed: ${LEVELS.join(", ")}`, "set a valid enforcement level");
    }
    return level;
  };
  const allLevel = levelOf("all", entries.all);
  const resolved = new Map<string, ResolvedPolicyConfig>();
  for (const policy of policies) {
    const entry: unknown = entries[policy.name];
    const schemaProps = policy.configSchema?.properties ?? {};
    const properties: Record<string, unknown> = {};
    for (const [prop, schema] of Object.entries(schemaProps)) {
      if (schema.default !== undefined) {
        properties[prop] = schema.default;
      }
    }
    if (entry !== null && typeof entry === "object") {
      for (const [prop, value] of Object.entries(entry)) {
        if (prop === "enforcementLevel") {
          continue;
        }
        const schema = schemaProps[prop];
        if (!schema) {
          const known = Object.keys(schemaProps).sort();
          fail(
            `"${policy.name}".${prop} is not a setting of this policy`,
            known.length ? `use one of: ${known.join(", ")}` : "remove it (this policy has no settings)",
          );
        }
        const problem = checkValue(schema, value, `"${policy.name}".${prop}`);
        if (problem) {
          fail(problem, `set ${prop} to a valid value or remove it to use the default ${describe(schema.default)}`);
        }
        properties[prop] = value;
      }
    }
    const enforcementLevel = levelOf(policy.name, entry) ?? allLevel ?? policy.enforcementLevel ?? packLevel;
    resolved.set(policy.name, { enforcementLevel, properties });
  }
  return resolved;
}

/** Reads a `--policy-pack-config` JSON file; errors name the file. */
export function loadPolicyPackConfig(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PolicyConfigError(
      `${file}: cannot read the policy pack config file. Fix: create it (see policy/config/dev.json) or pass an existing path.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new PolicyConfigError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)}). Fix: correct the JSON syntax.`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new PolicyConfigError(
      `${file}: top level is ${describe(parsed)}; allowed: an object mapping policy names to a level or settings. Fix: wrap the settings in { }.`,
    );
  }
  const out: PolicyPackConfig = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (isLevel(value)) {
      out[key] = value;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      out[key] = { ...value };
    } else {
      throw new PolicyConfigError(
        `${file}: "${key}" is ${describe(value)}; allowed: an enforcement level (${LEVELS.join(", ")}) or an object of settings. Fix: use e.g. "${key}": "advisory".`,
      );
    }
  }
  return out;
}
