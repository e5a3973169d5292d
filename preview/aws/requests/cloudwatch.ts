/** CloudWatch metric alarms → PutMetricAlarm. */
import type { CapturedResource } from "../../../policy/engine/types";
import { Inputs, Mapped, params, physicalName, tagList } from "./reader";

export function metricAlarm(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const dimensions = inputs.get("dimensions");
  out.requests.push({
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    params: params({
      AlarmName: physicalName(inputs, r),
      AlarmDescription: inputs.get("alarmDescription"),
      ActionsEnabled: inputs.get("actionsEnabled"),
      AlarmActions: inputs.get("alarmActions"),
      OKActions: inputs.get("okActions"),
      InsufficientDataActions: inputs.get("insufficientDataActions"),
      ComparisonOperator: inputs.get("comparisonOperator"),
      EvaluationPeriods: inputs.get("evaluationPeriods"),
      DatapointsToAlarm: inputs.get("datapointsToAlarm"),
      MetricName: inputs.get("metricName"),
      Namespace: inputs.get("namespace"),
      Period: inputs.get("period"),
      Statistic: inputs.get("statistic"),
      ExtendedStatistic: inputs.get("extendedStatistic"),
      Threshold: inputs.get("threshold"),
      ThresholdMetricId: inputs.get("thresholdMetricId"),
      TreatMissingData: inputs.get("treatMissingData"),
      EvaluateLowSampleCountPercentile: inputs.get("evaluateLowSampleCountPercentiles"),
      Unit: inputs.get("unit"),
      Dimensions: tagList(dimensions, "Name", "Value"),
      Tags: tagList(inputs.get("tags")),
    }),
  });
}
