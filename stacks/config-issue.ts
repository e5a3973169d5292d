/**
 * Turns the first zod issue of a failed parse into a `ConfigError` in our words: file, field path, value (masked
 * when it looks like a secret), what is allowed and a fix. zod's own wording ("expected record, received array")
 * never reaches the user; an unknown key gets "did you mean …".
 */
import type { z } from "zod";
import { ConfigError } from "./config-error";
import { maskSecrets } from "./mask";
import { closest } from "./suggest";

type Issue = z.core.$ZodIssue;

/** What each zod type is called in a message. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  record: "a map of names to values",
  object: "a map of settings",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
};

/** Prefixes of zod's default messages; ours (config-schema.ts) describe what is allowed and never start so. */
const ZOD_DEFAULT = /^(Invalid (input|option|string|key|value|element)|Too (small|big)|Unrecognized key)/;

/**
 * The issue to report: an unknown key first (a misspelt key usually also makes the right key "missing"), the
 * shallowest one; otherwise zod's first issue.
 */
export function pickIssue(issues: readonly Issue[]): Issue {
  const unknown = issues.filter((i) => i.code === "unrecognized_keys").sort((a, b) => a.path.length - b.path.length);
  return unknown[0] ?? issues[0];
}

/** The "allowed" part for an issue whose message is zod's default. */
function allowedInOurWords(issue: Issue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return TYPE_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
    case "too_small":
      return issue.origin === "array" ? `a list of at least ${String(issue.minimum)} item(s)` : `at least ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array" ? `a list of at most ${String(issue.maximum)} item(s)` : `at most ${String(issue.maximum)}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return 'a value described under "Configuration" in README.md';
  }
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/**
 * Builds the error for `issue` found in `decoded` (the `dockyard:*` keys, JSON-decoded). `namespace` prefixes
 * field paths; `topLevelKeys` are the known `dockyard:*` keys.
 */
export function configErrorFromIssue(
  file: string,
  namespace: string,
  decoded: Record<string, unknown>,
  issue: Issue,
  topLevelKeys: readonly string[],
): ConfigError {
  let segments = issue.path.map(String);
  let allowed = allowedInOurWords(issue);
  const field = (s: readonly string[]) => `${namespace}:${s.join(".")}`;
  let fix = `set \`${field(segments)}\` to an allowed value in ${file} (see "Configuration" in README.md)`;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const known = segments.length === 0 ? [...topLevelKeys] : knownKeysOf(issue.message);
    allowed =
      segments.length === 0 ? `known keys: ${topLevelKeys.map((k) => `${namespace}:${k}`).join(", ")}` : `known keys: ${known.join(", ")}`;
    segments = [...segments, key];
    const guess = closest(key, known);
    fix =
      guess === undefined
        ? "remove the key or correct its spelling"
        : `unknown key, did you mean \`${field([...segments.slice(0, -1), guess])}\`? Rename it`;
  } else if (issue.code === "invalid_key") {
    allowed = issue.issues[0]?.message ?? allowed;
    fix = "rename the key";
  } else if (issue.code === "invalid_type" && valueAt(decoded, segments) === null) {
    fix = `remove \`${field(segments)}\` to use the default, or set a value (null is not a setting)`;
  }
  // A bad map key is reported by name; the value under it is not the problem.
  const found = valueAt(decoded, segments);
  // An unknown key is the problem, not its (possibly large) value.
  const shown =
    issue.code === "unrecognized_keys" && found !== null && typeof found === "object" ? (Array.isArray(found) ? "[…]" : "{…}") : found;
  const value = issue.code === "invalid_key" ? segments[segments.length - 1] : maskSecrets(shown, segments);
  return ConfigError.field(file, field(segments), value, allowed, fix);
}

/** The key list our strict objects put in their unknown-key message (`known keys: a, b, c`). */
function knownKeysOf(message: string): string[] {
  const m = /^known keys: (.*)$/.exec(message);
  return m === null ? [] : m[1].split(", ");
}
