/** The parts of a rolling deployment's wall-clock cost that dockyard controls. */
export interface RolloutTimings {
  /** ECS service `healthCheckGracePeriodSeconds`. */
  healthCheckGracePeriodSeconds: number;
  /** Target group health check `healthyThreshold`. */
  healthyThreshold: number;
  /** Target group health check `interval` in seconds. */
  intervalSeconds: number;
  /** Target group `deregistrationDelay` in seconds. */
  deregistrationDelaySeconds: number;
}

/**
 * Seconds one task replacement costs at minimum: grace period + time to be marked healthy + connection draining.
 * AWS's defaults (no grace period setting aside, healthy threshold 5 × interval 30 s + 300 s draining) cost
 * ~450 s per batch; dockyard's defaults keep this at 60 s.
 */
export function rolloutBudgetSeconds(t: RolloutTimings): number {
  return t.healthCheckGracePeriodSeconds + t.healthyThreshold * t.intervalSeconds + t.deregistrationDelaySeconds;
}

/** AWS's defaults for the same figure: grace 0, healthy threshold 5 × 30 s interval, 300 s deregistration delay. */
export const AWS_DEFAULT_ROLLOUT_SECONDS = rolloutBudgetSeconds({
  healthCheckGracePeriodSeconds: 0,
  healthyThreshold: 5,
  intervalSeconds: 30,
  deregistrationDelaySeconds: 300,
});
