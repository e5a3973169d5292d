/**
 * The library: one function per operation over the same dockyard program `pulumi up` runs, with the policy
 * gate attached, streaming, typed errors and a structured result.
 *
 * @example
 * ```ts
 * import { up } from "./automation";
 * const result = await up({ stack: "dev", onOutput: (t) => process.stdout.write(t) });
 * console.log(result.changeSummary, result.outputs.albDnsName?.value);
 * ```
 */
import * as auto from "@pulumi/pulumi/automation";
import type { EngineEvent, OpMap, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { toDeployError, UpdateCancelledError } from "./errors";
import { EngineEventCollector, type DeployPolicyViolation } from "./events";
import { runInlineExclusive } from "./inline-queue";
import {
  buildDestroyOptions,
  buildPlanDestroyOptions,
  buildPreviewOptions,
  buildRefreshOptions,
  buildUpOptions,
  policyPackArgs,
  toConfigMap,
  validateStackName,
  type ConfigOverride,
  type Operation,
  type OperationContext,
} from "./options";
import { createRedactingStream, createRedactor, redactEvent, REDACTED, secretEnvValues } from "./redact";
import { resolveWorkDir, selectStack, type ProgramErrorSink } from "./workspace";

/** Options of every operation. */
export interface DeployOptions {
  /** Stack name, e.g. `dev` (or `org/dockyard/dev`). */
  stack: string;
  /**
   * `local` runs the project directory's `index.ts` exactly as `pulumi up` would; `inline` runs
   * `dockyardProgram()` inside this process (no separate Node process, same code). The Pulumi runtime's
   * state is global to a process, so inline operations in one process run one at a time (later calls wait).
   * @default "local"
   */
  program?: "local" | "inline";
  /**
   * Project directory (holds Pulumi.yaml, the stack files and `policy/`); the CLI runs in it. Inline runs of
   * the dockyard program must use the repository root (its Docker build contexts are relative to it).
   * @default - the repository root
   */
  workDir?: string;
  /**
   * Config set on the stack before the operation, like `pulumi config set` (so it is persisted in
   * `Pulumi.<stack>.yaml`). Keys without a namespace get `dockyard:`.
   * @example
   * ```ts
   * { desiredCount: "2", "aws:region": "eu-west-1", apiToken: { value: token, secret: true } }
   * ```
   * @default - no overrides
   */
  config?: Readonly<Record<string, ConfigOverride>>;
  /**
   * Extra environment for the CLI, e.g. `PULUMI_CONFIG_PASSPHRASE`, `PULUMI_BACKEND_URL`, AWS credentials.
   * Values of credential-like names are redacted from all output.
   * @default - none (the CLI inherits this process's environment)
   */
  envVars?: Readonly<Record<string, string>>;
  /** Message recorded in the update history. @default - none */
  message?: string;
  /** The CLI's progress text, secrets redacted. @default - discarded */
  onOutput?: (text: string) => void;
  /** Each engine event, free-text fields redacted. @default - not streamed */
  onEvent?: (event: EngineEvent) => void;
  /**
   * Aborting it interrupts the CLI (one SIGINT: in-flight steps finish, state is saved, the lock is
   * released), then, if the update had started, runs `pulumi cancel` so no lock is left even if the CLI died;
   * the call rejects with `UpdateCancelledError`. Aborting during stack selection starts nothing.
   * @default - not cancellable
   */
  signal?: AbortSignal;
  /**
   * Set when this process and the CLI share a terminal: a Ctrl-C there already reached the CLI, and a
   * second SIGINT from us would make it terminate at once instead of cancelling gracefully. Aborting
   * `signal` then only marks the run cancelled (and releases the lock afterwards).
   * @default false
   */
  cliSharesTerminal?: boolean;
  /**
   * The program for `program: "inline"`.
   * @default - `dockyardProgram` from `stacks/program.ts`
   */
  inlineProgram?: PulumiFn;
}

/** One stack output; secret values are replaced by `[secret]`. */
export interface OutputEntry {
  value: unknown;
  secret: boolean;
}

/** What every operation returns. */
export interface OperationResult {
  operation: Operation | "plan-destroy";
  stack: string;
  /** Steps by operation (`create`, `update`, `delete`, `same`, …), as the engine summarised them. */
  changeSummary: OpMap;
  /** Stack outputs (only `up` reads them; empty otherwise). */
  outputs: Record<string, OutputEntry>;
  /** Every policy finding (advisory ones too; a mandatory one fails the operation instead). */
  policyViolations: DeployPolicyViolation[];
  /** Wall-clock duration of the operation, in milliseconds. */
  durationMs: number;
}

/** `pulumi preview` with the policy gate; creates the stack if it does not exist. */
export function preview(options: DeployOptions): Promise<OperationResult> {
  return run("preview", options);
}

/** `pulumi up` with the policy gate; creates the stack if it does not exist. */
export function up(options: DeployOptions): Promise<OperationResult> {
  return run("up", options);
}

/** `pulumi refresh`; the stack must exist. */
export function refresh(options: DeployOptions): Promise<OperationResult> {
  return run("refresh", options);
}

/** `pulumi destroy` (the stack and its config are kept); the stack must exist. */
export function destroy(options: DeployOptions): Promise<OperationResult> {
  return run("destroy", options);
}

/** `pulumi destroy --preview-only`: what `destroy` would delete. */
export function planDestroy(options: DeployOptions): Promise<OperationResult> {
  return run("plan-destroy", options);
}

async function run(operation: OperationResult["operation"], options: DeployOptions): Promise<OperationResult> {
  validateStackName(options.stack);
  const op: Operation = operation === "plan-destroy" ? "destroy" : operation;
  const cancelled = () => new UpdateCancelledError(op, options.stack);
  if (options.signal?.aborted) throw cancelled();
  const workDir = resolveWorkDir(options);
  if (options.program !== "inline") return runOnStack(operation, op, options, workDir);
  return runInlineExclusive(() => runOnStack(operation, op, options, workDir), options.signal, cancelled);
}

async function runOnStack(
  operation: OperationResult["operation"],
  op: Operation,
  options: DeployOptions,
  workDir: string,
): Promise<OperationResult> {
  const started = Date.now();
  const collector = new EngineEventCollector();
  const configMap = options.config ? toConfigMap(options.config) : undefined;
  const redact = createRedactor([
    ...secretEnvValues(process.env),
    ...secretEnvValues(options.envVars ?? {}),
    ...Object.values(configMap ?? {})
      .filter((c) => c.secret)
      .map((c) => c.value),
  ]);
  const abort = linkAbort(options.signal);
  const programErrors: ProgramErrorSink = {};
  const failure = (err: unknown) => {
    if (programErrors.error) return programErrors.error;
    const seen = collector.snapshot();
    const cancelled = abort.signal.aborted || seen.cancelled;
    return toDeployError(err, { ...seen, operation: op, stack: options.stack, cancelled, redact });
  };

  let stack: Stack;
  try {
    stack = await selectStack(op, { ...options, workDir }, programErrors);
    if (configMap) await stack.setAllConfig(configMap);
    // The SDK only listens for an abort that happens after it starts the command: a Ctrl-C during
    // the stack selection above must stop here, or the operation would run to the end.
    if (abort.signal.aborted) throw new UpdateCancelledError(op, options.stack);
  } catch (err) {
    abort.dispose();
    throw failure(err);
  }
  const output = options.onOutput ? createRedactingStream(options.onOutput, redact) : undefined;
  let engineStarted = false;
  const ctx: OperationContext = {
    ...policyPackArgs(workDir, options.stack),
    onOutput: output ? (text) => output.write(text) : undefined,
    onEvent: (event) => {
      engineStarted = true;
      // Collected redacted too: error messages are built from these events and may be logged or returned.
      const safe = redactEvent(event, redact);
      collector.handle(safe);
      options.onEvent?.(safe);
    },
    signal: options.cliSharesTerminal ? undefined : abort.signal,
    message: options.message,
  };
  try {
    const { changeSummary, outputs } = await execute(operation, stack, ctx);
    return {
      operation,
      stack: options.stack,
      changeSummary: changeSummary ?? collector.snapshot().summary?.resourceChanges ?? {},
      outputs: maskOutputs(outputs ?? {}),
      policyViolations: collector.snapshot().violations,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    // `pulumi cancel` cancels whatever update holds the stack, so only after our own update had started
    // (the engine spoke). Before that the lock may be someone else's; previews hold none, while a
    // colleague's `up` may well be running.
    const ownsLock = engineStarted && operation !== "preview" && operation !== "plan-destroy";
    if (abort.signal.aborted && ownsLock && !(err instanceof auto.ConcurrentUpdateError)) await releaseLock(stack);
    throw failure(err);
  } finally {
    output?.flush();
    abort.dispose();
  }
}

async function execute(
  operation: OperationResult["operation"],
  stack: Stack,
  ctx: OperationContext,
): Promise<{ changeSummary?: OpMap; outputs?: auto.OutputMap }> {
  switch (operation) {
    case "preview":
      return { changeSummary: (await stack.preview(buildPreviewOptions(ctx))).changeSummary };
    case "up": {
      const r = await stack.up(buildUpOptions(ctx));
      return { changeSummary: r.summary?.resourceChanges, outputs: r.outputs };
    }
    case "refresh":
      return { changeSummary: (await stack.refresh(buildRefreshOptions(ctx))).summary?.resourceChanges };
    case "destroy":
      return { changeSummary: (await stack.destroy(buildDestroyOptions(ctx))).summary?.resourceChanges };
    case "plan-destroy":
      return { changeSummary: (await stack.previewDestroy(buildPlanDestroyOptions(ctx))).changeSummary };
  }
}

/**
 * After an interrupted run: `pulumi cancel` releases a lock the CLI could not (it was killed mid-update, or
 * the backend still shows the update running). Errors are expected when nothing is left to cancel.
 */
async function releaseLock(stack: Stack): Promise<void> {
  try {
    await stack.cancel();
  } catch {
    // "no update in progress": the CLI already released the lock on SIGINT.
  }
}

/** Our own AbortController, so a caller's signal can be linked and unlinked without leaking listeners. */
function linkAbort(signal: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  if (!signal) return { signal: controller.signal, dispose: () => undefined };
  const onAbort = () => controller.abort();
  if (signal.aborted) controller.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  return { signal: controller.signal, dispose: () => signal.removeEventListener("abort", onAbort) };
}

function maskOutputs(outputs: auto.OutputMap): Record<string, OutputEntry> {
  const masked: Record<string, OutputEntry> = {};
  for (const key of Object.keys(outputs).sort()) {
    const o = outputs[key];
    masked[key] = { value: o.secret ? REDACTED : o.value, secret: o.secret };
  }
  return masked;
}
