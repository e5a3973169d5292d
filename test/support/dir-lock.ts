/**
 * A lock between processes (mocha's parallel workers, or two runs sharing a cache): a directory created with
 * mkdir (atomic), the holder's pid inside; a holder that died is broken. Used by the shared source pack
 * (./source-pack.ts) and the shared package builds (test/package/package-builds.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A lock between processes: `dir` created (mkdir is atomic) with the holder's pid inside; a holder that died is
 * broken. Returns the release.
 */
export async function lock(dir: string): Promise<() => void> {
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "pid"), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (!alive(holder(dir))) fs.rmSync(dir, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lock's holder; 0 while it is being taken or released (not yet or no longer written). */
function holder(dir: string): number {
  try {
    return Number(fs.readFileSync(path.join(dir, "pid"), "utf8"));
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  if (pid === 0) return true; // being taken or released: wait
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
