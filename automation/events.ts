/**
 * Folds the engine's event stream into what a person (progress line, summary table) or a program (structured
 * result, typed error) needs: steps seen/done/failed, operations in flight, policy violations, failures.
 * Pure: no I/O, no clock, so recorded streams replay to the same state.
 */
import type { EngineEvent, OpMap, OpType, SummaryEvent } from "@pulumi/pulumi/automation";

/** One policy finding reported by the engine (`policyEvent`). */
export interface DeployPolicyViolation {
  policyPack: string;
  policyPackVersion: string;
  policy: string;
  /** `mandatory` blocks the change; anything else (`advisory`, …) is reported only. */
  enforcementLevel: string;
  /** URN of the resource, or `""` for a stack-level finding. */
  urn: string;
  /** `<type> "<name>"`, or `stack` for a stack-level finding. */
  resource: string;
  message: string;
}

/** A resource step the engine reported as failed (`resOpFailedEvent`), with its error diagnostics. */
export interface FailedResource {
  urn: string;
  type: string;
  name: string;
  op: OpType;
  /** The engine's error diagnostics for this URN, joined; a generic text when there were none. */
  message: string;
}

/** A step in flight: seen in a `resourcePreEvent`, no outputs or failure yet. */
export interface RunningStep {
  urn: string;
  type: string;
  name: string;
  op: OpType;
}

/** Everything the collector knows at one point of the stream. */
export interface ProgressSnapshot {
  /** Steps announced so far (or the planned total, when known and larger). */
  total: number;
  /** Steps finished (outputs reported). */
  done: number;
  failed: number;
  /** In-flight steps, oldest first. */
  running: RunningStep[];
  /** Finished steps by operation, excluding `same`. */
  changes: OpMap;
  violations: DeployPolicyViolation[];
  failedResources: FailedResource[];
  /** Error diagnostics not tied to a resource. */
  errors: string[];
  summary?: SummaryEvent;
  cancelled: boolean;
}

/** The name part of a URN (`urn:pulumi:stack::project::type::name`). */
export function urnName(urn: string): string {
  const i = urn.lastIndexOf("::");
  return i >= 0 ? urn.slice(i + 2) : urn;
}

/** The type part of a URN (last `$`-separated segment of the qualified type). */
export function urnType(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** Accumulates one operation's events. Feed it with `handle`; read with `snapshot`. */
export class EngineEventCollector {
  private readonly steps = new Map<string, RunningStep & { state: "running" | "done" | "failed" }>();
  private readonly changes: OpMap = {};
  private readonly violations: DeployPolicyViolation[] = [];
  private readonly failed: Omit<FailedResource, "message">[] = [];
  private readonly diagnostics = new Map<string, string[]>();
  private readonly errors: string[] = [];
  private summary?: SummaryEvent;
  private cancelled = false;

  /**
   * @param plannedTotal Number of steps a preceding preview planned, so `total` is right from the start.
   * @default 0 - the total grows as steps are announced
   */
  constructor(private readonly plannedTotal = 0) {}

  /** Applies one engine event. Unknown event kinds are ignored (newer CLIs add kinds). */
  handle(event: EngineEvent): void {
    if (event.resourcePreEvent) {
      const m = event.resourcePreEvent.metadata;
      this.steps.set(m.urn, { urn: m.urn, type: m.type, name: urnName(m.urn), op: m.op, state: "running" });
    } else if (event.resOutputsEvent) {
      const m = event.resOutputsEvent.metadata;
      const step = this.steps.get(m.urn);
      if (step) step.state = "done";
      else this.steps.set(m.urn, { urn: m.urn, type: m.type, name: urnName(m.urn), op: m.op, state: "done" });
      if (m.op !== "same") this.changes[m.op] = (this.changes[m.op] ?? 0) + 1;
    } else if (event.resOpFailedEvent) {
      const m = event.resOpFailedEvent.metadata;
      const step = this.steps.get(m.urn);
      if (step) step.state = "failed";
      this.failed.push({ urn: m.urn, type: m.type, name: urnName(m.urn), op: m.op });
    } else if (event.diagnosticEvent) {
      this.handleDiagnostic(event.diagnosticEvent);
    } else if (event.policyEvent) {
      const p = event.policyEvent;
      const urn = p.resourceUrn ?? "";
      this.violations.push({
        policyPack: p.policyPackName,
        policyPackVersion: p.policyPackVersion,
        policy: p.policyName,
        enforcementLevel: p.enforcementLevel,
        urn,
        resource: urn ? `${urnType(urn)} "${urnName(urn)}"` : "stack",
        message: p.message.trim(),
      });
    } else if (event.summaryEvent) {
      this.summary = event.summaryEvent;
    } else if (event.cancelEvent) {
      this.cancelled = true;
    }
  }

  private handleDiagnostic(d: NonNullable<EngineEvent["diagnosticEvent"]>): void {
    if (d.severity !== "error") return;
    const message = d.message.trim();
    if (!d.urn) {
      this.errors.push(message);
      return;
    }
    const list = this.diagnostics.get(d.urn) ?? [];
    list.push(message);
    this.diagnostics.set(d.urn, list);
  }

  /** The current state; a fresh copy each call. */
  snapshot(): ProgressSnapshot {
    const steps = [...this.steps.values()];
    const failedResources = this.failed.map((f) => ({
      ...f,
      message: (this.diagnostics.get(f.urn) ?? ["the provider reported a failure without a message"]).join("\n"),
    }));
    // Error diagnostics on a resource that never got a resOpFailedEvent (e.g. a program error at a
    // component) would otherwise vanish.
    const orphanErrors = [...this.diagnostics.entries()]
      .filter(([urn]) => !this.failed.some((f) => f.urn === urn))
      .flatMap(([urn, msgs]) => msgs.map((m) => `${urnType(urn)} "${urnName(urn)}": ${m}`));
    return {
      total: Math.max(this.plannedTotal, steps.length),
      done: steps.filter((s) => s.state === "done").length,
      failed: steps.filter((s) => s.state === "failed").length,
      running: steps.filter((s) => s.state === "running").map(({ urn, type, name, op }) => ({ urn, type, name, op })),
      changes: { ...this.changes },
      violations: [...this.violations],
      failedResources,
      errors: [...this.errors, ...orphanErrors],
      summary: this.summary,
      cancelled: this.cancelled,
    };
  }
}

/** Number of resource steps a preview planned (every op, `same` included), from its change summary. */
export function plannedSteps(changeSummary: OpMap): number {
  return Object.values(changeSummary).reduce((sum: number, n) => sum + (n ?? 0), 0);
}
