/**
 * Protobuf Structs made cheap while a program runs. Under the mock monitor nothing crosses a wire, yet each
 * registration goes through google-protobuf six times: the SDK turns the inputs into a `Struct`, the mock monitor
 * turns them back and its answer into a `Struct` again, and the SDK and the recorder each turn that back. Building
 * and reading those trees (a message object per value) was about 7 % of a run's CPU and much of its garbage.
 *
 * During a capture, `Struct.fromJavaScript` keeps a plain, normalized copy of the value instead: what the round
 * trip through protobuf returns (keys sorted, as the Struct's map iterates them; the same refusal of a value
 * protobuf cannot hold), and `toJavaScript()` hands out a fresh copy of it, so no reader shares objects with
 * another. Every other read of such a Struct (its fields map, which the binary and object forms read as well)
 * builds the real one first. test/preview/lean-structs.spec.ts holds both side by side.
 */
import { Struct, type StructInstance } from "./sdk";

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** What `Value.fromJavaScript(v).toJavaScript()` returns, or its error for a value protobuf cannot hold. */
function normalized(value: unknown): Plain {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "object":
      if (Array.isArray(value)) {
        const list = new Array<Plain>(value.length);
        for (let i = 0; i < value.length; i++) list[i] = normalized(value[i]);
        return list;
      }
      return normalizedStruct(value);
    default:
      throw new Error("Unexpected struct type.");
  }
}

/** `Struct.fromJavaScript(obj).toJavaScript()`: every enumerable key (`for…in`, as protobuf reads them), sorted. */
function normalizedStruct(obj: object | null | undefined): { [key: string]: Plain } {
  const keys: string[] = [];
  for (const key in obj) keys.push(key);
  keys.sort();
  const out: { [key: string]: Plain } = {};
  for (const key of keys) out[key] = normalized((obj as Record<string, unknown>)[key]);
  return out;
}

/** A copy of a normalized value (its key order is already protobuf's). */
function copied(value: Plain): Plain {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const list = new Array<Plain>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = copied(value[i]);
    return list;
  }
  const out: { [key: string]: Plain } = {};
  for (const key of Object.keys(value)) out[key] = copied(value[key]);
  return out;
}

/** Installs the lean `Struct.fromJavaScript`; returns the function that restores protobuf's own. */
export function leanStructs(): () => void {
  const original = Struct.fromJavaScript;

  class LeanStruct extends Struct {
    private real: StructInstance | undefined;

    constructor(private readonly value: { [key: string]: Plain }) {
      super();
    }

    override toJavaScript(): Record<string, unknown> {
      return this.real ? this.real.toJavaScript() : (copied(this.value) as Record<string, Plain>);
    }

    // The fields map is where protobuf's own reads start (serializeBinary, toObject, a parent message's
    // serialization): from here on this is the real Struct.
    override getFieldsMap(noLazyCreate?: boolean): unknown {
      return this.fields().getFieldsMap(noLazyCreate);
    }

    override cloneMessage(): StructInstance {
      return this.fields().cloneMessage();
    }

    override clone(): StructInstance {
      return this.fields().clone();
    }

    private fields(): StructInstance {
      return (this.real ??= original.call(Struct, this.value));
    }
  }

  const lean = (obj: unknown): StructInstance => new LeanStruct(normalizedStruct(obj as object | null | undefined));
  Struct.fromJavaScript = lean;
  return () => {
    if (Struct.fromJavaScript === lean) Struct.fromJavaScript = original;
  };
}
