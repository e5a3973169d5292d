import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEPLOYMENT_STRATEGIES, LIFECYCLE_STAGES, type DeploymentArgs } from "../../components/deployment";
import { FargateService } from "../../components/fargate-service";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { awsApiProblems } from "../support/aws-api";
import { bareRef, fullRef } from "./platform-fixture";
import { one, ofType, ROOT, runWithMocks, type MockedRun, type RecordedResource } from "../support/run-program";

const digest = "d".repeat(64);
const LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod-alb/abc/def";
const HOOK = "arn:aws:lambda:us-east-1:123456789012:function:smoke-test";
const base: FargateServiceArgs = {
  platform: fullRef("prod"),
  image: { kind: "prebuilt", uri: `999999999999.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${digest}` },
  routes: { pathPatterns: ["/api*"], priority: 42 },
};

function run(deployment: DeploymentArgs | undefined, patch: Partial<FargateServiceArgs> = {}): Promise<MockedRun<FargateService>> {
  return runWithMocks("prod", { "aws:region": "us-east-1" }, [], () => new FargateService("api", { ...base, ...patch, deployment }));
}

const arn = (r: RecordedResource): string => String(r.outputs["arn"]);
const svcInputs = (r: MockedRun<FargateService>) => one(r, "aws:ecs/service:Service", "api-svc").inputs;

function expectedAlarmQueries(groups: RecordedResource[]): { errors: unknown[]; latency: unknown[] } {
  const dims = (tg: RecordedResource) => ({ LoadBalancer: "app/prod-alb/abc", TargetGroup: arn(tg).slice(arn(tg).lastIndexOf(":") + 1) });
  const metric = (id: string, metricName: string, stat: string, tg: RecordedResource) => ({
    id,
    returnData: false,
    metric: { namespace: "AWS/ApplicationELB", metricName, stat, period: 60, dimensions: dims(tg) },
  });
  const errors: unknown[] = groups.flatMap((tg, i) => [
    metric(`errors${i}`, "HTTPCode_Target_5XX_Count", "Sum", tg),
    metric(`requests${i}`, "RequestCount", "Sum", tg),
    { id: `share${i}`, returnData: false, expression: `IF(requests${i} > 0, 100 * FILL(errors${i}, 0) / requests${i}, 0)` },
  ]);
  errors.push({
    id: "errorShare",
    label: "5xx share of target responses (%)",
    returnData: true,
    expression: groups.length === 1 ? "share0" : "MAX([share0, share1])",
  });
  const latency: unknown[] = groups.map((tg, i) => metric(`latency${i}`, "TargetResponseTime", "p99", tg));
  latency.push({
    id: "responseTime",
    label: "p99 target response time (s)",
    returnData: true,
    expression: groups.length === 1 ? "latency0" : "MAX([latency0, latency1])",
  });
  return { errors, latency };
}

describe("FargateService deployment strategies (components/deployment under MockAws)", () => {
  it("rolling (default): one target group and rule, circuit breaker and both alarms wired to rollback", async () => {
    const r = await run(undefined);
    assert.deepEqual(
      ofType(r, "aws:lb/targetGroup:TargetGroup").map((x) => x.name),
      ["api-tg"],
    );
    assert.deepEqual(
      ofType(r, "aws:lb/listenerRule:ListenerRule").map((x) => x.name),
      ["api-rule"],
    );
    assert.deepEqual(
      ofType(r, "aws:iam/role:Role")
        .map((x) => x.name)
        .sort(),
      ["api-exec-role", "api-task-role"],
    );
    const svc = svcInputs(r);
    assert.deepEqual(svc["deploymentConfiguration"], { strategy: "ROLLING" });
    assert.deepEqual(svc["deploymentCircuitBreaker"], { enable: true, rollback: true });
    assert.deepEqual(svc["alarms"], {
      alarmNames: ["prod-1e0db6-api-5xx-share", "prod-1e0db6-api-p99-latency"],
      enable: true,
      rollback: true,
    });
    assert.deepEqual([svc["deploymentMinimumHealthyPercent"], svc["deploymentMaximumPercent"]], [100, 200]);
    assert.equal((svc["loadBalancers"] as Record<string, unknown>[])[0]["advancedConfiguration"], undefined);
    const tg = one(r, "aws:lb/targetGroup:TargetGroup", "api-tg");
    const { errors, latency } = expectedAlarmQueries([tg]);
    const five = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "api-5xx-alarm").inputs;
    assert.deepEqual(five, {
      name: "prod-1e0db6-api-5xx-share",
      alarmDescription: "api: more than 5 % of target responses are 5xx; ECS rolls the deployment back",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      metricQueries: errors,
    });
    const slow = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "api-latency-alarm").inputs;
    assert.deepEqual([slow["name"], slow["threshold"], slow["metricQueries"]], ["prod-1e0db6-api-p99-latency", 2, latency]);
    for (const x of r.resources.filter((x) => x.custom)) assert.deepEqual(awsApiProblems(x), [], x.name);
  });

  it("an internal-only service: rolling with circuit breaker, no alarms (no target group to watch)", async () => {
    const r = await run(undefined, { platform: bareRef("prod"), routes: undefined });
    assert.deepEqual(ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm"), []);
    assert.equal(svcInputs(r)["alarms"], undefined);
    assert.deepEqual(svcInputs(r)["deploymentCircuitBreaker"], { enable: true, rollback: true });
  });

  for (const strategy of ["blueGreen", "canary", "linear"] as const) {
    it(`${strategy}: alternate target group, production + test rule on both groups, scoped infrastructure role, alarms over both groups`, async () => {
      const r = await run({
        strategy,
        lifecycleHooks: [{ functionArn: HOOK, stages: ["POST_TEST_TRAFFIC_SHIFT"] }],
        alarms: { errorPercent: 2, responseTimeSeconds: 1.5 },
      });
      const tg = one(r, "aws:lb/targetGroup:TargetGroup", "api-tg");
      const alt = one(r, "aws:lb/targetGroup:TargetGroup", "api-tg-alt");
      const { name: primaryName, ...primaryRest } = tg.inputs;
      const { name: altName, ...altRest } = alt.inputs;
      assert.match(String(primaryName), /^prod-api-8080-[0-9a-f]{4}$/);
      assert.equal(altName, `${String(primaryName)}-alt`);
      assert.deepEqual(altRest, primaryRest, "the alternate group has the primary's settings");

      const forward = [
        {
          type: "forward",
          forward: {
            targetGroups: [
              { arn: arn(tg), weight: 100 },
              { arn: arn(alt), weight: 0 },
            ],
          },
        },
      ];
      const prodRule = one(r, "aws:lb/listenerRule:ListenerRule", "api-rule");
      const testRule = one(r, "aws:lb/listenerRule:ListenerRule", "api-test-rule");
      assert.deepEqual(prodRule.inputs, {
        listenerArn: LISTENER,
        priority: 42,
        actions: forward,
        conditions: [{ pathPattern: { values: ["/api*"] } }],
      });
      assert.deepEqual(testRule.inputs, {
        listenerArn: LISTENER,
        priority: 41,
        actions: forward,
        conditions: [{ pathPattern: { values: ["/api*"] } }, { httpHeader: { httpHeaderName: "x-dockyard-test", values: ["true"] } }],
      });
      assert.deepEqual([prodRule.ignoreChanges, testRule.ignoreChanges], [["actions"], ["actions"]], "ECS owns the weights");

      const role = one(r, "aws:iam/role:Role", "api-infra-role");
      assert.deepEqual(JSON.parse(String(role.inputs["assumeRolePolicy"])), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EcsAssumesForTrafficShifting",
            Effect: "Allow",
            Principal: { Service: "ecs.amazonaws.com" },
            Action: ["sts:AssumeRole"],
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
          },
        ],
      });
      const policy = one(r, "aws:iam/rolePolicy:RolePolicy", "api-infra-policy");
      assert.deepEqual(JSON.parse(String(policy.inputs["policy"])).Statement, [
        {
          Sid: "DescribeLoadBalancing",
          Effect: "Allow",
          Action: [
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetHealth",
          ],
          Resource: "*",
        },
        { Sid: "ShiftListener", Effect: "Allow", Action: ["elasticloadbalancing:ModifyListener"], Resource: [LISTENER] },
        {
          Sid: "ShiftRules",
          Effect: "Allow",
          Action: ["elasticloadbalancing:ModifyRule"],
          Resource: [arn(prodRule), arn(testRule)].sort(),
        },
        {
          Sid: "RegisterTasks",
          Effect: "Allow",
          Action: ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
          Resource: [arn(tg), arn(alt)].sort(),
        },
        { Sid: "InvokeLifecycleHooks", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [HOOK] },
      ]);

      const svc = svcInputs(r);
      const roleArn = arn(role);
      const expected: Record<string, unknown> = {
        strategy: { blueGreen: "BLUE_GREEN", canary: "CANARY", linear: "LINEAR" }[strategy],
        bakeTimeInMinutes: "5",
        lifecycleHooks: [{ targetType: "AWS_LAMBDA", hookTargetArn: HOOK, roleArn, lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
      };
      if (strategy === "canary") expected["canaryConfiguration"] = { canaryPercent: 10, canaryBakeTimeInMinutes: "5" };
      if (strategy === "linear") expected["linearConfiguration"] = { stepPercent: 25, stepBakeTimeInMinutes: "2" };
      assert.deepEqual(svc["deploymentConfiguration"], expected);
      assert.deepEqual(svc["loadBalancers"], [
        {
          targetGroupArn: arn(tg),
          containerName: "api",
          containerPort: 8080,
          advancedConfiguration: {
            alternateTargetGroupArn: arn(alt),
            productionListenerRule: arn(prodRule),
            testListenerRule: arn(testRule),
            roleArn,
          },
        },
      ]);
      assert.deepEqual(svc["alarms"], {
        alarmNames: ["prod-1e0db6-api-5xx-share", "prod-1e0db6-api-p99-latency"],
        enable: true,
        rollback: true,
      });
      assert.deepEqual(svc["deploymentCircuitBreaker"], { enable: true, rollback: true });
      const { errors, latency } = expectedAlarmQueries([tg, alt]);
      const five = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "api-5xx-alarm").inputs;
      assert.deepEqual([five["threshold"], five["metricQueries"]], [2, errors]);
      const slow = one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "api-latency-alarm").inputs;
      assert.deepEqual([slow["threshold"], slow["metricQueries"]], [1.5, latency]);

      const service = one(r, "aws:ecs/service:Service", "api-svc");
      for (const dep of [prodRule, testRule, policy, alt])
        assert.ok(service.dependencies.includes(dep.urn), `the service waits for ${dep.name}`);
      for (const x of r.resources.filter((x) => x.custom)) assert.deepEqual(awsApiProblems(x), [], x.name);
    });
  }

  it("AWS's ECS model refuses a broken deployment configuration (the aws-api check can fail)", async () => {
    const svc = one(await run({ strategy: "canary" }), "aws:ecs/service:Service", "api-svc");
    const config = svc.inputs["deploymentConfiguration"] as Record<string, unknown>;
    assert.deepEqual(
      awsApiProblems({ ...svc, inputs: { ...svc.inputs, deploymentConfiguration: { ...config, strategy: "CANARY_TYPO" } } }),
      [
        "aws-request-invalid ecs:CreateService: Value 'CANARY_TYPO' at 'deploymentConfiguration.strategy' failed to satisfy constraint: Member must satisfy enum value set: [ROLLING, BLUE_GREEN, LINEAR, CANARY]",
      ],
    );
  });

  it("refuses what ECS would refuse, naming the arg, before any child exists", async () => {
    await assert.rejects(
      run({ strategy: "canary" }, { routes: undefined }),
      /`deployment\.strategy` got "canary"; allowed: "rolling" for a service without routes/,
    );
    await assert.rejects(
      run({ strategy: "canary", canary: { percent: 0 } }),
      /`deployment\.canary\.percent` got 0; allowed: a number from 0\.1 to 100/,
    );
    await assert.rejects(
      run({ strategy: "rolling", lifecycleHooks: [{ functionArn: HOOK, stages: ["PRE_SCALE_UP"] }] }),
      /`deployment\.lifecycleHooks` got 1; allowed: no hooks with strategy "rolling"/,
    );
    await assert.rejects(
      run({ strategy: "linear", linear: { stepPercent: 2 } }),
      /`deployment\.linear\.stepPercent` got 2; allowed: a number from 3 to 100/,
    );
  });

  it("the lifecycle stages and strategies are AWS's: a subset of the ECS model's enums", () => {
    const model = JSON.parse(fs.readFileSync(path.join(ROOT, "data/aws-models/ecs.json"), "utf8")) as {
      shapes: Record<string, { enum?: string[] }>;
    };
    const stages = model.shapes["DeploymentLifecycleHookStage"].enum ?? [];
    assert.deepEqual(
      LIFECYCLE_STAGES.filter((s) => !stages.includes(s)),
      [],
    );
    assert.deepEqual(
      stages.filter((s) => !(LIFECYCLE_STAGES as readonly string[]).includes(s)),
      ["PRE_PRODUCTION_TRAFFIC_SHIFT"],
      "only the stage @pulumi/aws 7.48 does not list is left out",
    );
    assert.deepEqual(DEPLOYMENT_STRATEGIES.length, (model.shapes["DeploymentStrategy"].enum ?? []).length);
  });
});
