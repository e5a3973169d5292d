/**
 * Runs a Pulumi program in-process the way the CLI's Node.js language host does, against the embedded mock
 * AWS, and records every resource it registers: config from the project and stack files via
 * `setAllConfig`, a root `pulumi:pulumi:Stack` via `runInPulumiStack` (the module's exports become stack
 * outputs), then waits until every outstanding registration has settled.
 */
import * as path from "path";
import { format } from "util";
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { disconnect } from "@pulumi/pulumi/runtime/settings";
import { MockAws } from "../mock-aws";
import type { AwsContext } from "../mock/context";
import { LoadedProject, loadProject } from "../project";
import { RecordedResource, ResourceRecorder } from "./recorder";

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
  /** Account, region and partition the mock AWS answered with. */
  aws: AwsContext;
}

type ConsoleMethod = "log" | "info" | "debug" | "warn" | "error";
const SEVERITY: Record<ConsoleMethod, ProgramMessage["severity"]> = { log: "info", info: "info", debug: "info", warn: "warning", error: "error" };

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

/** The program failed; `cause` is what it threw (a `pulumi.RunError` for user errors). */
export class ProgramFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly recorded: RecordedResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailure";
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

/**
 * Runs the program for `stack` and records what it would create.
 * @throws ProjectFileError for bad project/stack files; ProgramFailure when the program throws or a
 * registration fails (the first error; the resources recorded until then are attached).
 */
export async function captureProgram(options: CaptureOptions): Promise<Capture> {
  const project = loadProject(options.projectDir, options.stack);
  const config = options.configOverride ?? project.config;
  const started = process.hrtime.bigint();

  const mock = new MockAws({ region: config["aws:region"] ?? project.region, accountId: options.accountId });
  await pulumi.runtime.setMocks(
    mock,
    project.projectName,
    options.stack,
    false,
  );
  pulumi.runtime.setAllConfig(config, project.secretKeys);
  const recorder = new ResourceRecorder(project.projectName, options.stack);
  recorder.install();

  // Registration failures surface as unhandled rejections (as under the CLI); collect them for the run.
  const errors: unknown[] = [];
  const messages: ProgramMessage[] = [];
  const restoreConsole = captureConsole(messages);
  const onError = (err: unknown): void => void errors.push(err);
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  const previousCwd = process.cwd();
  try {
    process.chdir(project.projectDir);
    forgetProgramModules();
    const loaded = new Set(Object.keys(require.cache));
    try {
      await runInPulumiStack(() => runEntry(project.main));
    } finally {
      rememberNewModules(loaded);
    }
  } catch (err) {
    errors.unshift(err);
  } finally {
    try {
      // What the language host does before exiting: drain every outstanding RPC, then close.
      await disconnect();
    } catch (err) {
      errors.push(err);
    }
    // Rejections are reported on a later turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
    restoreConsole();
    process.chdir(previousCwd);
  }
  const recorded = recorder.resources();
  if (errors.length > 0) throw new ProgramFailure(errors[0], recorded);
  const root = recorded.find((r) => r.resource.type === "pulumi:pulumi:Stack");
  return {
    project,
    stack: options.stack,
    recorded,
    stackOutputs: root?.display.outputs ?? {},
    messages,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    aws: mock.context,
  };
}
