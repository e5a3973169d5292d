/**
 * One run per program per test process, shared by every spec that runs the same program with the same config.
 * A whole-program run costs about a second of CPU; a dozen specs assert on the same dev, prod and insecure runs.
 *
 * - `captured(stack)`: the dockyard program for `dev` or `prod` (prod with the stand-in certificate) through
 *   `runProgram` (resources with inputs and options, invokes, live outputs).
 * - `gated(program)`: the same programs, and examples/insecure, through the offline gate (`runGate`: capture, pack,
 *   cost, AWS API check) with the stack's own policy config, as `npm run preview` runs them.
 * - `gatedAgain(program)`: a second, independent gate run of the same program (memoised too), for determinism
 *   checks: compare it with `gated(program)`.
 *
 * The results are shared: treat them as read-only. Their recorded resources and policy report are frozen, so a
 * spec that would change them for the next one fails where it writes. A spec that needs other config (an
 * override, another policy config) runs its own program with `runProgram`/`runGate`.
 */
import * as path from "node:path";
import { REPO_ROOT, runGate, type GateResult } from "../../preview/gate";
import { prodCertificateOverride, prodConfigWithCertificate } from "./prod-certificate";
import { runProgram, type ProgramRun } from "./run-program";

/** The repository's stacks (prod with the tests' stand-in certificate). */
export type Stack = "dev" | "prod";
/** What `gated` runs: a stack of the repository's program, or the deliberately insecure example (its dev stack). */
export type GatedProgram = Stack | "insecure";

const programs = new Map<Stack, Promise<ProgramRun>>();
const gates = new Map<string, Promise<GateResult>>();
/** The mock runtime is one global session: runs started here never overlap, even from a `Promise.all`. */
let queue: Promise<unknown> = Promise.resolve();

function serial<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** `runProgram(stack)` once per process (prod with `prodCertificateOverride()`). */
export function captured(stack: Stack): Promise<ProgramRun> {
  let run = programs.get(stack);
  if (!run) {
    run = serial(() => runProgram(stack, stack === "prod" ? prodCertificateOverride() : {})).then((r) => {
      deepFreeze(r.resources);
      deepFreeze(r.invokes);
      return r;
    });
    programs.set(stack, run);
  }
  return run;
}

/** `runGate` of `program` with its stack's policy config, once per process. */
export function gated(program: GatedProgram): Promise<GateResult> {
  return memoGate(program, 1);
}

/** A second `runGate` of `program`, independent of `gated(program)` (same inputs, its own run), once per process. */
export function gatedAgain(program: GatedProgram): Promise<GateResult> {
  return memoGate(program, 2);
}

function memoGate(program: GatedProgram, nth: 1 | 2): Promise<GateResult> {
  const key = `${program}#${nth}`;
  let run = gates.get(key);
  if (!run) {
    if (nth === 2) memoGate(program, 1).catch(() => undefined); // queued first: "again" is always the later run
    run = serial(() => runGate(gateOptions(program))).then((r) => {
      deepFreeze(r.capture.recorded);
      deepFreeze(r.report);
      return r;
    });
    gates.set(key, run);
  }
  return run;
}

function gateOptions(program: GatedProgram): Parameters<typeof runGate>[0] {
  switch (program) {
    case "dev":
      return { projectDir: REPO_ROOT, stack: "dev" };
    case "prod":
      return { projectDir: REPO_ROOT, stack: "prod", configOverride: prodConfigWithCertificate() };
    case "insecure":
      return { projectDir: path.join(REPO_ROOT, "examples", "insecure"), stack: "dev" };
  }
}

/** Freezes plain data in place (objects and arrays); returns it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
