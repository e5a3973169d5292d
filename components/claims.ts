/**
 * Team claims on a shared listener: when one platform stack's ALB listener carries the rules of several service
 * stacks, each stack owns a range of listener rule priorities and a route prefix. Ranges that do not overlap keep
 * priorities unique across stacks (ALB refuses a second rule with the same priority: PriorityInUse); prefixes of
 * which neither starts with the other keep the stacks' path patterns disjoint, so no stack's rule can take
 * another's requests whatever the priorities. Pure: no Pulumi, no I/O.
 */
import { MAX_RULE_PRIORITY as MAX_PRIORITY } from "./aws-rules";

/** One service stack's claim, as the platform stack records it (`dockyard:teams.<team>`). */
export interface TeamClaim {
  /** Team name (the key under `dockyard:teams`). */
  readonly team: string;
  /** The service stack allowed to use this claim, fully qualified: `<organization>/<project>/<stack>`. */
  readonly stack: string;
  /** Inclusive listener rule priority range `[first, last]`, within 1–50000. */
  readonly priorities: readonly [number, number];
  /** Every path pattern of the stack's services starts with this, e.g. `/payments`. No wildcards. */
  readonly routePrefix: string;
}

/** A problem with a claim or with a service against its claim: where, the value, what is allowed and the fix. */
export interface ClaimProblem {
  /** The claim's team (for claim problems) or the service (for service problems). */
  readonly subject: string;
  /** Field path under the subject, e.g. `priorities` or `routes.pathPatterns.0`. */
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
  readonly fix: string;
}

/** A service's routes as checked against its stack's claim (priority already resolved). */
export interface ServiceRoutes {
  readonly service: string;
  readonly pathPatterns: readonly string[];
  readonly hostHeaders: readonly string[];
  readonly priority: number;
}

/** `<organization>/<project>/<stack>`, each part as the Pulumi CLI accepts it. */
export const QUALIFIED_STACK = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** A literal path prefix: starts with `/`, no ALB wildcard (`*`, `?`). */
export const ROUTE_PREFIX = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/-]*$/;

const range = (r: readonly [number, number]): string => `[${r[0]}, ${r[1]}]`;
const who = (c: TeamClaim): string => `team "${c.team}" (stack ${c.stack})`;

/** Whether `path` (a pattern or a prefix) lies under `prefix`. */
function under(path: string, prefix: string): boolean {
  return path.startsWith(prefix);
}

/** Problems of one claim on its own. */
function ownProblems(c: TeamClaim): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (!QUALIFIED_STACK.test(c.stack)) {
    problems.push({
      subject: c.team,
      field: "stack",
      value: c.stack,
      allowed: "a fully qualified stack name <organization>/<project>/<stack>",
      fix: `write the service stack's full name, e.g. organization/dockyard-services/${c.team}`,
    });
  }
  const [first, last] = c.priorities;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last > MAX_PRIORITY || first > last) {
    problems.push({
      subject: c.team,
      field: "priorities",
      value: c.priorities,
      allowed: `[first, last]: integers with 1 <= first <= last <= ${MAX_PRIORITY} (ALB listener rule priorities)`,
      fix: "e.g. priorities: [1000, 1999]",
    });
  }
  if (!ROUTE_PREFIX.test(c.routePrefix) || c.routePrefix === "/") {
    problems.push({
      subject: c.team,
      field: "routePrefix",
      value: c.routePrefix,
      allowed: 'a literal path prefix other than "/" (starts with /, no * or ?), e.g. /payments',
      fix: `give team "${c.team}" a prefix of its own, e.g. /${c.team}`,
    });
  }
  return problems;
}

/**
 * Every problem of a set of claims: each claim on its own, then each pair (sorted by team) that shares a stack,
 * overlaps in priorities, or has prefixes of which one starts with the other. The later claim of a pair is the
 * subject; the message names both teams and both stacks.
 */
export function claimProblems(claims: readonly TeamClaim[]): ClaimProblem[] {
  const sorted = [...claims].sort((a, b) => a.team.localeCompare(b.team));
  const problems = sorted.flatMap(ownProblems);
  if (problems.length > 0) return problems;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.stack === b.stack) {
        problems.push({
          subject: b.team,
          field: "stack",
          value: b.stack,
          allowed: `a stack no other team claims (team "${a.team}" already claims ${a.stack})`,
          fix: `give each team its own service stack, or merge teams "${a.team}" and "${b.team}" into one claim`,
        });
      }
      if (a.priorities[0] <= b.priorities[1] && b.priorities[0] <= a.priorities[1]) {
        const shared: [number, number] = [Math.max(a.priorities[0], b.priorities[0]), Math.min(a.priorities[1], b.priorities[1])];
        problems.push({
          subject: b.team,
          field: "priorities",
          value: b.priorities,
          allowed: `a priority range no other team's claim overlaps: ${who(a)} holds ${range(a.priorities)}, ${who(b)} asks for ${range(b.priorities)}, both include ${range(shared)}`,
          fix: movedRange(a, b),
        });
      }
      if (under(a.routePrefix, b.routePrefix) || under(b.routePrefix, a.routePrefix)) {
        const [outer, inner] = under(b.routePrefix, a.routePrefix) ? [a, b] : [b, a];
        const fix =
          outer.routePrefix === inner.routePrefix || outer.routePrefix.endsWith("/")
            ? `give team "${inner.team}" a prefix outside "${outer.routePrefix}", e.g. /${inner.team}/`
            : `end team "${outer.team}"'s prefix with "/" (${outer.routePrefix}/) so it stops matching "${inner.routePrefix}", or give one of the two teams another prefix`;
        problems.push({
          subject: b.team,
          field: "routePrefix",
          value: b.routePrefix,
          allowed: `a route prefix that neither starts with nor is the start of another team's: ${who(outer)} has "${outer.routePrefix}", which also matches every path under "${inner.routePrefix}" of ${who(inner)}`,
          fix,
        });
      }
    }
  }
  return problems;
}

/** How to separate `b`'s range from `a`'s: move it past `a`'s when it fits under 50000. */
function movedRange(a: TeamClaim, b: TeamClaim): string {
  const first = a.priorities[1] + 1;
  const last = first + (b.priorities[1] - b.priorities[0]);
  return last <= MAX_PRIORITY
    ? `move team "${b.team}"'s range past ${a.priorities[1]} (e.g. [${first}, ${last}]) or shrink team "${a.team}"'s`
    : `shrink team "${a.team}"'s or team "${b.team}"'s range until they share no priority`;
}

/** The claim that holds `priority`, if any. */
function priorityOwner(claims: readonly TeamClaim[], priority: number): TeamClaim | undefined {
  return claims.find((c) => priority >= c.priorities[0] && priority <= c.priorities[1]);
}

/** The claim whose prefix a path pattern lies under, if any. */
function routeOwner(claims: readonly TeamClaim[], pattern: string): TeamClaim | undefined {
  return claims.find((c) => under(pattern, c.routePrefix));
}

/**
 * Services that step outside their stack's claim: a priority outside the range, a route without path patterns
 * (it would match every path, other stacks' too), or a path pattern that does not start with the prefix. When
 * another claim in `all` holds the priority or the path, the message names that team and its stack.
 * `platformStack` names the stack that records the claims.
 */
export function serviceClaimProblems(
  claim: TeamClaim,
  services: readonly ServiceRoutes[],
  all: readonly TeamClaim[],
  platformStack: string,
): ClaimProblem[] {
  const others = all.filter((c) => c.team !== claim.team);
  const ours = `team "${claim.team}"'s claim (recorded by platform stack ${platformStack} for stack ${claim.stack})`;
  const problems: ClaimProblem[] = [];
  for (const s of [...services].sort((a, b) => a.service.localeCompare(b.service))) {
    if (s.priority < claim.priorities[0] || s.priority > claim.priorities[1]) {
      const owner = priorityOwner(others, s.priority);
      problems.push({
        subject: s.service,
        field: "routes.priority",
        value: s.priority,
        allowed: `a priority in ${range(claim.priorities)}, per ${ours}${owner === undefined ? "" : `; ${s.priority} belongs to ${who(owner)}, range ${range(owner.priorities)}`}`,
        fix: `set a priority from ${claim.priorities[0]} to ${claim.priorities[1]}, or remove \`routes.priority\` to have one allocated in that range`,
      });
    }
    if (s.pathPatterns.length === 0) {
      problems.push({
        subject: s.service,
        field: "routes.pathPatterns",
        value: [],
        allowed: `at least one path pattern under "${claim.routePrefix}" (a route without path patterns matches every path, other stacks' too), per ${ours}`,
        fix: `add a path pattern such as ${claim.routePrefix}*`,
      });
    }
    s.pathPatterns.forEach((pattern, i) => {
      if (under(pattern, claim.routePrefix)) return;
      const owner = routeOwner(others, pattern);
      problems.push({
        subject: s.service,
        field: `routes.pathPatterns.${i}`,
        value: pattern,
        allowed: `a path pattern starting with "${claim.routePrefix}", per ${ours}${owner === undefined ? "" : `; "${pattern}" lies under the prefix "${owner.routePrefix}" of ${who(owner)}`}`,
        fix:
          owner === undefined
            ? `route under ${claim.routePrefix}, e.g. ${claim.routePrefix}${pattern.startsWith("/") ? pattern : `/${pattern}`}`
            : `route under ${claim.routePrefix}, or move the service to stack ${owner.stack}`,
      });
    });
  }
  return problems;
}
