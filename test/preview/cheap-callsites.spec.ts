/**
 * The cheap `Resource.callsites` against the SDK's own, side by side, for every shape of frame V8 prints: they must
 * give the same list (from the frame below `callsites` itself, whose own position differs by construction).
 */
import * as assert from "assert";
import * as vm from "vm";
import { cheapResourceCallsites } from "../../preview/capture/cheap-callsites";

type Frame = { file?: string; line?: number; column?: number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Resource } = require("@pulumi/pulumi/resource") as { Resource: { callsites(): Frame[] } };

/** Both implementations, called from one call site (the map callback), so every frame below them is the same frame. */
function bothFrom(): { sdk: Frame[]; cheap: Frame[] } {
  const sdkOwn = Resource.callsites;
  const restore = cheapResourceCallsites();
  const cheapOwn = Resource.callsites;
  restore();
  const [sdk, cheap] = [sdkOwn, cheapOwn].map((callsites) => callsites.call(Resource).slice(1));
  return { sdk, cheap };
}

const check = (got: { sdk: Frame[]; cheap: Frame[] }, atLeast: number) => {
  assert.ok(got.sdk.length >= atLeast, `only ${got.sdk.length} frames`);
  assert.deepStrictEqual(got.cheap, got.sdk);
  return got.sdk;
};

class Component {
  frames: { sdk: Frame[]; cheap: Frame[] };
  constructor() {
    this.frames = bothFrom();
  }
  method() {
    return bothFrom();
  }
}

describe("cheap Resource.callsites: the SDK's frames without formatting a stack", () => {
  it("named functions, methods and constructors: file, line and column of each", () => {
    function named() {
      return new Component().method();
    }
    const frames = check(named(), 4);
    // This file's frames carry positions (negative control: the lists are not all empty entries).
    assert.ok(frames.filter((f) => typeof f.file === "string" && f.file.endsWith("cheap-callsites.spec.ts")).length >= 4);
    check(new Component().frames, 4);
  });

  it("top-level anonymous frames, eval, node: internals and callbacks of built-ins", () => {
    check((() => bothFrom())(), 3);
    check([1].map(() => bothFrom())[0], 3);
    const viaEval = vm.runInThisContext("(function (f) { return eval('f()'); })") as (f: () => unknown) => { sdk: Frame[]; cheap: Frame[] };
    const frames = check(viaEval(bothFrom), 3);
    // Some frame had no position the SDK's pattern reads: the `{}` entries are kept, in place.
    assert.ok(frames.some((f) => f.file === undefined));
  });

  it("async frames and Promise.all after an await", async () => {
    async function inner() {
      await Promise.resolve();
      return bothFrom();
    }
    async function outer() {
      const [got] = await Promise.all([inner()]);
      return got;
    }
    check(await outer(), 2);
  });

  it("installed and restored: the SDK's own again after", () => {
    const own = Resource.callsites;
    const restore = cheapResourceCallsites();
    assert.notStrictEqual(Resource.callsites, own);
    restore();
    assert.strictEqual(Resource.callsites, own);
  });
});
