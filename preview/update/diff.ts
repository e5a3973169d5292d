/**
 * Deep comparison of two input values, as a list of changed paths (`a.b[0].c`). Arrays equal up to order
 * count as unchanged (most provider list inputs are sets), and strings holding JSON (policy documents,
 * container definitions) are compared as the JSON they hold, as the provider does.
 */

export type ChangeKind = "add" | "delete" | "update";

export interface ValueChange {
  path: string;
  kind: ChangeKind;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** JSON with object keys sorted: equal values, equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function parseJsonText(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

export function diffValues(before: unknown, after: unknown, path = ""): ValueChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, kind: "add" }];
  if (after === undefined) return [{ path, kind: "delete" }];
  if (typeof before === "string" && typeof after === "string") {
    if (before === after) return [];
    const a = parseJsonText(before);
    const b = parseJsonText(after);
    return a !== undefined && b !== undefined ? diffValues(a, b, path) : [{ path, kind: "update" }];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (canonical([...before.map(canonical)].sort()) === canonical([...after.map(canonical)].sort())) return [];
    if (before.length !== after.length) return [{ path, kind: "update" }];
    return before.flatMap((item, i) => diffValues(item, after[i], `${path}[${i}]`));
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], join(path, k)));
  }
  return canonical(before) === canonical(after) ? [] : [{ path, kind: "update" }];
}

/** Every string leaf of a value (recursing into JSON held in strings is not needed: substrings are searched). */
export function stringLeaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringLeaves(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) stringLeaves(v, out);
  return out;
}

/** `value` with every string rewritten by `rewrite`. */
export function mapStrings(value: unknown, rewrite: (s: string) => string): unknown {
  if (typeof value === "string") return rewrite(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, rewrite));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, rewrite)]));
  return value;
}

/** Pairs of differing strings at the same path of two values (used to map mock outputs to real ones). */
export function pairedStrings(a: unknown, b: unknown, out: [string, string][] = []): [string, string][] {
  if (typeof a === "string" && typeof b === "string") {
    if (a !== b) out.push([a, b]);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => pairedStrings(v, b[i], out));
  } else if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) if (k in b) pairedStrings(a[k], b[k], out);
  }
  return out;
}
