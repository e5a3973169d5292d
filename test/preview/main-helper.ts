/** Runs the preview CLI's `main(argv)` in-process, capturing what it writes to stdout and stderr. */
import { main } from "../../preview/cli";

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(argv: string[]): Promise<MainRun> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}
