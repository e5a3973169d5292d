import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { createShiftRouting, resolveDeployment, shiftsTraffic, type ShiftRouting } from "./deployment";
import { SERVICE_DEFAULTS, type FargateServiceArgs, type ServiceLoadBalancerArgs } from "./fargate-service-args";

/** The ALB side of a service. */
export interface ServiceRouting {
  targetGroup: aws.lb.TargetGroup;
  listenerRule: aws.lb.ListenerRule;
  /** Alternate target group and test rule, for a traffic-shifting deployment strategy. */
  shift?: ShiftRouting;
}

/**
 * Target group (type `ip`, fast health checks, short draining) and the listener rule that forwards to it; for a
 * traffic-shifting deployment also the alternate group and the test rule (see `../deployment`).
 */
export function createServiceRouting(name: string, args: FargateServiceArgs, lb: ServiceLoadBalancerArgs, port: number, parent: pulumi.Resource): ServiceRouting {
  const t = args.transform ?? {};
  const hc = lb.healthCheck ?? {};
  const tgArgs: aws.lb.TargetGroupArgs & { name: string } = {
    name: lb.targetGroupName,
    port,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: args.vpcId,
    deregistrationDelay: lb.deregistrationDelaySeconds ?? SERVICE_DEFAULTS.deregistrationDelaySeconds,
    healthCheck: {
      enabled: true,
      path: hc.path ?? SERVICE_DEFAULTS.healthCheckPath,
      port: "traffic-port",
      protocol: "HTTP",
      interval: hc.intervalSeconds ?? SERVICE_DEFAULTS.healthCheckIntervalSeconds,
      timeout: hc.timeoutSeconds ?? SERVICE_DEFAULTS.healthCheckTimeoutSeconds,
      healthyThreshold: hc.healthyThreshold ?? SERVICE_DEFAULTS.healthyThreshold,
      unhealthyThreshold: hc.unhealthyThreshold ?? SERVICE_DEFAULTS.unhealthyThreshold,
      matcher: hc.matcher ?? SERVICE_DEFAULTS.healthCheckMatcher,
    },
  };
  // A replacement (new port → new name) must exist before the old group is detached and deleted.
  const targetGroup = new aws.lb.TargetGroup(`${name}-tg`, t.targetGroup ? t.targetGroup(tgArgs) : tgArgs, { parent });

  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
  if ((lb.pathPatterns ?? []).length > 0) conditions.push({ pathPattern: { values: [...(lb.pathPatterns ?? [])] } });
  if ((lb.hostHeaders ?? []).length > 0) conditions.push({ hostHeader: { values: [...(lb.hostHeaders ?? [])] } });
  const ruleArgs = {
    listenerArn: lb.listenerArn,
    priority: lb.priority,
    actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
    conditions,
  };
  const deployment = resolveDeployment(args.deployment);
  if (shiftsTraffic(deployment.strategy)) {
    const shift = createShiftRouting(name, targetGroup, tgArgs, ruleArgs, deployment, parent, { targetGroup: t.targetGroup, listenerRule: t.listenerRule });
    return { targetGroup, listenerRule: shift.productionRule, shift };
  }
  const listenerRule = new aws.lb.ListenerRule(`${name}-rule`, t.listenerRule ? t.listenerRule(ruleArgs) : ruleArgs, { parent });
  return { targetGroup, listenerRule };
}
