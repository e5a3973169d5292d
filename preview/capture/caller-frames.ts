/**
 * The frames of the current stack, as `stackFrames(new Error().stack)` would read them in the caller, without
 * formatting a stack text: the run watch asks on every read of an unset resource attribute (the SDK reads its
 * Outputs many times per resource), and formatting those stacks was a large share of the gate's own cost.
 * V8's call sites give the same file, line and column the text shows; each is put through the same pattern the
 * text is parsed with, so the frames are identical. When something else formats stacks (ts-node's
 * source-map-support replaces `Error.prepareStackTrace` and maps positions), its text is parsed, as before.
 */
import { stackFrames } from "./failure";

type Frame = { file: string; line: number; column: number };

/**
 * Frames from the caller outward (the caller is frame 0, as in `new Error()` there). The call sites are taken at
 * once; each is converted only when the frames are read that far (`userFrame` stops at the first in the project).
 */
export function callerFrames(): Iterable<Frame> {
  const sites = formatsAsV8() ? callSites() : undefined;
  if (!sites || sites.some((site) => site.isEval())) {
    // Someone formats stacks (or an eval frame, whose text is more than a position): parse the text.
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerFrames);
    return stackFrames(typeof holder.stack === "string" ? holder.stack : undefined);
  }
  return framesOf(sites);
}

function* framesOf(sites: NodeJS.CallSite[]): Generator<Frame> {
  for (const site of sites) {
    const file: unknown = site.getScriptNameOrSourceURL();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (typeof file !== "string" || file === "" || line === null || column === null) continue;
    if (/^\/[^():]*$/.test(file)) yield { file, line, column };
    // Anything else (a URL, a path the text pattern cuts short) goes through that pattern, as its text would.
    else yield* stackFrames(`    at (${file}:${line}:${column})`);
  }
}

/** No hook of anyone's formats stacks: Node's own default (Node 20 installs one, named so) or none at all. */
export function formatsAsV8(): boolean {
  const hook: unknown = Error.prepareStackTrace;
  return hook === undefined || (typeof hook === "function" && hook.name === "ErrorPrepareStackTrace");
}

/** V8's call sites of `callerFrames`' caller and up, as many as `Error.stackTraceLimit` (the text would hold as many). */
function callSites(): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const hook = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    Error.captureStackTrace(holder, callerFrames);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    if (hook) Object.defineProperty(Error, "prepareStackTrace", hook);
    else Reflect.deleteProperty(Error, "prepareStackTrace");
  }
}
