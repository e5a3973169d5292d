/**
 * Stack capture made cheap while a program runs. `@pulumi/pulumi`'s `debuggablePromise` reads
 * `new Error().stack` for every promise it creates (hundreds per resource), only so that
 * `PULUMI_DEBUG_PROMISE_LEAKS=1` can print where a leaked promise was made; formatting those stacks was the
 * largest single cost of a run. During a capture each of those reads gets a zero-frame stack (V8 then
 * formats nothing) unless that variable is set. Resource source positions (`Resource.callsites`, one per
 * resource) are untouched: the run watch reports them.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: DebuggablePromise };

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

/** Installs the cheap `debuggablePromise`; returns the function that restores the SDK's own. */
export function cheapPromiseStacks(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env["PULUMI_DEBUG_PROMISE_LEAKS"]) return () => undefined;
  const original = debuggable.debuggablePromise;
  const cheap: DebuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  debuggable.debuggablePromise = cheap;
  return () => {
    if (debuggable.debuggablePromise === cheap) debuggable.debuggablePromise = original;
  };
}
