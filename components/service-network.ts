import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import type { FargateServiceArgs, FargateServiceTransforms, ServiceCaller } from "./fargate-service-args";
import { securityGroupNamePrefix } from "./naming";
import { serviceScope } from "./service-scope";
import { transform } from "./transform";

/** The task security group and the rules the service needs before its tasks start. */
export interface TaskNetwork {
  securityGroup: aws.ec2.SecurityGroup;
  /** HTTPS egress and, when routed, the ALB ↔ task rules: the ECS service waits for these. */
  rules: pulumi.Resource[];
}

/**
 * The task security group. It has no inline rules: every rule is a standalone resource with a description, so
 * rules never fight inline blocks and cross-service references never form a dependency cycle.
 */
export function createTaskSecurityGroup(name: string, args: FargateServiceArgs, port: number, parent: pulumi.Resource): TaskNetwork {
  const t = args.transform ?? {};
  const environment = args.platform.environment;
  const sg = new aws.ec2.SecurityGroup(
    ...transform(
      t.securityGroup,
      `${name}-sg`,
      {
        namePrefix: securityGroupNamePrefix(serviceScope(args.platform), name),
        vpcId: args.platform.network.vpcId,
        description: `Tasks of ${environment}/${name}`,
        tags: { Name: `${environment}-${name}` },
      },
      { parent },
    ),
  );
  const rules: pulumi.Resource[] = [];
  rules.push(
    new aws.vpc.SecurityGroupEgressRule(
      ...transform(
        t.egressRule,
        `${name}-out-https`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: "0.0.0.0/0",
          description: "HTTPS to AWS APIs (ECR, CloudWatch Logs, Secrets Manager) through NAT or VPC endpoints",
        },
        { parent },
      ),
    ),
  );
  const listener = args.platform.listener;
  if (args.routes !== undefined && listener !== undefined) {
    rules.push(
      new aws.vpc.SecurityGroupIngressRule(
        ...transform(
          t.ingressRule,
          `${name}-in-alb`,
          {
            securityGroupId: sg.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            referencedSecurityGroupId: listener.securityGroupId,
            description: `ALB to ${name} on ${port}`,
          },
          { parent },
        ),
      ),
    );
    rules.push(
      new aws.vpc.SecurityGroupEgressRule(
        ...transform(
          t.egressRule,
          `${name}-alb-out`,
          {
            securityGroupId: listener.securityGroupId,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            referencedSecurityGroupId: sg.id,
            description: `ALB to ${name} tasks on ${port}`,
          },
          { parent },
        ),
      ),
    );
  }
  return { securityGroup: sg, rules };
}

/**
 * East-west access: `caller`'s tasks may open connections to this service's tasks on `port` (ingress on the
 * callee's group, egress on the caller's group), both from security group references, never CIDRs. Both rules
 * are children of the callee, created while it is constructed.
 */
export function createCallerRules(
  name: string,
  caller: ServiceCaller,
  calleeSecurityGroupId: pulumi.Input<string>,
  port: number,
  via: string,
  t: FargateServiceTransforms,
  parent: pulumi.Resource,
): void {
  new aws.vpc.SecurityGroupIngressRule(
    ...transform(
      t.ingressRule,
      `${name}-in-${caller.name}`,
      {
        securityGroupId: calleeSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: caller.securityGroupId,
        description: `${caller.name} to ${name} on ${port} (${via})`,
      },
      { parent },
    ),
  );
  new aws.vpc.SecurityGroupEgressRule(
    ...transform(
      t.egressRule,
      `${name}-out-from-${caller.name}`,
      {
        securityGroupId: caller.securityGroupId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        referencedSecurityGroupId: calleeSecurityGroupId,
        description: `${caller.name} to ${name} on ${port} (${via})`,
      },
      { parent },
    ),
  );
}
