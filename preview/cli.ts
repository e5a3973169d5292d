/**
 * `dockyard-preview` / `npm run preview -- --stack <name>`: the offline preview and policy gate.
 * Runs the Pulumi program for a stack against the embedded mock AWS, prints what `pulumi up` would create,
 * the policy report, a cost estimate and a summary. Exit 0: clean or advisory only; 1: mandatory
 * violations; 2: invalid config, program error or bad usage (message only unless `--debug`), or anything
 * listed as not evaluated (the verdict is incomplete) unless `--allow-unevaluated`.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Command, CommanderError, Option } from "commander";
import { ProgramFailure } from "./capture/run";
import { GateResult, PACK, REPO_ROOT, runGate } from "./gate";
import { checkGraphFile, writeGraph } from "./graph/write";
import { buildPreviewDocument } from "./report/json";
import { makeStyle } from "./report/style";
import { renderText } from "./report/text";
import { outputWidth } from "./report/fit";
import { checkReportFiles, writeReports } from "./report/write-reports";
import { withUpdatePlan } from "./update/render";

export const EXIT_OK = 0;
export const EXIT_MANDATORY = 1;
export const EXIT_ERROR = 2;

interface CliOptions {
  stack: string;
  cwd: string;
  json: boolean;
  graph?: string;
  policyConfig?: string;
  previous?: string;
  updateConfig?: string;
  debug: boolean;
  color: boolean;
  markdown?: string;
  html?: string;
  diagramLink?: string;
  allowUnevaluated: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const program = new Command("dockyard-preview")
    .description("Offline preview + policy gate: run the Pulumi program against a mock AWS and check it with the policy pack")
    .option("-s, --stack <name>", "stack whose Pulumi.<stack>.yaml supplies config", "dev")
    .option("-C, --cwd <dir>", "Pulumi project directory (any TypeScript Pulumi program)", REPO_ROOT)
    .option("-j, --json", "print a pulumi-preview-shaped JSON document instead of text", false)
    .option("-g, --graph <file>", "also write an architecture diagram (.svg, .dot or .mmd)")
    .option("--policy-config <file>", "policy pack config JSON (default: policy/config/<stack>.json)")
    .option("--markdown <file>", "also write the report as Markdown (.md): a pull-request comment or step summary")
    .option("--html <file>", "also write the report as one self-contained HTML page (.html)")
    .option("--diagram-link <url>", "link to the diagram in --markdown (default: the --graph file, relative to the Markdown file)")
    .option("--previous <file>", "estimate the update against an earlier --json document or a `pulumi stack export`")
    .option("--update-config <file>", "levels of the update checks (default: policy/config/<stack>.update.json)")
    .option("--debug", "print stack traces for program errors", false)
    .option("--allow-unevaluated", "judge what could be evaluated even when some parts could not (they stay listed as not evaluated)", false)
    .addOption(new Option("--no-color", "plain text without ANSI colour"))
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program.parse(argv, { from: "user" });
  return program.opts<CliOptions>();
}

/** A spinner on stderr, only when stderr is a terminal: CI logs stay plain and stable. */
function startProgress(enabled: boolean): () => void {
  if (!enabled) return () => undefined;
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  const started = Date.now();
  let i = 0;
  const timer = setInterval(() => {
    process.stderr.write(`\r${frames[i++ % frames.length]} running the program against mock AWS… ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }, 100);
  return () => {
    clearInterval(timer);
    process.stderr.write("\r\u001b[K");
  };
}

function reportError(err: unknown, debug: boolean): number {
  const cause = err instanceof ProgramFailure ? err.cause : err;
  if (cause instanceof pulumi.RunError) {
    process.stderr.write(`error: ${cause.message}\n`);
  } else {
    const message = cause instanceof Error ? cause.message : String(cause);
    process.stderr.write(`error: the program failed: ${message}\n`);
    if (debug && cause instanceof Error && cause.stack) process.stderr.write(`${cause.stack}\n`);
    else process.stderr.write("(run with --debug for the stack trace)\n");
  }
  return EXIT_ERROR;
}

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    throw err;
  }
  try {
    if (options.graph) checkGraphFile(options.graph);
    checkReportFiles(options);
  } catch (err) {
    return reportError(err, options.debug);
  }
  const color = options.color && !options.json && process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined;
  const stopProgress = startProgress(!options.json && process.stderr.isTTY === true);
  let result: GateResult;
  try {
    result = await runGate({
      projectDir: path.resolve(options.cwd),
      stack: options.stack,
      policyConfigFile: options.policyConfig,
      previousFile: options.previous,
      updateConfigFile: options.updateConfig,
    });
    if (options.graph) await writeGraph(result.capture.recorded.map((r) => r.resource), options.graph);
    await writeReports(result, PACK, options);
  } catch (err) {
    stopProgress();
    return reportError(err, options.debug);
  }
  stopProgress();
  if (options.json) {
    const doc = buildPreviewDocument(result);
    process.stdout.write(`${JSON.stringify(result.update ? withUpdatePlan(doc, result.update) : doc, null, 4)}\n`);
  } else {
    process.stdout.write(renderText(result, PACK, makeStyle(color), outputWidth()));
    if (options.graph) process.stdout.write(`Architecture diagram written to ${options.graph}\n`);
    if (options.markdown) process.stdout.write(`Markdown report written to ${options.markdown}\n`);
    if (options.html) process.stdout.write(`HTML report written to ${options.html}\n`);
  }
  if (result.notEvaluated.length > 0 && !options.allowUnevaluated) {
    process.stderr.write(
      `error: ${result.notEvaluated.length} part(s) of the program could not be evaluated offline (listed under "Not evaluated"); ` +
        "the gate does not pass what it cannot see. Fix them, or pass --allow-unevaluated to accept a verdict on the rest.\n",
    );
    return EXIT_ERROR;
  }
  return result.report.violations.some((v) => v.enforcementLevel === "mandatory") ? EXIT_MANDATORY : EXIT_OK;
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
