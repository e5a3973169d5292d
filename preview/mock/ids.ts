/**
 * Deterministic identifiers for the mock AWS: every id, suffix and digest is derived from a hash of the
 * resource's type, name and (where AWS would) its inputs, so the same program always gets the same answers.
 */
import { createHash } from "crypto";

/** JSON with object keys sorted at every level, so equal values always serialize to equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
    return sorted;
  }
  return value;
}

/** Hex SHA-256 of the given parts joined unambiguously. */
export function sha256Hex(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** `length` lowercase hex characters derived from `seed`. */
export function hexId(seed: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) out += sha256Hex(seed, String(round));
  return out.slice(0, length);
}

/** `length` decimal digits derived from `seed` (ALB DNS names end in a number). */
export function digitsId(seed: string, length: number): string {
  return hexId(seed, length * 2)
    .match(/../g)!
    .map((pair) => String(parseInt(pair, 16) % 10))
    .join("")
    .slice(0, length);
}

/** `length` characters of [a-z0-9] derived from `seed` (Cloud Map ids, role unique ids). */
export function alnumId(seed: string, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0234567";
  return hexId(seed, length * 2)
    .match(/../g)!
    .map((pair) => alphabet[parseInt(pair, 16) % alphabet.length])
    .join("")
    .slice(0, length);
}

/**
 * The physical name the AWS provider would pick: the explicit `name`, else `namePrefix` + a suffix, else
 * `<logical name>-<7 hex>` (Pulumi's autonaming), truncated to `maxLength` where AWS caps the name.
 */
export function physicalName(
  inputs: Record<string, unknown>,
  logicalName: string,
  seed: string,
  options: { maxLength?: number; lowercase?: boolean } = {},
): string {
  const explicit = inputs["name"];
  if (typeof explicit === "string" && explicit !== "") return explicit;
  const prefix = inputs["namePrefix"];
  let name: string;
  if (typeof prefix === "string" && prefix !== "") {
    name = prefix + hexId(seed, 26);
  } else {
    const suffix = "-" + hexId(seed, 7);
    const room = options.maxLength === undefined ? logicalName.length : options.maxLength - suffix.length;
    name = logicalName.slice(0, Math.max(1, room)) + suffix;
  }
  if (options.maxLength !== undefined) name = name.slice(0, options.maxLength);
  return options.lowercase ? name.toLowerCase() : name;
}
