/**
 * The per-service deployment setting: how ECS shifts traffic to a new task definition, and the alarms that roll
 * it back. Types, defaults and the stage list only; builders live beside this file.
 */

/** Every strategy, in the order the README describes them. */
export const DEPLOYMENT_STRATEGIES = ["rolling", "blueGreen", "canary", "linear"] as const;

/** How ECS replaces the tasks of a service. */
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** The `deploymentConfiguration.strategy` ECS takes for each (enum `DeploymentStrategy` of the ECS model). */
export const ECS_STRATEGY: Readonly<Record<DeploymentStrategy, string>> = {
  rolling: "ROLLING",
  blueGreen: "BLUE_GREEN",
  canary: "CANARY",
  linear: "LINEAR",
};

/** The strategies that shift ALB traffic between two target groups (alternate group, test rule, infrastructure role). */
export function shiftsTraffic(strategy: DeploymentStrategy): boolean {
  return strategy !== "rolling";
}

/**
 * Stages a lifecycle hook can run at: the ECS model's `DeploymentLifecycleHookStage` enum (botocore 1.43,
 * data/aws-models/ecs.json) as far as @pulumi/aws 7.48 documents it for `lifecycleStages`; the model's
 * `PRE_PRODUCTION_TRAFFIC_SHIFT` is left out because that provider version does not list it. A test keeps this
 * list a subset of the model's enum.
 */
export const LIFECYCLE_STAGES = [
  "RECONCILE_SERVICE",
  "PRE_SCALE_UP",
  "POST_SCALE_UP",
  "TEST_TRAFFIC_SHIFT",
  "POST_TEST_TRAFFIC_SHIFT",
  "PRODUCTION_TRAFFIC_SHIFT",
  "POST_PRODUCTION_TRAFFIC_SHIFT",
] as const;

/** A lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A Lambda function ECS invokes at the given stages; it answers SUCCEEDED, FAILED (roll back) or IN_PROGRESS. */
export interface LifecycleHookArgs {
  /** Lambda function ARN (`arn:<partition>:lambda:<region>:<account>:function:<name>`, optionally `:<alias or version>`). */
  functionArn: string;
  /** Stages to run it at (at least one, each once). */
  stages: readonly LifecycleStage[];
}

/** CloudWatch alarms on the service's target groups that make ECS roll a deployment back. */
export interface DeploymentAlarmArgs {
  /** Alarm when the share of target 5xx responses exceeds this percentage (0.1–100). @default 5 */
  errorPercent?: number;
  /** Alarm when the p99 target response time exceeds this many seconds (0.01–60). @default 2 */
  responseTimeSeconds?: number;
  /** Metric period in seconds (60, 120, … 3600: a multiple of 60). @default 60 */
  periodSeconds?: number;
  /** Periods evaluated (1–10). @default 3 */
  evaluationPeriods?: number;
  /** Of those, how many must breach (1–`evaluationPeriods`). @default 2 */
  datapointsToAlarm?: number;
}

/** Canary: `percent` of production traffic first, for `bakeTimeMinutes`, then all of it. */
export interface CanaryArgs {
  /** Share of production traffic the new tasks get first (0.1–100). @default 10 */
  percent?: number;
  /** Minutes at that share before the rest shifts (0–1440). @default 5 */
  bakeTimeMinutes?: number;
}

/** Linear: `stepPercent` more traffic every `stepBakeTimeMinutes` until all of it. */
export interface LinearArgs {
  /** Share of production traffic added per step (3–100). @default 25 */
  stepPercent?: number;
  /** Minutes between steps (0–1440). @default 2 */
  stepBakeTimeMinutes?: number;
}

/** How a service is deployed. */
export interface DeploymentArgs {
  /** `rolling`, `blueGreen`, `canary` or `linear`; all but `rolling` need `loadBalancer`. @default "rolling" */
  strategy?: DeploymentStrategy;
  /**
   * Minutes the old tasks keep running after all traffic has shifted, so a rollback is instant (0–1440;
   * `blueGreen`, `canary`, `linear` only). @default 5
   */
  bakeTimeMinutes?: number;
  /** Canary settings (`strategy: canary` only). @default { percent: 10, bakeTimeMinutes: 5 } */
  canary?: CanaryArgs;
  /** Linear settings (`strategy: linear` only). @default { stepPercent: 25, stepBakeTimeMinutes: 2 } */
  linear?: LinearArgs;
  /** Lambda hooks at deployment stages (traffic-shifting strategies only; at most 10). @default [] */
  lifecycleHooks?: readonly LifecycleHookArgs[];
  /**
   * Header that routes a request to the new tasks before they get production traffic: the test listener rule
   * matches the service's routes plus `<testHeaderName>: true` (traffic-shifting strategies only).
   * @default "x-dockyard-test"
   */
  testHeaderName?: string;
  /** Rollback alarms (load-balanced services, every strategy). @default - 5 % errors or p99 above 2 s in 2 of 3 minutes */
  alarms?: DeploymentAlarmArgs;
}

/** Defaults, mirrored by the `@default` tags above. */
export const DEPLOYMENT_DEFAULTS = {
  strategy: "rolling",
  bakeTimeMinutes: 5,
  canary: { percent: 10, bakeTimeMinutes: 5 },
  linear: { stepPercent: 25, stepBakeTimeMinutes: 2 },
  testHeaderName: "x-dockyard-test",
  alarms: { errorPercent: 5, responseTimeSeconds: 2, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 },
} as const;

/** Limits of the fields above (ECS API reference and @pulumi/aws 7.48's documented ranges). */
export const DEPLOYMENT_LIMITS = {
  bakeTimeMinutes: { min: 0, max: 1440 },
  canaryPercent: { min: 0.1, max: 100 },
  linearStepPercent: { min: 3, max: 100 },
  lifecycleHooks: { max: 10 },
  errorPercent: { min: 0.1, max: 100 },
  responseTimeSeconds: { min: 0.01, max: 60 },
  periodSeconds: { min: 60, max: 3600 },
  evaluationPeriods: { min: 1, max: 10 },
} as const;

/** A deployment with every default applied. */
export interface ResolvedDeployment {
  strategy: DeploymentStrategy;
  bakeTimeMinutes: number;
  canary: Required<CanaryArgs>;
  linear: Required<LinearArgs>;
  lifecycleHooks: readonly LifecycleHookArgs[];
  testHeaderName: string;
  alarms: Required<DeploymentAlarmArgs>;
}

/** Applies the defaults (the one place they are applied). */
export function resolveDeployment(d: DeploymentArgs | undefined): ResolvedDeployment {
  const D = DEPLOYMENT_DEFAULTS;
  return {
    strategy: d?.strategy ?? D.strategy,
    bakeTimeMinutes: d?.bakeTimeMinutes ?? D.bakeTimeMinutes,
    canary: { percent: d?.canary?.percent ?? D.canary.percent, bakeTimeMinutes: d?.canary?.bakeTimeMinutes ?? D.canary.bakeTimeMinutes },
    linear: {
      stepPercent: d?.linear?.stepPercent ?? D.linear.stepPercent,
      stepBakeTimeMinutes: d?.linear?.stepBakeTimeMinutes ?? D.linear.stepBakeTimeMinutes,
    },
    lifecycleHooks: d?.lifecycleHooks ?? [],
    testHeaderName: d?.testHeaderName ?? D.testHeaderName,
    alarms: { ...D.alarms, ...definedOnly(d?.alarms ?? {}) },
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Target groups and listener rules one routed service takes on the ALB with `strategy`. */
export function albFootprint(strategy: DeploymentStrategy): { targetGroups: number; listenerRules: number } {
  return shiftsTraffic(strategy) ? { targetGroups: 2, listenerRules: 2 } : { targetGroups: 1, listenerRules: 1 };
}
