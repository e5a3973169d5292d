/**
 * `npm run deploy -- <preview|up|refresh|destroy> --stack <name> [--yes] [--json] [--inline] [--force]`
 *
 * up/destroy show a plan first (which also gives the progress total and fails fast on policy), then ask
 * for confirmation unless --yes. Exit codes: 0 success, 1 operation failed (or declined at the prompt),
 * 2 bad input or refused, 3 the update ran but an ECS deployment did not ship (failed, rolled back by the
 * circuit breaker, or timed out: `deployment-*` codes), 130 cancelled (Ctrl-C or SIGTERM).
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { parseCliArgs, type CliArgs } from "./args";
import {
  ConfirmationDeclinedError,
  ConfirmationRequiredError,
  DeployError,
  DeploymentNotShippedError,
  PolicyViolationError,
  ProtectedStackError,
  UpdateFailedError,
} from "./errors";
import { plannedSteps } from "./events";
import { policyPackArgs, REPO_ROOT, validateStackName } from "./options";
import { formatTable, ProgressReporter, renderSummary, type ProgressSink } from "./progress";
import * as library from "./run";
import type { DeployOptions, OperationResult } from "./run";
import { readStackProtection } from "./stack-file";

/** The operations the CLI drives (the library, injectable for tests). */
export type DeployLibrary = Pick<typeof library, "preview" | "up" | "refresh" | "destroy" | "planDestroy">;

/** Everything the CLI touches outside itself. */
export interface CliIo {
  stdout: ProgressSink;
  stderr: ProgressSink;
  /** Whether a person can answer a prompt. */
  stdinIsTTY: boolean;
  /** Ask a yes/no question; resolves true on yes. */
  confirm(question: string): Promise<boolean>;
  /** Register the Ctrl-C handler; returns the unregister function. */
  onInterrupt(handler: () => void): () => void;
  /** @default the library in `run.ts` */
  library?: DeployLibrary;
  /** @default the repository root */
  workDir?: string;
  /** @default Date.now */
  now?: () => number;
}

/** Exit code for an error: 2 for input/refusals (incl. the program's own RunErrors), 3 a deployment not shipped, 130 cancelled, else 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof DeployError) {
    if (err.code === "cancelled") return 130;
    if (err instanceof DeploymentNotShippedError) return 3;
    if (err.code === "invalid-input" || err.code === "protected-stack" || err.code === "confirmation-required") return 2;
    return 1;
  }
  return pulumi.RunError.isInstance(err) ? 2 : 1;
}

/** The `--json` body of a failure: code, message and the structured details a machine needs. */
export function errorJson(err: unknown): Record<string, unknown> {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof DeployError ? err.code : pulumi.RunError.isInstance(err) ? "invalid-input" : "internal";
  const body: Record<string, unknown> = { code, message };
  if (err instanceof PolicyViolationError) body.violations = err.violations;
  if (err instanceof UpdateFailedError) {
    body.failedResources = err.failedResources;
    body.errors = err.errors;
  }
  if (err instanceof DeploymentNotShippedError) body.deployments = err.deployments;
  return body;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(
    argv,
    (t) => io.stdout.write(t),
    (t) => io.stderr.write(t),
  );
  if ("exitCode" in parsed) return parsed.exitCode;
  const { args } = parsed;
  const abort = new AbortController();
  let interrupts = 0;
  const unregister = io.onInterrupt(() => {
    interrupts++;
    io.stderr.write(
      interrupts === 1
        ? "\nCancelling: in-flight steps finish and the stack lock is released (Ctrl-C again to stop waiting)…\n"
        : "\nStill cancelling; the lock is released with `pulumi cancel` when the CLI exits.\n",
    );
    abort.abort();
  });
  try {
    const result = await execute(args, io, abort.signal);
    io.stdout.write(args.json ? `${JSON.stringify({ ok: true, result }, null, 2)}\n` : renderSummary(result));
    return 0;
  } catch (err) {
    if (args.json) io.stdout.write(`${JSON.stringify({ ok: false, error: errorJson(err) }, null, 2)}\n`);
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodeFor(err);
  } finally {
    unregister();
  }
}

async function execute(args: CliArgs, io: CliIo, signal: AbortSignal): Promise<OperationResult> {
  const lib = io.library ?? library;
  const workDir = io.workDir ?? REPO_ROOT;
  validateStackName(args.stack);
  const policy = policyPackArgs(workDir, args.stack);
  // Only where the pack itself is present: then the gate runs with its own (strict) defaults, which should be said.
  if (policy.policyPackConfigs.length === 0 && fs.existsSync(policy.policyPacks[0])) {
    io.stderr.write(
      `notice: no policy pack config for stack "${args.stack}" (looked for ${path.join("policy", "config", `${path.basename(args.stack)}.json`)}); every policy runs at its default level with default settings. Create the file (copy policy/config/dev.json) to tune it.\n`,
    );
  }
  if (args.operation === "destroy" && !args.force) {
    const protection = readStackProtection(workDir, args.stack);
    if (protection.protected) throw new ProtectedStackError(args.stack, protection.file ?? `Pulumi.${args.stack}.yaml`);
  }
  const base: DeployOptions = {
    stack: args.stack,
    program: args.inline ? "inline" : "local",
    workDir,
    signal,
    // Ctrl-C in a terminal reaches the whole foreground process group, the pulumi CLI included.
    cliSharesTerminal: io.stdinIsTTY,
    ...(args.message !== undefined ? { message: args.message } : {}),
  };
  let plannedTotal = 0;
  if (args.operation === "up" || args.operation === "destroy") {
    const plan = await withProgress(io, "plan", args.stack, 0, (onEvent) =>
      (args.operation === "up" ? lib.preview : lib.planDestroy)({ ...base, onEvent }),
    );
    plannedTotal = plannedSteps(plan.changeSummary);
    io.stderr.write(renderPlan(args, plan));
    await confirmOrRefuse(args, io);
  }
  const run = lib[args.operation];
  return withProgress(io, args.operation, args.stack, plannedTotal, (onEvent) => run({ ...base, onEvent }));
}

async function withProgress(
  io: CliIo,
  operation: string,
  stack: string,
  plannedTotal: number,
  start: (onEvent: NonNullable<DeployOptions["onEvent"]>) => Promise<OperationResult>,
): Promise<OperationResult> {
  const reporter = new ProgressReporter({ sink: io.stderr, operation, stack, plannedTotal, now: io.now });
  try {
    return await start(reporter.onEvent);
  } finally {
    reporter.stop();
  }
}

/** What up/destroy is about to do, for the confirmation prompt. */
export function renderPlan(args: Pick<CliArgs, "operation" | "stack">, plan: OperationResult): string {
  const rows = Object.entries(plan.changeSummary)
    .filter(([op, n]) => op !== "same" && (n ?? 0) > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => [op, String(n)]);
  const changes = rows.length > 0 ? formatTable(["CHANGE", "COUNT"], rows) : "no changes";
  const advisories = plan.policyViolations.map((v) => `policy ${v.enforcementLevel}: ${v.policy} on ${v.resource}`);
  return [`Plan for ${args.operation} ${args.stack}:`, changes, ...advisories, ""].join("\n");
}

async function confirmOrRefuse(args: CliArgs, io: CliIo): Promise<void> {
  if (args.yes) return;
  if (!io.stdinIsTTY) throw new ConfirmationRequiredError(args.operation, args.stack);
  const ok = await io.confirm(`Do you want to ${args.operation} stack "${args.stack}"? [y/N] `);
  if (!ok) throw new ConfirmationDeclinedError(args.operation, args.stack);
}

/** A readline yes/no prompt on stderr (stdout stays clean for --json). */
function askOnTerminal(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    // Ctrl-C at the prompt means no (readline would otherwise just pause).
    rl.on("SIGINT", () => {
      rl.close();
      resolve(false);
    });
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

/**
 * The real process wiring. A second Ctrl-C is reported but does not kill us: that could leave a lock.
 * SIGTERM (how CI runners and `kill` stop a job) cancels the same way.
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    confirm: askOnTerminal,
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

/**
 * Runs the CLI as this process and exits with its code. The exit is explicit (after stdout/stderr drain):
 * on some error paths the Automation API leaves a gRPC server open, which would keep Node alive.
 */
export function runAsProcess(): void {
  const exit = (code: number) => process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  main(process.argv.slice(2), processIo()).then(exit, (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    exit(1);
  });
}

if (require.main === module) runAsProcess();
