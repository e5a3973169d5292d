/** AWS's rules that the API models do not encode (and the few they do that config load needs), in one place. */
export * from "./fargate";
export * from "./listener-rules";
export * from "./names";
export * from "./scaling";
export * from "./alb-capacity";
