/** The engine's unknown sentinels (a value not known until `up`): whatever holds one is not checked. */
import { UNKNOWN } from "../../policy/engine/proxy";

const SENTINELS = new Set<unknown>(Object.values(UNKNOWN));

export function isUnknown(value: unknown): boolean {
  return SENTINELS.has(value);
}

/** True when the value or anything inside it is unknown (a JSON string built from an unknown, a nested list). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (typeof value === "string") return [...SENTINELS].some((s) => typeof s === "string" && value.includes(s));
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
