/** checkAwsApi over hand-built resources: what is checked, what is reported as not checked, and why. */
import * as assert from "node:assert/strict";
import { checkAwsApi } from "../../preview/aws/check";
import { res, UNKNOWN } from "../policy/harness";

describe("aws-api check: coverage and not-checked reporting", () => {
  it("never passes what it could not see: unknown values, provider-generated names, unmapped types, remote components", () => {
    const component = res("dockyard:ecs:FargateService", "api", {}, { custom: false });
    const remote = res("awsx:ec2:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
    const result = checkAwsApi([
      res("pulumi:pulumi:Stack", "stack", {}, { custom: false }),
      res("pulumi:providers:aws", "default", { region: "us-east-1" }),
      component,
      res(
        "aws:cloudwatch/logGroup:LogGroup",
        "api-logs",
        { name: "/ecs/api", retentionInDays: 7, region: "us-east-1" },
        { parent: component },
      ),
      remote,
      res(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "cpu",
        { comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 1 },
        { outputs: {} },
      ),
      res("aws:ecs/service:Service", "svc", { name: "svc", networkConfiguration: { subnets: [UNKNOWN.string] } }),
      res("aws:s3/bucket:Bucket", "media", { bucket: "media" }),
    ]);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.notChecked.map((n) => `${n.name}: ${n.reason}`),
      [
        "vpc: component with no registered children (a remote component creates its AWS resources inside its plugin, invisible offline)",
        "cpu: cloudwatch:PutMetricAlarm AlarmName: value unknown offline, not checked",
        "svc: ecs:CreateService networkConfiguration.awsvpcConfiguration.subnets[0]: value unknown offline, not checked",
        "media: no AWS request mapping for aws:s3/bucket:Bucket",
      ],
    );
    assert.equal(result.requests, 4);
  });

  it("reports every finding with its resource, request and AWS's message", () => {
    const result = checkAwsApi([res("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/ecs/api logs", retentionInDays: 7 })]);
    assert.deepEqual(result.findings, [
      {
        kind: "aws-api",
        check: "aws-request-invalid",
        urn: "urn:pulumi:test::dockyard::aws:cloudwatch/logGroup:LogGroup::logs",
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "logs",
        where: "logs:CreateLogGroup",
        message:
          "Value '/ecs/api logs' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      },
      {
        kind: "aws-api",
        check: "aws-request-invalid",
        urn: "urn:pulumi:test::dockyard::aws:cloudwatch/logGroup:LogGroup::logs",
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: "logs",
        where: "logs:PutRetentionPolicy",
        message:
          "Value '/ecs/api logs' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      },
    ]);
  });
});
