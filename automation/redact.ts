/**
 * Keeps secrets out of everything we print or hand to callbacks. The engine already shows secret config and
 * outputs as `[secret]`; this catches what it cannot know about: values a program or provider echoes in a
 * log line, credentials from the environment, and config overrides passed as secret.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";

export const REDACTED = "[secret]";

/** Environment variables whose values are credentials. */
const SECRET_ENV = /PASSPHRASE|TOKEN|SECRET|PASSWORD|PRIVATE_KEY|ACCESS_KEY/i;

/** Values shorter than this are not redacted: replacing "1" or "on" everywhere would garble the log. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of a known secret value in a text. */
export type Redactor = (text: string) => string;

/** The credential values among environment variables (by name: `*TOKEN*`, `*PASSPHRASE*`, …). */
export function secretEnvValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && value !== undefined)
    .map(([, value]) => value ?? "");
}

/**
 * A redactor for the given values; longest first, so a secret containing another is hidden whole. Each line
 * of a multi-line secret (a private key) is a value too: streamed output is redacted line by line.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const all = secrets.flatMap((s) => [s, ...s.split("\n").map((line) => line.trim())]);
  const values = [...new Set(all)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((t, v) => t.split(v).join(REDACTED), text);
}

/**
 * The event with its free-text fields redacted (diagnostics, stdout, policy messages, prelude config). Step
 * metadata is left alone: the engine already masks secret inputs/outputs there.
 */
export function redactEvent(event: EngineEvent, redact: Redactor): EngineEvent {
  const out: EngineEvent = { ...event };
  if (event.diagnosticEvent) out.diagnosticEvent = { ...event.diagnosticEvent, message: redact(event.diagnosticEvent.message) };
  if (event.stdoutEvent) out.stdoutEvent = { ...event.stdoutEvent, message: redact(event.stdoutEvent.message) };
  if (event.policyEvent) out.policyEvent = { ...event.policyEvent, message: redact(event.policyEvent.message) };
  if (event.preludeEvent) {
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.preludeEvent.config)) config[k] = redact(v);
    out.preludeEvent = { config };
  }
  return out;
}

/** A text stream that is redacted before it is passed on. */
export interface RedactingStream {
  write(text: string): void;
  /** Passes on a last, unterminated line. */
  flush(): void;
}

/**
 * Redacts streamed CLI output whole lines at a time: the CLI's stdout arrives in arbitrary chunks, and a
 * secret split across two of them would otherwise slip through.
 */
export function createRedactingStream(write: (text: string) => void, redact: Redactor): RedactingStream {
  let pending = "";
  return {
    write(text) {
      pending += text;
      const end = pending.lastIndexOf("\n");
      if (end < 0) return;
      write(redact(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    flush() {
      if (pending === "") return;
      write(redact(pending));
      pending = "";
    },
  };
}
