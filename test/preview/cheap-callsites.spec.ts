/**
 * The cheap `Resource.callsites` against the SDK's own, side by side, for every shape of frame V8 prints: they must
 * give the same list (from the frame below `callsites` itself, whose own position differs by construction).
 */
import * as assert from "assert";
import * as vm from "vm";
import { cheapResourceCallsites } from "../../preview/capture/cheap-callsites";

type Frame = { file?: string; line?: number; column?: number };
type Trace = { uri: string; line: number; column: number } | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Resource } = require("@pulumi/pulumi/resource") as { Resource: { callsites(): Frame[]; stackTrace(skip: number): Trace[] } };

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

  it("Resource.stackTrace: the SDK's positions as file URLs, each file's made once (spaces, # and % encoded)", () => {
    const traces = (): { sdk: Trace[]; cheap: Trace[] } => {
      // From below this function (frame 0 is stackTrace itself, frame 1 the line here, which differs).
      const sdk = Resource.stackTrace(0).slice(2);
      const restore = cheapResourceCallsites();
      try {
        return { sdk, cheap: [Resource.stackTrace(0), Resource.stackTrace(0)].map((t) => t.slice(2))[1]! };
      } finally {
        restore();
      }
    };
    // A file name that needs encoding, for the frames of the function it defines.
    const odd = vm.runInThisContext("(function odd(f) { return f(); })", { filename: "/tmp/a dir/#50%.ts" }) as (
      f: typeof traces,
    ) => ReturnType<typeof traces>;
    const { sdk, cheap } = odd(traces);
    assert.deepStrictEqual(cheap, sdk);
    assert.ok(
      sdk.some((t) => t?.uri === "file:///tmp/a%20dir/%2350%25.ts"),
      JSON.stringify(sdk),
    );
    // Frames with no position are kept as undefined, in place (negative control: not all of them).
    assert.ok(sdk.some((t) => t === undefined) && sdk.some((t) => t !== undefined));
  });

  it("installed and restored: the SDK's own again after", () => {
    const [own, ownTrace] = [Resource.callsites, Resource.stackTrace];
    const restore = cheapResourceCallsites();
    assert.notStrictEqual(Resource.callsites, own);
    assert.notStrictEqual(Resource.stackTrace, ownTrace);
    restore();
    assert.strictEqual(Resource.callsites, own);
    assert.strictEqual(Resource.stackTrace, ownTrace);
  });
});
