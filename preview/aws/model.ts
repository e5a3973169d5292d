/**
 * Validates an AWS API request against AWS's full model of the operation (botocore's service-2.json, shipped
 * in data/aws-models/ by scripts/models/regenerate.py): types, required and unknown members, enums, string
 * length, list and map sizes, number ranges and anchored patterns. Messages use AWS's own wording
 * ("Value 'x' at 'networkMode' failed to satisfy constraint: …"). A value that is unknown offline is
 * reported as not checked, never as valid.
 */
import * as fs from "fs";
import * as path from "path";
import { awsPattern } from "./pattern";
import { isUnknown } from "./unknown";

export interface MemberRef {
  shape: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "double" | "float" | "boolean" | "timestamp" | "blob";
  members?: Record<string, MemberRef>;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  union?: boolean;
  document?: boolean;
}

export interface ServiceModel {
  source: { package: string; version: string; file: string; apiVersion: string; protocol: string; serviceId: string; licence: string };
  generated: string;
  generator: string;
  /** `output` is kept only for the operations whose answers dockyard reads (scripts/models/regenerate.py OUTPUT_OPERATIONS). */
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, Shape>;
}

/** Services with a shipped model, by botocore's name. */
export const MODEL_SERVICES = [
  "ecs",
  "elbv2",
  "servicediscovery",
  "ecr",
  "iam",
  "logs",
  "application-autoscaling",
  "ec2",
  "cloudwatch",
] as const;
export type ModelService = (typeof MODEL_SERVICES)[number];

export const MODELS_DIR = path.resolve(__dirname, "..", "..", "data", "aws-models");

const loaded = new Map<string, ServiceModel>();

export function loadModel(service: ModelService): ServiceModel {
  let model = loaded.get(service);
  if (model === undefined) {
    model = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, `${service}.json`), "utf8")) as ServiceModel;
    loaded.set(service, model);
  }
  return model;
}

/** One problem AWS would reject the request for. */
export interface RequestProblem {
  /** Member path in AWS's form: `containerDefinitions[0].portMappings[0].containerPort` ("" for the request). */
  path: string;
  message: string;
}

export interface RequestValidation {
  problems: RequestProblem[];
  /** Member paths whose value is unknown offline: not checked. */
  unknown: string[];
}

const show = (value: unknown): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
};
const at = (p: string): string => (p === "" ? "the request" : `'${p}'`);
const join = (p: string, member: string): string => (p === "" ? member : `${p}.${member}`);

/** Nearest member name by edit distance, for a "did you mean" hint. */
function closest(name: string, candidates: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  };
  const best = candidates.map((c) => [c, distance(name, c)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}

class Validator {
  readonly problems: RequestProblem[] = [];
  readonly unknown: string[] = [];

  constructor(private readonly model: ServiceModel) {}

  private fail(p: string, message: string): void {
    this.problems.push({ path: p, message });
  }

  private constraint(value: unknown, p: string, text: string): void {
    this.fail(p, `Value '${show(value)}' at ${at(p)} failed to satisfy constraint: ${text}`);
  }

  check(shapeName: string, value: unknown, p: string): void {
    if (isUnknown(value)) {
      this.unknown.push(p);
      return;
    }
    const shape = this.model.shapes[shapeName];
    if (shape === undefined) throw new Error(`data/aws-models: shape ${shapeName} missing from the ${this.model.source.serviceId} model`);
    if (shape.document) return;
    switch (shape.type) {
      case "structure":
        return this.structure(shapeName, shape, value, p);
      case "list":
        if (!Array.isArray(value)) return this.fail(p, `Expected a list at ${at(p)}, got ${show(value)}`);
        this.size(shape, value.length, value, p, "Member must have length");
        value.forEach((item, i) => this.check(shape.member!.shape, item, `${p}[${i}]`));
        return;
      case "map": {
        if (value === null || typeof value !== "object" || Array.isArray(value))
          return this.fail(p, `Expected a map at ${at(p)}, got ${show(value)}`);
        const entries = Object.entries(value);
        this.size(shape, entries.length, value, p, "Map must have length");
        for (const [k, v] of entries) {
          this.check(shape.key!.shape, k, `${p}.key(${k})`);
          this.check(shape.value!.shape, v, `${p}.${k}`);
        }
        return;
      }
      case "string":
        return this.string(shape, value, p);
      case "integer":
      case "long":
      case "double":
      case "float":
        if (typeof value !== "number" || !Number.isFinite(value)) return this.fail(p, `Expected a number at ${at(p)}, got ${show(value)}`);
        if ((shape.type === "integer" || shape.type === "long") && !Number.isInteger(value))
          return this.fail(p, `Expected an integer at ${at(p)}, got ${value}`);
        if (shape.min !== undefined && value < shape.min)
          this.constraint(value, p, `Member must have value greater than or equal to ${shape.min}`);
        if (shape.max !== undefined && value > shape.max)
          this.constraint(value, p, `Member must have value less than or equal to ${shape.max}`);
        return;
      case "boolean":
        if (typeof value !== "boolean") this.fail(p, `Expected a boolean at ${at(p)}, got ${show(value)}`);
        return;
      case "timestamp":
      case "blob":
        if (typeof value !== "string" && typeof value !== "number")
          this.fail(p, `Expected a ${shape.type} at ${at(p)}, got ${show(value)}`);
        return;
    }
  }

  private size(shape: Shape, n: number, value: unknown, p: string, what: string): void {
    if (shape.min !== undefined && n < shape.min) this.constraint(value, p, `${what} greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) this.constraint(value, p, `${what} less than or equal to ${shape.max}`);
  }

  private string(shape: Shape, value: unknown, p: string): void {
    if (typeof value !== "string") return this.fail(p, `Expected a string at ${at(p)}, got ${show(value)}`);
    if (shape.enum && !shape.enum.includes(value)) {
      return this.constraint(value, p, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
    }
    this.size(shape, [...value].length, value, p, "Member must have length");
    if (shape.pattern && !awsPattern(shape.pattern).test(value))
      this.constraint(value, p, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }

  private structure(name: string, shape: Shape, value: unknown, p: string): void {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return this.fail(p, `Expected a structure (${name}) at ${at(p)}, got ${show(value)}`);
    const members = shape.members ?? {};
    const record = value as Record<string, unknown>;
    const present = Object.keys(record).filter((k) => record[k] !== undefined && record[k] !== null);
    for (const key of present) {
      const ref = members[key];
      if (ref === undefined) {
        const hint = closest(key, Object.keys(members));
        this.fail(
          join(p, key),
          `Unknown member '${key}' in ${name}${hint ? ` (did you mean '${hint}'?)` : ""}; allowed: ${Object.keys(members).join(", ")}`,
        );
        continue;
      }
      this.check(ref.shape, record[key], join(p, key));
    }
    for (const key of shape.required ?? []) {
      if (!present.includes(key) && !members[key]?.idempotencyToken) this.fail(join(p, key), `Missing required member '${key}' in ${name}`);
    }
    if (shape.union && present.length !== 1)
      this.fail(
        p,
        `${name} must set exactly one of ${Object.keys(members).join(", ")}; got ${present.length === 0 ? "none" : present.join(", ")}`,
      );
  }
}

/** Validates `params` as the input of `service`'s `operation`. */
export function validateRequest(
  service: ModelService,
  operation: string,
  params: Record<string, unknown>,
  providerFills: string[] = [],
): RequestValidation {
  const model = loadModel(service);
  const op = model.operations[operation];
  if (op === undefined)
    throw new Error(`data/aws-models/${service}.json has no operation ${operation}; add it to scripts/models/regenerate.py`);
  const validator = new Validator(model);
  if (op.input) validator.check(op.input, params, "");
  // Members the provider fills in are not known offline: not checked, and never "missing".
  const problems = validator.problems.filter((p) => !providerFills.includes(p.path));
  return { problems, unknown: [...validator.unknown, ...providerFills] };
}

/** Validates `body` as AWS's answer to `service`'s `operation` (its output shape, same rules as a request). */
export function validateResponse(service: ModelService, operation: string, body: Record<string, unknown>): RequestProblem[] {
  const op = loadModel(service).operations[operation];
  if (op?.output === undefined)
    throw new Error(
      `data/aws-models/${service}.json has no output shape for ${operation}; add it to OUTPUT_OPERATIONS in scripts/models/regenerate.py`,
    );
  const validator = new Validator(loadModel(service));
  validator.check(op.output, body, "");
  return validator.problems;
}

/**
 * Renames object keys to the model's member names where they differ only in case, following `shapeName`
 * (map keys are left alone). For JSON the provider decodes into the SDK's structs, whose field matching is
 * case-insensitive (`containerDefinitions`): `"Image"` reaches AWS as `image`.
 */
export function caseInsensitiveMembers(service: ModelService, shapeName: string, value: unknown): unknown {
  const model = loadModel(service);
  const walk = (name: string, v: unknown): unknown => {
    const shape = model.shapes[name];
    if (shape === undefined || v === null || typeof v !== "object") return v;
    if (shape.type === "list" && Array.isArray(v)) return v.map((item) => walk(shape.member!.shape, item));
    if (shape.type === "map" && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(shape.value!.shape, item)]));
    if (shape.type !== "structure" || Array.isArray(v)) return v;
    const members = shape.members ?? {};
    const byLower = new Map(Object.keys(members).map((m) => [m.toLowerCase(), m]));
    return Object.fromEntries(
      Object.entries(v).map(([k, item]) => {
        const member = members[k] ? k : (byLower.get(k.toLowerCase()) ?? k);
        return [member, members[member] ? walk(members[member].shape, item) : item];
      }),
    );
  };
  return walk(shapeName, value);
}
