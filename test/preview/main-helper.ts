/** Moved to test/support/preview-cli.ts (one helper for in-process and child-process runs of the CLI). */
export { runMain, type MainOptions, type MainRun } from "../support/preview-cli";
