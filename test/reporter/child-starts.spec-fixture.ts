// Fixture for test/smoke/reporter.spec.ts: starts a child that burns ~250 ms of CPU and leaves it running; the
// next fixture file waits for it, so the child is reaped while that file runs.
import { spawn } from "node:child_process";

describe("starts a child", () => {
  it("leaves it running", () => {
    const child = spawn(process.execPath, ["-e", "const end = Date.now() + 250; while (Date.now() < end);"], { stdio: "ignore" });
    (globalThis as { childExited?: Promise<void> }).childExited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  });
});
