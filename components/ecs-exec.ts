/**
 * ECS Exec and the read-only root filesystem: ECS Exec starts the SSM agent inside the container, and the agent
 * needs to write to the root filesystem (aws/containers-roadmap#1359), so the two cannot be combined.
 */

/** The AWS limitation, worded for error messages. */
export const EXEC_NEEDS_WRITABLE_ROOT =
  "ECS Exec needs a writable root filesystem (the SSM agent it starts inside the container cannot run on a read-only one)";

/** `readonlyRootFilesystem` as configured, else `true` — or `false` when ECS Exec is on. */
export function resolveReadonlyRootFilesystem(readonlyRootFilesystem: boolean | undefined, enableExecuteCommand: boolean): boolean {
  return readonlyRootFilesystem ?? !enableExecuteCommand;
}
