/**
 * The one plaintext-secret detector. The pack's `ecs-task-definition-no-plaintext-secrets` and the stack config
 * loader (`stacks/plaintext-secrets.ts` re-exports it) both call `secretReason`, so a value refused at config
 * load is exactly a value the gate fails, and the other way round.
 *
 * It looks at the value first (credentials inside URLs, `Basic`/`Bearer` credentials, AWS access key ids,
 * private keys, JWTs, long random strings) and then at the name: a sensitive word (`PASSWORD`, `*_PASS`, `*_PWD`,
 * `SECRET`, `TOKEN`, `*_KEY`, …) counts only when no qualifier follows it, so `DB_PASSWORD` is a secret while
 * `CACHE_KEY_PREFIX`, `TOKEN_TTL` or `PASSWORD_FILE` are settings *about* a secret.
 */

export interface SecretRules {
  /** Variable names never reported. */
  allowedNames: string[];
  /** Shortest value the entropy check considers. */
  minSecretLength: number;
  /** Bits per character at or above which a token-like value looks random. */
  entropyThreshold: number;
  /** Extra case-insensitive regex for sensitive names ("" = none). */
  sensitiveNamePattern: string;
}

export const SECRET_DEFAULTS: SecretRules = { allowedNames: [], minSecretLength: 20, entropyThreshold: 4.0, sensitiveNamePattern: "" };

/** Words that make a name sensitive when they end it (or are followed only by other sensitive words). */
const SENSITIVE_WORDS = new Set([
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "PASSPHRASE",
  "SECRET",
  "SECRETS",
  "TOKEN",
  "TOKENS",
  "KEY",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "CREDS",
  "SALT",
  "PEPPER",
]);
/** Words that, after a sensitive word, make the name describe the secret rather than hold it. */
const QUALIFIERS = new Set([
  "PREFIX",
  "SUFFIX",
  "TTL",
  "EXPIRY",
  "EXPIRES",
  "LIFETIME",
  "TIMEOUT",
  "LENGTH",
  "LEN",
  "SIZE",
  "BITS",
  "FILE",
  "PATH",
  "DIR",
  "ARN",
  "ID",
  "NAME",
  "URL",
  "URI",
  "ENDPOINT",
  "HOST",
  "PORT",
  "REGION",
  "HEADER",
  "PARAM",
  "FIELD",
  "TYPE",
  "FORMAT",
  "ALGORITHM",
  "ALG",
  "VERSION",
  "ENABLED",
  "DISABLED",
  "REQUIRED",
  "POLICY",
  "ROTATION",
  "STORE",
  "PROVIDER",
  "MODE",
  "COUNT",
  "LOCATION",
  "REF",
  "SOURCE",
  "ISSUER",
  "AUDIENCE",
  "SCOPE",
]);
/** Words before `KEY` that make it a data or resource key (`SORT_KEY`, `KMS_KEY`), not a credential. */
const DATA_KEYS = new Set([
  "PRIMARY",
  "SORT",
  "PARTITION",
  "HASH",
  "RANGE",
  "CACHE",
  "ROUTING",
  "IDEMPOTENCY",
  "FOREIGN",
  "OBJECT",
  "S3",
  "LOOKUP",
  "GROUP",
  "DEDUP",
  "DEDUPLICATION",
  "MESSAGE",
  "SHARD",
  "INDEX",
  "KMS",
  "CMK",
  "PUBLIC",
  "SEARCH",
  "METRIC",
  "FEATURE",
]);
/** Names AWS's own control (Security Hub ECS.8) reports, whatever their value. */
const ECS8_NAMES = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"]);
/** Switch-like values: `REQUIRE_PASSWORD=true` configures a secret, it does not hold one. */
const SWITCHES = new Set(["true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "required", "optional"]);
/** Sensitive-looking names that are conventionally not secrets. */
const CONVENTIONAL = new Set(["PWD", "OLDPWD"]);

/** `DB_PASSWORD`, `dbPassword`, `api-key` → upper-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== "");
}

/** The sensitive word that makes `name` hold a secret, or undefined. */
function sensitiveWord(name: string, rules: SecretRules): string | undefined {
  if (ECS8_NAMES.has(name.toUpperCase())) {
    return name.toUpperCase();
  }
  if (CONVENTIONAL.has(name.toUpperCase())) {
    return undefined;
  }
  const ws = words(name);
  for (let i = ws.length - 1; i >= 0; i--) {
    if (QUALIFIERS.has(ws[i])) {
      return undefined;
    }
    if (SENSITIVE_WORDS.has(ws[i])) {
      return ws[i] === "KEY" && i > 0 && DATA_KEYS.has(ws[i - 1]) ? undefined : ws[i];
    }
  }
  if (rules.sensitiveNamePattern !== "" && new RegExp(rules.sensitiveNamePattern, "i").test(name)) {
    return `/${rules.sensitiveNamePattern}/`;
  }
  return undefined;
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const VALUE_CHECKS: [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, "the value contains a private key"],
  [/[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "the value is a URL with a password in it (scheme://user:password@host)"],
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/, "the value carries HTTP Basic/Bearer credentials"],
  [/\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/, "the value looks like an AWS access key id"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, "the value looks like a JSON Web Token"],
  [
    /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bxox[abpr]-[A-Za-z0-9-]{10,}/,
    "the value looks like an API token",
  ],
];

/** Token alphabet only (no spaces, dots or colons, so not a URL or a host name), long, mixed and random. */
function isHighEntropy(value: string, rules: SecretRules): boolean {
  return (
    value.length >= rules.minSecretLength &&
    /^[A-Za-z0-9+/=_-]+$/.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    entropy(value) >= rules.entropyThreshold
  );
}

/** A pointer to a secret (an ARN, an SSM/Secrets Manager reference), not the secret itself. */
function isReference(value: string): boolean {
  return value.startsWith("arn:") || value.startsWith("{{resolve:");
}

/** Why `name=value` looks like a plaintext secret, or `undefined` when it does not. */
export function secretReason(name: string, value: string, rules: SecretRules = SECRET_DEFAULTS): string | undefined {
  if (value === "" || isReference(value) || rules.allowedNames.includes(name)) {
    return undefined;
  }
  for (const [pattern, reason] of VALUE_CHECKS) {
    if (pattern.test(value)) {
      return reason;
    }
  }
  const word = sensitiveWord(name, rules);
  if (word !== undefined && !SWITCHES.has(value.toLowerCase())) {
    return `the name contains "${word}"`;
  }
  if (isHighEntropy(value, rules)) {
    return "the value looks like a generated secret (long and high-entropy)";
  }
  return undefined;
}
