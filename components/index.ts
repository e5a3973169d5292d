/**
 * The public surface of `@dockyard/components`: re-exports only. Anything not exported here is internal and may
 * change in any release (see components/README.md, "Semver policy"). AWS's own rules (Fargate sizes, name rules,
 * listener-rule quotas) are the policy pack's: import them from `dockyard-guard/aws-rules`.
 */
export * from "./errors";
export * from "./platform";
export type { PlatformRef } from "./platform-ref";
export * from "./platform-ref-io";
export * from "./claims";
export * from "./fargate-service";
export * from "./fargate-service-args";
export * from "./naming";
export * from "./routes";
export * from "./iam";
export * from "./arns";
export * from "./container-definitions";
export { validateFargateServiceArgs } from "./validate";
export * from "./ecs-exec";
