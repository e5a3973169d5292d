/**
 * The infrastructure role ECS assumes to shift traffic (AdvancedConfiguration.roleArn): the permissions of the
 * AWS-managed AmazonECSInfrastructureRolePolicyForLoadBalancers, scoped to this service's listener, two rules
 * and two target groups, plus invoking exactly its lifecycle hooks. Pure builders.
 */
import type { PolicyDocument, PolicyStatement } from "../iam";

/** ELB reads ECS makes while shifting; the IAM catalogue lists no resource type for them, so `*` is their only form. */
export const ELB_DESCRIBE_ACTIONS = [
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeRules",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
] as const;

/** What the role may touch. */
export interface InfrastructureScope {
  listenerArn: string;
  /** Production and test rule ARNs. */
  ruleArns: readonly string[];
  /** Primary and alternate target group ARNs. */
  targetGroupArns: readonly string[];
  /** Lambda lifecycle hook ARNs. @default [] */
  hookFunctionArns?: readonly string[];
}

/** Trust: only the ECS service of this account (`aws:SourceAccount` against the confused deputy). */
export function infrastructureTrustPolicy(accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EcsAssumesForTrafficShifting",
        Effect: "Allow",
        Principal: { Service: "ecs.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** The statements, in a fixed order, each resource list sorted (same inputs → same document). */
export function infrastructureRoleStatements(scope: InfrastructureScope): PolicyStatement[] {
  const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();
  const statements: PolicyStatement[] = [
    { Sid: "DescribeLoadBalancing", Effect: "Allow", Action: [...ELB_DESCRIBE_ACTIONS], Resource: "*" },
    { Sid: "ShiftListener", Effect: "Allow", Action: ["elasticloadbalancing:ModifyListener"], Resource: [scope.listenerArn] },
    { Sid: "ShiftRules", Effect: "Allow", Action: ["elasticloadbalancing:ModifyRule"], Resource: sorted(scope.ruleArns) },
    {
      Sid: "RegisterTasks",
      Effect: "Allow",
      Action: ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"],
      Resource: sorted(scope.targetGroupArns),
    },
  ];
  const hooks = sorted(scope.hookFunctionArns ?? []);
  if (hooks.length > 0)
    statements.push({ Sid: "InvokeLifecycleHooks", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: hooks });
  return statements;
}

/** The role's inline policy document. */
export function infrastructureRolePolicy(scope: InfrastructureScope): PolicyDocument {
  return { Version: "2012-10-17", Statement: infrastructureRoleStatements(scope) };
}
