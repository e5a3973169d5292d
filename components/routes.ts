/** One service's claim on the shared ALB listener. */
export interface RouteClaim {
  /** Service name (used in error messages and for the stable allocation order). */
  service: string;
  /** ALB path patterns, e.g. `/movies*`. */
  pathPatterns: readonly string[];
  /** ALB host headers, e.g. `api.example.com`. */
  hostHeaders: readonly string[];
  /** Explicit listener rule priority. @default - allocated (see `allocatePriorities`) */
  priority?: number;
}

/** A problem found in the route claims; `service` is the claim whose field is at fault. */
export interface RouteProblem {
  service: string;
  field: "priority" | "pathPatterns";
  value: unknown;
  message: string;
}

/** First priority handed out to services without an explicit one, and the gap between them. */
export const AUTO_PRIORITY_START = 1000;
export const AUTO_PRIORITY_STEP = 10;
/** ALB listener rule priorities are 1–50000. */
export const MAX_PRIORITY = 50000;

/**
 * Finds claims that cannot coexist on one listener: two services with the same explicit priority, or two
 * services that would match the same request (a shared path pattern with the same or overlapping hosts).
 * Returns every problem, in a stable order (by service name).
 */
export function findRouteConflicts(claims: readonly RouteClaim[]): RouteProblem[] {
  const sorted = [...claims].sort((a, b) => a.service.localeCompare(b.service));
  const problems: RouteProblem[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.priority !== undefined && a.priority === b.priority) {
        problems.push({
          service: b.service,
          field: "priority",
          value: b.priority,
          message: `services "${a.service}" and "${b.service}" both claim listener rule priority ${b.priority}`,
        });
      }
      const path = sharedPath(a, b);
      if (path !== undefined && hostsOverlap(a, b)) {
        const hosts = a.hostHeaders.length === 0 ? "any host" : `host ${a.hostHeaders.filter((h) => b.hostHeaders.includes(h)).join(", ")}`;
        problems.push({
          service: b.service,
          field: "pathPatterns",
          value: b.pathPatterns,
          message: `services "${a.service}" and "${b.service}" both route path "${path}" on ${hosts}`,
        });
      }
    }
  }
  return problems;
}

/**
 * Gives every claim a priority: explicit ones are kept; the rest, in service-name order, get the lowest free
 * slot of `AUTO_PRIORITY_START + n × AUTO_PRIORITY_STEP`. Same claims → same priorities (no randomness).
 */
export function allocatePriorities(claims: readonly RouteClaim[]): Map<string, number> {
  const taken = new Set(claims.flatMap((c) => (c.priority === undefined ? [] : [c.priority])));
  const result = new Map<string, number>();
  let next = AUTO_PRIORITY_START;
  for (const claim of [...claims].sort((a, b) => a.service.localeCompare(b.service))) {
    if (claim.priority !== undefined) {
      result.set(claim.service, claim.priority);
      continue;
    }
    while (taken.has(next)) next += AUTO_PRIORITY_STEP;
    taken.add(next);
    result.set(claim.service, next);
  }
  return result;
}

function sharedPath(a: RouteClaim, b: RouteClaim): string | undefined {
  if (a.pathPatterns.length === 0 && b.pathPatterns.length === 0) return "*";
  if (a.pathPatterns.length === 0) return b.pathPatterns[0];
  if (b.pathPatterns.length === 0) return a.pathPatterns[0];
  return a.pathPatterns.find((p) => b.pathPatterns.includes(p));
}

function hostsOverlap(a: RouteClaim, b: RouteClaim): boolean {
  if (a.hostHeaders.length === 0 || b.hostHeaders.length === 0) return a.hostHeaders.length === b.hostHeaders.length;
  return a.hostHeaders.some((h) => b.hostHeaders.includes(h));
}
