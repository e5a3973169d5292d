/**
 * Puts the stand-in `pulumi` first on PATH, with a throwaway project directory, and reads back what the
 * Automation API asked it. The executable is a bash relay (stand-in/pulumi-relay.sh): a real process, started,
 * read and signalled by the Automation API as the real CLI would be, that plays the script served from this
 * process (stand-in/fake-pulumi.js). A Node process per command cost ~0.1 s of CPU; bash costs a few ms.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { EngineEvent } from "@pulumi/pulumi/automation";

/** Scripted reply for one command key ("stack select", "preview", "up", "cancel", …). */
export interface Reply {
  stdout?: string;
  /** stdout when the call has `--show-secrets` (e.g. `stack output`). @default - `stdout` */
  stdoutShowSecrets?: string;
  stderr?: string;
  exitCode?: number;
  /** A fixture file name under fixtures/, or the events themselves. */
  events?: string | EngineEvent[];
  /** Block after the events until SIGINT arrives, then send `afterSigintEvents`. */
  waitForSigint?: boolean;
  afterSigintEvents?: string | EngineEvent[];
  /** Wait this long before answering. @default 0 */
  delayMs?: number;
  /**
   * With an inline program (`--client`), run it through the language host first, as the engine would (no
   * resource monitor: only a program that fails before registering resources is meaningful).
   * @default - the program is not run
   */
  runInlineProgram?: { project?: string; stack?: string; config?: Record<string, string> };
  /** stdout written in separate writes, 50 ms apart (after `stdout`). @default - none */
  stdoutChunks?: string[];
}

export interface Script {
  /** What `pulumi version` prints. @default "v3.270.0" */
  version?: string;
  commands?: Record<string, Reply>;
}

/** One recorded invocation of the stand-in. */
export interface Call {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface StandIn {
  /** Throwaway project dir: Pulumi.yaml, Pulumi.dev.yaml, policy/config/dev.json (no prod config). */
  workDir: string;
  /** Invocations, in order (SIGINT receipts and command ends are recorded too, and skipped here). */
  calls(): Call[];
  /**
   * Starts and ends of commands, in order: `start <key>` / `end <key>` (keys as in `Script.commands`), and
   * `waiting <key>` once a `waitForSigint` command is ready for its SIGINT.
   */
  timeline(): string[];
  /** How many SIGINTs the stand-in received. */
  sigints(): number;
  /** Resolves once `timeline()` includes `entry` (e.g. "start up", "waiting up"): the event, not a poll. */
  reached(entry: string): Promise<void>;
  restore(): void;
}

const RELAY = path.join(__dirname, "stand-in", "pulumi-relay.sh");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serveStandIn } = require("./stand-in/fake-pulumi.js") as {
  serveStandIn(dir: string, onRecord?: () => void): Promise<{ port: number; close(): void }>;
};

/** Installs the stand-in for one test; `restore()` undoes it. */
export async function installStandIn(script: Script): Promise<StandIn> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-standin-"));
  const bin = path.join(root, "bin");
  const workDir = path.join(root, "project");
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(workDir, "policy", "config"), { recursive: true });
  fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), "name: dockyard\nruntime: nodejs\n");
  fs.writeFileSync(path.join(workDir, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
  fs.writeFileSync(path.join(workDir, "policy", "config", "dev.json"), "{}\n");
  fs.writeFileSync(path.join(root, "script.json"), JSON.stringify(script));
  fs.writeFileSync(path.join(root, "calls.jsonl"), "");
  // Waiters for `reached`, checked after every entry the stand-in records.
  const waiting = new Set<() => void>();
  const served = await serveStandIn(root, () => waiting.forEach((check) => check()));
  const exe = path.join(bin, "pulumi");
  fs.writeFileSync(exe, `#!/bin/bash\nDOCKYARD_STANDIN_PORT=${served.port}\n. ${JSON.stringify(RELAY)}\n`, { mode: 0o755 });

  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved ?? ""}`;
  const entries = () =>
    fs
      .readFileSync(path.join(root, "calls.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l): Call | { signal: string } | { exit: string } | { waiting: string } => JSON.parse(l));
  const timeline = () =>
    entries().flatMap((e) =>
      "argv" in e ? [`start ${commandKey(e.argv)}`] : "exit" in e ? [`end ${e.exit}`] : "waiting" in e ? [`waiting ${e.waiting}`] : [],
    );
  return {
    workDir,
    calls: () => entries().filter((e): e is Call => "argv" in e),
    timeline,
    sigints: () => entries().filter((e) => "signal" in e).length,
    reached(entry) {
      return new Promise((resolve) => {
        const check = () => {
          if (!timeline().includes(entry)) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      });
    },
    restore() {
      served.close();
      restoreEnv("PATH", saved);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The stand-in's command key: `stack`/`config` families are two words, the rest one. */
function commandKey(argv: readonly string[]): string {
  const words = argv.slice(0, 2).filter((a, i) => !a.startsWith("-") && (i === 0 || argv[0] === "stack" || argv[0] === "config"));
  return words.join(" ");
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Argv with the per-run gRPC ports replaced, so it can be compared exactly. */
export function normalizeArgv(argv: readonly string[]): string[] {
  return argv.map((a) =>
    a.replace(/^tcp:\/\/127\.0\.0\.1:\d+$/, "tcp://127.0.0.1:<port>").replace(/^--client=127\.0\.0\.1:\d+$/, "--client=127.0.0.1:<port>"),
  );
}

/** A recorded fixture stream. */
export function loadFixture(name: string): EngineEvent[] {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8"));
}
