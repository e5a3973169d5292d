import { createHash } from "node:crypto";

/** AWS caps load balancer and target group names at 32 characters. */
export const ELB_NAME_MAX = 32;

/** Service names: a DNS label (Cloud Map record), lower-case, 2–32 characters. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Short, stable hex digest of `text` (for name suffixes). */
export function shortHash(text: string, length = 6): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * Joins `parts` with `-` and keeps the result within `max` characters. A name that would be too long is cut and
 * suffixed with a hash of the full name, so two long names that share a prefix still differ, and the same
 * input always gives the same output.
 */
export function shortName(parts: readonly string[], max = ELB_NAME_MAX): string {
  const full = parts.join("-");
  if (full.length <= max) return full;
  const suffix = shortHash(full);
  const head = full.slice(0, max - suffix.length - 1).replace(/-+$/, "");
  return `${head}-${suffix}`;
}

/** Name of the shared ALB: `<stack>-alb`, shortened when needed. */
export function loadBalancerName(stack: string): string {
  return shortName([stack, "alb"]);
}

/** The target group settings whose change makes AWS replace the group (protocol and target type are fixed). */
export interface TargetGroupIdentity {
  /** Traffic port. */
  port: number;
  /** CIDR block of the VPC the group lives in (a new CIDR means a new VPC). */
  vpcCidr: string;
}

/**
 * Name of a service's target group: `<stack>-<service>-<port>-<hash>`. Every setting that replaces a target
 * group is part of the name (the port readably, the VPC through a short hash), because the replacement is created
 * before the old group is detached and deleted, and two groups cannot share a name.
 */
export function targetGroupName(stack: string, service: string, identity: TargetGroupIdentity): string {
  return shortName([stack, service, String(identity.port), shortHash(`HTTP|ip|${identity.vpcCidr}`, 4)]);
}

/** Task definition family: `<stack>-<service>`. */
export function taskFamily(stack: string, service: string): string {
  return `${stack}-${service}`;
}

/** `movie-service` → `MOVIE_SERVICE` (for injected environment variable names). */
export function envName(service: string): string {
  return service.toUpperCase().replace(/-/g, "_");
}
