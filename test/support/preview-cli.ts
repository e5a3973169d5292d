/**
 * The preview CLI from a test, two ways:
 * - `runMain(argv)`: `main(argv, io)` in this process with an injected IO that records what it writes. The same
 *   code path as `dockyard-preview` (argument parsing, gate, reports, exit code) in milliseconds. Use it by default.
 * - `runCli(argv)`: a child Node process running the bin, as `npm run preview` does. It costs about a second of CPU
 *   (Node start-up, the loader, loading the SDKs); use it only where the process boundary is what is tested (exit
 *   status of a real process, the bin shim, a TTY, process.exit, an event loop that empties). See test/README.md.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { main, type PreviewOutput } from "../../preview/cli";

/** Repository root; `runCli` runs there and `runMain` resolves relative paths against the process's cwd (the root under mocha). */
export const REPO = path.resolve(__dirname, "..", "..");

/** What a run printed and its exit code. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface MainRun extends CliRun {
  code: number;
}

export interface MainOptions {
  /**
   * Pretend stdout and stderr are a terminal of this many columns (colour, progress indicator, width).
   * @default - not a terminal
   */
  columns?: number;
  /**
   * Environment the CLI reads (`NO_COLOR`).
   * @default - process.env without NO_COLOR and FORCE_COLOR, as `runCli` gives a child
   */
  env?: NodeJS.ProcessEnv;
}

/** A buffer standing in for a stream. */
function sink(columns: number | undefined): PreviewOutput & { text: string[] } {
  const text: string[] = [];
  return { text, write: (chunk: string) => text.push(chunk), ...(columns === undefined ? {} : { isTTY: true, columns }) };
}

/** `dockyard-preview ARGV` in-process. */
export async function runMain(argv: string[], options: MainOptions = {}): Promise<MainRun> {
  const stdout = sink(options.columns);
  const stderr = sink(options.columns);
  const env = options.env ?? { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
  const code = await main(argv, { stdout, stderr, env });
  return { code, stdout: stdout.text.join(""), stderr: stderr.text.join("") };
}

/** The published bin, which `npm run preview` runs too. */
export const BIN = path.join(REPO, "bin", "dockyard-preview.js");

/** The V8 flags `npm run preview` starts the bin with (the bin relaunches itself with them otherwise). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { NODE_FLAGS } = require("../../bin/node-flags") as { NODE_FLAGS: string[] };

/**
 * `dockyard-preview ARGV` as a child process from the repository root, as `npm run preview` starts it (a second of
 * CPU: only for the process boundary; test/smoke/node-flags.spec.ts proves the relaunch without the flags).
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [...NODE_FLAGS, BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fixture project under test/preview/fixtures. */
export const fixture = (name: string): string => path.join(REPO, "test", "preview", "fixtures", name);
