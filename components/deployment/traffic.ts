/**
 * The ALB side of a traffic-shifting deployment: the alternate target group, the production rule forwarding to
 * both groups (ECS moves the weights), and the header-matched test rule evaluated just before it.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { shortName } from "../naming";
import { TEST_HEADER_VALUE } from "./problems";

/**
 * Name of the alternate target group: `<primary>-alt`, shortened with a hash to 32 characters like every target
 * group name, so it differs from the primary and follows its replacement (a new primary name gives a new one).
 */
export function alternateTargetGroupName(primary: string): string {
  return shortName([primary, "alt"]);
}

/**
 * A forward action over both groups, all traffic on the primary: the shape ECS needs to shift weights between
 * them. ECS owns the weights from then on (the rules ignore changes to `actions`).
 */
export function forwardToBoth(
  primaryArn: pulumi.Input<string>,
  alternateArn: pulumi.Input<string>,
): aws.types.input.lb.ListenerRuleAction[] {
  return [
    {
      type: "forward",
      forward: {
        targetGroups: [
          { arn: primaryArn, weight: 100 },
          { arn: alternateArn, weight: 0 },
        ],
      },
    },
  ];
}

/** The test rule's priority: the one just before the production rule, so a test request reaches it first. */
export function testRulePriority(productionPriority: number): number {
  return productionPriority - 1;
}

/** The rule inputs dockyard sets (the production rule's, before any transform). */
export interface RuleInputs {
  listenerArn: pulumi.Input<string>;
  priority: number;
  actions: aws.types.input.lb.ListenerRuleAction[];
  conditions: aws.types.input.lb.ListenerRuleCondition[];
}

/** The test rule: the production rule's conditions plus `<header>: true`, one priority earlier, same actions. */
export function testRuleArgs(production: RuleInputs, headerName: string): RuleInputs {
  return {
    listenerArn: production.listenerArn,
    priority: testRulePriority(production.priority),
    actions: production.actions,
    conditions: [...production.conditions, { httpHeader: { httpHeaderName: headerName, values: [TEST_HEADER_VALUE] } }],
  };
}
