/**
 * Typed bindings to `@pulumi/policy`'s property proxy, the only runtime piece the rules need besides the SDK types.
 * 1.21.0 exports these at runtime but its typings were stripped (`proxy.d.ts` is empty), so the root re-export
 * resolves untyped; we pin the shapes here. The rules depend on this file and `@pulumi/policy` only; the
 * in-process engine (`../engine/`) imports it from here, never the reverse.
 */
import { unknownCheckingProxy as untypedProxy, UnknownValueError as UntypedUnknownValueError } from "@pulumi/policy";

/** The error the proxy throws when a policy reads a value that is unknown during preview. */
export interface UnknownValueErrorShape extends Error {
  /** Property path that was read, e.g. `["networkConfiguration", "subnets"]`. */
  props: string[];
  unknownTypeSentinel: string;
}

/** Wraps inputs/outputs the way the policy server does: reading an unknown sentinel throws `UnknownValueError`. */
export const unknownCheckingProxy: <T extends object>(value: T) => T = untypedProxy;

/** The class policies see thrown; `instanceof` works against the server's own errors too. */
export const UnknownValueError: new (sentinel: string, props: string[]) => UnknownValueErrorShape = UntypedUnknownValueError;

/** Property keys the proxy answers specially (see `@pulumi/policy/proxy.js`). */
export const IS_SPECIAL_PROXY = "__isSpecialProxy";
export const GET_SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/** The engine's unknown sentinels, by the type of value they stand for. */
export const UNKNOWN = {
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
} as const;

export function isUnknownError(e: unknown): e is UnknownValueErrorShape {
  return e instanceof UnknownValueError;
}

/** Strips proxies from a (remediated) value so it can be compared and handed on, like the server's serializer. */
export function unproxy(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const target: unknown = Reflect.get(value, IS_SPECIAL_PROXY) === true ? Reflect.get(value, GET_SPECIAL_PROXY_TARGET) : value;
  if (Array.isArray(target)) {
    return target.map(unproxy);
  }
  if (target === null || typeof target !== "object") {
    return target;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(target)) {
    out[key] = unproxy(Reflect.get(target, key));
  }
  return out;
}
