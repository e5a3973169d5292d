/**
 * What the deployment verifier concludes about one ECS service after `pulumi up` created or updated it.
 * Pure types and the reading of one `DescribeServices` answer: no I/O, no clock.
 */
import type { Deployment, Service, ServiceEvent } from "@aws-sdk/client-ecs";

/** One of ECS's service events, deduplicated by message (`count` > 1 when ECS repeated it). */
export interface ServiceEventSummary {
  /** When ECS last reported it (ISO 8601). */
  at: string;
  message: string;
  /** How many recent events carried this exact message. */
  count: number;
}

/** What every outcome says about the deployment it judged. */
interface OutcomeBase {
  cluster: string;
  service: string;
  /** The task definition `pulumi up` asked the service to run. */
  taskDefinitionArn: string;
  /** The ECS deployment of that task definition, when ECS still lists it. */
  deploymentId?: string;
  /** ECS's `rolloutStateReason` of that deployment, when ECS gave one. */
  reason?: string;
  /** Recent service events, newest first, deduplicated. */
  events: ServiceEventSummary[];
}

/** The deployment reached `COMPLETED` on the requested task definition. */
export interface CompletedOutcome extends OutcomeBase {
  kind: "completed";
}

/** The deployment of the requested task definition is `FAILED` and still primary (no rollback), or the service is gone. */
export interface FailedOutcome extends OutcomeBase {
  kind: "failed";
}

/** The service's primary deployment runs another task definition: ECS rolled the requested one back. */
export interface RolledBackOutcome extends OutcomeBase {
  kind: "rolledBack";
  /** What the service runs instead (its primary deployment's task definition). */
  runningTaskDefinitionArn: string;
}

/** The deployment was still in progress when the verifier's time ran out. */
export interface TimedOutOutcome extends OutcomeBase {
  kind: "timedOut";
  /** Milliseconds the verifier waited. */
  waitedMs: number;
  /** The last rollout state seen (`IN_PROGRESS`, or `none` when ECS reported none). */
  lastRolloutState: string;
}

/** What the verifier concludes: `completed`, `failed`, `rolledBack` or `timedOut`, with ECS's reason and recent events. */
export type DeploymentOutcome = CompletedOutcome | FailedOutcome | RolledBackOutcome | TimedOutOutcome;

/** One poll's reading: a final outcome, or still in progress. */
export type Reading = Exclude<DeploymentOutcome, TimedOutOutcome> | (OutcomeBase & { kind: "inProgress"; rolloutState: string });

/** Events kept in an outcome (after deduplication). */
export const MAX_EVENTS = 10;

const time = (d: Date | undefined): number => (d instanceof Date ? d.getTime() : Number.NaN);

/**
 * The events since `since` (all of them when unknown), newest first, one per distinct message (its newest
 * occurrence, with the number of repeats), at most `limit`.
 */
export function recentEvents(events: readonly ServiceEvent[], since: Date | undefined, limit = MAX_EVENTS): ServiceEventSummary[] {
  const from = time(since);
  const kept = events
    .filter((e) => e.message !== undefined && (Number.isNaN(from) || !(time(e.createdAt) < from)))
    .map((e, i) => ({ e, i }))
    // Newest first; ECS already sends them so, the index keeps its order for equal or missing times.
    .sort((a, b) => (time(b.e.createdAt) || 0) - (time(a.e.createdAt) || 0) || a.i - b.i);
  const byMessage = new Map<string, ServiceEventSummary>();
  for (const { e } of kept) {
    const message = e.message as string;
    const seen = byMessage.get(message);
    if (seen) seen.count += 1;
    else byMessage.set(message, { at: e.createdAt instanceof Date ? e.createdAt.toISOString() : "unknown time", message, count: 1 });
  }
  return [...byMessage.values()].slice(0, limit);
}

/** The deployment of `taskDefinitionArn`: the primary one if it runs it, else the newest that does. */
function deploymentOf(deployments: readonly Deployment[], taskDefinitionArn: string): Deployment | undefined {
  const mine = deployments.filter((d) => d.taskDefinition === taskDefinitionArn);
  return mine.find((d) => d.status === "PRIMARY") ?? [...mine].sort((a, b) => (time(b.createdAt) || 0) - (time(a.createdAt) || 0))[0];
}

export interface ReadTarget {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
}

/**
 * Reads one `DescribeServices` answer for the service. `missing` is the reason DescribeServices gave in
 * `failures` (e.g. `MISSING`) when it returned no service.
 */
export function readService(target: ReadTarget, service: Service | undefined, missing?: string): Reading {
  const base = { cluster: target.cluster, service: target.service, taskDefinitionArn: target.taskDefinitionArn };
  if (service === undefined || service.status === "INACTIVE" || service.status === "DRAINING") {
    const why = service === undefined ? (missing ?? "no service returned") : `status ${service.status}`;
    return {
      ...base,
      kind: "failed",
      reason: `DescribeServices found no active service (${why})`,
      events: recentEvents(service?.events ?? [], undefined),
    };
  }
  const deployments = service.deployments ?? [];
  const primary = deployments.find((d) => d.status === "PRIMARY");
  const mine = deploymentOf(deployments, target.taskDefinitionArn);
  const found = {
    ...base,
    ...(mine?.id ? { deploymentId: mine.id } : {}),
    ...(mine?.rolloutStateReason ? { reason: mine.rolloutStateReason } : {}),
  };
  const events = recentEvents(service.events ?? [], mine?.createdAt);
  if (primary !== undefined && primary.taskDefinition !== target.taskDefinitionArn) {
    return { ...found, kind: "rolledBack", runningTaskDefinitionArn: primary.taskDefinition ?? "unknown", events };
  }
  if (mine?.rolloutState === "COMPLETED") return { ...found, kind: "completed", events };
  if (mine?.rolloutState === "FAILED") return { ...found, kind: "failed", events };
  return { ...found, kind: "inProgress", rolloutState: mine?.rolloutState ?? "none", events };
}
