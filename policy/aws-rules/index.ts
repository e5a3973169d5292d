/**
 * AWS's rules that the API models do not encode (and the few they do that config load needs), in one place. Pure:
 * no Pulumi, no I/O. The pack enforces them on any program; `@dockyard/components` and the dockyard stacks apply
 * the same functions before anything is registered. Exported as `dockyard-guard/aws-rules`.
 */
export * from "./fargate";
export * from "./fargate-size";
export * from "./listener-rules";
export * from "./names";
export * from "./scaling";
