import { createHash } from "node:crypto";
import { describeNameProblem, NAME_RULES, type NameKind } from "./aws-rules";

/** AWS caps load balancer and target group names at 32 characters. */
export const ELB_NAME_MAX = NAME_RULES.loadBalancer.max;

/** Service names: a DNS label (Cloud Map record), lower-case, 2–32 characters. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/**
 * Whose physical names these are: the Pulumi project and stack. Two copies of a program with different project
 * names (or the same project with different stacks) in one account and region get different names, because
 * every explicit name carries `scopeId` (the stack plus a short hash of project and stack). The same project
 * and stack name are treated as the same deployment.
 */
export interface NameScope {
  /** Pulumi project name (`pulumi.getProject()`). */
  project: string;
  /** Stack (environment) name. */
  stack: string;
}

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

/** `<stack>-<hash of project and stack>`: the readable, collision-free prefix of every explicit name. */
export function scopeId(scope: NameScope): string {
  return `${scope.stack}-${shortHash(`${scope.project}\0${scope.stack}`)}`;
}

/**
 * Name of the shared ALB: `<stack>-<scope hash>-<hash of type and scheme>-alb`, shortened when needed. The
 * properties that make AWS replace a load balancer (type, scheme) are in the name, so a replacement, created
 * before the old one is deleted, never collides with it.
 */
export function loadBalancerName(
  scope: NameScope,
  identity: { type: "application" | "network"; internal: boolean } = { type: "application", internal: false },
): string {
  return shortName([scopeId(scope), shortHash(`${identity.type}|${identity.internal ? "internal" : "internet-facing"}`, 4), "alb"]);
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
 * group is part of the name (the port readably; protocol, target type, VPC, project and stack through the hash),
 * because the replacement is created before the old group is detached and deleted, and two groups cannot share a
 * name in one account and region.
 */
export function targetGroupName(scope: NameScope, service: string, identity: TargetGroupIdentity): string {
  return shortName([
    scope.stack,
    service,
    String(identity.port),
    shortHash(`${scope.project}\0${scope.stack}\0HTTP|ip|${identity.vpcCidr}`, 4),
  ]);
}

/** Task definition family: `<scope>-<service>`. */
export function taskFamily(scope: NameScope, service: string): string {
  return `${scopeId(scope)}-${service}`;
}

/**
 * ECR repository: `<scope>/<service>`. The only other property AWS replaces a repository for is its encryption,
 * which the component fixes (AES256), so a replacement can only come from a new name: never a collision.
 */
export function repositoryName(scope: NameScope, service: string): string {
  return `${scopeId(scope)}/${service}`;
}

/** Log group: `/ecs/<scope>/<service>`. */
export function logGroupName(scope: NameScope, service: string): string {
  return `/ecs/${scopeId(scope)}/${service}`;
}

/**
 * Security group name prefix (`<scope>-<role>-`); the provider appends a unique suffix, so a replacement (SG
 * names are replace-only) never collides, and the name never depends on a logical name (`sg-api-sg-…`).
 */
export function securityGroupNamePrefix(scope: NameScope, role: string): string {
  return `${scopeId(scope)}-${role}-`;
}

/** `movie-service` → `MOVIE_SERVICE` (for injected environment variable names). */
export function envName(service: string): string {
  return service.toUpperCase().replace(/-/g, "_");
}

/** A physical name a program would give a resource, for checking before anything is registered. */
export interface PhysicalName {
  kind: NameKind;
  /** The name (for a prefix or an autoname, with a stand-in suffix as AWS would see it). */
  name: string;
  /** Which resource, for messages (`the ALB`, `service "api"'s target group`). */
  what: string;
}

/** Stand-in for the unique suffix the provider appends to a name prefix or an autoname. */
const SUFFIX = "20261201000000000000000001";
/** Stand-in for the 7-character random suffix of Pulumi autonaming. */
const AUTONAME = "1a2b3c4";

/** Every explicit (and autonamed, from the Platform's logical `name`) physical name of a Platform. */
export function platformPhysicalNames(scope: NameScope, name = scope.stack): PhysicalName[] {
  return [
    { kind: "loadBalancer", name: loadBalancerName(scope), what: "the ALB" },
    { kind: "securityGroup", name: `${securityGroupNamePrefix(scope, "alb")}${SUFFIX}`, what: "the ALB's security group" },
    { kind: "ecsCluster", name: `${name}-cluster-${AUTONAME}`, what: "the ECS cluster (autonamed from the Platform's name)" },
  ];
}

/** Every physical name a FargateService named `service` derives from `scope`. */
export function servicePhysicalNames(scope: NameScope, service: string, targetGroup?: TargetGroupIdentity): PhysicalName[] {
  const of = (thing: string) => `service "${service}"'s ${thing}`;
  return [
    { kind: "ecrRepository", name: repositoryName(scope, service), what: of("ECR repository") },
    { kind: "logGroup", name: logGroupName(scope, service), what: of("log group") },
    { kind: "taskFamily", name: taskFamily(scope, service), what: of("task definition family") },
    { kind: "securityGroup", name: `${securityGroupNamePrefix(scope, service)}${SUFFIX}`, what: of("security group") },
    { kind: "cloudMapService", name: service, what: of("Cloud Map service") },
    { kind: "ecsService", name: `${service}-svc-${AUTONAME}`, what: of("ECS service (autonamed)") },
    { kind: "iamRole", name: `${service}-exec-role-${AUTONAME}`, what: of("execution role (autonamed)") },
    { kind: "iamRole", name: `${service}-task-role-${AUTONAME}`, what: of("task role (autonamed)") },
    ...(targetGroup === undefined
      ? []
      : [{ kind: "targetGroup" as const, name: targetGroupName(scope, service, targetGroup), what: of("target group") }]),
  ];
}

/** The first physical name AWS would refuse, described (`the ALB: load balancer name "…" contains "_"; allowed: …`). */
export function firstNameProblem(names: readonly PhysicalName[]): string | undefined {
  for (const n of names) {
    const problem = describeNameProblem(n.kind, n.name);
    if (problem !== undefined) return `${n.what}: ${problem}`;
  }
  return undefined;
}

/** A stack name that forms valid names everywhere: lower-case, digits and single hyphens (for a fix suggestion). */
export function suggestStackName(stack: string): string {
  const cleaned = stack
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/^(internal|sg)(-|$)/, "$1x$2");
  return cleaned === "" ? "dev" : cleaned.slice(0, 40).replace(/-+$/, "");
}
