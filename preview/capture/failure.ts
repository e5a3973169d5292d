/**
 * What the offline gate could not evaluate, as one message: what (the invoke token or the resource), where
 * (the user's file:line when a stack frame shows it) and the fix. "A gate that says yes when it could not
 * see is worse than no gate": every such case ends the run with exit 2, in text and `--json` alike.
 */
import * as path from "path";
import { fileURLToPath } from "url";
import type { ProgramMessage } from "./run";
import { originalPosition } from "./source-positions";

export type GateFailureKind =
  /** A provider function the embedded AWS and the mocks file do not answer. */
  | "unanswered-invoke"
  /** The program's own code read a resource attribute the mock does not compute. */
  | "missing-attribute"
  /** The program threw (at top level or inside an `apply` callback) or a registration failed. */
  | "program-error"
  /** Registrations wait on something that can never happen (the event loop emptied or stayed idle). */
  | "stall"
  /** The run did not finish within `--timeout`. */
  | "timeout"
  /** The program ended the process itself before the gate finished. */
  | "process-exit";

/** A resource the SDK was asked to create that never reached the engine, and what it waits on. */
export interface WaitingResource {
  type: string;
  name: string;
  /** `file:line:column` of the `new …` in the program, when known. */
  where?: string;
  waitsOn: string[];
}

export interface GateFailureDetails {
  kind: GateFailureKind;
  /** One sentence: what could not be evaluated. */
  what: string;
  /** The user's `file:line:column`, when a stack frame shows it. */
  where?: string;
  /** How to make the program evaluable. */
  fix: string;
  /** For stalls and timeouts: the resources still waiting. */
  waiting?: WaitingResource[];
  /** For stalls and timeouts: the SDK's own leak report (its exit-time message and the pending promises), shown with --debug. */
  sdkLeakReport?: string;
}

export class GateFailure extends Error {
  readonly details: GateFailureDetails;
  /** What the program printed before it failed (never swallowed). */
  messages: ProgramMessage[] = [];

  constructor(details: GateFailureDetails) {
    super(formatFailure(details));
    this.name = "GateFailure";
    this.details = details;
  }
}

/** The text form: `what`, then `at`, the waiting list, and `fix` on their own lines. */
export function formatFailure(d: GateFailureDetails): string {
  const lines = [d.what];
  if (d.where) lines.push(`  at ${d.where}`);
  for (const w of d.waiting ?? []) {
    lines.push(`  waiting: ${w.type} "${w.name}"${w.where ? ` (${w.where})` : ""}${w.waitsOn.length ? ` on ${w.waitsOn.join("; ")}` : ""}`);
  }
  lines.push(`  fix: ${d.fix}`);
  return lines.join("\n");
}

/**
 * `file:line:column` of the first frame inside the project (not node_modules, not the gate's own code),
 * relative to `baseDir` (the directory the user ran the gate from) when inside it.
 */
export function userFrame(
  frames: Iterable<{ file: string; line: number; column: number }>,
  projectDir: string,
  baseDir: string = process.cwd(),
  shown?: ShownPositions,
): string | undefined {
  const inside = inProject(projectDir);
  for (const frame of frames) if (inside(frame)) return shownFrame(frame, baseDir, shown);
  return undefined;
}

/** `userFrame(positionFrames(positions), …)`, converting only the positions up to the first one in the project. */
export function userPosition(
  positions: ({ uri: string; line: number; column: number } | undefined)[] | undefined,
  projectDir: string,
  baseDir: string = process.cwd(),
  shown?: ShownPositions,
): string | undefined {
  const inside = inProject(projectDir);
  for (const p of positions ?? []) {
    if (p === undefined || !p.uri.startsWith("file:")) continue;
    const frame = { file: pathOfUri(p.uri), line: p.line, column: p.column };
    if (inside(frame)) return shownFrame(frame, baseDir, shown);
  }
  return undefined;
}

/** File URLs repeat across every resource's stack (the same few files): each is converted once. */
const paths = new Map<string, string>();
function pathOfUri(uri: string): string {
  let file = paths.get(uri);
  if (file === undefined) paths.set(uri, (file = fileURLToPath(uri)));
  return file;
}

let lastProject: { dir: string; root: string } | undefined;

/**
 * The gate's own code (this folder's parent, `preview/`, and the loader): never the program's, even when the
 * program is dockyard's own, whose project directory holds them (its stacks' reads would otherwise all be
 * placed in the run watch's hook).
 */
const GATE_DIRS = [path.resolve(__dirname, "..") + path.sep, path.resolve(__dirname, "..", "..", "loader") + path.sep];

/** Inside the project directory, not in a dependency and not in the gate itself. */
function inProject(projectDir: string): (f: { file: string }) => boolean {
  // A relative directory resolves against the working directory, which the run changes: only absolute ones are kept.
  const root = lastProject?.dir === projectDir ? lastProject.root : path.resolve(projectDir) + path.sep;
  if (path.isAbsolute(projectDir)) lastProject = { dir: projectDir, root };
  return (f) =>
    f.file.startsWith(root) && !f.file.includes(`${path.sep}node_modules${path.sep}`) && !GATE_DIRS.some((dir) => f.file.startsWith(dir));
}

/**
 * Positions already shown during one run, by transpiled position (the run watch keeps one per run: the same few
 * call sites are shown again and again, every service reading the same attributes from the same lines, and a
 * file's map does not change during a run, though it may between runs).
 */
export type ShownPositions = Map<string, string>;

function shownFrame(found: { file: string; line: number; column: number }, baseDir: string, shown?: ShownPositions): string {
  const key = `${baseDir}\0${found.file}:${found.line}:${found.column}`;
  let text = shown?.get(key);
  if (text === undefined) {
    const frame = originalPosition(found);
    const relative = path.relative(baseDir, frame.file);
    text = `${relative && !relative.startsWith("..") ? relative : frame.file}:${frame.line}:${frame.column}`;
    shown?.set(key, text);
  }
  return text;
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/;

/** Frames of an `Error.stack` text (`at fn (/file.ts:1:2)`), in order. */
export function stackFrames(stack: string | undefined): { file: string; line: number; column: number }[] {
  const frames: { file: string; line: number; column: number }[] = [];
  for (const text of (stack ?? "").split("\n")) {
    if (!/^\s+at /.test(text)) continue;
    const match = FRAME.exec(text);
    if (!match) continue;
    const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
    frames.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

/** The same for Pulumi's own captured source positions (`{ uri: "file:///…", line, column }`). */
export function positionFrames(
  positions: ({ uri: string; line: number; column: number } | undefined)[] | undefined,
): { file: string; line: number; column: number }[] {
  return (positions ?? [])
    .filter((p): p is { uri: string; line: number; column: number } => p !== undefined && p.uri.startsWith("file:"))
    .map((p) => ({ file: fileURLToPath(p.uri), line: p.line, column: p.column }));
}
