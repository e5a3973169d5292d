/** Small helpers shared by the rule modules: type guards, safe property reads, config merge, graph lookups. */
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { GET_SPECIAL_PROXY_TARGET, isUnknownError } from "./runtime";
import type { Key, PropertyPath } from "./shape";

/** Calls `args.notApplicable()` (which throws) unless the resource's type token is one of `types`. */
export function requireType(args: ResourceValidationArgs, types: ReadonlySet<string>): void {
  if (!types.has(args.type)) {
    args.notApplicable(`Policy only applies to resources of type ${[...types].map((t) => `'${t}'`).join(", ")}`);
  }
}

/** Policy config = the rule's defaults overlaid with what the engine passed (it may pass nothing at all). */
export function settings<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/**
 * Reads `key` from an object-ish value (goes through the unknown-checking proxy, so unknowns throw). Name the
 * type the value has in `@pulumi/aws` (`field<aws.lb.ListenerArgs>(props, "protocol")`) and the compiler checks the
 * key; the value stays `unknown`, since programs other than ours may pass anything.
 */
export function field<T>(value: unknown, key: Key<T>): unknown {
  if (value === null || typeof value !== "object") {
    return undefined;
  }
  return Reflect.get(value, key);
}

/** Reads a nested path, checked against `T`: `path<aws.ecs.ServiceArgs>(props, "networkConfiguration", "subnets")`. */
export function path<T>(value: unknown, ...keys: PropertyPath<T>): unknown {
  return (keys as readonly string[]).reduce<unknown>(
    (v, k) => (v === null || typeof v !== "object" ? undefined : Reflect.get(v, k)),
    value,
  );
}

/** `x` or `[x, y]` → string array (other values dropped). */
export function strings(value: unknown): string[] {
  if (typeof value === "string") {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === "string");
  }
  return [];
}

/** Array elements (through the proxy); non-arrays give `[]`. */
export function items(value: unknown): unknown[] {
  return Array.isArray(value) ? [...value] : [];
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number") {
    return value;
  }
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** Case-sensitive glob with `*` (any run of characters) and `?` (one character). */
export function globMatch(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(value);
}

export const PUBLIC_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);

/** Parses a JSON string document, or returns the object as is; undefined for anything else. */
export function parseJsonish(value: unknown): unknown {
  if (typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value;
}

/** The identifiers any resource may carry (read generically, across types). */
interface Identified {
  id?: string;
  arn?: string;
  name?: string;
}

/**
 * True when `from`'s input `prop` points at `target`: via the engine's property dependencies (known even during
 * preview) or, when there are none for that property, by comparing the value to the target's `id`/`arn`/`name`.
 */
export function refersTo(from: PolicyResource, prop: string, target: PolicyResource): boolean {
  const deps = from.propertyDependencies[prop];
  if (deps && deps.length > 0) {
    return deps.includes(target);
  }
  const values = strings(field<Record<string, unknown>>(from.props, prop));
  if (values.length === 0) {
    return false;
  }
  const keys = [...resourceIds(target), field<Identified>(target.props, "name")].filter((v): v is string => typeof v === "string");
  return values.some((v) => keys.includes(v));
}

/**
 * The identifiers other resources use to reference `r`: its `id` output where the provider returns one, its ARN,
 * and the id inside an EC2-style ARN (`arn:aws:ec2:…:subnet/subnet-0abc` → `subnet-0abc`). Policy resources
 * carry no separate id field, and offline captures carry no `id` output.
 */
export function resourceIds(r: PolicyResource): string[] {
  const out = new Set<string>();
  const id = field<Identified>(r.props, "id");
  if (typeof id === "string" && id !== "") {
    out.add(id);
  }
  const arn = field<Identified>(r.props, "arn");
  if (typeof arn === "string" && arn.startsWith("arn:")) {
    out.add(arn);
    const tail = arn.split(":").slice(5).join(":").split("/").pop();
    if (tail) {
      out.add(tail);
    }
  }
  return [...out];
}

/** Per frozen resource list (the engine hands every stack policy the same frozen one): its resources per type set. */
const byTypes = new WeakMap<readonly PolicyResource[], Map<ReadonlySet<string>, PolicyResource[]>>();

/** The resources of `all` whose type is one of `types`, in order; computed once per frozen list and type set (never change it). */
export function resourcesOfTypes(all: PolicyResource[], types: ReadonlySet<string>): PolicyResource[] {
  if (!Object.isFrozen(all)) {
    return all.filter((r) => types.has(r.type));
  }
  let index = byTypes.get(all);
  if (!index) {
    index = new Map();
    byTypes.set(all, index);
  }
  let found = index.get(types);
  if (!found) {
    found = all.filter((r) => types.has(r.type));
    index.set(types, found);
  }
  return found;
}

/** Resources `from.prop` points at, of one of `types` (graph first, then id/arn/name match). */
export function targetsOf(from: PolicyResource, prop: string, all: PolicyResource[], types: ReadonlySet<string>): PolicyResource[] {
  return resourcesOfTypes(all, types).filter((r) => refersTo(from, prop, r));
}

/**
 * Runs `check` per item; an unknown value in one item doesn't hide definite findings in others. The first
 * `UnknownValueError` is rethrown at the end, so the engine still reports the policy as not runnable in preview.
 */
export function eachDeferringUnknowns<T>(list: T[], check: (item: T) => void): void {
  const unknowns = new UnknownCollector();
  for (const item of list) {
    unknowns.attempt(() => check(item), undefined);
  }
  unknowns.rethrow();
}

/** Runs reads that may hit unknown values, keeps the first `UnknownValueError` and lets the caller continue. */
export class UnknownCollector {
  private first: unknown;

  /** `fn()`, or `fallback` when it read an unknown value. */
  attempt<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      if (!isUnknownError(e)) {
        throw e;
      }
      this.first ??= e;
      return fallback;
    }
  }

  /** Rethrows the first unknown seen, so the engine reports the policy as not runnable during preview. */
  rethrow(): void {
    if (this.first !== undefined) {
      throw this.first;
    }
  }
}

/** All resources of the given types in the stack (a new array: the caller may change it). */
export function ofTypes(args: StackValidationArgs, types: ReadonlySet<string>): PolicyResource[] {
  return [...resourcesOfTypes(args.resources, types)];
}

/** A copy of the raw (unproxied) inputs for remediation, so unknown values elsewhere don't abort the fix. */
export function rawProps(args: ResourceValidationArgs): Record<string, unknown> {
  const target: unknown = Reflect.get(args.props, GET_SPECIAL_PROXY_TARGET) ?? args.props;
  const out: Record<string, unknown> = {};
  if (target !== null && typeof target === "object") {
    for (const key of Object.keys(target)) {
      out[key] = Reflect.get(target, key);
    }
  }
  return out;
}

/** A plain object view of a raw value (for remediation spreads); `{}` for non-objects. */
export function rawObject(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      out[key] = Reflect.get(value, key);
    }
  }
  return out;
}
