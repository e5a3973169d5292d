/**
 * Watches a program run so that nothing ends silently: records every resource the SDK is asked to create
 * (with the user's source position) and every provider-function call site, and detects a resource graph that
 * can no longer make progress — Node's event loop emptying (`beforeExit`, the CLI's case) or staying idle with
 * registrations outstanding (in-process) — and a run past its time limit.
 *
 * It hooks the SDK's `runtime/resource.registerResource` (called by every `Resource` constructor) and
 * `pulumi.runtime.invoke*` (called by every provider function), only for the duration of one run.
 */
import * as pulumi from "@pulumi/pulumi";
import { callerFrames } from "./caller-frames";
import { GateFailure, GateFailureDetails, ShownPositions, WaitingResource, userFrame, userPosition } from "./failure";
import { debuggable, runtimeIndex, runtimeResource, type AnyFunction } from "./sdk";

type Position = { uri: string; line: number; column: number } | undefined;
type Settled = { state: "pending" } | { state: "resolved" } | { state: "rejected"; error: unknown };

interface Constructed {
  res: pulumi.Resource;
  type: string;
  name: string;
  where?: string;
  urn: Settled;
  inputs: Map<string, Settled>;
  dependsOn: unknown;
  parent?: pulumi.Resource;
}

const INVOKE_ENTRY_POINTS = ["invoke", "invokeOutput", "invokeSingle", "invokeSingleOutput"] as const;

/** Handles that do not mean the program is still working (its own timers are counted separately). */
const IDLE_RESOURCES = new Set(["Timeout", "Immediate", "TTYWrap", "PipeWrap", "SignalWrap"]);

/** How often an in-process run checks for progress; the stall window (`stallMs`) is a whole number of these. */
const IDLE_TICK_MS = 200;
/** How long the event loop must spin with no progress before an in-process run counts as stalled. */
export const DEFAULT_STALL_MS = 2000;
/** Waiting resources listed in one message. */
const MAX_LISTED = 20;

export interface WatchOptions {
  projectDir: string;
  /** Where file names in messages are relative to (the user's working directory). */
  baseDir: string;
  /** Milliseconds before the run is abandoned. */
  timeoutMs: number;
  /**
   * Milliseconds an in-process run may sit idle (no progress, no pending I/O, no timer of the program's) with
   * registrations outstanding before it counts as stalled.
   * @default DEFAULT_STALL_MS
   */
  stallMs?: number;
}

/** A read of a resource attribute the program did not set, from the program's own code. */
interface AttributeRead {
  owner: Constructed;
  key: string;
  where?: string;
  value: Settled & { value?: unknown };
}

export class RunWatch {
  private readonly constructed: Constructed[] = [];
  private readonly reads: AttributeRead[] = [];
  /** Unset attributes' Outputs, so that passing one straight into another resource counts as a read. */
  private readonly unset = new WeakMap<object, UnsetAttribute>();
  private readonly invokeSites: { token: string; where?: string }[] = [];
  private readonly saved = new Map<string, AnyFunction>();
  /** Source positions shown during this run (the same call sites recur for every resource and read). */
  private readonly shown: ShownPositions = new Map();
  private activity = 0;
  private abort?: (failure: GateFailure) => void;
  /** Why the run was abandoned, once it was (the CLI's `exit` guard reads it). */
  abandoned?: GateFailure;
  /** Extra facts for the stall message (e.g. errors seen so far), set by the capture. */
  rootCause?: () => GateFailureDetails | undefined;

  constructor(private readonly options: WatchOptions) {}

  install(): void {
    this.hook(runtimeResource, "registerResource", (original) => (...args: unknown[]) => {
      const [res, parent, type, name, , , , props, opts, sourcePosition, stackTrace] = args;
      const result = original(...withoutStackTrace(args, 10));
      this.onConstructed(res as pulumi.Resource, parent as pulumi.Resource | undefined, String(type), String(name), props, opts, [
        sourcePosition as Position,
        ...((stackTrace as Position[] | undefined) ?? []),
      ]);
      return result;
    });
    // `Resource.get(name, id)`: an existing resource read by id; its attributes come from the mock too.
    this.hook(runtimeResource, "readResource", (original) => (...args: unknown[]) => {
      const [res, parent, type, name, props, opts, sourcePosition, stackTrace] = args;
      const result = original(...withoutStackTrace(args, 7));
      this.onConstructed(res as pulumi.Resource, parent as pulumi.Resource | undefined, String(type), String(name), props, opts, [
        sourcePosition as Position,
        ...((stackTrace as Position[] | undefined) ?? []),
      ]);
      return result;
    });
    for (const entry of INVOKE_ENTRY_POINTS) {
      this.hook(runtimeIndex, entry, (original) => (...args: unknown[]) => {
        this.activity++;
        this.invokeSites.push({
          token: String(args[0]),
          where: userFrame(callerFrames(), this.options.projectDir, this.options.baseDir, this.shown),
        });
        return original(...args);
      });
    }
  }

  uninstall(): void {
    for (const [key, original] of this.saved) {
      const [target, name] = key.split("#");
      (target === "resource" ? runtimeResource : runtimeIndex)[name] = original;
    }
    this.saved.clear();
  }

  /** Where the program made its `index`-th call (0 = first) of the provider function `token`. */
  invokeSite(token: string, index = 0): string | undefined {
    return this.invokeSites.filter((s) => s.token === token)[index]?.where;
  }

  /** Counts as progress: the recorder calls it on every monitor operation. */
  noteActivity(): void {
    this.activity++;
  }

  /**
   * Waits for `run`, unless the graph stalls or the time limit passes first: then rejects with a
   * GateFailure listing the resources still waiting (the run itself is abandoned, never resumed).
   */
  async settle<T>(run: Promise<T>): Promise<T> {
    let idleTicks = 0;
    let lastActivity = -1;
    const stallMs = this.options.stallMs ?? DEFAULT_STALL_MS;
    const tickMs = Math.min(IDLE_TICK_MS, stallMs);
    const stallTicks = Math.ceil(stallMs / tickMs);
    const onBeforeExit = (): void => this.fail("stall");
    // Timers that existed before the run (a test runner's, a spinner) are not the program's; more than those is.
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const baselineTimers = timers();
    const ticker = setInterval(() => {
      if (this.activity !== lastActivity) {
        lastActivity = this.activity;
        idleTicks = 0;
        return;
      }
      const busy = process.getActiveResourcesInfo().some((r) => !IDLE_RESOURCES.has(r)) || timers() > baselineTimers;
      if (!busy && ++idleTicks >= stallTicks) this.fail("stall");
    }, tickMs).unref();
    const timer = setTimeout(() => this.fail("timeout"), this.options.timeoutMs).unref();
    process.on("beforeExit", onBeforeExit);
    try {
      return await Promise.race([
        run,
        new Promise<never>((_, reject) => {
          this.abort = reject;
        }),
      ]);
    } finally {
      clearInterval(ticker);
      clearTimeout(timer);
      process.off("beforeExit", onBeforeExit);
      this.abort = undefined;
    }
  }

  /** `<type> "<name>", input "<key>"` of the resource whose input failed with `error`, if one did. */
  failedInput(error: unknown): string | undefined {
    for (const c of this.constructed) {
      for (const [key, settled] of c.inputs) {
        if (settled.state === "rejected" && (settled.error === error || errorText(settled.error) === errorText(error)))
          return `${c.type} "${c.name}", input "${key}"`;
      }
    }
    return undefined;
  }

  /**
   * Attributes the program's own code read (in an apply, interpolate, all, …) that the mock did not compute:
   * the value the program used is not what AWS would return, so nothing derived from it can be judged.
   */
  missingAttributes(): { type: string; name: string; key: string; where?: string }[] {
    const seen = new Set<string>();
    return this.reads
      .filter((r) => r.value.state === "resolved" && r.value.value === undefined && r.owner.urn.state === "resolved")
      .filter((r) => !seen.has(`${r.owner.type}::${r.owner.name}::${r.key}`) && seen.add(`${r.owner.type}::${r.owner.name}::${r.key}`))
      .map((r) => ({ type: r.owner.type, name: r.owner.name, key: r.key, ...(r.where ? { where: r.where } : {}) }));
  }

  /** Resources the SDK was asked to create that never reached the engine. */
  waiting(): WaitingResource[] {
    const pending = this.constructed.filter((c) => c.urn.state !== "resolved");
    return pending.map((c) => ({ type: c.type, name: c.name, ...(c.where ? { where: c.where } : {}), waitsOn: this.waitsOn(c) }));
  }

  /** The SDK's exit-time leak report (and clears it), or undefined when nothing leaked. */
  takeLeakReport(): string | undefined {
    const [leaks, message] = debuggable.leakedPromises();
    if (leaks.size === 0) return undefined;
    const contexts = [...leaks].map((p) => p._debugCtx).filter((c): c is string => typeof c === "string");
    return [message, ...contexts.slice(0, MAX_LISTED).map((c) => `  pending: ${c}`)].join("\n");
  }

  private fail(kind: "stall" | "timeout"): void {
    if (!this.abort || this.abandoned) return;
    const waiting = this.waiting();
    const listed = waiting.slice(0, MAX_LISTED);
    if (waiting.length > MAX_LISTED) listed.push({ type: "…", name: `${waiting.length - MAX_LISTED} more`, waitsOn: [] });
    const seconds = this.options.timeoutMs / 1000;
    const cause = this.rootCause?.();
    const stalled =
      kind === "stall"
        ? `the resource graph stalled: ${waiting.length} resource${waiting.length === 1 ? "" : "s"} can never be registered (nothing is left that could resolve what they wait on)`
        : `the program did not finish within ${seconds} s (--timeout ${seconds}); ${waiting.length} resource${waiting.length === 1 ? " is" : "s are"} still waiting`;
    const details: GateFailureDetails = cause
      ? { ...cause, what: `${cause.what}; as a result ${stalled}`, waiting: listed }
      : {
          kind,
          what: stalled,
          waiting: listed,
          fix:
            kind === "stall"
              ? "make every promise the program awaits settle (a cyclic dependsOn, or an Output/Promise that never resolves, stalls the graph); run with --debug to see the SDK's leak report"
              : `raise the limit (--timeout ${seconds * 2}) if the program is slow, or make what it waits on settle`,
        };
    // Taking the SDK's leak report also clears it: the abandoned promises are not leaks of the next run.
    const leaks = this.takeLeakReport();
    if (leaks) details.sdkLeakReport = leaks;
    this.abandoned = new GateFailure(details);
    this.abort(this.abandoned);
  }

  private waitsOn(c: Constructed): string[] {
    const reasons: string[] = [];
    for (const [key, settled] of c.inputs) {
      if (settled.state === "pending") reasons.push(`input "${key}" (never resolved)`);
      if (settled.state === "rejected")
        reasons.push(`input "${key}" (failed: ${errorText(settled.error).replace(/^error serializing property "[^"]*": /, "")})`);
    }
    for (const dep of flatResources(c.dependsOn)) {
      const target = this.constructed.find((other) => other.res === dep);
      if (target && target.urn.state !== "resolved") reasons.push(`dependsOn ${target.type} "${target.name}"`);
    }
    const parent = c.parent && this.constructed.find((other) => other.res === c.parent);
    if (parent && parent.urn.state !== "resolved") reasons.push(`parent ${parent.type} "${parent.name}"`);
    return reasons;
  }

  private onConstructed(
    res: pulumi.Resource,
    parent: pulumi.Resource | undefined,
    type: string,
    name: string,
    props: unknown,
    opts: unknown,
    positions: Position[],
  ): void {
    this.activity++;
    const options = (opts ?? {}) as pulumi.ResourceOptions;
    const entry: Constructed = {
      res,
      type,
      name,
      where: userPosition(positions, this.options.projectDir, this.options.baseDir, this.shown),
      urn: { state: "pending" },
      inputs: new Map(),
      dependsOn: options.dependsOn,
      parent,
    };
    this.constructed.push(entry);
    this.track(res.urn, (s) => (entry.urn = s));
    this.noteInputReads(props, entry.where, 0);
    this.watchUnsetAttributes(entry, props);
    for (const [key, value] of Object.entries((props ?? {}) as Record<string, unknown>)) {
      if (value === undefined) continue;
      const settling = pulumi.Resource.isInstance(value) ? promiseOf(value.urn) : inputSettlement(value);
      // A value with no Output or Promise inside is settled from the start (`pulumi.output` of it resolves at once).
      if (settling === undefined) continue;
      entry.inputs.set(key, { state: "pending" });
      this.settled(settling, (s) => (s.state === "resolved" ? entry.inputs.delete(key) : entry.inputs.set(key, s)));
    }
  }

  /**
   * The attributes the program did not set (output-only ones included: the SDK passes them as undefined) are
   * what the provider computes. Reads of them from the program's own code are recorded with their value.
   */
  private watchUnsetAttributes(entry: Constructed, props: unknown): void {
    if (entry.type.startsWith("pulumi:providers:")) return;
    const target = entry.res as unknown as Record<string, unknown>;
    for (const key of Object.keys((props ?? {}) as Record<string, unknown>)) {
      const out = target[key];
      if ((props as Record<string, unknown>)[key] !== undefined || !pulumi.Output.isInstance(out)) continue;
      // One record and one closure per attribute: a resource has dozens of them and few are ever read.
      const holder = out as unknown as PromiseHolder;
      const unset: UnsetAttribute = { owner: entry, key, holder, original: holder.promise };
      this.unset.set(out, unset);
      holder.promise = (withUnknowns?: boolean) => {
        const where = userFrame(callerFrames(), this.options.projectDir, this.options.baseDir, this.shown);
        if (where) this.reads.push({ owner: entry, key, where, value: followed(unset) });
        return unset.original.call(holder, withUnknowns);
      };
    }
  }

  /** An unset attribute passed as (part of) an input of a new resource is read where that resource is created. */
  private noteInputReads(value: unknown, where: string | undefined, depth: number): void {
    if (value === null || typeof value !== "object" || depth > 8) return;
    const read = this.unset.get(value);
    if (read) {
      this.reads.push({ owner: read.owner, key: read.key, value: followed(read), ...(where ? { where } : {}) });
      return;
    }
    if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value) || value instanceof Promise) return;
    for (const item of Array.isArray(value) ? value : Object.values(value)) this.noteInputReads(item, where, depth + 1);
  }

  private track(value: pulumi.Output<unknown>, update: (s: Settled) => void): void {
    this.settled(promiseOf(value), update);
  }

  private settled(promise: Promise<unknown>, update: (s: Settled) => void): void {
    promise.then(
      () => {
        this.activity++;
        update({ state: "resolved" });
      },
      (error: unknown) => {
        this.activity++;
        update({ state: "rejected", error });
      },
    );
  }

  private hook(target: Record<string, AnyFunction>, name: string, wrap: (original: AnyFunction) => AnyFunction): void {
    const original = target[name];
    if (typeof original !== "function")
      throw new Error(`the Pulumi SDK has no ${name}(): the offline gate's run watch needs @pulumi/pulumi 3.x`);
    this.saved.set(`${target === runtimeResource ? "resource" : "index"}#${name}`, original);
    target[name] = wrap(original);
  }
}

/**
 * The call's arguments with its stack trace left out: the SDK would turn every frame into a protobuf message
 * for the request, and no one reads it under the mock monitor (the watch has taken what it needs from it).
 */
function withoutStackTrace(args: unknown[], index: number): unknown[] {
  if (args.length <= index) return args;
  const copy = [...args];
  copy[index] = undefined;
  return copy;
}

type PromiseHolder = { promise(withUnknowns?: boolean): Promise<unknown> };

/** An attribute the program did not set: its Output's own `promise`, and its value once a read asked for it. */
interface UnsetAttribute {
  owner: Constructed;
  key: string;
  holder: PromiseHolder;
  original: PromiseHolder["promise"];
  value?: AttributeRead["value"];
}

/**
 * The attribute's value, followed from its first read on: most attributes are never read, and their value is
 * only asked for about a read (an Output's value never changes once settled, so it is the same whenever it is
 * followed).
 */
function followed(unset: UnsetAttribute): AttributeRead["value"] {
  if (unset.value) return unset.value;
  const value: AttributeRead["value"] = { state: "pending" };
  unset.value = value;
  unset.original.call(unset.holder, true).then(
    (v) => Object.assign(value, { state: "resolved", value: v }),
    (error: unknown) => Object.assign(value, { state: "rejected", error }),
  );
  return value;
}

/** Output.promise() is what the SDK itself awaits; an Output's value never changes once settled. */
function promiseOf(value: pulumi.Output<unknown>): Promise<unknown> {
  return (value as unknown as PromiseHolder).promise(true);
}

const CIRCULAR = "Cannot create an Output from a circular structure";

/** Thrown by `settlement` for a cycle, where `pulumi.output` throws its own error. */
class Cycle extends Error {}

/**
 * What `pulumi.output(value)` waits for, without building an Output for every plain object and array in it:
 * undefined when `value` holds no Output or Promise (Resources are left as they are, as `pulumi.output` leaves
 * them); else a promise that settles once every Output and Promise in it, and in what they resolve to, has
 * (rejecting on the first failure). Each Output's `promise(true)` is called as `pulumi.output` calls it, in the
 * same order, so the attribute-read watch sees the same reads.
 */
function settlement(value: unknown, path: object[]): Promise<unknown> | undefined {
  if (value === null || typeof value !== "object" || pulumi.Resource.isInstance(value)) return undefined;
  if (value instanceof Promise || pulumi.Output.isInstance(value)) {
    const inner = [...path];
    const promise = value instanceof Promise ? (value as Promise<unknown>) : promiseOf(value as pulumi.Output<unknown>);
    return promise.then((resolved) => {
      try {
        return settlement(resolved, inner);
      } catch (err) {
        throw err instanceof Cycle ? new Error(CIRCULAR) : err;
      }
    });
  }
  if (path.includes(value)) throw new Cycle(CIRCULAR);
  path.push(value);
  const waits: Promise<unknown>[] = [];
  for (const item of Array.isArray(value) ? value : Object.keys(value).map((k) => (value as Record<string, unknown>)[k])) {
    const wait = settlement(item, path);
    if (wait) waits.push(wait);
  }
  path.pop();
  return waits.length === 0 ? undefined : waits.length === 1 ? waits[0] : Promise.all(waits);
}

/** `settlement` of an input; on a cycle, `pulumi.output` itself, which throws the SDK's own error. */
function inputSettlement(value: unknown): Promise<unknown> | undefined {
  try {
    return settlement(value, []);
  } catch (err) {
    if (!(err instanceof Cycle)) throw err;
    return promiseOf(pulumi.output(value));
  }
}

function flatResources(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(flatResources);
  return [value];
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0];
}
