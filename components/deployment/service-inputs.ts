/**
 * The ECS service inputs a deployment setting decides: strategy, bake times, canary/linear steps, lifecycle
 * hooks, circuit breaker and alarm rollback (in every strategy), and the load balancer's advanced configuration
 * for traffic shifting. Pure.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ECS_STRATEGY, shiftsTraffic, type ResolvedDeployment } from "./deployment-args";

/** The service inputs this module owns. */
export type DeploymentInputs = Pick<
  aws.ecs.ServiceArgs,
  "deploymentConfiguration" | "deploymentCircuitBreaker" | "alarms" | "deploymentMinimumHealthyPercent" | "deploymentMaximumPercent"
>;

/** What ECS needs for a traffic-shifting load balancer (`loadBalancers[].advancedConfiguration`). */
export interface AdvancedConfigurationInputs {
  alternateTargetGroupArn: pulumi.Input<string>;
  productionListenerRule: pulumi.Input<string>;
  testListenerRule: pulumi.Input<string>;
  roleArn: pulumi.Input<string>;
}

/**
 * `alarmNames`: the rollback alarms (none for a service without a target group). `hookRoleArn`: the role ECS
 * invokes the hooks with (the infrastructure role). ECS takes the bake times as integers; @pulumi/aws 7.48 types
 * them as strings.
 */
export function deploymentInputs(
  d: ResolvedDeployment,
  alarmNames: readonly pulumi.Input<string>[],
  hookRoleArn?: pulumi.Input<string>,
): DeploymentInputs {
  const config: aws.types.input.ecs.ServiceDeploymentConfiguration = { strategy: ECS_STRATEGY[d.strategy] };
  if (shiftsTraffic(d.strategy)) {
    config.bakeTimeInMinutes = String(d.bakeTimeMinutes);
    if (d.strategy === "canary")
      config.canaryConfiguration = { canaryPercent: d.canary.percent, canaryBakeTimeInMinutes: String(d.canary.bakeTimeMinutes) };
    if (d.strategy === "linear")
      config.linearConfiguration = { stepPercent: d.linear.stepPercent, stepBakeTimeInMinutes: String(d.linear.stepBakeTimeMinutes) };
    if (d.lifecycleHooks.length > 0) {
      config.lifecycleHooks = d.lifecycleHooks.map((h) => ({
        targetType: "AWS_LAMBDA",
        hookTargetArn: h.functionArn,
        roleArn: hookRoleArn,
        lifecycleStages: [...h.stages],
      }));
    }
  }
  return {
    deploymentConfiguration: config,
    // Tasks that never get healthy stop the deployment in every strategy; the alarms catch tasks that are up but wrong.
    deploymentCircuitBreaker: { enable: true, rollback: true },
    alarms: alarmNames.length === 0 ? undefined : { alarmNames: [...alarmNames], enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
  };
}
