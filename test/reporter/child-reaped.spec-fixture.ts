// Fixture for test/smoke/reporter.spec.ts: waits for the child the previous fixture file left running.
describe("waits for the child", () => {
  it("sees it exit", async () => {
    await (globalThis as { childExited?: Promise<void> }).childExited;
    await new Promise((resolve) => setImmediate(resolve));
  });
});
