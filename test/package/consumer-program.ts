/**
 * The scratch Pulumi program that test/package/components-tarball.spec.ts installs `@dockyard/components` into.
 * Plain text, not compiled with the repository: it only type-checks against the installed package's `.d.ts`.
 * MERGE NOTE: when `FargateServiceArgs`/`PlatformArgs` change, update this program (and `registered` in the spec).
 */

/** `<component package>` is replaced by the import path: the package name, or the repository's source for comparison. */
export const CONSUMER_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { FargateService, Platform, type FargateServiceArgs } from "<component package>";

export function program(): { url: pulumi.Output<string> | undefined; cluster: pulumi.Output<string> } {
  const platform = new Platform("shop", {
    environment: "dev",
    network: { availabilityZones: 2 },
    discoveryNamespace: "shop.internal",
  });
  const size: Pick<FargateServiceArgs, "cpu" | "memory"> = { cpu: 512, memory: 1024 };
  const api = new FargateService("api", {
    ...size,
    platform: platform.ref,
    image: { kind: "prebuilt", uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${"a".repeat(64)}" },
    port: 8080,
    routes: { pathPatterns: ["/api*"], priority: 100 },
    dependsOn: [platform.capacityProviders],
  });
  return { url: api.url, cluster: platform.clusterName };
}
`;

/** Negative control: an internal module path, which the package's exports map does not expose. */
export const INTERNAL_PATH_PROGRAM = `
import { Platform } from "@dockyard/components/dist/components/platform";
export const platformType: string = Platform.TYPE;
`;

/** Negative control: a wrong argument type, which only a real `.d.ts` can refuse. */
export const WRONG_ARG_PROGRAM = `
import type { FargateServiceArgs } from "@dockyard/components";
export const cpu: FargateServiceArgs["cpu"] = "a lot";
`;
