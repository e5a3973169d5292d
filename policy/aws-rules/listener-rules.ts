/**
 * ALB listener-rule limits that the Elastic Load Balancing API model does not encode: condition-value and
 * wildcard quotas per rule, path-pattern and host-header syntax, priority uniqueness per listener. Pure.
 */

/** "Condition values per rule: 5", "Condition wildcards per rule: 5". */
export const ALB_RULE_QUOTAS_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
/** Path-pattern and host-header syntax. */
export const ALB_CONDITIONS_DOC = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html";
/** Host names: at most 128 characters, at least one ".", only letters after the final ".". */
export const ALB_HOST_HEADER_DOC =
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html";

export const MAX_CONDITION_VALUES = 5;
export const MAX_CONDITION_WILDCARDS = 5;
export const MAX_CONDITION_VALUE_LENGTH = 128;
export const MIN_RULE_PRIORITY = 1;
export const MAX_RULE_PRIORITY = 50000;

/** The values of one rule's conditions, by condition type (what the quotas count). */
export interface RuleConditionValues {
  pathPatterns: readonly string[];
  hostHeaders: readonly string[];
  /** http-header, query-string, http-request-method and source-ip values: counted by the quotas only. @default [] */
  other?: readonly string[];
}

/** A problem with one rule's conditions: which list and which value (index) is at fault. */
export interface ConditionProblem {
  field: "pathPatterns" | "hostHeaders" | "conditions";
  /** Index into the list, when one value is at fault. */
  index?: number;
  value: unknown;
  /** What is allowed, with the documentation page. */
  allowed: string;
}

/** Path patterns: A–Z, a–z, 0–9, _ - . $ / ~ " ' @ : + & and the wildcards * ?. */
const PATH_CHAR = /[A-Za-z0-9_\-.$/~"'@:+&*?]/;
const HOST_CHAR = /[A-Za-z0-9\-.*?]/;

function wildcards(value: string): number {
  return [...value].filter((c) => c === "*" || c === "?").length;
}

/** Why ALB would refuse `value` as a path pattern, or `undefined`. */
export function pathPatternProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_CONDITION_VALUE_LENGTH) return `1–${MAX_CONDITION_VALUE_LENGTH} characters`;
  const bad = [...new Set([...value].filter((c) => !PATH_CHAR.test(c)))];
  if (bad.length > 0)
    return `only A–Z, a–z, 0–9, _ - . $ / ~ " ' @ : + & and the wildcards * ? (found ${bad.map((c) => JSON.stringify(c)).join(", ")})`;
  return undefined;
}

/** Why ALB would refuse `value` as a host header value, or `undefined`. */
export function hostHeaderProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_CONDITION_VALUE_LENGTH) return `1–${MAX_CONDITION_VALUE_LENGTH} characters`;
  const bad = [...new Set([...value].filter((c) => !HOST_CHAR.test(c)))];
  if (bad.length > 0) return `only A–Z, a–z, 0–9, - . and the wildcards * ? (found ${bad.map((c) => JSON.stringify(c)).join(", ")})`;
  const lastDot = value.lastIndexOf(".");
  if (lastDot < 0) return 'at least one "."';
  if (!/^[A-Za-z]+$/.test(value.slice(lastDot + 1))) return 'letters only after the final ".", as in a top-level domain such as .com';
  return undefined;
}

/**
 * Every reason ALB would refuse one rule's conditions: a bad path pattern or host header, more than 5 condition
 * values in total, or more than 5 wildcards in total. In order: per-value syntax first, then the quotas.
 */
export function ruleConditionProblems(rule: RuleConditionValues): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  rule.pathPatterns.forEach((value, index) => {
    const p = pathPatternProblem(value);
    if (p !== undefined) problems.push({ field: "pathPatterns", index, value, allowed: `a path pattern: ${p} (${ALB_CONDITIONS_DOC})` });
  });
  rule.hostHeaders.forEach((value, index) => {
    const p = hostHeaderProblem(value);
    if (p !== undefined) problems.push({ field: "hostHeaders", index, value, allowed: `a host name: ${p} (${ALB_HOST_HEADER_DOC})` });
  });
  const all = [...rule.pathPatterns, ...rule.hostHeaders, ...(rule.other ?? [])];
  if (all.length > MAX_CONDITION_VALUES) {
    problems.push({
      field: "conditions",
      value: all.length,
      allowed: `at most ${MAX_CONDITION_VALUES} condition values per rule in total across path patterns, host headers and other conditions; this rule has ${all.length} (${ALB_RULE_QUOTAS_DOC})`,
    });
  }
  const wild = all.reduce((sum, v) => sum + wildcards(v), 0);
  if (wild > MAX_CONDITION_WILDCARDS) {
    problems.push({
      field: "conditions",
      value: wild,
      allowed: `at most ${MAX_CONDITION_WILDCARDS} wildcards (* or ?) per rule in total; this rule has ${wild} (${ALB_RULE_QUOTAS_DOC})`,
    });
  }
  return problems;
}

/** Whether `priority` is a listener-rule priority ALB accepts (an integer 1–50000). */
export function isRulePriority(priority: number): boolean {
  return Number.isInteger(priority) && priority >= MIN_RULE_PRIORITY && priority <= MAX_RULE_PRIORITY;
}

/** One rule's claim on a listener priority. */
export interface PriorityClaim {
  /** Who claims it (a rule's name or URN). */
  owner: string;
  /** The listener (ARN or any stable key). */
  listener: string;
  priority: number;
}

/** Claims that reuse a priority already taken on the same listener (every claim after the first), in input order. */
export function duplicatePriorities(claims: readonly PriorityClaim[]): { claim: PriorityClaim; takenBy: string }[] {
  const seen = new Map<string, string>();
  const found: { claim: PriorityClaim; takenBy: string }[] = [];
  for (const c of claims) {
    const key = `${c.listener}\0${c.priority}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, c.owner);
    else found.push({ claim: c, takenBy: first });
  }
  return found;
}
