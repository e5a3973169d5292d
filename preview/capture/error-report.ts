/**
 * How a run that could not be evaluated is reported: the program's own output first (never swallowed), then
 * one message; with `--json`, a document with an `error` object and the program's output as diagnostics.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { GateFailureDetails, GateFailureKind, formatFailure } from "./failure";
import { DEFAULT_TIMEOUT_MS, ProgramFailure, ProgramMessage } from "./run";
import { DEFAULT_STALL_MS } from "./watch";
import { readableStack } from "./source-positions";

export interface ErrorDocument {
  error: {
    /** `invalid-input` for bad files and flags (the message names file, field, value and fix). */
    kind: GateFailureKind | "invalid-input";
    /** The whole message, as printed on stderr after `error: `. */
    message: string;
    what?: string;
    where?: string;
    fix?: string;
    waiting?: GateFailureDetails["waiting"];
  };
  /** What the program printed before it failed, as `pulumi preview --json` diagnostics. */
  diagnostics: { message: string; severity: ProgramMessage["severity"] }[];
}

export function printedMessages(messages: ProgramMessage[]): string {
  return messages.map((m) => `${m.severity}: ${m.message}\n`).join("");
}

/** For a program that ends the process itself: the same report, written synchronously (it runs on `exit`). */
export function processExitReporter(json: boolean): (failure: GateFailureDetails, messages: ProgramMessage[]) => void {
  return (failure, messages) => {
    const message = formatFailure(failure);
    fs.writeSync(2, `${printedMessages(messages)}error: ${message}\n`);
    if (json) {
      const doc = errorDocument(new ProgramFailure(new Error(message), [], failure, messages), message);
      fs.writeSync(1, `${JSON.stringify(doc, null, 4)}\n`);
    }
  };
}

export function errorDocument(err: unknown, message: string): ErrorDocument {
  const failure = err instanceof ProgramFailure ? err : undefined;
  const details = failure?.failure;
  const userError = pulumi.RunError.isInstance(failure ? failure.cause : err);
  return {
    error: {
      kind: details?.kind ?? (userError && !failure ? "invalid-input" : "program-error"),
      message,
      ...(details
        ? {
            what: details.what,
            ...(details.where ? { where: details.where } : {}),
            fix: details.fix,
            ...(details.waiting ? { waiting: details.waiting } : {}),
          }
        : {}),
    },
    diagnostics: (failure?.messages ?? []).map((m) => ({ message: `${m.severity}: ${m.message}`, severity: m.severity })),
  };
}

/** A bad `--timeout`: the same shape as every input error. */
class UsageError extends pulumi.RunError {}

export function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(seconds > 0)) {
    throw new UsageError(
      `--timeout ${text}: allowed: a number of seconds greater than 0. Fix: e.g. --timeout ${DEFAULT_TIMEOUT_MS / 1000}`,
    );
  }
  return seconds * 1000;
}

/** The stall window from `DOCKYARD_STALL_SECONDS` (seconds, like `--timeout`), or undefined when it is not set. */
export function parseStallSeconds(env: NodeJS.ProcessEnv): number | undefined {
  const text = env["DOCKYARD_STALL_SECONDS"];
  if (text === undefined || text === "") return undefined;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(seconds > 0)) {
    throw new UsageError(
      `DOCKYARD_STALL_SECONDS=${text}: allowed: a number of seconds greater than 0 (how long an in-process run may sit idle before it is a stall). Fix: unset it for the default (${DEFAULT_STALL_MS / 1000}), or e.g. DOCKYARD_STALL_SECONDS=0.5`,
    );
  }
  return seconds * 1000;
}

/**
 * One message on stderr (after whatever the program printed, which is never swallowed); with `--json`, also a
 * JSON document with an `error` object on stdout, so a consumer never parses an empty output.
 */
export function reportError(
  err: unknown,
  options: { debug: boolean; json: boolean },
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } } = process,
): number {
  const failure = err instanceof ProgramFailure ? err : undefined;
  const cause = failure ? failure.cause : err;
  const printed = failure ? printedMessages(failure.messages) : "";
  let text: string;
  if (failure) {
    text = failure.describe();
  } else {
    text = pulumi.RunError.isInstance(cause)
      ? cause.message
      : `the program failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  // A stack trace helps with a bug in the program, not with what the gate could not see or a user error.
  const kind = failure?.failure?.kind;
  const isBug = !pulumi.RunError.isInstance(cause) && (kind === undefined || kind === "program-error");
  let trace = "";
  if (isBug)
    trace =
      options.debug && cause instanceof Error && cause.stack
        ? `${readableStack(cause.stack)}\n`
        : "(run with --debug for the stack trace)\n";
  const leaks = failure?.failure?.sdkLeakReport;
  if (leaks && options.debug) trace += `${leaks}\n`;
  io.stderr.write(`${printed}error: ${text}\n${trace}`);
  if (options.json) io.stdout.write(`${JSON.stringify(errorDocument(err, text), null, 4)}\n`);
  return 2;
}
