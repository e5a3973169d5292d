/**
 * Reads the state an update preview compares against: an earlier `dockyard-preview --json` document or a
 * `pulumi stack export` deployment. Both become the same list of resources with printable inputs (secrets as
 * `[secret]`, the bridge's `__defaults` bookkeeping removed).
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../project";

/** Bad `--previous` input: printed as one message, never a stack trace. */
export class PreviousStateError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "PreviousStateError";
  }
}

export type PreviousFormat = "dockyard-preview" | "pulumi-stack-export";

export interface PreviousResource {
  urn: string;
  type: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  protect: boolean;
  retainOnDelete: boolean;
  /** Input paths the provider filled in itself (the bridge's `__defaults`, e.g. an auto-name; `a.b` when nested). */
  providerDefaults: string[];
}

export interface PreviousState {
  file: string;
  format: PreviousFormat;
  resources: PreviousResource[];
}

/** The engine's marker for a secret value in a deployment (`sig.Secret`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const DEFAULTS_KEY = "__defaults";

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Secrets → `[secret]`, `__defaults` dropped, recursively. */
export function printable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(printable);
  if (!isObject(value)) return value;
  if (value[SECRET_SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== DEFAULTS_KEY)
      .map(([k, v]) => [k, printable(v)]),
  );
}

function record(value: unknown): Record<string, unknown> {
  const p = printable(value);
  return isObject(p) ? p : {};
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Paths (`a.b`, list positions omitted) the provider filled in: every `__defaults` list, at any depth. */
export function defaultPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => defaultPaths(v, prefix)))];
  if (!isObject(value)) return [];
  const here = strings(value[DEFAULTS_KEY]).map((k) => (prefix ? `${prefix}.${k}` : k));
  const below = Object.entries(value)
    .filter(([k]) => k !== DEFAULTS_KEY)
    .flatMap(([k, v]) => defaultPaths(v, prefix ? `${prefix}.${k}` : k));
  return [...here, ...below];
}

function fromPreviewDocument(steps: unknown[], fail: (problem: string) => never): PreviousResource[] {
  const out: PreviousResource[] = [];
  steps.forEach((step, i) => {
    if (!isObject(step)) fail(`steps[${i}] is ${JSON.stringify(step)}; expected a step object`);
    // A step without newState is a deletion: the resource is gone after that update.
    const state = step["newState"];
    if (step["op"] === "delete" || state === undefined) return;
    if (!isObject(state) || typeof state["urn"] !== "string" || typeof state["type"] !== "string") {
      fail(`steps[${i}].newState needs string "urn" and "type"`);
    }
    out.push({
      urn: state["urn"],
      type: state["type"],
      custom: state["custom"] !== false,
      inputs: record(state["inputs"]),
      outputs: record(state["outputs"]),
      ...(typeof state["parent"] === "string" ? { parent: state["parent"] } : {}),
      protect: state["protect"] === true,
      retainOnDelete: state["retainOnDelete"] === true,
      providerDefaults: [],
    });
  });
  return out;
}

function fromDeployment(resources: unknown[], fail: (problem: string) => never): PreviousResource[] {
  const out: PreviousResource[] = [];
  resources.forEach((r, i) => {
    if (!isObject(r) || typeof r["urn"] !== "string" || typeof r["type"] !== "string") {
      fail(`deployment.resources[${i}] needs string "urn" and "type"`);
    }
    // Providers are not registered by the program; `delete: true` marks the old half of a replacement still
    // pending deletion; `external` resources were read, not managed.
    if (r["type"].startsWith("pulumi:providers:") || r["delete"] === true || r["external"] === true) return;
    const inputs = isObject(r["inputs"]) ? r["inputs"] : {};
    out.push({
      urn: r["urn"],
      type: r["type"],
      custom: r["custom"] === true,
      inputs: record(inputs),
      outputs: record(r["outputs"]),
      ...(typeof r["parent"] === "string" ? { parent: r["parent"] } : {}),
      protect: r["protect"] === true,
      retainOnDelete: r["retainOnDelete"] === true,
      providerDefaults: defaultPaths(inputs),
    });
  });
  return out;
}

/**
 * Reads `file` and detects its format.
 * @throws PreviousStateError naming the file and what was expected.
 */
export function loadPrevious(file: string): PreviousState {
  const expected =
    "expected the output of `dockyard-preview --json` (an object with `steps`) or of `pulumi stack export` (an object with `deployment.resources`)";
  const fail = (problem: string): never => {
    throw new PreviousStateError(`${file}: ${problem}; ${expected}. Fix: pass --previous a file written by one of those commands.`);
  };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PreviousStateError(
      `${file}: cannot read the --previous file. Fix: pass the path of an earlier \`dockyard-preview --json\` output or a \`pulumi stack export\` file.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(parsed)) return fail(`the top level is ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`);
  if (Array.isArray(parsed["steps"])) {
    return { file, format: "dockyard-preview", resources: fromPreviewDocument(parsed["steps"], fail) };
  }
  // `pulumi stack export` writes { version, deployment: { manifest, resources } }; accept the bare deployment too.
  const deployment = isObject(parsed["deployment"]) ? parsed["deployment"] : parsed;
  if (isObject(deployment["manifest"]) || "deployment" in parsed) {
    const resources = deployment["resources"] ?? [];
    if (!Array.isArray(resources)) return fail("deployment.resources is not an array");
    return { file, format: "pulumi-stack-export", resources: fromDeployment(resources, fail) };
  }
  return fail(`it has neither \`steps\` nor \`deployment\` (top-level keys: ${Object.keys(parsed).join(", ") || "none"})`);
}
