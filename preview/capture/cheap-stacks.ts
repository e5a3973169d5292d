/**
 * Promise bookkeeping made cheap while a program runs. `@pulumi/pulumi`'s `debuggablePromise` wraps every
 * promise the SDK makes (four per output property of every resource, more per registration): it reads
 * `new Error().stack`, defines three properties on the promise and chains two more promises, only so that
 * `PULUMI_DEBUG_PROMISE_LEAKS=1` can print where a leaked promise was made. Formatting those stacks, and then
 * the allocations, were the largest single cost of a run. During a capture, unless that variable is set, each
 * promise gets only what the leak report reads: it joins the SDK's leak candidates until it settles, keeps its
 * context (`_debugCtx`), and a rejection still carries it (`err.promise`). No stack is collected. Resource
 * source positions (`Resource.callsites`, one per resource, which the run watch reports) come from
 * ./cheap-callsites.ts.
 */
import { debuggable, state } from "./sdk";

type DebuggablePromise = typeof debuggable.debuggablePromise;

const emptyStack = (): string => "";

/** Installs the lean `debuggablePromise`; returns the function that restores the SDK's own. */
export function cheapPromiseStacks(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env["PULUMI_DEBUG_PROMISE_LEAKS"]) return () => undefined;
  const original = debuggable.debuggablePromise;
  let scheduled = false;
  const lean: DebuggablePromise = (p, ctx) => {
    // The SDK's own first call schedules its exit-time leak check; it runs once, with no stack collected.
    if (!scheduled) {
      scheduled = true;
      return withoutStacks(() => original(p, ctx));
    }
    // The store's set is read again when the promise settles: taking the leak report replaces it.
    const store = state.getStore();
    store.leakCandidates.add(p);
    Reflect.defineProperty(p, "_debugCtx", { writable: true, value: ctx });
    return p.then(
      (value) => {
        store.leakCandidates.delete(p);
        return value;
      },
      (err: { promise?: unknown }) => {
        store.leakCandidates.delete(p);
        err.promise = p;
        throw err;
      },
    );
  };
  debuggable.debuggablePromise = lean;
  return () => {
    if (debuggable.debuggablePromise === lean) debuggable.debuggablePromise = original;
  };
}

/** Runs `body` with no frames collected for, and no formatting of, the stacks it reads. */
function withoutStacks<T>(body: () => T): T {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = emptyStack;
  try {
    return body();
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
}
