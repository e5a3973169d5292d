import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import { albResourceLabel } from "./aws-rules";
import { SERVICE_DEFAULTS } from "./defaults";
import type { FargateServiceTransforms, ServiceAutoscalingArgs } from "./fargate-service-args";
import { transform } from "./transform";

/** What the scaling policies attach to. */
export interface ScalingTarget {
  /** ECS cluster name (part of the scalable target's resource id). */
  clusterName: pulumi.Input<string>;
  /** ECS service name (part of the scalable target's resource id). */
  serviceName: pulumi.Input<string>;
  /** ALB ARN, for the request-count policy. @default - no request-count policy */
  loadBalancerArn?: pulumi.Input<string>;
  /** Target group ARN, for the request-count policy. @default - no request-count policy */
  targetGroupArn?: pulumi.Input<string>;
}

/** Scalable target on the service's desired count + target tracking on CPU, memory and (optionally) requests. */
export function createAutoscaling(
  name: string,
  scaling: ServiceAutoscalingArgs,
  target: ScalingTarget,
  t: FargateServiceTransforms,
  parent: pulumi.Resource,
): void {
  const scalable = new aws.appautoscaling.Target(
    ...transform(
      t.scalingTarget,
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${target.clusterName}/${target.serviceName}`,
        minCapacity: scaling.min,
        maxCapacity: scaling.max,
      },
      { parent },
    ),
  );
  const policy = (
    suffix: string,
    metric: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
    value: number,
  ) =>
    new aws.appautoscaling.Policy(
      ...transform(
        t.scalingPolicy,
        `${name}-scale-${suffix}`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: scalable.serviceNamespace,
          scalableDimension: scalable.scalableDimension,
          resourceId: scalable.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: metric,
            targetValue: value,
            scaleInCooldown: 60,
            scaleOutCooldown: 30,
          },
        },
        { parent },
      ),
    );
  policy("cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, scaling.cpuTargetPercent ?? SERVICE_DEFAULTS.cpuTargetPercent);
  policy(
    "memory",
    { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
    scaling.memoryTargetPercent ?? SERVICE_DEFAULTS.memoryTargetPercent,
  );
  if (scaling.requestsPerTarget !== undefined && target.loadBalancerArn !== undefined && target.targetGroupArn !== undefined) {
    const label = pulumi.all([target.loadBalancerArn, target.targetGroupArn]).apply(([lb, tg]) => albResourceLabel(lb, tg));
    policy("requests", { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: label }, scaling.requestsPerTarget);
  }
}
