/**
 * Turns the wire form of resource properties (what the SDK serializes into a RegisterResource request) into
 * plain JSON, the way the engine hands values to a policy analyzer: secrets unwrapped, resource references
 * reduced to their id (custom resources) or URN (components), assets kept as their source.
 * With `redact`, secrets become `[secret]` instead: the form used for anything printed.
 */
import { specialArchiveSig, specialAssetSig, specialResourceSig, specialSecretSig, specialSigKey } from "./sdk";

/** What a secret looks like in every report. */
export const SECRET_TEXT = "[secret]";

export function decodeWire(value: unknown, redact: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeWire(item, redact));
  if (value === null || typeof value !== "object") return value;
  const map = value as Record<string, unknown>;
  switch (map[specialSigKey]) {
    case specialSecretSig:
      return redact ? SECRET_TEXT : decodeWire(map["value"], redact);
    case specialResourceSig: {
      const id = map["id"];
      return typeof id === "string" && id !== "" ? id : map["urn"];
    }
    case specialAssetSig:
    case specialArchiveSig: {
      const { [specialSigKey]: _sig, ...source } = map;
      return decodeWire(source, redact);
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(map)) out[key] = decodeWire(map[key], redact);
      return out;
    }
  }
}

/** Decodes a property map; an absent struct is an empty map. */
export function decodeProperties(struct: Record<string, unknown> | undefined, redact: boolean): Record<string, unknown> {
  return decodeWire(struct ?? {}, redact) as Record<string, unknown>;
}
