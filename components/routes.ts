import { createHash } from "node:crypto";

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

/**
 * Allocated priorities live in two bands of `AUTO_PRIORITY_SLOTS` slots, `AUTO_PRIORITY_STEP` apart: host-scoped
 * rules first (ALB evaluates lower priorities first, so a rule for one host beats an any-host rule on the same
 * path), then any-host rules.
 */
export const AUTO_PRIORITY_STEP = 10;
export const AUTO_PRIORITY_SLOTS = 2000;
/** First priority of the host-scoped band (1000–20990) and of the any-host band (25000–44990). */
export const AUTO_PRIORITY_BANDS = { hostScoped: 1000, anyHost: 25000 } as const;

/** Where `allocatePriorities` puts priorities: `slots` values `step` apart from `first`, per band. */
export interface PriorityBands {
  hostScoped: { first: number; slots: number; step: number };
  anyHost: { first: number; slots: number; step: number };
}

/** The whole listener: the two bands above. */
export const DEFAULT_PRIORITY_BANDS: PriorityBands = {
  hostScoped: { first: AUTO_PRIORITY_BANDS.hostScoped, slots: AUTO_PRIORITY_SLOTS, step: AUTO_PRIORITY_STEP },
  anyHost: { first: AUTO_PRIORITY_BANDS.anyHost, slots: AUTO_PRIORITY_SLOTS, step: AUTO_PRIORITY_STEP },
};

/** Every priority of a band is taken (only a small range can fill up: a listener holds 100 rules by default). */
export class PrioritiesExhaustedError extends Error {
  constructor(
    readonly service: string,
    readonly band: PriorityBands["anyHost"],
  ) {
    super(`no free listener rule priority for "${service}": all ${band.slots} priorities from ${band.first} are taken`);
    this.name = "PrioritiesExhaustedError";
  }
}

/**
 * The bands inside an inclusive range `[first, last]` (a service stack's claim): host-scoped rules in the lower
 * half, any-host rules in the upper half, every priority usable.
 */
export function priorityBandsWithin(range: readonly [number, number]): PriorityBands {
  const size = range[1] - range[0] + 1;
  const half = Math.floor(size / 2);
  return {
    hostScoped: { first: range[0], slots: half === 0 ? size : half, step: 1 },
    anyHost: { first: range[0] + half, slots: size - half, step: 1 },
  };
}

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
 * Gives every claim a priority: explicit ones are kept; each other service gets a slot derived from a hash of its
 * name (the next free slot on a collision), in its band. So adding or removing a service leaves the others'
 * priorities alone: renumbering would make `pulumi up` move rules in parallel, and ALB rejects two rules with
 * the same priority (PriorityInUse). Same claims → same priorities (no randomness). `bands` defaults to the whole
 * listener (`DEFAULT_PRIORITY_BANDS`); a service stack passes `priorityBandsWithin(its claim)`.
 */
export function allocatePriorities(claims: readonly RouteClaim[], bands: PriorityBands = DEFAULT_PRIORITY_BANDS): Map<string, number> {
  const taken = new Set(claims.flatMap((c) => (c.priority === undefined ? [] : [c.priority])));
  const result = new Map<string, number>();
  for (const claim of [...claims].sort((a, b) => a.service.localeCompare(b.service))) {
    if (claim.priority !== undefined) {
      result.set(claim.service, claim.priority);
      continue;
    }
    const band = claim.hostHeaders.length > 0 ? bands.hostScoped : bands.anyHost;
    const start = parseInt(createHash("sha256").update(claim.service).digest("hex").slice(0, 8), 16) % band.slots;
    let slot = start;
    while (taken.has(band.first + slot * band.step)) {
      slot = (slot + 1) % band.slots;
      if (slot === start) throw new PrioritiesExhaustedError(claim.service, band);
    }
    const priority = band.first + slot * band.step;
    taken.add(priority);
    result.set(claim.service, priority);
  }
  return result;
}

/** A service whose rule would never see traffic: a broader rule of `by` is evaluated first. */
export interface ShadowedRoute {
  /** The narrower route's service (the one that loses its traffic). */
  service: string;
  /** The broader route's service. */
  by: string;
  /** The broader pattern and the narrower one it also matches. */
  broad: string;
  narrow: string;
  priority: number;
  byPriority: number;
}

/**
 * ALB evaluates rules by priority, lowest first: a broad pattern (`/movies*`) that comes before a narrower pattern
 * of another service (`/movies/admin*`) on the same hosts swallows its traffic. Returns every such pair, in a
 * stable order.
 */
export function findShadowedRoutes(claims: readonly RouteClaim[], priorities: ReadonlyMap<string, number>): ShadowedRoute[] {
  const sorted = [...claims].sort((a, b) => a.service.localeCompare(b.service));
  const found: ShadowedRoute[] = [];
  for (const broad of sorted) {
    for (const narrow of sorted) {
      if (broad === narrow || !hostsCover(broad, narrow)) continue;
      const priority = priorities.get(narrow.service) ?? 0;
      const byPriority = priorities.get(broad.service) ?? 0;
      if (byPriority > priority) continue;
      for (const b of patternsOf(broad)) {
        const n = patternsOf(narrow).find((candidate) => covers(b, candidate));
        if (n !== undefined) {
          found.push({ service: narrow.service, by: broad.service, broad: b, narrow: n, priority, byPriority });
          break;
        }
      }
    }
  }
  return found;
}

/** A claim without path patterns matches every path. */
function patternsOf(claim: RouteClaim): readonly string[] {
  return claim.pathPatterns.length === 0 ? ["*"] : claim.pathPatterns;
}

/** `/movies*` covers `/movies/admin*` (and `/movies`), not itself and not `/moviesx` with another wildcard shape. */
function covers(broad: string, narrow: string): boolean {
  return broad !== narrow && broad.endsWith("*") && narrow.startsWith(broad.slice(0, -1));
}

/** Whether `broad`'s hosts include all requests `narrow` could match on (any-host covers everything). */
function hostsCover(broad: RouteClaim, narrow: RouteClaim): boolean {
  if (broad.hostHeaders.length === 0) return true;
  return narrow.hostHeaders.length > 0 && narrow.hostHeaders.some((h) => broad.hostHeaders.includes(h));
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
