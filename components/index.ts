// The dockyard component package: re-exports only.
export * from "./errors";
export * from "./platform";
export type { PlatformRef } from "./platform-ref";
export * from "./fargate-service";
export * from "./fargate-service-args";
export * from "./fargate-size";
export * from "./naming";
export * from "./aws-rules";
export * from "./routes";
export * from "./iam";
export * from "./arns";
export * from "./rollout";
export * from "./container-definitions";
export { validateFargateServiceArgs } from "./validate";
export * from "./ecs-exec";
export * from "./deployment";
