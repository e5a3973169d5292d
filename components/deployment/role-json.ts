/** The infrastructure role's documents as JSON Outputs (ARNs resolve first; `apply` only formats strings). */
import * as pulumi from "@pulumi/pulumi";
import { infrastructureRolePolicy, infrastructureTrustPolicy } from "./role";

/** The trust policy for `accountId`. */
export function infrastructureTrustJson(accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(accountId).apply((account) => JSON.stringify(infrastructureTrustPolicy(account)));
}

/** The inline policy over the resolved ARNs. */
export function infrastructurePolicyJson(scope: {
  listenerArn: pulumi.Input<string>;
  ruleArns: pulumi.Input<string>[];
  targetGroupArns: pulumi.Input<string>[];
  hookFunctionArns: string[];
}): pulumi.Output<string> {
  return pulumi
    .all([scope.listenerArn, pulumi.all(scope.ruleArns), pulumi.all(scope.targetGroupArns)])
    .apply(([listenerArn, ruleArns, targetGroupArns]) =>
      JSON.stringify(infrastructureRolePolicy({ listenerArn, ruleArns, targetGroupArns, hookFunctionArns: scope.hookFunctionArns })),
    );
}
