/**
 * The public surface of `@dockyard/components`: re-exports only. Anything not exported here is internal and may
 * change in any release (see components/README.md, "Semver policy"). AWS's own rules (Fargate sizes, name rules,
 * listener-rule quotas) are the policy pack's: import them from `dockyard-guard/aws-rules`.
 */
export * from "./errors";
export * from "./describe-value";
export * from "./platform";
export type { PlatformRef } from "./platform-ref";
export * from "./platform-ref-io";
export * from "./claims";
export * from "./fargate-service";
export * from "./fargate-service-args";
export * from "./service-set";
export { calleeUrl, calleeUrlVariable, serviceSetProblems, type SetCheck, type SetMember } from "./service-set-validate";
export * from "./defaults";
export * from "./transform";
export * from "./problems";
export * from "./naming";
export * from "./routes";
export * from "./iam";
export * from "./arns";
export * from "./container-definitions";
export * from "./service-connect";
export {
  platformFacts,
  REDACTED,
  serviceProblems,
  validateFargateServiceArgs,
  type PlatformFacts,
  type ServiceArgsToCheck,
} from "./validate";
export { platformProblems } from "./platform-validate";
export { capacityStrategyProblems } from "./capacity-strategy";
export * from "./ecs-exec";
export {
  DeploymentVerification,
  VERIFICATION_DEFAULTS,
  VERIFICATION_TYPE,
  verifyDeployment,
  type DeploymentOutcome,
  type DeploymentVerificationArgs,
} from "./deployment-verifier";
export type {
  CanaryArgs,
  DeploymentAlarmArgs,
  DeploymentArgs,
  DeploymentStrategy,
  LifecycleHookArgs,
  LifecycleStage,
  LinearArgs,
  ResolvedDeployment,
} from "./deployment/deployment-args";
export {
  DEPLOYMENT_DEFAULTS,
  DEPLOYMENT_LIMITS,
  DEPLOYMENT_STRATEGIES,
  LIFECYCLE_STAGES,
  resolveDeployment,
} from "./deployment/deployment-args";
export { deploymentProblems, LAMBDA_FUNCTION_ARN, TEST_HEADER_NAME, type DeploymentProblem } from "./deployment/problems";
export { albFootprint, shiftsTraffic } from "./deployment/deployment-args";
export { testRulePriority } from "./deployment/traffic";
export { albCapacityProblems, DEFAULT_RULES_PER_ALB, MAX_TARGET_GROUPS_PER_ALB, type AlbCapacityProblem, type AlbClaim } from "./aws-rules";
export { deploymentTiming, type DeploymentTiming } from "./deployment/timing";
