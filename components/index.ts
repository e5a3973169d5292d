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
export { platformFacts, REDACTED, serviceProblems, validateFargateServiceArgs, type PlatformFacts, type ServiceArgsToCheck } from "./validate";
export { platformProblems } from "./platform-validate";
export { capacityStrategyProblems } from "./capacity-strategy";
export * from "./ecs-exec";
