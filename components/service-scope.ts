import * as pulumi from "@pulumi/pulumi";
import type { FargateServiceArgs } from "./fargate-service-args";
import type { NameScope } from "./naming";

/** Project and environment a FargateService's physical names are scoped to. */
export function serviceScope(args: Pick<FargateServiceArgs, "project" | "environment">): NameScope {
  return { project: args.project ?? pulumi.getProject(), stack: args.environment };
}
