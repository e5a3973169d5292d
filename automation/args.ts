/**
 * Command-line parsing for `dockyard-deploy` (pure: argv in, typed arguments or an exit code out), so the
 * whole argument surface is unit-tested without running anything.
 */
import { Argument, Command, CommanderError } from "commander";
import { OPERATIONS, type Operation } from "./options";

/** Parsed command line. */
export interface CliArgs {
  operation: Operation;
  stack: string;
  /** Skip the confirmation prompt. */
  yes: boolean;
  /** Print the structured result (or error) as JSON on stdout. */
  json: boolean;
  /** Run `dockyardProgram()` in-process instead of the project's `index.ts`. */
  inline: boolean;
  /** Destroy a stack whose config sets `dockyard:protect: true`. */
  force: boolean;
  /** Update message for the stack history. */
  message?: string;
}

/** Either parsed arguments, or the exit code to stop with (help, version, usage error). */
export type ParseOutcome = { args: CliArgs } | { exitCode: number };

interface RawOptions {
  stack: string;
  yes?: boolean;
  json?: boolean;
  inline?: boolean;
  force?: boolean;
  message?: string;
}

/** Parses user arguments (without `node` and the script). Usage errors are written to `writeErr`, exit 2. */
export function parseCliArgs(argv: readonly string[], writeOut: (text: string) => void, writeErr: (text: string) => void): ParseOutcome {
  let parsed: CliArgs | undefined;
  const program = new Command("dockyard-deploy")
    .description("Preview, deploy, refresh or destroy a dockyard stack through the Pulumi Automation API, with the policy gate.")
    .addArgument(new Argument("<operation>", "what to run").choices(OPERATIONS))
    .requiredOption("-s, --stack <name>", "stack name, e.g. dev or prod")
    .option("-y, --yes", "do not ask for confirmation before up/destroy")
    .option("--json", "print the structured result (or error) as JSON on stdout")
    .option("--inline", "run the program in-process (inline) instead of the project directory's index.ts")
    .option("--force", "allow destroy on a stack whose config sets dockyard:protect: true")
    .option("-m, --message <text>", "update message recorded in the stack history")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut, writeErr })
    .action((operation: Operation, raw: RawOptions) => {
      parsed = {
        operation,
        stack: raw.stack,
        yes: raw.yes === true,
        json: raw.json === true,
        inline: raw.inline === true,
        force: raw.force === true,
        ...(raw.message !== undefined ? { message: raw.message } : {}),
      };
    });
  try {
    program.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return { exitCode: err.exitCode === 0 ? 0 : 2 };
    throw err;
  }
  return parsed ? { args: parsed } : { exitCode: 2 };
}
