/** The gate's lean SDK bookkeeping (preview/capture/lean-runtime.ts) is what the tests' `runWithMocks` runs with too. */
import * as assert from "assert";
import { debuggable, ResourceStatics, Struct } from "../../preview/capture/sdk";
import { runWithMocks } from "../support/run-program";

const current = () => ({
  debuggablePromise: debuggable.debuggablePromise,
  callsites: ResourceStatics.callsites,
  stackTrace: ResourceStatics.stackTrace,
  fromJavaScript: Struct.fromJavaScript,
});

describe("the lean SDK runtime under runWithMocks", () => {
  it("is installed while the body runs (all four replaced) and the SDK's own are back after it", async () => {
    const before = current();
    let during: ReturnType<typeof current> | undefined;
    await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
      during = current();
    });
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      assert.notStrictEqual(during?.[key], before[key], `${key} is the SDK's own during the run`);
    }
    assert.deepStrictEqual(current(), before);
  });

  it("a body that throws: the error reaches the caller and the SDK's own are back", async () => {
    const before = current();
    await assert.rejects(
      runWithMocks("dev", {}, [], () => {
        throw new Error("boom");
      }),
      /^Error: boom$/,
    );
    assert.deepStrictEqual(current(), before);
  });
});
