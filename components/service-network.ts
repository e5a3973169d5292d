import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { FargateServiceArgs } from "./fargate-service-args";
import { securityGroupNamePrefix } from "./naming";
import { serviceScope } from "./service-scope";

/** The task security group and the rules the service needs before its tasks start. */
export interface TaskNetwork {
  securityGroup: aws.ec2.SecurityGroup;
  /** HTTPS egress and, when load balanced, the ALB ↔ task rules: the ECS service waits for these. */
  rules: pulumi.Resource[];
}

/**
 * The task security group. It has no inline rules: every rule is a standalone resource with a description, so
 * rules never fight inline blocks and cross-service references never form a dependency cycle.
 */
export function createTaskSecurityGroup(name: string, args: FargateServiceArgs, port: number, parent: pulumi.Resource): TaskNetwork {
  const sgArgs: aws.ec2.SecurityGroupArgs = {
    namePrefix: securityGroupNamePrefix(serviceScope(args), name),
    vpcId: args.vpcId,
    description: `Tasks of ${args.environment}/${name}`,
    tags: { Name: `${args.environment}-${name}` },
  };
  const sg = new aws.ec2.SecurityGroup(`${name}-sg`, args.transform?.securityGroup ? args.transform.securityGroup(sgArgs) : sgArgs, { parent });
  const rules: pulumi.Resource[] = [];
  rules.push(new aws.vpc.SecurityGroupEgressRule(`${name}-out-https`, {
    securityGroupId: sg.id,
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: "0.0.0.0/0",
    description: "HTTPS to AWS APIs (ECR, CloudWatch Logs, Secrets Manager) through NAT or VPC endpoints",
  }, { parent }));
  if (args.loadBalancer !== undefined) {
    rules.push(new aws.vpc.SecurityGroupIngressRule(`${name}-in-alb`, {
      securityGroupId: sg.id,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: args.loadBalancer.securityGroupId,
      description: `ALB to ${name} on ${port}`,
    }, { parent }));
    rules.push(new aws.vpc.SecurityGroupEgressRule(`${name}-alb-out`, {
      securityGroupId: args.loadBalancer.securityGroupId,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: sg.id,
      description: `ALB to ${name} tasks on ${port}`,
    }, { parent }));
  }
  return { securityGroup: sg, rules };
}

/**
 * East-west access: `caller`'s tasks may open connections to this service's tasks on `port` (ingress on the
 * callee's group, egress on the caller's group), both from security group references, never CIDRs.
 */
export function createCallerRules(
  name: string,
  callerName: string,
  calleeSecurityGroupId: pulumi.Input<string>,
  callerSecurityGroupId: pulumi.Input<string>,
  port: number,
  parent: pulumi.Resource,
  via = "Cloud Map",
): void {
  new aws.vpc.SecurityGroupIngressRule(`${name}-in-${callerName}`, {
    securityGroupId: calleeSecurityGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    referencedSecurityGroupId: callerSecurityGroupId,
    description: `${callerName} to ${name} on ${port} (${via})`,
  }, { parent });
  new aws.vpc.SecurityGroupEgressRule(`${name}-out-from-${callerName}`, {
    securityGroupId: callerSecurityGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    referencedSecurityGroupId: calleeSecurityGroupId,
    description: `${callerName} to ${name} on ${port} (${via})`,
  }, { parent });
}
