/** CloudWatch metric alarms → PutMetricAlarm. */
import type { CapturedResource } from "../../../policy/engine/types";
import { each, Inputs, Mapped, params, physicalName, tagList } from "./reader";

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
      Metrics: each(inputs.list("metricQueries"), (q) => {
        const m = q.object("metric");
        return params({
          Id: q.get("id"),
          Expression: q.get("expression"),
          Label: q.get("label"),
          ReturnData: q.get("returnData"),
          Period: q.get("period"),
          AccountId: q.get("accountId"),
          MetricStat: m
            ? params({
                Metric: params({
                  Namespace: m.get("namespace"),
                  MetricName: m.get("metricName"),
                  Dimensions: tagList(m.get("dimensions"), "Name", "Value"),
                }),
                Period: m.get("period"),
                Stat: m.get("stat"),
                Unit: m.get("unit"),
              })
            : undefined,
        });
      }),
      Tags: tagList(inputs.get("tags")),
    }),
  });
}
