/**
 * Detects secrets written as plain environment variables. Mirrors the policy pack's rule so a bad config
 * fails at load time with a fix, instead of at the policy gate.
 */

/** Name tokens that mark a variable as sensitive (`DB_PASSWORD`, `API_KEY`, `AUTH_TOKEN`, ...). */
const SENSITIVE_TOKENS = new Set(["PASSWORD", "PASSWD", "PWD", "SECRET", "SECRETS", "TOKEN", "KEY", "APIKEY", "CREDENTIAL", "CREDENTIALS", "PRIVATE"]);

/** Why `name=value` looks like a plaintext secret, or `undefined` when it does not. */
export function plaintextSecretReason(name: string, value: string): string | undefined {
  const tokens = name.toUpperCase().split(/[^A-Z0-9]+/);
  const hit = tokens.find((t) => SENSITIVE_TOKENS.has(t));
  if (hit !== undefined) return `the name contains "${hit}"`;
  if (/^AKIA[0-9A-Z]{16}$/.test(value)) return "the value looks like an AWS access key id";
  if (isHighEntropy(value)) return "the value looks like a generated secret (long and high-entropy)";
  return undefined;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Token-like (no spaces, dots or colons, so not a URL or host name), at least 20 characters, entropy ≥ 4. */
function isHighEntropy(value: string): boolean {
  return value.length >= 20 && /^[A-Za-z0-9+/=_-]+$/.test(value) && entropy(value) >= 4;
}
