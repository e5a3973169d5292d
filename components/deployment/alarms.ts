/**
 * Rollback alarms on a service's target groups: the share of 5xx target responses (metric math over
 * HTTPCode_Target_5XX_Count / RequestCount) and the p99 TargetResponseTime, each the worst over the service's
 * groups, so the alarm sees the new tasks whichever group (primary or alternate) they are in. Pure builders.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedDeployment } from "./deployment-args";

/** One target group's CloudWatch dimensions: the ALB's `app/<name>/<id>` and the group's `targetgroup/<name>/<id>`. */
export interface TargetGroupDimensions {
  loadBalancer: pulumi.Input<string>;
  targetGroup: pulumi.Input<string>;
}

/** `app/<name>/<id>` of an ALB ARN (CloudWatch's LoadBalancer dimension). */
export function loadBalancerDimension(arn: string): string {
  const i = arn.indexOf(":loadbalancer/");
  return i < 0 ? arn : arn.slice(i + ":loadbalancer/".length);
}

/** `targetgroup/<name>/<id>` of a target group ARN (CloudWatch's TargetGroup dimension). */
export function targetGroupDimension(arn: string): string {
  const i = arn.lastIndexOf(":");
  return i < 0 ? arn : arn.slice(i + 1);
}

type Alarms = ResolvedDeployment["alarms"];
type Query = aws.types.input.cloudwatch.MetricAlarmMetricQuery;

function metric(id: string, metricName: string, stat: string, g: TargetGroupDimensions, period: number): Query {
  return {
    id,
    returnData: false,
    metric: {
      namespace: "AWS/ApplicationELB",
      metricName,
      stat,
      period,
      dimensions: { LoadBalancer: g.loadBalancer, TargetGroup: g.targetGroup },
    },
  };
}

/** The worst of per-group series: the series itself for one group, `MAX([...])` for more. */
function worst(id: string, label: string, series: string[]): Query {
  return { id, label, returnData: true, expression: series.length === 1 ? series[0] : `MAX([${series.join(", ")}])` };
}

function common(alarmName: string, description: string, a: Alarms, threshold: number): aws.cloudwatch.MetricAlarmArgs {
  return {
    name: alarmName,
    alarmDescription: description,
    comparisonOperator: "GreaterThanThreshold",
    threshold,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    // No requests means no errors: an idle service must not roll back.
    treatMissingData: "notBreaching",
  };
}

/** 5xx share in percent of each group (`0` while it gets no requests), alarmed on the worst. */
export function errorShareAlarmArgs(
  alarmName: string,
  service: string,
  a: Alarms,
  groups: readonly TargetGroupDimensions[],
): aws.cloudwatch.MetricAlarmArgs {
  const queries: Query[] = [];
  const shares: string[] = [];
  groups.forEach((g, i) => {
    queries.push(
      metric(`errors${i}`, "HTTPCode_Target_5XX_Count", "Sum", g, a.periodSeconds),
      metric(`requests${i}`, "RequestCount", "Sum", g, a.periodSeconds),
    );
    queries.push({ id: `share${i}`, returnData: false, expression: `IF(requests${i} > 0, 100 * FILL(errors${i}, 0) / requests${i}, 0)` });
    shares.push(`share${i}`);
  });
  queries.push(worst("errorShare", "5xx share of target responses (%)", shares));
  return {
    ...common(
      alarmName,
      `${service}: more than ${a.errorPercent} % of target responses are 5xx; ECS rolls the deployment back`,
      a,
      a.errorPercent,
    ),
    metricQueries: queries,
  };
}

/** p99 target response time of each group, alarmed on the worst. */
export function responseTimeAlarmArgs(
  alarmName: string,
  service: string,
  a: Alarms,
  groups: readonly TargetGroupDimensions[],
): aws.cloudwatch.MetricAlarmArgs {
  const queries: Query[] = groups.map((g, i) => metric(`latency${i}`, "TargetResponseTime", "p99", g, a.periodSeconds));
  queries.push(
    worst(
      "responseTime",
      "p99 target response time (s)",
      queries.map((q) => String(q.id)),
    ),
  );
  return {
    ...common(
      alarmName,
      `${service}: p99 target response time above ${a.responseTimeSeconds} s; ECS rolls the deployment back`,
      a,
      a.responseTimeSeconds,
    ),
    metricQueries: queries,
  };
}
