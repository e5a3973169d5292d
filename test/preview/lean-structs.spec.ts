/**
 * preview/capture/lean-structs.ts side by side with google-protobuf: for every value, the lean Struct reads back
 * exactly what protobuf's round trip reads back (values, key order, -0 and NaN, the same error), its other reads
 * (fields map, binary and object forms, a parent message's bytes) are the real Struct's, and it is installed only
 * between install and restore.
 */
import * as assert from "node:assert";
import { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { leanStructs } from "../../preview/capture/lean-structs";
import { Struct } from "../../preview/capture/sdk";

type Reads = { toJavaScript(): unknown; serializeBinary(): Uint8Array; toObject(): unknown; getFieldsMap(): { getLength(): number } };

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}
const inherited: Record<string, unknown> = Object.create({ fromProto: "inherited", shared: 1 }) as Record<string, unknown>;
inherited["own"] = true;
const bare = Object.create(null) as Record<string, unknown>;
bare["z"] = 1;
bare["a"] = [null];

/** Values the SDK sends and some it never does, each converted by both. */
const VALUES: [string, unknown][] = [
  [
    "a registration's inputs",
    { name: "svc", cpu: 256, essential: true, tags: { Team: "a", env: "dev" }, ports: [{ containerPort: 8080 }] },
  ],
  ["keys in an order protobuf sorts", { b: 1, a: 2, Z: 3, _x: 4, é: 5, "a-b": 6, aa: 7, "": 8 }],
  ["integer-like keys (a JS object orders them first either way)", { "10": "ten", "2": "two", b: "b", "01": "zero-one", a: "a" }],
  ["numbers", { zero: 0, negativeZero: -0, nan: NaN, inf: Infinity, ninf: -Infinity, big: 1e300, tiny: 5e-324, float: 0.1 }],
  ["empty and nested containers", { o: {}, l: [], ll: [[], [[1]]], deep: { a: { b: { c: [{ d: null }] } } } }],
  ["the SDK's wire signatures", { s: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "x" } }],
  ["strings", { empty: "", unicode: "日本 \u{1F600}", nul: "a\u0000b", long: "x".repeat(5000) }],
  ["a class instance (own enumerable fields only; a getter on the prototype is not enumerable)", { p: new Point(3, 4) }],
  ["inherited enumerable keys (for…in reads them)", { o: inherited }],
  ["an object without a prototype", { o: bare }],
  ["boxed string and a Date (objects: their enumerable keys)", { s: new String("ab"), d: new Date(0) }],
  ["an array at the top (its indices become keys)", ["a", "b"]],
  ["null at the top (an empty Struct)", null],
  ["undefined at the top (an empty Struct)", undefined],
];

/** Values protobuf refuses, with its message. */
const REFUSED: [string, unknown][] = [
  ["undefined", { a: undefined }],
  ["a function", { f: () => 1 }],
  ["a symbol", { s: Symbol("s") }],
  ["a bigint", { n: 1n }],
  ["a hole in an array", { l: [1, , 3] }],
  ["undefined in a nested array", { l: [{ a: [undefined] }] }],
];

/** Every key in order and every number by Object.is: deepStrictEqual alone does not see key order. */
function shape(value: unknown): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : Number.isNaN(value) ? "NaN" : value;
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => [k, shape(v)]);
  return value;
}

function withLean<T>(body: () => T): T {
  const restore = leanStructs();
  try {
    return body();
  } finally {
    restore();
  }
}

const real = (value: unknown) => Struct.fromJavaScript(value) as unknown as Reads;
const lean = (value: unknown) => withLean(() => Struct.fromJavaScript(value)) as unknown as Reads;

describe("lean protobuf Structs during a capture (preview/capture/lean-structs.ts)", () => {
  for (const [what, value] of VALUES) {
    it(`reads back what protobuf's round trip reads back: ${what}`, () => {
      const expected = real(value).toJavaScript();
      const actual = lean(value).toJavaScript();
      assert.deepStrictEqual(shape(actual), shape(expected));
      assert.deepStrictEqual(actual, expected);
    });
  }

  for (const [what, value] of REFUSED) {
    it(`refuses what protobuf refuses, with its error: ${what}`, () => {
      assert.throws(() => real(value), { message: "Unexpected struct type." });
      assert.throws(() => lean(value), { message: "Unexpected struct type." });
    });
  }

  it("keeps the value as it was when converted, and hands every reader its own copy", () => {
    const input = { tags: { a: "1" }, list: [1] };
    const struct = lean(input);
    input.tags.a = "changed";
    input.list.push(2);
    const first = struct.toJavaScript() as { tags: Record<string, string>; list: number[] };
    first.tags["a"] = "mutated by a reader";
    first.list.length = 0;
    assert.deepStrictEqual(struct.toJavaScript(), { list: [1], tags: { a: "1" } });
  });

  it("its fields map, binary and object forms are the real Struct's", () => {
    for (const [, value] of VALUES) {
      const [expected, actual] = [real(value), lean(value)];
      assert.deepStrictEqual(Buffer.from(actual.serializeBinary()), Buffer.from(expected.serializeBinary()));
      assert.deepStrictEqual(actual.toObject(), expected.toObject());
      assert.strictEqual(actual.getFieldsMap().getLength(), expected.getFieldsMap().getLength());
      assert.deepStrictEqual(shape(actual.toJavaScript()), shape(expected.toJavaScript()), "after the fields map was read");
    }
  });

  it("a request holding one serializes to the same bytes, and reads it back (the SDK's path)", () => {
    const inputs = VALUES[0]![1];
    const request = (struct: unknown) => {
      const req = new RegisterResourceRequest();
      req.setType("aws:ecs/service:Service");
      req.setObject(struct as Parameters<RegisterResourceRequest["setObject"]>[0]);
      return req;
    };
    const [expected, actual] = [request(real(inputs)), request(lean(inputs))];
    assert.deepStrictEqual(actual.getObject()!.toJavaScript(), expected.getObject()!.toJavaScript());
    assert.deepStrictEqual(Buffer.from(actual.serializeBinary()), Buffer.from(expected.serializeBinary()));
  });

  it("is installed only between install and restore; a second restore changes nothing", () => {
    const original = Struct.fromJavaScript;
    const restore = leanStructs();
    assert.notStrictEqual(Struct.fromJavaScript, original);
    restore();
    assert.strictEqual(Struct.fromJavaScript, original);
    restore();
    assert.strictEqual(Struct.fromJavaScript, original);
  });

  it("negative control: the comparison sees key order, which a plain deepStrictEqual does not", () => {
    assert.deepStrictEqual({ a: 1, b: 2 }, { b: 2, a: 1 });
    assert.notDeepStrictEqual(shape({ a: 1, b: 2 }), shape({ b: 2, a: 1 }));
    assert.notDeepStrictEqual(shape({ z: -0 }), shape({ z: 0 }));
  });
});
