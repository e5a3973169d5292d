/**
 * Stack capture made cheap while a program runs. `@pulumi/pulumi`'s `debuggablePromise` reads
 * `new Error().stack` for every promise it creates (hundreds per resource), only so that
 * `PULUMI_DEBUG_PROMISE_LEAKS=1` can print where a leaked promise was made; formatting those stacks was the
 * largest single cost of a run. During a capture each of those reads gets an empty stack unless that variable
 * is set: no frames are collected (`Error.stackTraceLimit = 0`) and none is formatted (a `prepareStackTrace` that
 * returns "", so V8 does not call into Node's own formatter for each of them). Resource source positions (`Resource.callsites`, one per
 * resource) are untouched: the run watch reports them.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: DebuggablePromise };

const emptyStack = (): string => "";

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

/** Installs the cheap `debuggablePromise`; returns the function that restores the SDK's own. */
export function cheapPromiseStacks(env: NodeJS.ProcessEnv = process.env): () => void {
  if (env["PULUMI_DEBUG_PROMISE_LEAKS"]) return () => undefined;
  const original = debuggable.debuggablePromise;
  const cheap: DebuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = emptyStack;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
      Error.prepareStackTrace = prepare;
    }
  };
  debuggable.debuggablePromise = cheap;
  return () => {
    if (debuggable.debuggablePromise === cheap) debuggable.debuggablePromise = original;
  };
}
