/** Public surface of the dockyard Automation API library (re-exports only). */
export * from "./errors";
export * from "./events";
export * from "./options";
export * from "./progress";
export * from "./redact";
export * from "./run";
export * from "./stack-file";
export { INLINE_REFRESH_DESTROY_MIN_CLI, keepUserErrors, resolveWorkDir } from "./workspace";
