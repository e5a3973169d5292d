/**
 * Runs a Pulumi program in-process the way the CLI's Node.js language host does, against the embedded mock
 * AWS, and records every resource it registers: config from the project and stack files via
 * `setAllConfig`, a root `pulumi:pulumi:Stack` via `runInPulumiStack` (the module's exports become stack
 * outputs), then waits until every outstanding registration has settled.
 */
import * as fs from "fs";
import * as path from "path";
import { format } from "util";
import * as pulumi from "@pulumi/pulumi";
import { MockAws } from "../mock-aws";
import type { UserMocks } from "../mock/user-mocks";
import type { World } from "../mock/world";
import type { AwsContext } from "../mock/context";
import { LoadedProject, loadProject } from "../project";
import { leanSdkRuntime } from "./lean-runtime";
import { disconnect, runInPulumiStack } from "./sdk";
import { GateFailure, GateFailureDetails, formatFailure, stackFrames, userFrame } from "./failure";
import { RecordedResource, ResourceRecorder } from "./recorder";
import { RunWatch } from "./watch";

/** How long a run may take before the gate gives up (`--timeout`): 20× the largest bench program. */
export const DEFAULT_TIMEOUT_MS = 300_000;

export interface CaptureOptions {
  /** Project directory holding `Pulumi.yaml`. */
  projectDir: string;
  /** Stack whose `Pulumi.<stack>.yaml` supplies config. */
  stack: string;
  /**
   * Account id the mock AWS puts in ARNs.
   * @default "123456789012"
   */
  accountId?: string;
  /**
   * Config to use instead of the stack file's (same `"<namespace>:<key>"` → string form); the bench uses it
   * to generate services in memory.
   * @default - the stack file's config
   */
  configOverride?: Record<string, string>;
  /**
   * Answers and existing-infrastructure facts from the user's mocks file (`--mocks`).
   * @default - only the embedded AWS answers
   */
  mocks?: UserMocks;
  /**
   * Milliseconds before an unfinished run fails (`--timeout`).
   * @default 300000
   */
  timeoutMs?: number;
  /**
   * Milliseconds an in-process run may sit idle with registrations outstanding before it is a stall
   * (`DOCKYARD_STALL_SECONDS`; under the CLI an emptied event loop is one at once).
   * @default 2000
   */
  stallMs?: number;
  /**
   * Writes the report when the program ends the process itself; must be synchronous (it runs on `exit`).
   * @default - the message on stderr
   */
  onProcessExit?: (failure: GateFailureDetails, messages: ProgramMessage[]) => void;
}

/** A line the program (or the SDK on its behalf) printed while it ran: shown as a diagnostic, as the CLI does. */
export interface ProgramMessage {
  severity: "info" | "warning" | "error";
  message: string;
}

export interface Capture {
  project: LoadedProject;
  stack: string;
  /** Every registered resource, in registration order; the first is the root stack. */
  recorded: RecordedResource[];
  /** Stack outputs (the program's exports), secrets shown as `[secret]`. */
  stackOutputs: Record<string, unknown>;
  /** What the program printed (console output and SDK warnings), in order. */
  messages: ProgramMessage[];
  /** Wall time of the program run, in milliseconds. */
  durationMs: number;
  /** The existing infrastructure the embedded AWS answered lookups from (default VPC + mocks file). */
  world: World;
  /** Account, region and partition the mock AWS answered with. */
  aws: AwsContext;
}

type ConsoleMethod = "log" | "info" | "debug" | "warn" | "error";
const SEVERITY: Record<ConsoleMethod, ProgramMessage["severity"]> = {
  log: "info",
  info: "info",
  debug: "info",
  warn: "warning",
  error: "error",
};

/**
 * Collects the program's console output instead of letting it reach our stdout (where it would corrupt
 * `--json`); returns a function that restores the console.
 */
function captureConsole(messages: ProgramMessage[]): () => void {
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(SEVERITY) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => void messages.push({ severity: SEVERITY[method], message: format(...args) });
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}

/**
 * The program could not be evaluated; `cause` is what it threw (a `pulumi.RunError` for user errors, a
 * GateFailure for what the gate could not see). `failure` says what, where and the fix, except for a
 * RunError, whose message is already the program's own explanation.
 */
export class ProgramFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly recorded: RecordedResource[],
    readonly failure?: GateFailureDetails,
    /** What the program printed before it failed. */
    readonly messages: ProgramMessage[] = [],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailure";
  }

  /** The one message the CLI prints (without `error: `). */
  describe(): string {
    return this.failure ? formatFailure(this.failure) : this.message;
  }
}

/** Modules the previous run loaded: dropped from the require cache so a second run registers its resources again. */
const programModules = new Set<string>();

function forgetProgramModules(): void {
  for (const file of programModules) delete require.cache[file];
  programModules.clear();
}

/** Only the program's own files: packages (the SDKs) stay loaded, they hold no per-run state of the program. */
function rememberNewModules(before: Set<string>): void {
  for (const file of Object.keys(require.cache)) {
    if (!before.has(file) && !file.includes(`${path.sep}node_modules${path.sep}`)) programModules.add(file);
  }
}

/** Loads the program's entry module and, like the language host, calls it if it exports a function. */
async function runEntry(main: string): Promise<Record<string, unknown> | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported: unknown = require(main);
  const result: unknown = exported instanceof Function ? await exported() : exported;
  return result !== null && typeof result === "object" ? (result as Record<string, unknown>) : undefined;
}

/** Fails closed on what the mock could not answer (even when the program caught the error), else the first error. */
function diagnose(errors: unknown[], mock: MockAws, watch: RunWatch, projectDir: string, baseDir: string): GateFailureDetails | undefined {
  const unanswered = mock.unanswered[0];
  if (unanswered) {
    const others = [...new Set(mock.unanswered.slice(1).map((u) => u.token))];
    return {
      kind: "unanswered-invoke",
      what: `${unanswered.error.describe()}${others.length ? `; also unanswered: ${others.join(", ")}` : ""}`,
      where: watch.invokeSite(unanswered.token, unanswered.callIndex),
      fix: unanswered.error.fix,
    };
  }
  const first = errors[0];
  const missing = watch.missingAttributes();
  if (missing.length > 0 && !pulumi.RunError.isInstance(first)) {
    const [m, ...more] = missing;
    return {
      kind: "missing-attribute",
      what: `the program reads ${m.type} "${m.name}".${m.key}, which the embedded AWS does not compute (offline it is undefined, so what the program derives from it cannot be judged)${more.length ? `; also: ${more.map((x) => `"${x.name}".${x.key}`).join(", ")}` : ""}`,
      where: m.where,
      fix: `give it a value in a mocks file (--mocks FILE with resources: [{ type: "${m.type}", name: "${m.name}", outputs: { ${m.key}: … } }]), or run the real \`pulumi preview\` with credentials`,
    };
  }
  if (first === undefined || pulumi.RunError.isInstance(first) || first instanceof GateFailure) return undefined;
  const message = first instanceof Error ? first.message : String(first);
  const resource = watch.failedInput(first);
  return {
    kind: "program-error",
    what: `the program failed: ${message}${resource ? ` (while registering ${resource})` : ""}`,
    where: first instanceof Error ? userFrame(stackFrames(first.stack), projectDir, baseDir) : undefined,
    fix: "fix the program where it threw (its own code, often an apply callback, or an input that cannot be serialized)",
  };
}

/**
 * Last resort against a silent exit: the program (or a library) ended the process while it ran. Written
 * synchronously because nothing asynchronous runs after `exit`.
 */
function exitGuard(messages: ProgramMessage[], report?: CaptureOptions["onProcessExit"]): (code: number) => void {
  return (code) => {
    const failure: GateFailureDetails = {
      kind: "process-exit",
      what: `the program ended the process (exit code ${code}) before the offline gate could evaluate it; nothing was checked`,
      fix: "do not call process.exit() in a Pulumi program; throw an error (pulumi.RunError) to stop with a message",
    };
    if (report) report(failure, messages);
    else fs.writeSync(2, `${messages.map((m) => `${m.severity}: ${m.message}\n`).join("")}error: ${formatFailure(failure)}\n`);
    process.exitCode = 2;
  };
}

/**
 * Runs the program for `stack` and records what it would create.
 * @throws ProjectFileError for bad project/stack files; ProgramFailure when the program throws, a
 * registration fails, a provider function has no answer, the graph stalls or the time limit passes (the
 * first problem; the resources recorded until then and the program's messages are attached).
 */
export async function captureProgram(options: CaptureOptions): Promise<Capture> {
  const project = loadProject(options.projectDir, options.stack);
  const config = options.configOverride ?? project.config;
  const started = process.hrtime.bigint();

  const mock = new MockAws({ region: config["aws:region"] ?? project.region, accountId: options.accountId, mocks: options.mocks });
  await pulumi.runtime.setMocks(mock, project.projectName, options.stack, false);
  pulumi.runtime.setAllConfig(config, project.secretKeys);
  const baseDir = process.cwd();
  const watch = new RunWatch({
    projectDir: project.projectDir,
    baseDir,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stallMs: options.stallMs,
  });
  const recorder = new ResourceRecorder(project.projectName, options.stack, () => watch.noteActivity());
  recorder.install();

  // Registration failures surface as unhandled rejections (as under the CLI); collect them for the run.
  const errors: unknown[] = [];
  const messages: ProgramMessage[] = [];
  watch.rootCause = () => diagnose(errors, mock, watch, project.projectDir, baseDir);
  const restoreConsole = captureConsole(messages);
  const onError = (err: unknown): void => void errors.push(err);
  const onExit = exitGuard(messages, options.onProcessExit);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  process.on("exit", onExit);
  watch.install();
  const restoreSdk = leanSdkRuntime();
  forgetProgramModules();
  const loaded = new Set(Object.keys(require.cache));
  try {
    process.chdir(project.projectDir);
    await watch.settle(
      (async () => {
        try {
          await runInPulumiStack(() => runEntry(project.main));
        } catch (err) {
          errors.unshift(err);
        } finally {
          rememberNewModules(loaded);
        }
        // What the language host does before exiting: drain every outstanding RPC, then close.
        await disconnect();
      })(),
    );
  } catch (err) {
    errors.unshift(err);
  } finally {
    // An abandoned run (a stall, the time limit) never reaches the program's own `finally`: without this, the
    // program's modules stayed cached and the next run in this process re-ran nothing.
    rememberNewModules(loaded);
    // Rejections are reported on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    restoreSdk();
    watch.uninstall();
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
    process.off("exit", onExit);
    restoreConsole();
    process.chdir(baseDir);
  }
  const recorded = recorder.resources();
  const failure = watch.abandoned?.details ?? diagnose(errors, mock, watch, project.projectDir, baseDir);
  // The SDK's exit-time leak report (taking it clears it, so it cannot turn a later exit code into 1): for a
  // failed run it goes with the failure (--debug); after a finished run, whose leftovers touch no registration
  // (those would have stalled it), it is shown as a warning.
  const leak = watch.abandoned ? undefined : watch.takeLeakReport();
  if (failure || errors.length > 0) {
    const details = failure && leak && !failure.sdkLeakReport ? { ...failure, sdkLeakReport: leak } : failure;
    throw new ProgramFailure(watch.abandoned ?? errors[0] ?? new GateFailure(details!), recorded, details, messages);
  }
  if (leak) messages.push({ severity: "warning", message: leak });
  const root = recorded.find((r) => r.resource.type === "pulumi:pulumi:Stack");
  return {
    project,
    stack: options.stack,
    recorded,
    stackOutputs: root?.display.outputs ?? {},
    messages,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    world: mock.world,
    aws: mock.context,
  };
}
