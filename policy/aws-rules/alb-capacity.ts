/**
 * ALB capacity: target groups per load balancer (100, a hard limit) and rules per load balancer, excluding
 * default rules (100 unless raised through Service Quotas). Every listener rule dockyard creates is on the one
 * shared listener, so the rule count is also the count per listener. Pure.
 */
import { ALB_RULE_QUOTAS_DOC } from "./listener-rules";

/** "Target groups per Application Load Balancer: 100" (not adjustable). */
export const MAX_TARGET_GROUPS_PER_ALB = 100;
/** "Rules per Application Load Balancer (not counting default rules): 100" (adjustable). */
export const DEFAULT_RULES_PER_ALB = 100;

/** What one service takes on the shared ALB. */
export interface AlbClaim {
  service: string;
  targetGroups: number;
  listenerRules: number;
}

/** A limit the claims exceed. */
export interface AlbCapacityProblem {
  what: "targetGroups" | "listenerRules";
  count: number;
  limit: number;
  /** The services taking the most, for the message (`movies (2), api (2), …`). */
  largest: string;
  /** What is allowed, with the documentation page. */
  allowed: string;
  /** The way out. */
  fix: string;
}

/** Problems of the claims together; `rulesLimit` is the account's quota (100 unless raised). */
export function albCapacityProblems(claims: readonly AlbClaim[], rulesLimit = DEFAULT_RULES_PER_ALB): AlbCapacityProblem[] {
  const problems: AlbCapacityProblem[] = [];
  const largest = (key: "targetGroups" | "listenerRules") =>
    [...claims]
      .sort((a, b) => b[key] - a[key] || a.service.localeCompare(b.service))
      .slice(0, 5)
      .map((c) => `${c.service} (${c[key]})`)
      .join(", ");
  const groups = claims.reduce((n, c) => n + c.targetGroups, 0);
  if (groups > MAX_TARGET_GROUPS_PER_ALB) {
    problems.push({
      what: "targetGroups",
      count: groups,
      limit: MAX_TARGET_GROUPS_PER_ALB,
      largest: largest("targetGroups"),
      allowed: `at most ${MAX_TARGET_GROUPS_PER_ALB} target groups per load balancer, a limit AWS does not raise; these services need ${groups} (blue/green, canary and linear take 2 each, rolling 1) (${ALB_RULE_QUOTAS_DOC})`,
      fix: "move some services to `deployment.strategy: rolling` (one target group each), make internal-only services drop `routes`, or split the services over a second platform stack with its own load balancer",
    });
  }
  const rules = claims.reduce((n, c) => n + c.listenerRules, 0);
  if (rules > rulesLimit) {
    problems.push({
      what: "listenerRules",
      count: rules,
      limit: rulesLimit,
      largest: largest("listenerRules"),
      allowed: `at most ${rulesLimit} listener rules per load balancer (the quota "Rules per Application Load Balancer", ${DEFAULT_RULES_PER_ALB} by default); these services need ${rules} (blue/green, canary and linear take a production and a test rule each, rolling 1) (${ALB_RULE_QUOTAS_DOC})`,
      fix: 'request a higher "Rules per Application Load Balancer" quota in Service Quotas and set `dockyard:loadBalancer.rulesQuota` to it, move some services to `deployment.strategy: rolling`, or split the services over a second platform stack',
    });
  }
  return problems;
}
