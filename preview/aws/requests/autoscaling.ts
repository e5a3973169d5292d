/** Application Auto Scaling targets and policies → RegisterScalableTarget, PutScalingPolicy. */
import type { CapturedResource } from "../../../policy/engine/types";
import { each, Inputs, Mapped, params, physicalName } from "./reader";

/** Pulumi passes step bounds as strings; the API takes numbers. */
const bound = (value: unknown): unknown =>
  typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;

export function target(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const suspended = inputs.object("suspendedState");
  out.requests.push({
    service: "application-autoscaling",
    operation: "RegisterScalableTarget",
    params: params({
      ServiceNamespace: inputs.get("serviceNamespace"),
      ResourceId: inputs.get("resourceId"),
      ScalableDimension: inputs.get("scalableDimension"),
      MinCapacity: inputs.get("minCapacity"),
      MaxCapacity: inputs.get("maxCapacity"),
      RoleARN: inputs.get("roleArn"),
      SuspendedState: suspended
        ? params({
            DynamicScalingInSuspended: suspended.get("dynamicScalingInSuspended"),
            DynamicScalingOutSuspended: suspended.get("dynamicScalingOutSuspended"),
            ScheduledScalingSuspended: suspended.get("scheduledScalingSuspended"),
          })
        : undefined,
      Tags: inputs.get("tags"),
    }),
  });
}

export function policy(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const tt = inputs.object("targetTrackingScalingPolicyConfiguration");
  const predefined = tt?.object("predefinedMetricSpecification");
  const step = inputs.object("stepScalingPolicyConfiguration");
  out.requests.push({
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    params: params({
      PolicyName: physicalName(inputs, r),
      ServiceNamespace: inputs.get("serviceNamespace"),
      ResourceId: inputs.get("resourceId"),
      ScalableDimension: inputs.get("scalableDimension"),
      PolicyType: inputs.get("policyType"),
      TargetTrackingScalingPolicyConfiguration: tt
        ? params({
            TargetValue: tt.get("targetValue"),
            DisableScaleIn: tt.get("disableScaleIn"),
            ScaleInCooldown: tt.get("scaleInCooldown"),
            ScaleOutCooldown: tt.get("scaleOutCooldown"),
            PredefinedMetricSpecification: predefined
              ? params({ PredefinedMetricType: predefined.get("predefinedMetricType"), ResourceLabel: predefined.get("resourceLabel") })
              : undefined,
          })
        : undefined,
      StepScalingPolicyConfiguration: step
        ? params({
            AdjustmentType: step.get("adjustmentType"),
            Cooldown: step.get("cooldown"),
            MetricAggregationType: step.get("metricAggregationType"),
            MinAdjustmentMagnitude: step.get("minAdjustmentMagnitude"),
            StepAdjustments: each(step.list("stepAdjustments"), (s) =>
              params({
                MetricIntervalLowerBound: bound(s.get("metricIntervalLowerBound")),
                MetricIntervalUpperBound: bound(s.get("metricIntervalUpperBound")),
                ScalingAdjustment: s.get("scalingAdjustment"),
              }),
            ),
          })
        : undefined,
    }),
  });
}
