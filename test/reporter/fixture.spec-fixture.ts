// Fixture for test/smoke/reporter.spec.ts: two passing tests and one pending.
describe("fixture", () => {
  it("passes once", () => undefined);
  it("passes twice", () => undefined);
  it.skip("is skipped", () => undefined);
});
