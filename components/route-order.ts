/**
 * ALB host and path patterns may hold wildcards (`*` any characters, `?` one), and ALB evaluates rules by
 * priority, lowest first. `hostHeaders: ["*"]` is "any host" in disguise: it lands in the host-scoped band and
 * takes every request before other services see it. A wildcard host (`*.example.com`) evaluated before another
 * service's rule for a host it matches (`api.example.com`) on an overlapping path takes that service's traffic.
 * Exact-string comparison (./routes.ts) cannot see either; these checks can.
 */
import type { RouteClaim } from "./routes";
import { MAX_RULE_PRIORITY as MAX_PRIORITY } from "./aws-rules";

/**
 * Whether some value matches both ALB patterns (`*` any characters, `?` exactly one; hosts case-insensitive):
 * a walk over both patterns at once, memoised, so `*.example.com` and `api.*` are found to share `api.example.com`.
 */
function overlap(a: string, b: string, caseInsensitive: boolean): boolean {
  const x = caseInsensitive ? a.toLowerCase() : a;
  const y = caseInsensitive ? b.toLowerCase() : b;
  const memo = new Map<number, boolean>();
  const walk = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result = false;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i] === "*") result = walk(i + 1, j) || (j < y.length && walk(i, j + 1));
    else if (j < y.length && y[j] === "*") result = walk(i, j + 1) || (i < x.length && walk(i + 1, j));
    else if (i < x.length && j < y.length && (x[i] === "?" || y[j] === "?" || x[i] === y[j])) result = walk(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/** A host pattern made of wildcards only (`*`, `*.*`, `?*`): it matches (nearly) every host. */
export function isAnyHost(pattern: string): boolean {
  return /^[*?.]+$/.test(pattern) && pattern.includes("*");
}

/** Path patterns of a claim; none means "any path". */
const paths = (c: RouteClaim): readonly string[] => (c.pathPatterns.length === 0 ? ["*"] : c.pathPatterns);

/** A rule that takes traffic meant for a rule evaluated after it. */
export interface WildcardShadow {
  /** The service losing traffic (evaluated later). */
  service: string;
  host: string;
  /** The service whose wildcard host pattern is evaluated first. */
  by: string;
  byHost: string;
  path: string;
  priority: number;
  byPriority: number;
  /** Both hosts are wildcard patterns: each order loses some traffic, so only narrowing a pattern fixes it. */
  mutual: boolean;
}

/**
 * Pairs where a wildcard host pattern of `by` overlaps a host of `service` on an overlapping path and `by` is
 * evaluated first. Pairs without any wildcard host are left to `findRouteConflicts`/`findShadowedRoutes`.
 */
export function findWildcardHostShadows(claims: readonly RouteClaim[], priorities: ReadonlyMap<string, number>): WildcardShadow[] {
  const sorted = [...claims].sort((a, b) => a.service.localeCompare(b.service));
  const found: WildcardShadow[] = [];
  for (const first of sorted) {
    for (const later of sorted) {
      if (first === later) continue;
      const byPriority = priorities.get(first.service) ?? 0;
      const priority = priorities.get(later.service) ?? 0;
      if (byPriority > priority) continue;
      const byHost = first.hostHeaders.find((h) => /[*?]/.test(h) && later.hostHeaders.some((l) => overlap(h, l, true)));
      if (byHost === undefined) continue;
      const host = later.hostHeaders.find((l) => overlap(byHost, l, true)) ?? "";
      const path = paths(later).find((p) => paths(first).some((q) => overlap(p, q, false)));
      if (path !== undefined)
        found.push({ service: later.service, host, by: first.service, byHost, path, priority, byPriority, mutual: /[*?]/.test(host) });
    }
  }
  return found;
}

/**
 * A fix that is always possible for "rule `by` (priority `byPriority`) is evaluated before `service` (priority
 * `priority`)": a concrete free priority for `service` below `byPriority`, else one for `by` above `priority`.
 * Fields are named as `Problem.fix` references (`{{svc:routes.priority}}`).
 */
export function reorderFix(service: string, by: string, priority: number, byPriority: number, taken: ReadonlySet<number>): string {
  for (let p = byPriority - 1; p >= 1; p--) {
    if (!taken.has(p)) return `set {{${service}:routes.priority}} to ${p} (any free priority below ${byPriority})`;
  }
  for (let p = priority + 1; p <= MAX_PRIORITY; p++) {
    if (!taken.has(p)) return `set {{${by}:routes.priority}} to ${p} (any free priority above ${priority})`;
  }
  return `narrow the host or path patterns of "${by}" or "${service}"`;
}
