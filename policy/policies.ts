/** Every policy of the pack, grouped by area. `index.ts` serves exactly this list; tests import it directly. */
import type { Policies } from "@pulumi/policy";
import { albPolicies } from "./rules/alb";
import { awsLimitsPolicies } from "./rules/aws-limits";
import { cloudmapPolicies } from "./rules/cloudmap";
import { ecrPolicies } from "./rules/ecr";
import { ecsPolicies } from "./rules/ecs";
import { iamPolicies } from "./rules/iam";
import { logsPolicies } from "./rules/logs";
import { networkPolicies } from "./rules/network";
import { securityGroupPolicies } from "./rules/security-groups";
import { serviceConnectPolicies } from "./rules/service-connect";

export { PACK_NAME, PACK_VERSION } from "./pack-info";

export const allPolicies: Policies = [
  ...networkPolicies,
  ...securityGroupPolicies,
  ...albPolicies,
  ...ecrPolicies,
  ...ecsPolicies,
  ...iamPolicies,
  ...logsPolicies,
  ...cloudmapPolicies,
  ...serviceConnectPolicies,
  ...awsLimitsPolicies,
];
