/** Runs the preview CLI's `main(argv)` in this process, collecting what it writes to stdout and stderr. */
import * as path from "path";
import { main } from "../../../preview/cli";

export const PROGRAMS = path.resolve(__dirname, "..", "..", "fixtures", "programs");
export const program = (name: string): string => path.join(PROGRAMS, name);

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

export async function runMain(argv: string[]): Promise<MainRun> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const collect = (sink: (text: string) => void): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((r): r is () => void => typeof r === "function");
      callback?.();
      return true;
    }) as Write;
  process.stdout.write = collect((t) => (stdout += t));
  process.stderr.write = collect((t) => (stderr += t));
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** `<level> <policy> <resource name>` per finding, sorted: the verdict at the granularity users act on. */
export function verdicts(document: { policyViolations: { enforcementLevel: string; policy: string; urn: string }[] }): string[] {
  return document.policyViolations.map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::")[2].split("$").pop()} ${v.urn.split("::").pop()}`).sort();
}
