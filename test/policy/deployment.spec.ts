import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  ecsInfrastructureRoleLeastPrivilege,
  ecsServiceRollingCircuitBreaker,
  ecsServiceTrafficShiftingAlarms,
} from "../../policy/rules/deployment";
import { iamPolicyLeastPrivilege, UNRESTRICTABLE_ACTIONS } from "../../policy/rules/iam";
import { details, res, run, UNKNOWN } from "./harness";

const SVC = "aws:ecs/service:Service";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/2";
const RULE = (n: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb/1/2/${n}`;
const TG = (n: string) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${n}/1`;
const HOOK = "arn:aws:lambda:us-east-1:123456789012:function:check";

describe("deployment safety rules", () => {
  it("ecs-service-rolling-circuit-breaker: rolling (explicit or default) needs enable + rollback; other strategies and controllers are not judged", async () => {
    const report = await run(ecsServiceRollingCircuitBreaker, [
      res(SVC, "pass", { deploymentCircuitBreaker: { enable: true, rollback: true } }),
      res(SVC, "pass-canary", { deploymentConfiguration: { strategy: "CANARY" } }),
      res(SVC, "pass-codedeploy", { deploymentController: { type: "CODE_DEPLOY" } }),
      res(SVC, "fail-unset", {}),
      res(SVC, "fail-no-rollback", {
        deploymentConfiguration: { strategy: "ROLLING" },
        deploymentCircuitBreaker: { enable: true, rollback: false },
      }),
    ]);
    assert.deepStrictEqual(details(report), [
      "fail-no-rollback: rolling deployment with deploymentCircuitBreaker { enable: true, rollback: false }; set deploymentCircuitBreaker: { enable: true, rollback: true }.",
      "fail-unset: rolling deployment with deploymentCircuitBreaker not set; set deploymentCircuitBreaker: { enable: true, rollback: true }.",
    ]);
  });

  it("ecs-service-traffic-shifting-alarms: alarm rollback on alarms that exist in the stack or are declared external", async () => {
    const alarm = res(ALARM, "five", { name: "api-5xx" });
    const on = (names: string[]) => ({ alarmNames: names, enable: true, rollback: true });
    const resources = [
      alarm,
      res(
        SVC,
        "pass",
        { deploymentConfiguration: { strategy: "CANARY" }, alarms: on(["api-5xx"]) },
        { propertyDependencies: { alarms: [alarm] } },
      ),
      res(SVC, "pass-rolling", {}),
      res(SVC, "fail-none", { deploymentConfiguration: { strategy: "BLUE_GREEN" } }),
      res(SVC, "fail-no-rollback", {
        deploymentConfiguration: { strategy: "LINEAR" },
        alarms: { alarmNames: ["api-5xx"], enable: true, rollback: false },
      }),
      res(SVC, "fail-missing", { deploymentConfiguration: { strategy: "CANARY" }, alarms: on(["elsewhere"]) }),
    ];
    assert.deepStrictEqual(details(await run(ecsServiceTrafficShiftingAlarms, resources)), [
      'fail-missing: alarm "elsewhere" is neither defined in this stack nor listed in externalAlarmNames, so nothing shows it exists.',
      "fail-no-rollback: LINEAR deployment without alarm rollback (alarms { enable: true, rollback: false, 1 alarm(s) }); set alarms: { alarmNames: [...], enable: true, rollback: true }.",
      "fail-none: BLUE_GREEN deployment without alarm rollback (alarms not set); set alarms: { alarmNames: [...], enable: true, rollback: true }.",
    ]);
    const external = await run(ecsServiceTrafficShiftingAlarms, resources, {
      config: { "ecs-service-traffic-shifting-alarms": { externalAlarmNames: ["elsewhere"] } },
    });
    assert.ok(!details(external).some((d) => d.startsWith("fail-missing")), "declared external alarms are accepted");
  });

  describe("ecs-infrastructure-role-least-privilege", () => {
    const role = res(
      "aws:iam/role:Role",
      "shifter",
      { assumeRolePolicy: "{}" },
      { outputs: { arn: "arn:aws:iam::123456789012:role/shifter", id: "shifter" } },
    );
    const prodRule = res(
      "aws:lb/listenerRule:ListenerRule",
      "prod",
      { listenerArn: LISTENER },
      { outputs: { arn: RULE("p"), listenerArn: LISTENER } },
    );
    const testRule = res(
      "aws:lb/listenerRule:ListenerRule",
      "test",
      { listenerArn: LISTENER },
      { outputs: { arn: RULE("t"), listenerArn: LISTENER } },
    );
    const svc = res(
      SVC,
      "svc",
      {
        deploymentConfiguration: {
          strategy: "CANARY",
          lifecycleHooks: [{ hookTargetArn: HOOK, roleArn: role.outputs["arn"], lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"] }],
        },
        loadBalancers: [
          {
            targetGroupArn: TG("blue"),
            advancedConfiguration: {
              alternateTargetGroupArn: TG("green"),
              productionListenerRule: RULE("p"),
              testListenerRule: RULE("t"),
              roleArn: role.outputs["arn"],
            },
          },
        ],
      },
      { propertyDependencies: { loadBalancers: [role, prodRule, testRule] } },
    );
    const doc = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const scoped = [
      {
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
        ],
        Resource: "*",
      },
      { Sid: "L", Effect: "Allow", Action: ["elasticloadbalancing:ModifyListener"], Resource: [LISTENER] },
      { Sid: "R", Effect: "Allow", Action: ["elasticloadbalancing:ModifyRule"], Resource: [RULE("p"), RULE("t")] },
      {
        Sid: "T",
        Effect: "Allow",
        Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
        Resource: [TG("blue"), TG("green")],
      },
      { Sid: "H", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [HOOK] },
    ];
    const policy = (name: string, statements: unknown[]) =>
      res("aws:iam/rolePolicy:RolePolicy", name, { role: "shifter", policy: doc(statements) }, { propertyDependencies: { role: [role] } });

    it("accepts exactly the service's listener, rules, target groups and hooks", async () => {
      const report = await run(ecsInfrastructureRoleLeastPrivilege, [role, prodRule, testRule, svc, policy("exact", scoped)]);
      assert.deepStrictEqual(details(report), []);
    });

    it("negative controls: another rule, a wildcard, an extra action, a managed policy (found through the service, whatever the names)", async () => {
      const report = await run(ecsInfrastructureRoleLeastPrivilege, [
        role,
        prodRule,
        testRule,
        svc,
        policy("wide", [
          { Sid: "R", Effect: "Allow", Action: ["elasticloadbalancing:ModifyRule"], Resource: [RULE("p"), RULE("someone-elses")] },
          { Sid: "T", Effect: "Allow", Action: ["elasticloadbalancing:RegisterTargets"], Resource: "*" },
          { Sid: "X", Effect: "Allow", Action: ["elasticloadbalancing:DeleteLoadBalancer"], Resource: "*" },
        ]),
        res(
          "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
          "managed",
          { role: "shifter", policyArn: "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers" },
          { propertyDependencies: { role: [role] } },
        ),
      ]);
      assert.deepStrictEqual(details(report), [
        "managed: infrastructure role shifter: attaches AmazonECSInfrastructureRolePolicyForLoadBalancers, which reaches every listener, rule or target group; use a scoped inline policy.",
        `wide: infrastructure role shifter: statement "R" allows elasticloadbalancing:ModifyRule on "${RULE("someone-elses")}", beyond the service's rules; statement "T" allows elasticloadbalancing:RegisterTargets on "*", beyond the service's target groups; statement "X" allows elasticloadbalancing:DeleteLoadBalancer, which ECS does not need to shift traffic.`,
      ]);
    });

    it("a role from outside the stack is not passed unseen: reported unless declared in externalRoleArns", async () => {
      const outside = "arn:aws:iam::123456789012:role/shared-shifter";
      const svcOutside = res(SVC, "svc-ext", {
        loadBalancers: [
          {
            targetGroupArn: TG("blue"),
            advancedConfiguration: { alternateTargetGroupArn: TG("green"), productionListenerRule: RULE("p"), roleArn: outside },
          },
        ],
      });
      assert.deepStrictEqual(details(await run(ecsInfrastructureRoleLeastPrivilege, [svcOutside])), [
        `svc-ext: infrastructure role ${outside} is defined outside this stack, so its permissions cannot be checked; define it in the stack or list it in externalRoleArns.`,
      ]);
      assert.deepStrictEqual(
        details(
          await run(ecsInfrastructureRoleLeastPrivilege, [svcOutside], {
            config: { "ecs-infrastructure-role-least-privilege": { externalRoleArns: [outside] } },
          }),
        ),
        [],
      );
    });

    it("an unknown policy document in preview is reported as not evaluated, never as a pass", async () => {
      const report = await run(ecsInfrastructureRoleLeastPrivilege, [
        role,
        prodRule,
        testRule,
        svc,
        res(
          "aws:iam/rolePolicy:RolePolicy",
          "pending",
          { role: "shifter", policy: UNKNOWN.string },
          { propertyDependencies: { role: [role] } },
        ),
      ]);
      assert.deepStrictEqual([details(report), report.skipped.length], [[], 1]);
    });
  });

  it('iam-policy-least-privilege accepts the Describe reads on "*" because AWS\'s IAM catalogue lists no resource type for them', async () => {
    const catalogue = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../data/iam/service-authorization.json"), "utf8")) as {
      services: Record<string, { actions: Record<string, [string[], string[]]> }>;
    };
    for (const action of UNRESTRICTABLE_ACTIONS.filter((a) => a.startsWith("elasticloadbalancing:"))) {
      const [service, name] = action.split(":");
      assert.deepStrictEqual(catalogue.services[service].actions[name][0], [], `${action} has no resource types`);
    }
    const describe = res("aws:iam/rolePolicy:RolePolicy", "reads", {
      policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["elasticloadbalancing:DescribeRules"], Resource: "*" }] }),
    });
    const modify = res("aws:iam/rolePolicy:RolePolicy", "writes", {
      policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["elasticloadbalancing:ModifyRule"], Resource: "*" }] }),
    });
    assert.deepStrictEqual(details(await run(iamPolicyLeastPrivilege, [describe, modify])), [
      'writes: statement 1 allows "elasticloadbalancing:ModifyRule" on Resource "*"; scope Resource to the exact ARNs.',
    ]);
  });
});
