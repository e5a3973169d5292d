/**
 * Progress display from engine events: a one-line spinner status on a TTY (redrawn in place), plain
 * append-only lines in CI, then a summary table. Rendering functions are pure; `ProgressReporter` wires them
 * to a stream and a clock (both injectable, so tests replay recorded streams deterministically).
 */
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { EngineEventCollector, urnName, type ProgressSnapshot, type RunningStep } from "./events";
import type { OperationResult } from "./run";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR_LINE = "\r\x1b[2K";

const PRESENT: Partial<Record<OpType, string>> = {
  create: "creating",
  update: "updating",
  delete: "deleting",
  replace: "replacing",
  "create-replacement": "creating replacement",
  "delete-replaced": "deleting replaced",
  read: "reading",
  refresh: "refreshing",
  import: "importing",
  same: "checking",
};
const PAST: Partial<Record<OpType, string>> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  replace: "replaced",
  "create-replacement": "created replacement",
  "delete-replaced": "deleted replaced",
  read: "read",
  refresh: "refreshed",
  import: "imported",
  same: "unchanged",
};

/** `850ms` → `0s`, `65_000` → `1m05s`, `3_725_000` → `1h02m05s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}

function describe(step: RunningStep): string {
  return `${PRESENT[step.op] ?? step.op} ${step.type} "${step.name}"`;
}

/** What the status line is about. */
export interface StatusContext {
  operation: string;
  stack: string;
  elapsedMs: number;
  /** Spinner frame counter. @default 0 */
  frame?: number;
  /** Terminal width; the line is cut to fit. @default 120 */
  columns?: number;
}

/** The single TTY status line: spinner, counts, elapsed, current operations. */
export function renderStatusLine(s: ProgressSnapshot, c: StatusContext): string {
  const spinner = SPINNER[(c.frame ?? 0) % SPINNER.length];
  const failed = s.failed > 0 ? ` ${s.failed} failed` : "";
  const head = `${spinner} ${c.operation} ${c.stack}  ${s.done}/${s.total} done${failed}  ${formatDuration(c.elapsedMs)}`;
  // The root stack "runs" for the whole operation; listing it would only hide the real work.
  const current = s.running.filter((r) => r.type !== "pulumi:pulumi:Stack").map(describe);
  const shown = current.slice(0, 2).join(", ") + (current.length > 2 ? ` +${current.length - 2} more` : "");
  const line = shown ? `${head}  ${shown}` : head;
  const width = c.columns ?? 120;
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/**
 * Plain (CI) lines for one event, given the state after it. Unchanged resources produce no line: in CI logs
 * only changes, failures and policy findings matter.
 */
export function renderEventLines(event: EngineEvent, after: ProgressSnapshot, elapsedMs: number): string[] {
  const counter = `[${after.done}/${after.total}]`;
  const t = formatDuration(elapsedMs);
  if (event.resOutputsEvent) {
    const m = event.resOutputsEvent.metadata;
    if (m.op === "same") return [];
    return [`${counter} ${PAST[m.op] ?? m.op} ${m.type} "${urnName(m.urn)}" (${t})`];
  }
  if (event.resOpFailedEvent) {
    const m = event.resOpFailedEvent.metadata;
    return [`${counter} FAILED ${PRESENT[m.op] ?? m.op} ${m.type} "${urnName(m.urn)}" (${t})`];
  }
  if (event.policyEvent) {
    const v = after.violations[after.violations.length - 1];
    return [`policy ${v.enforcementLevel}: ${v.policy} on ${v.resource}: ${v.message}`];
  }
  if (event.diagnosticEvent?.severity === "error") return [`error: ${event.diagnosticEvent.message.trim()}`];
  if (event.cancelEvent) return [`cancelled (${t})`];
  return [];
}

/** Columns padded to the widest cell; no trailing spaces. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** The end-of-run summary: changes, policy findings, outputs. */
export function renderSummary(r: OperationResult): string {
  const parts = [`${r.operation} ${r.stack}: succeeded in ${formatDuration(r.durationMs)}`];
  const changes = Object.entries(r.changeSummary)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => [op, String(n)]);
  parts.push(changes.length > 0 ? formatTable(["CHANGE", "COUNT"], changes) : "no changes");
  if (r.policyViolations.length > 0) {
    const rows = r.policyViolations.map((v) => [v.enforcementLevel, v.policy, v.resource, v.message.split("\n")[0]]);
    parts.push(formatTable(["LEVEL", "POLICY", "RESOURCE", "MESSAGE"], rows));
  }
  const outputs = Object.entries(r.outputs).map(([k, o]) => [k, typeof o.value === "string" ? o.value : JSON.stringify(o.value)]);
  if (outputs.length > 0) parts.push(formatTable(["OUTPUT", "VALUE"], outputs));
  return parts.join("\n\n") + "\n";
}

/** Where progress goes (normally `process.stderr`). */
export interface ProgressSink {
  write(text: string): unknown;
  /** Redraw in place when true. @default false */
  isTTY?: boolean;
  /** @default 120 */
  columns?: number;
}

/** Options of a `ProgressReporter`. */
export interface ProgressReporterOptions {
  sink: ProgressSink;
  operation: string;
  stack: string;
  /** Steps planned by a preceding preview. @default 0 - total grows as steps appear */
  plannedTotal?: number;
  /** Clock in ms. @default Date.now */
  now?: () => number;
  /** Spinner redraw period on a TTY; 0 disables the timer (tests call `tick`). @default 100 */
  intervalMs?: number;
}

/** Renders an operation's progress from its engine events. Call `stop()` when the operation settles. */
export class ProgressReporter {
  readonly collector: EngineEventCollector;
  private readonly now: () => number;
  private readonly started: number;
  private frame = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: ProgressReporterOptions) {
    this.collector = new EngineEventCollector(options.plannedTotal ?? 0);
    this.now = options.now ?? Date.now;
    this.started = this.now();
    const interval = options.intervalMs ?? 100;
    if (options.sink.isTTY && interval > 0) {
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
    }
  }

  /** Feed one engine event (pass as `onEvent`). */
  readonly onEvent = (event: EngineEvent): void => {
    this.collector.handle(event);
    const lines = renderEventLines(event, this.collector.snapshot(), this.now() - this.started);
    const { sink } = this.options;
    if (!sink.isTTY) {
      for (const l of lines) sink.write(`${l}\n`);
      return;
    }
    // On a TTY only failures and findings scroll above the status line; successes just move the counter.
    const keep = lines.filter((l) => !l.startsWith("["));
    const failures = lines.filter((l) => l.includes(" FAILED "));
    for (const l of [...failures, ...keep]) sink.write(`${CLEAR_LINE}${l}\n`);
    this.draw();
  };

  /** Advance the spinner and redraw (TTY only). */
  tick(): void {
    this.frame++;
    if (this.options.sink.isTTY) this.draw();
  }

  /** Stop the spinner and clear its line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.options.sink.isTTY) this.options.sink.write(CLEAR_LINE);
  }

  private draw(): void {
    const { sink, operation, stack } = this.options;
    const line = renderStatusLine(this.collector.snapshot(), {
      operation,
      stack,
      elapsedMs: this.now() - this.started,
      frame: this.frame,
      columns: sink.columns,
    });
    sink.write(`${CLEAR_LINE}${line}`);
  }
}
