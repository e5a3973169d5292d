/**
 * The one place the offline gate reaches into `@pulumi/pulumi`'s internal modules, which the SDK does not promise
 * to keep: the entry points the run watch hooks, the ones the capture's cheap bookkeeping replaces, the mock
 * monitor the recorder wraps, and the wire format's signatures. Each is typed only as far as the gate uses it.
 * test/preview/sdk-internals.spec.ts checks every one against the installed SDK (an upgrade that moves one fails
 * there, naming it), and that no other file of the gate names an internal module.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- internal modules, required untyped and typed here */
import { createRequire } from "node:module";

export type AnyFunction = (...args: unknown[]) => unknown;
type Frame = { file?: string; line?: number; column?: number };
type TracePosition = { uri: string; line: number; column: number } | undefined;

/** `runtime/resource`: `registerResource` (every Resource constructor) and `readResource` (`Resource.get`). */
export const runtimeResource = require("@pulumi/pulumi/runtime/resource") as Record<string, AnyFunction>;
/** `runtime`'s index: the provider-function entry points (`invoke`, `invokeOutput`, …). */
export const runtimeIndex = require("@pulumi/pulumi/runtime") as Record<string, AnyFunction>;
/** `runtime/debuggable`: the promise bookkeeping the capture replaces, and the leak report it reads. */
export const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
  leakedPromises: () => [Set<{ _debugCtx?: string }>, string];
};
/** `runtime/state`: the store whose leak candidates the lean bookkeeping keeps. */
export const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };
/** `Resource`'s statics the cheap call sites replace (the constructor reaches them through the class). */
export const ResourceStatics = (
  require("@pulumi/pulumi/resource") as {
    Resource: { callsites(): Frame[]; stackTrace(skip: number): TracePosition[]; framePositionRegExp: RegExp };
  }
).Resource;

interface StructInstance {
  toJavaScript(): Record<string, unknown>;
  getFieldsMap(noLazyCreate?: boolean): unknown;
  cloneMessage(): StructInstance;
  clone(): StructInstance;
}
/** google-protobuf's `Struct`, from the copy the SDK itself loads (a program's own node_modules may hold another). */
export const Struct = (
  createRequire(require.resolve("@pulumi/pulumi/runtime/resource"))("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { new (): StructInstance; prototype: StructInstance; fromJavaScript(obj: unknown): StructInstance };
  }
).Struct;
export type { StructInstance };

export { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
export { disconnect, getMonitor } from "@pulumi/pulumi/runtime/settings";
export { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
export { specialArchiveSig, specialAssetSig, specialResourceSig, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
export type { Alias } from "@pulumi/pulumi/proto/alias_pb";
export type {
  RegisterResourceOutputsRequest,
  RegisterResourceRequest,
  RegisterResourceResponse,
  ResourceInvokeRequest,
} from "@pulumi/pulumi/proto/resource_pb";
