/**
 * Per-service deployment strategies and alarm rollback: the children a `deployment` setting adds to a
 * FargateService, and the ECS service inputs it decides.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "../aws";
import type { FargateServiceArgs } from "../fargate-service-args";
import { transform, type Transform } from "../transform";
import { scopeId } from "../naming";
import { serviceScope } from "../service-scope";
import {
  errorShareAlarmArgs,
  loadBalancerDimension,
  responseTimeAlarmArgs,
  targetGroupDimension,
  type TargetGroupDimensions,
} from "./alarms";
import { resolveDeployment, shiftsTraffic, type ResolvedDeployment } from "./deployment-args";
import { infrastructurePolicyJson, infrastructureTrustJson } from "./role-json";
import { deploymentInputs, type AdvancedConfigurationInputs, type DeploymentInputs } from "./service-inputs";
import { alternateTargetGroupName, forwardToBoth, testRuleArgs, type RuleInputs } from "./traffic";

export * from "./alarms";
export * from "./deployment-args";
export * from "./problems";
export * from "./role";
export * from "./service-inputs";
export * from "./timing";
export * from "./traffic";

/** The routing children of a traffic-shifting service. */
export interface ShiftRouting {
  alternateTargetGroup: aws.lb.TargetGroup;
  productionRule: aws.lb.ListenerRule;
  testRule: aws.lb.ListenerRule;
}

/**
 * The alternate target group (a copy of the primary's settings under its own name), the production rule
 * forwarding to both and the test rule. ECS changes both rules' weights during a deployment, so Pulumi ignores
 * drift in their `actions`. The service's `targetGroup` and `listenerRule` transforms apply to these too.
 */
export function createShiftRouting(
  name: string,
  primary: aws.lb.TargetGroup,
  tgArgs: aws.lb.TargetGroupArgs,
  ruleArgs: RuleInputs,
  d: ResolvedDeployment,
  parent: pulumi.Resource,
  t: { targetGroup?: Transform<aws.lb.TargetGroupArgs>; listenerRule?: Transform<aws.lb.ListenerRuleArgs> } = {},
): ShiftRouting {
  const altName = pulumi.output(tgArgs.name).apply((primary) => alternateTargetGroupName(primary ?? name));
  const alternateTargetGroup = new aws.lb.TargetGroup(
    ...transform(t.targetGroup, `${name}-tg-alt`, { ...tgArgs, name: altName }, { parent }),
  );
  const production: RuleInputs = {
    listenerArn: ruleArgs.listenerArn,
    priority: ruleArgs.priority,
    conditions: ruleArgs.conditions,
    actions: forwardToBoth(primary.arn, alternateTargetGroup.arn),
  };
  const productionRule = new aws.lb.ListenerRule(
    ...transform(t.listenerRule, `${name}-rule`, { ...production }, { parent, ignoreChanges: ["actions"] }),
  );
  const testRule = new aws.lb.ListenerRule(
    ...transform(
      t.listenerRule,
      `${name}-test-rule`,
      { ...testRuleArgs(production, d.testHeaderName) },
      { parent, ignoreChanges: ["actions"] },
    ),
  );
  return { alternateTargetGroup, productionRule, testRule };
}

/** What the ECS service of a load-balanced service is attached to. */
export interface DeploymentRouting {
  targetGroup: aws.lb.TargetGroup;
  listenerRule: aws.lb.ListenerRule;
  shift?: ShiftRouting;
}

/** The children `createDeploymentResources` made and what the ECS service takes from them. */
export interface DeploymentResources {
  deployment: ResolvedDeployment;
  alarms: aws.cloudwatch.MetricAlarm[];
  infrastructureRole?: aws.iam.Role;
  infrastructureRolePolicy?: aws.iam.RolePolicy;
  /** Service inputs: strategy, circuit breaker, alarms. */
  inputs: DeploymentInputs;
  /** For `loadBalancers[0].advancedConfiguration` (traffic-shifting strategies). */
  advancedConfiguration?: AdvancedConfigurationInputs;
  /** What the ECS service must wait for (the role's permissions, the test rule). */
  ready: pulumi.Resource[];
}

/** Alarms (load-balanced services) and, for traffic shifting, the infrastructure role; then the service inputs. */
export function createDeploymentResources(
  name: string,
  args: FargateServiceArgs,
  routing: DeploymentRouting | undefined,
  parent: pulumi.Resource,
): DeploymentResources {
  const d = resolveDeployment(args.deployment);
  const listener = args.platform.listener;
  const alarms =
    routing === undefined || listener === undefined ? [] : createAlarms(name, args, listener.loadBalancerArn, routing, d, parent);
  const alarmNames = alarms.map((a) => a.name);
  const shift = routing?.shift;
  if (!shiftsTraffic(d.strategy) || shift === undefined || listener === undefined || routing === undefined) {
    return { deployment: d, alarms, inputs: deploymentInputs(d, alarmNames), ready: [] };
  }
  const t = args.transform ?? {};
  const infrastructureRole = new aws.iam.Role(
    ...transform(
      t.role,
      `${name}-infra-role`,
      {
        description: `ECS infrastructure role of ${args.platform.environment}/${name}: shift traffic between its two target groups`,
        assumeRolePolicy: infrastructureTrustJson(args.platform.accountId),
      },
      { parent },
    ),
  );
  const infrastructureRolePolicy = new aws.iam.RolePolicy(
    ...transform(
      t.rolePolicy,
      `${name}-infra-policy`,
      {
        role: infrastructureRole.id,
        policy: infrastructurePolicyJson({
          listenerArn: listener.arn,
          ruleArns: [shift.productionRule.arn, shift.testRule.arn],
          targetGroupArns: [routing.targetGroup.arn, shift.alternateTargetGroup.arn],
          hookFunctionArns: d.lifecycleHooks.map((h) => h.functionArn),
        }),
      },
      { parent },
    ),
  );
  return {
    deployment: d,
    alarms,
    infrastructureRole,
    infrastructureRolePolicy,
    inputs: deploymentInputs(d, alarmNames, infrastructureRole.arn),
    advancedConfiguration: {
      alternateTargetGroupArn: shift.alternateTargetGroup.arn,
      productionListenerRule: shift.productionRule.arn,
      testListenerRule: shift.testRule.arn,
      roleArn: infrastructureRole.arn,
    },
    ready: [infrastructureRolePolicy, shift.testRule, shift.alternateTargetGroup],
  };
}

/** `<scope>-<service>-5xx-share` and `<scope>-<service>-p99-latency` over the service's groups. */
function createAlarms(
  name: string,
  args: FargateServiceArgs,
  loadBalancerArn: pulumi.Input<string>,
  routing: DeploymentRouting,
  d: ResolvedDeployment,
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
  const lb = pulumi.output(loadBalancerArn).apply(loadBalancerDimension);
  const groups: TargetGroupDimensions[] = [routing.targetGroup, ...(routing.shift ? [routing.shift.alternateTargetGroup] : [])].map(
    (tg) => ({ loadBalancer: lb, targetGroup: tg.arn.apply(targetGroupDimension) }),
  );
  const prefix = `${scopeId(serviceScope(args.platform))}-${name}`;
  const t = args.transform?.alarm;
  return [
    new aws.cloudwatch.MetricAlarm(
      ...transform(t, `${name}-5xx-alarm`, errorShareAlarmArgs(`${prefix}-5xx-share`, name, d.alarms, groups), { parent }),
    ),
    new aws.cloudwatch.MetricAlarm(
      ...transform(t, `${name}-latency-alarm`, responseTimeAlarmArgs(`${prefix}-p99-latency`, name, d.alarms, groups), { parent }),
    ),
  ];
}
