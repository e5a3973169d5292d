import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import { SERVICE_DEFAULTS } from "./defaults";
import { createShiftRouting, resolveDeployment, shiftsTraffic, type ShiftRouting } from "./deployment";
import type { FargateServiceArgs } from "./fargate-service-args";
import { targetGroupName } from "./naming";
import { serviceScope } from "./service-scope";
import { transform } from "./transform";

/** The ALB side of a service. */
export interface ServiceRouting {
  targetGroup: aws.lb.TargetGroup;
  listenerRule: aws.lb.ListenerRule;
  /** Alternate target group and test rule, for a traffic-shifting deployment strategy. */
  shift?: ShiftRouting;
}

/**
 * Target group (type `ip`, fast health checks, short draining) named from the service, port and VPC, and the
 * listener rule that forwards to it. Validation guarantees `routes`, a priority and a listener.
 */
export function createServiceRouting(name: string, args: FargateServiceArgs, port: number, parent: pulumi.Resource): ServiceRouting {
  const t = args.transform ?? {};
  const routes = args.routes ?? {};
  const listenerArn = args.platform.listener?.arn ?? "";
  const hc = args.healthCheck ?? {};
  const cidr = args.platform.network.vpcCidr;
  const scope = serviceScope(args.platform);
  const tgName =
    typeof cidr === "string"
      ? targetGroupName(scope, name, { port, vpcCidr: cidr })
      : pulumi.output(cidr).apply((vpcCidr) => targetGroupName(scope, name, { port, vpcCidr }));
  // A replacement (new port → new name) must exist before the old group is detached and deleted.
  const tgArgs: aws.lb.TargetGroupArgs = {
    name: tgName,
    port,
    protocol: "HTTP",
    targetType: "ip",
    vpcId: args.platform.network.vpcId,
    deregistrationDelay: args.deregistrationDelaySeconds ?? SERVICE_DEFAULTS.deregistrationDelaySeconds,
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
  const targetGroup = new aws.lb.TargetGroup(...transform(t.targetGroup, `${name}-tg`, tgArgs, { parent }));

  const conditions: aws.types.input.lb.ListenerRuleCondition[] = [];
  if ((routes.pathPatterns ?? []).length > 0) conditions.push({ pathPattern: { values: [...(routes.pathPatterns ?? [])] } });
  if ((routes.hostHeaders ?? []).length > 0) conditions.push({ hostHeader: { values: [...(routes.hostHeaders ?? [])] } });
  const deployment = resolveDeployment(args.deployment);
  if (shiftsTraffic(deployment.strategy)) {
    const shift = createShiftRouting(
      name,
      targetGroup,
      tgArgs,
      { listenerArn, priority: routes.priority ?? 0, actions: [], conditions },
      deployment,
      parent,
      t,
    );
    return { targetGroup, listenerRule: shift.productionRule, shift };
  }
  const listenerRule = new aws.lb.ListenerRule(
    ...transform(
      t.listenerRule,
      `${name}-rule`,
      {
        listenerArn,
        priority: routes.priority,
        actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        conditions,
      },
      { parent },
    ),
  );
  return { targetGroup, listenerRule };
}
