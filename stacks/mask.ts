/**
 * Masks what looks like a secret before a config value goes into an error message (errors end up in CI logs).
 * One detector decides: `plaintextSecretReason` from ./plaintext-secrets.
 */
import { REDACTED } from "../components/index";
import { plaintextSecretReason } from "./plaintext-secrets";

/** What a masked value is shown as: the components' own redaction mark. */
export const MASKED = REDACTED;

/**
 * `value` with every string that looks like a secret replaced by `[redacted]`. `segments` is the field path
 * (its last segment is the name the detector judges the value by); a string anywhere under a `secrets` map
 * that is not an ARN is masked too: a value put where a secret's ARN belongs is most likely the secret itself.
 */
export function maskSecrets(value: unknown, segments: readonly string[]): unknown {
  const underSecrets = segments.slice(0, -1).includes("secrets");
  if (typeof value === "string") {
    const name = segments[segments.length - 1] ?? "";
    // Under `secrets` an ARN is the reference (shown, so a wrong one can be fixed); anything else is the secret.
    if (underSecrets) return value.startsWith("arn:") ? value : MASKED;
    return plaintextSecretReason(name, value) === undefined ? value : MASKED;
  }
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, segments));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, [...segments, k])]));
  }
  return value;
}
