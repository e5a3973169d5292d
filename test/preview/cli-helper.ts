/** Moved to test/support/preview-cli.ts (one helper for in-process and child-process runs of the CLI). */
export { BIN, REPO, fixture, runCli, type CliRun } from "../support/preview-cli";
