/**
 * The text `pulumi up` shows when a deployment did not ship. It starts with a tag (`[deployment-rolled-back]`,
 * …) that automation/ maps to a typed `DeployError` code; the rest is ECS's own words: the rollout state
 * reason and the recent service events.
 */
import type { DeploymentOutcome } from "./outcome";

/** Codes of a deployment that did not ship (also `DeployError.code` in automation/). */
export type DeploymentFailureCode = "deployment-failed" | "deployment-rolled-back" | "deployment-timed-out";

export const FAILURE_CODES: Readonly<Record<Exclude<DeploymentOutcome["kind"], "completed">, DeploymentFailureCode>> = {
  failed: "deployment-failed",
  rolledBack: "deployment-rolled-back",
  timedOut: "deployment-timed-out",
};

/** The `[deployment-rolled-back] ` tag, wherever the engine's prefixes leave it; the machine-readable part. */
export const FAILURE_TAG = /\[(deployment-failed|deployment-rolled-back|deployment-timed-out)\] /;

function headline(o: Exclude<DeploymentOutcome, { kind: "completed" }>): string {
  const svc = `ECS service "${o.service}" (cluster "${o.cluster}")`;
  switch (o.kind) {
    case "rolledBack":
      return `${svc} did not ship ${o.taskDefinitionArn}: ECS rolled the deployment back, the service runs ${o.runningTaskDefinitionArn}.`;
    case "failed":
      return `${svc}: the deployment of ${o.taskDefinitionArn} failed.`;
    case "timedOut":
      return `${svc}: the deployment of ${o.taskDefinitionArn} was still ${o.lastRolloutState === "none" ? "without a rollout state" : o.lastRolloutState} after ${Math.round(o.waitedMs / 1000)} s; the verifier stopped waiting.`;
  }
}

const FIX: Readonly<Record<Exclude<DeploymentOutcome["kind"], "completed">, string>> = {
  rolledBack:
    "The previous version is still serving. Find why the new tasks failed (the events above, `aws ecs describe-tasks --desired-status STOPPED` for stoppedReason, the service's log group), fix it and run `pulumi up` again.",
  failed:
    "Find why the new tasks failed (the events above, stopped tasks' stoppedReason, the service's log group), fix it and run `pulumi up` again.",
  timedOut:
    "Check the service in the ECS console; raise the service's `deploymentVerification.timeoutSeconds` if the rollout is legitimately slower, then run `pulumi up` again (the verifier re-checks the same deployment).",
};

/** The failure message for an outcome that is not `completed`. */
export function failureMessage(o: Exclude<DeploymentOutcome, { kind: "completed" }>): string {
  const lines = [`[${FAILURE_CODES[o.kind]}] ${headline(o)}`];
  lines.push(`  rollout state reason: ${o.reason ?? "(none reported)"}${o.deploymentId ? ` (deployment ${o.deploymentId})` : ""}`);
  if (o.events.length === 0) lines.push("  service events: (none reported)");
  else {
    lines.push("  service events (newest first):");
    for (const e of o.events) lines.push(`    ${e.at} ${e.message}${e.count > 1 ? ` (×${e.count})` : ""}`);
  }
  lines.push(FIX[o.kind]);
  return lines.join("\n");
}
