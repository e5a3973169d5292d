/**
 * `dockyard-preview` / `npm run preview -- --stack <name>`: the offline preview and policy gate.
 * Runs the Pulumi program for a stack against the embedded mock AWS, prints what `pulumi up` would create,
 * the policy report, a cost estimate and a summary. Exit 0: clean or advisory only; 1: mandatory
 * violations; 2: invalid config, program error, bad usage, or anything the gate could not evaluate (an
 * unanswered provider function, a stalled graph, a run past `--timeout`, anything listed as not evaluated
 * unless `--allow-unevaluated`): one message, never a silent exit.
 */
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_TIMEOUT_MS } from "./capture/run";
import { parseStallSeconds, parseTimeout, processExitReporter, reportError } from "./capture/error-report";
import { applyConfigSetting, parseConfigFlag } from "./config-override";
import { UserMocks, loadUserMocks } from "./mock/user-mocks";
import { GateResult, hasMandatoryFindings, PACK, REPO_ROOT, runGate } from "./gate";
import { checkGraphFile, writeGraph } from "./graph/write";
import { displayPath, loadProject } from "./project";
import { buildPreviewDocument } from "./report/json";
import { makeStyle } from "./report/style";
import { renderText } from "./report/text";
import { outputWidth } from "./report/fit";
import { checkReportFiles, writeReports } from "./report/write-reports";
import { withUpdatePlan } from "./update/render";

export const EXIT_OK = 0;
export const EXIT_MANDATORY = 1;
export const EXIT_ERROR = 2;

/** A stream the CLI writes to: `process.stdout`/`process.stderr`, or a test's buffer. */
export interface PreviewOutput {
  write(text: string): unknown;
  /** Whether a person is watching (colour, progress indicator, terminal width). */
  isTTY?: boolean;
  /** Terminal width, read only when `isTTY`. */
  columns?: number;
}

/** Everything the CLI touches outside itself, injectable like `automation/cli.ts`'s `CliIo`. */
export interface PreviewIo {
  stdout: PreviewOutput;
  stderr: PreviewOutput;
  /**
   * Environment read for `NO_COLOR`.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
}

/** The real process: what `run()` (the bin and `npm run preview`) uses. */
export function processIo(): PreviewIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

interface CliOptions {
  stack: string;
  cwd: string;
  json: boolean;
  graph?: string;
  policyConfig?: string;
  config: string[];
  previous?: string;
  updateConfig?: string;
  debug: boolean;
  color: boolean;
  markdown?: string;
  html?: string;
  diagramLink?: string;
  mocks?: string;
  timeout: string;
  allowUnevaluated: boolean;
}

function parseArgs(argv: string[], io: PreviewIo): CliOptions {
  const program = new Command("dockyard-preview")
    .description("Offline preview + policy gate: run the Pulumi program against a mock AWS and check it with the policy pack")
    .option("-s, --stack <name>", "stack whose Pulumi.<stack>.yaml supplies config", "dev")
    .option("-C, --cwd <dir>", "Pulumi project directory (any TypeScript Pulumi program)", REPO_ROOT)
    .option("-j, --json", "print a pulumi-preview-shaped JSON document instead of text", false)
    .option("-g, --graph <file>", "also write an architecture diagram (.svg, .dot or .mmd)")
    .option("--policy-config <file>", "policy pack config JSON (default: policy/config/<stack>.json)")
    .option(
      "-c, --config <key=value>",
      "config for this run only, e.g. dockyard:loadBalancer.certificateArn=arn:… (repeatable; KEY may be a path)",
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option("--markdown <file>", "also write the report as Markdown (.md): a pull-request comment or step summary")
    .option("--html <file>", "also write the report as one self-contained HTML page (.html)")
    .option("--diagram-link <url>", "link to the diagram in --markdown (default: the --graph file, relative to the Markdown file)")
    .option("--previous <file>", "estimate the update against an earlier --json document or a `pulumi stack export`")
    .option("--update-config <file>", "levels of the update checks (default: policy/config/<stack>.update.json)")
    .option("--mocks <file>", "YAML/JSON answers for what the embedded AWS cannot know (invokes, resource outputs, existing VPCs)")
    .option(
      "--timeout <seconds>",
      "fail (exit 2) when the program has not finished after this many seconds",
      String(DEFAULT_TIMEOUT_MS / 1000),
    )
    .option("--debug", "print stack traces for program errors", false)
    .option(
      "--allow-unevaluated",
      "judge what could be evaluated even when some parts could not (they stay listed as not evaluated)",
      false,
    )
    .addOption(new Option("--no-color", "plain text without ANSI colour"))
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) });
  program.parse(argv, { from: "user" });
  return program.opts<CliOptions>();
}

/** A spinner on stderr, only when stderr is a terminal: CI logs stay plain and stable. */
function startProgress(stderr: PreviewOutput, enabled: boolean): () => void {
  if (!enabled) return () => undefined;
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  const started = Date.now();
  let i = 0;
  const timer = setInterval(() => {
    stderr.write(`\r${frames[i++ % frames.length]} running the program against mock AWS… ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }, 100);
  return () => {
    clearInterval(timer);
    stderr.write("\r\u001b[K");
  };
}

/** The stack's config with each `--config KEY=VALUE` applied (checked before the program runs). */
function withOverrides(projectDir: string, stack: string, flags: readonly string[]): Record<string, string> {
  return flags
    .map(parseConfigFlag)
    .reduce((config, { key, value }) => applyConfigSetting(config, key, value), loadProject(projectDir, stack).config);
}

/** The whole CLI; resolves to the exit code. Tests pass `io` to run it in-process. */
export async function main(argv: string[], io: PreviewIo = processIo()): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv, io);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    throw err;
  }
  let mocks: UserMocks | undefined;
  let timeoutMs: number;
  let stallMs: number | undefined;
  try {
    if (options.graph) checkGraphFile(options.graph);
    checkReportFiles(options);
    timeoutMs = parseTimeout(options.timeout);
    stallMs = parseStallSeconds(io.env ?? process.env);
    if (options.mocks) mocks = loadUserMocks(options.mocks, displayPath(path.resolve(options.mocks)));
  } catch (err) {
    return reportError(err, options, io);
  }
  const color = options.color && !options.json && io.stdout.isTTY === true && (io.env ?? process.env)["NO_COLOR"] === undefined;
  const stopProgress = startProgress(io.stderr, !options.json && io.stderr.isTTY === true);
  let result: GateResult;
  try {
    const projectDir = path.resolve(options.cwd);
    result = await runGate({
      projectDir,
      stack: options.stack,
      policyConfigFile: options.policyConfig,
      ...(options.config.length === 0 ? {} : { configOverride: withOverrides(projectDir, options.stack, options.config) }),
      previousFile: options.previous,
      updateConfigFile: options.updateConfig,
      mocks,
      timeoutMs,
      stallMs,
      onProcessExit: processExitReporter(options.json),
    });
    if (options.graph)
      await writeGraph(
        result.capture.recorded.map((r) => r.resource),
        options.graph,
      );
    await writeReports(result, PACK, options);
  } catch (err) {
    stopProgress();
    return reportError(err, options, io);
  }
  stopProgress();
  if (result.policyConfigNotFound !== undefined) {
    io.stderr.write(
      `notice: no policy pack config for stack "${options.stack}" (looked for ${result.policyConfigNotFound}); every policy runs at its default level with default settings. Create the file (copy policy/config/dev.json) or pass --policy-config.\n`,
    );
  }
  if (options.json) {
    const doc = buildPreviewDocument(result);
    io.stdout.write(`${JSON.stringify(result.update ? withUpdatePlan(doc, result.update) : doc, null, 4)}\n`);
  } else {
    io.stdout.write(renderText(result, PACK, makeStyle(color), outputWidth(io.stdout)));
    if (options.graph) io.stdout.write(`Architecture diagram written to ${options.graph}\n`);
    if (options.markdown) io.stdout.write(`Markdown report written to ${options.markdown}\n`);
    if (options.html) io.stdout.write(`HTML report written to ${options.html}\n`);
  }
  if (result.notEvaluated.length > 0 && !options.allowUnevaluated) {
    io.stderr.write(
      `error: ${result.notEvaluated.length} part(s) of the program could not be evaluated offline (listed under "Not evaluated"); ` +
        "the gate does not pass what it cannot see. Fix them, or pass --allow-unevaluated to accept a verdict on the rest.\n",
    );
    return EXIT_ERROR;
  }
  return hasMandatoryFindings(result) ? EXIT_MANDATORY : EXIT_OK;
}

/** Runs the CLI and exits the process with its code (used by `npm run preview` and the bin shim). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      // Let stdout drain before exiting: a piped consumer must get the whole document.
      process.stdout.write("", () => process.exit(code));
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(EXIT_ERROR);
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
