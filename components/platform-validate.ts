import * as pulumi from "@pulumi/pulumi";
import { capacityStrategyProblems } from "./capacity-strategy";
import { PLATFORM_DEFAULTS } from "./defaults";
import { throwProblems } from "./errors";
import { firstNameProblem, platformPhysicalNames, type NameScope } from "./naming";
import type { PlatformArgs } from "./platform-args";
import type { Problem } from "./problems";

/** Project and stack the Platform's physical names are scoped to. */
export function platformScope(args: Pick<PlatformArgs, "project" | "environment">): NameScope {
  return { project: args.project ?? pulumi.getProject(), stack: args.environment };
}

/** Every problem of `PlatformArgs` for a Platform called `name`. */
export function platformProblems(name: string, args: PlatformArgs): Problem[] {
  const problems: Problem[] = [];
  const nameProblem = firstNameProblem(platformPhysicalNames(platformScope(args), name));
  if (nameProblem !== undefined) {
    problems.push({
      field: ["environment"],
      value: args.environment,
      allowed: `an environment that, with the name "${name}", forms valid AWS names (${nameProblem})`,
      fix: "use lower-case letters, digits and single hyphens",
    });
  }
  const azs = args.network.availabilityZones ?? PLATFORM_DEFAULTS.network.availabilityZones;
  if (!Number.isInteger(azs) || azs < 2 || azs > 6) {
    problems.push({
      field: ["network", "availabilityZones"],
      value: azs,
      allowed: "an integer from 2 to 6 (an ALB needs two zones)",
      fix: "set {{network.availabilityZones}} to 2 or more",
    });
  }
  const strategy = args.cluster?.capacityProviderStrategy;
  if (strategy !== undefined) problems.push(...capacityStrategyProblems(["cluster", "capacityProviderStrategy"], strategy));
  return problems;
}

/** Checks `PlatformArgs` before any child exists; throws one `ComponentArgsError`. */
export function validatePlatformArgs(name: string, args: PlatformArgs): void {
  throwProblems("Platform", name, platformProblems(name, args));
}
