/**
 * How a run that could not be evaluated is reported: the program's own output first (never swallowed), then
 * one message; with `--json`, a document with an `error` object and the program's output as diagnostics.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GateFailureDetails, GateFailureKind } from "./failure";
import { ProgramFailure, ProgramMessage } from "./run";

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

export function errorDocument(err: unknown, message: string): ErrorDocument {
  const failure = err instanceof ProgramFailure ? err : undefined;
  const details = failure?.failure;
  const userError = (failure ? failure.cause : err) instanceof pulumi.RunError;
  return {
    error: {
      kind: details?.kind ?? (userError && !failure ? "invalid-input" : "program-error"),
      message,
      ...(details ? { what: details.what, ...(details.where ? { where: details.where } : {}), fix: details.fix, ...(details.waiting ? { waiting: details.waiting } : {}) } : {}),
    },
    diagnostics: (failure?.messages ?? []).map((m) => ({ message: `${m.severity}: ${m.message}`, severity: m.severity })),
  };
}
