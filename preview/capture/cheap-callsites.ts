/**
 * `Resource.callsites()` without formatting a stack text. The SDK's own (`@pulumi/pulumi/resource.js`) reads
 * `new Error().stack` with no frame limit for every resource it constructs, then splits the text and parses each
 * line with `Resource.framePositionRegExp`; in a program's deep component stacks that formatting was the gate's
 * largest remaining cost per resource. This gives the same list from V8's call sites: for each frame,
 * `{ file, line, column }` where the SDK's pattern would find them in the frame's text (a frame printed with a
 * name before its location; not `node:` files), else `{}`. Frames whose text is more than a name and a location
 * (eval, async, `Promise.all`, a path with " (" in it, no position) are formatted and parsed as the SDK does.
 * Used only while Node's own formatter is in place and source maps are off: then the text is V8's, position for
 * position (test/preview/cheap-callsites.spec.ts holds the two side by side).
 *
 * `Resource.stackTrace` (what every constructor sends: those frames as file URLs) is the SDK's own, except that
 * each file's URL is made once per run: `pathToFileURL` for every frame of every resource was its main cost.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { formatsAsV8 } from "./caller-frames";
import { ResourceStatics } from "./sdk";

type Frame = { file?: string; line?: number; column?: number };
type TracePosition = { uri: string; line: number; column: number } | undefined;
const Resource = ResourceStatics;

/** Installs the cheap `Resource.callsites` and `Resource.stackTrace`; returns the function that restores the SDK's own. */
export function cheapResourceCallsites(): () => void {
  const original = Resource.callsites;
  const originalTrace = Resource.stackTrace;
  const cheap = function callsites(): Frame[] {
    if (!formatsAsV8() || process.sourceMapsEnabled) return original.call(Resource);
    return callSites().map(frameOf);
  };
  // A relative path's URL depends on the working directory, so only absolute ones are kept (V8 names files so).
  const uris = new Map<string, string>();
  const uriOf = (file: string): string => {
    if (!path.isAbsolute(file)) return pathToFileURL(file).toString();
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = pathToFileURL(file).toString()));
    return uri;
  };
  // The SDK's body, frame for frame: it calls `Resource.callsites()` itself, so `skip` counts the same frames.
  const stackTrace = function stackTrace(skip: number): TracePosition[] {
    const stack = Resource.callsites();
    if (stack.length < skip + 1) return [];
    return stack
      .slice(skip + 1)
      .map(({ file, line, column }) => (!file || !line || !column ? undefined : { uri: uriOf(file), line, column }));
  };
  Resource.callsites = cheap;
  Resource.stackTrace = stackTrace;
  return () => {
    if (Resource.callsites === cheap) Resource.callsites = original;
    if (Resource.stackTrace === stackTrace) Resource.stackTrace = originalTrace;
  };
}

/** Every frame from the caller of `callSites` outward (the SDK's text starts at `callsites` itself, as this does). */
function callSites(): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  const hook = Object.getOwnPropertyDescriptor(Error, "prepareStackTrace");
  Error.stackTraceLimit = Number.POSITIVE_INFINITY;
  Error.prepareStackTrace = (_error, sites) => sites;
  try {
    Error.captureStackTrace(holder, callSites);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.stackTraceLimit = limit;
    if (hook) Object.defineProperty(Error, "prepareStackTrace", hook);
    else Reflect.deleteProperty(Error, "prepareStackTrace");
  }
}

/** What the SDK's pattern reads from the frame's text. */
function frameOf(site: NodeJS.CallSite): Frame {
  const file = site.getScriptNameOrSourceURL() as string | null;
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (site.isEval() || site.isAsync() || site.isPromiseAll() || !file || line === null || column === null || file.includes(" ("))
    return parsed(`    at ${site.toString()}`);
  // V8 prints a name (method, constructor or function) and the location in parentheses; else the location alone.
  const named = !site.isToplevel() || site.isConstructor() || Boolean(site.getFunctionName());
  if (!named || file.startsWith("node:")) return {};
  return { file, line, column };
}

/** The SDK's own parse of one line of a stack text. */
function parsed(text: string): Frame {
  const { file, line, column } = Resource.framePositionRegExp.exec(text)?.groups ?? {};
  if (!file || !line || !column || file.startsWith("node:")) return {};
  const lineNum = parseInt(line, 10);
  const colNum = parseInt(column, 10);
  return Number.isNaN(lineNum) || Number.isNaN(colNum) ? {} : { file, line: lineNum, column: colNum };
}
