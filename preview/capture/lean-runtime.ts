/**
 * The SDK's bookkeeping made cheap for one in-process run under the mock monitor: promise stacks
 * (./cheap-stacks.ts), resource source positions (./cheap-callsites.ts) and protobuf structs (./lean-structs.ts).
 * The gate's capture installs it, and so does the tests' `runWithMocks`, so that a program runs the same way
 * under both. Returns the function that restores the SDK's own, in reverse order.
 */
import { cheapResourceCallsites } from "./cheap-callsites";
import { cheapPromiseStacks } from "./cheap-stacks";
import { leanStructs } from "./lean-structs";

export function leanSdkRuntime(): () => void {
  const restoreStacks = cheapPromiseStacks();
  const restoreCallsites = cheapResourceCallsites();
  const restoreStructs = leanStructs();
  return () => {
    restoreStructs();
    restoreCallsites();
    restoreStacks();
  };
}
