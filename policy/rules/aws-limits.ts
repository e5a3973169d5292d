/**
 * AWS's rules that the API models do not encode, for any program: physical names per resource type, ALB
 * listener-rule condition quotas and syntax, unique priorities per listener, Application Auto Scaling resource
 * ids and labels, Fargate task limits. The rules themselves live in `policy/aws-rules` (one place, also
 * applied at config load); these policies only find the values in a resource graph.
 */
import type * as aws from "@pulumi/aws";
import type { Shape } from "./shape";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  albResourceLabelProblem,
  describeNameProblem,
  duplicatePriorities,
  ecsResourceIdProblem,
  fargateTaskProblems,
  ruleConditionProblems,
  type NameKind,
} from "../aws-rules";
import { securityHub } from "./controls";
import {
  ECS_CLUSTER,
  ECS_SERVICE,
  ECS_TASK_DEFINITION,
  LISTENER_RULE,
  LOAD_BALANCER,
  LOG_GROUP,
  SD_SERVICE,
  SECURITY_GROUP,
  TARGET_GROUP,
} from "./tokens";
import { field, items, num, ofTypes, parseJsonish, path, strings, UnknownCollector } from "./util";

/** What names a resource: `name` (or `namePrefix`), `family` for task definitions. */
interface Named {
  name?: string;
  namePrefix?: string;
  family?: string;
}
type Rule = aws.lb.ListenerRuleArgs;
type Condition = Shape<aws.lb.ListenerRuleArgs["conditions"]>;
type TaskDef = aws.ecs.TaskDefinitionArgs;
type ScalingTarget = aws.appautoscaling.TargetArgs;
type ScalingPolicy = aws.appautoscaling.PolicyArgs;

const SCALING_TARGET = new Set(["aws:appautoscaling/target:Target"]);
const SCALING_POLICY = new Set(["aws:appautoscaling/policy:Policy"]);

/** Type token → the name rule its `name` follows. */
const NAMED: readonly [ReadonlySet<string>, NameKind][] = [
  [LOAD_BALANCER, "loadBalancer"],
  [TARGET_GROUP, "targetGroup"],
  [ECS_TASK_DEFINITION, "taskFamily"],
  [ECS_SERVICE, "ecsService"],
  [ECS_CLUSTER, "ecsCluster"],
  [SECURITY_GROUP, "securityGroup"],
  [LOG_GROUP, "logGroup"],
  [SD_SERVICE, "cloudMapService"],
];

/** The properties holding a resource's physical name (`family` for task definitions). */
function nameOf(type: string, props: unknown): { prop: string; value: string; prefix?: string } | undefined {
  const prop = ECS_TASK_DEFINITION.has(type) ? "family" : "name";
  const value = field<Named>(props, prop);
  if (typeof value === "string") return { prop, value };
  // A prefix gets a unique suffix (letters and digits): the rules apply to the prefix's start and characters.
  const prefix = field<Named>(props, "namePrefix");
  return typeof prefix === "string" ? { prop: "namePrefix", value: `${prefix}0`, prefix } : undefined;
}

function namesProblems(type: string, props: unknown): string[] {
  const kind = NAMED.find(([types]) => types.has(type))?.[1];
  if (kind === undefined) return [];
  const name = nameOf(type, props);
  if (name === undefined) return [];
  const problem = describeNameProblem(kind, name.value, { docsOnly: true });
  if (problem === undefined) return [];
  const shown =
    name.prefix === undefined
      ? problem
      : problem.replace(JSON.stringify(name.value), `${JSON.stringify(name.prefix)} + the provider's suffix`);
  return [`${name.prop}: ${shown}`];
}

function listenerRuleProblems(props: unknown): string[] {
  const pathPatterns: string[] = [];
  const hostHeaders: string[] = [];
  const other: string[] = [];
  for (const c of items(field<Rule>(props, "conditions"))) {
    pathPatterns.push(...strings(path<Condition>(c, "pathPattern", "values")));
    hostHeaders.push(...strings(path<Condition>(c, "hostHeader", "values")));
    other.push(
      ...strings(path<Condition>(c, "httpHeader", "values")),
      ...strings(path<Condition>(c, "httpRequestMethod", "values")),
      ...strings(path<Condition>(c, "sourceIp", "values")),
    );
    for (const q of items(field<Condition>(c, "queryStrings")))
      other.push(
        `${String(field<Condition["queryStrings"]>(q, "key") ?? "")}=${String(field<Condition["queryStrings"]>(q, "value") ?? "")}`,
      );
  }
  return ruleConditionProblems({ pathPatterns, hostHeaders, other }).map(
    (p) =>
      `${p.index === undefined ? "conditions" : `${p.field === "pathPatterns" ? "pathPattern" : "hostHeader"}.values[${p.index}]`} got ${JSON.stringify(p.value)}; allowed: ${p.allowed}`,
  );
}

function taskDefinitionProblems(props: unknown): string[] {
  if (!strings(field<TaskDef>(props, "requiresCompatibilities")).includes("FARGATE")) return [];
  const containers = parseJsonish(field<TaskDef>(props, "containerDefinitions"));
  return fargateTaskProblems({
    cpu: num(field<TaskDef>(props, "cpu")),
    memory: num(field<TaskDef>(props, "memory")),
    containers: Array.isArray(containers) ? containers.length : 0,
    ephemeralStorageGiB: num(path<TaskDef>(props, "ephemeralStorage", "sizeInGib")),
  });
}

function scalingProblems(type: string, props: unknown): string[] {
  const out: string[] = [];
  const resourceId = field<ScalingTarget | ScalingPolicy>(props, "resourceId");
  if (field<ScalingTarget | ScalingPolicy>(props, "serviceNamespace") === "ecs" && typeof resourceId === "string") {
    const p = ecsResourceIdProblem(resourceId);
    if (p !== undefined) out.push(`resourceId: ${p}`);
  }
  if (SCALING_POLICY.has(type)) {
    const label = path<ScalingPolicy>(props, "targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification", "resourceLabel");
    if (
      path<ScalingPolicy>(props, "targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification", "predefinedMetricType") ===
      "ALBRequestCountPerTarget"
    ) {
      const p = typeof label === "string" ? albResourceLabelProblem(label) : "ALBRequestCountPerTarget needs a resourceLabel";
      if (p !== undefined) out.push(`predefinedMetricSpecification.resourceLabel: ${p}`);
    }
  }
  return out;
}

export const awsResourceLimits: ResourceValidationPolicy = {
  name: "aws-resource-limits",
  description: "Resources must respect AWS's documented names, quotas and formats that the API models do not encode.",
  severity: "high",
  enforcementLevel: "mandatory",
  // Not a security control: what AWS's API would refuse (no Security Hub control covers it).
  ...securityHub(),
  remediationSteps:
    "Change the value the message names to what AWS allows (the message quotes the rule and its documentation page); for stack-derived names, use a stack name of lower-case letters, digits and single hyphens.",
  validateResource: (args, reportViolation) => {
    const unknowns = new UnknownCollector();
    const problems = [
      ...unknowns.attempt(() => namesProblems(args.type, args.props), []),
      ...(LISTENER_RULE.has(args.type) ? unknowns.attempt(() => listenerRuleProblems(args.props), []) : []),
      ...(ECS_TASK_DEFINITION.has(args.type) ? unknowns.attempt(() => taskDefinitionProblems(args.props), []) : []),
      ...(SCALING_TARGET.has(args.type) || SCALING_POLICY.has(args.type)
        ? unknowns.attempt(() => scalingProblems(args.type, args.props), [])
        : []),
    ];
    for (const p of problems) reportViolation(`${p}.`);
    unknowns.rethrow();
  },
};

/** The listener a rule belongs to: the graph's listener resource when known, else the ARN value. */
function listenerKey(rule: PolicyResource): string | undefined {
  const deps = rule.propertyDependencies["listenerArn"];
  if (deps !== undefined && deps.length > 0) return deps[0].urn;
  const arn = field<Rule>(rule.props, "listenerArn");
  return typeof arn === "string" ? arn : undefined;
}

export const lbListenerRulePrioritiesUnique: StackValidationPolicy = {
  name: "lb-listener-rule-priorities-unique",
  description: "Listener rules on one listener must have distinct priorities (AWS refuses a second rule with a priority in use).",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    "Give each rule on the listener its own priority from 1 to 50000 (dockyard derives them from a hash of the service name; set routes.priority to override).",
  validateStack: (args, reportViolation) => {
    const unknowns = new UnknownCollector();
    const claims = ofTypes(args, LISTENER_RULE).flatMap((rule) =>
      unknowns.attempt(() => {
        const listener = listenerKey(rule);
        const priority = num(field<Rule>(rule.props, "priority"));
        return listener === undefined || priority === undefined ? [] : [{ owner: rule.urn, listener, priority, name: rule.name }];
      }, []),
    );
    for (const { claim, takenBy } of duplicatePriorities(claims)) {
      const first = claims.find((c) => c.owner === takenBy)?.name ?? takenBy;
      const name = claims.find((c) => c.owner === claim.owner)?.name ?? claim.owner;
      reportViolation(
        `listener rule ${name} has priority ${claim.priority}, already used by ${first} on the same listener; AWS refuses it (PriorityInUse).`,
        claim.owner,
      );
    }
    unknowns.rethrow();
  },
};

export const awsLimitsPolicies = [awsResourceLimits, lbListenerRulePrioritiesUnique];
