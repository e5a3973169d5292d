/**
 * `@aws-sdk/client-ecs`, loaded when the verifier first talks to ECS (in the dynamic provider, during `pulumi up`),
 * not when a program that declares a verification loads: that load cost ~40 ms at every start of a program, the
 * offline gate's included, which never calls ECS.
 */
import type * as EcsSdk from "@aws-sdk/client-ecs";

export function ecsSdk(): typeof EcsSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@aws-sdk/client-ecs") as typeof EcsSdk;
}
