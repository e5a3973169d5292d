import type { NameScope } from "./naming";
import type { PlatformRef } from "./platform-ref";

/** Project and environment a FargateService's physical names are scoped to: its platform's. */
export function serviceScope(platform: Pick<PlatformRef, "project" | "environment">): NameScope {
  return { project: platform.project, stack: platform.environment };
}
