// Fixture for test/smoke/reporter.spec.ts: starts a child that burns 250 ms of CPU time (not wall time: the suite
// shares the cores) and leaves it running; the next fixture file waits for it, so it is reaped while that file runs.
import { spawn } from "node:child_process";

describe("starts a child", () => {
  it("leaves it running", () => {
    const child = spawn(process.execPath, ["-e", "while (process.cpuUsage().user < 250000);"], { stdio: "ignore" });
    (globalThis as { childExited?: Promise<void> }).childExited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  });
});
