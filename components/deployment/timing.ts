/** How long a deployment takes until all production traffic is on the new tasks, per strategy. Pure. */
import type { ResolvedDeployment } from "./deployment-args";

/** Wall-clock phases of one deployment, in seconds. */
export interface DeploymentTiming {
  /** Until 100 % of production traffic reaches the new tasks. */
  untilFullTraffic: number;
  /** Until the old tasks are gone (bake time after the last shift; rolling: the same as `untilFullTraffic`). */
  untilOldTasksStop: number;
}

/**
 * `rolloutSeconds` is the rollout budget of one task replacement (`rolloutBudgetSeconds`: grace period + healthy
 * threshold × interval + draining). Rolling replaces all tasks in one batch at 200 %; blue/green shifts at once
 * after the new tasks are healthy; canary waits `canary.bakeTimeMinutes` at its share; linear waits
 * `stepBakeTimeMinutes` after each step but the last (ceil(100 / step) steps).
 */
export function deploymentTiming(d: ResolvedDeployment, rolloutSeconds: number): DeploymentTiming {
  let shifting = 0;
  if (d.strategy === "canary") shifting = d.canary.bakeTimeMinutes * 60;
  if (d.strategy === "linear") shifting = (Math.ceil(100 / d.linear.stepPercent) - 1) * d.linear.stepBakeTimeMinutes * 60;
  const untilFullTraffic = rolloutSeconds + shifting;
  return { untilFullTraffic, untilOldTasksStop: d.strategy === "rolling" ? untilFullTraffic : untilFullTraffic + d.bakeTimeMinutes * 60 };
}
