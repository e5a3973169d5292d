/**
 * Deployment safety of ECS services: rolling updates roll back on their own, traffic-shifting deployments roll
 * back on alarms, and the infrastructure role ECS shifts traffic with reaches only that service's listener,
 * rules, target groups and hooks. Decisions read inputs and the resource graph, never logical names.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { securityHub } from "./controls";
import { statements } from "./iam-document";
import {
  ECS_SERVICE,
  IAM_POLICY,
  IAM_POLICY_ATTACHMENT,
  IAM_ROLE,
  IAM_ROLE_POLICY,
  IAM_ROLE_POLICY_ATTACHMENT,
  IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE,
  LISTENER_RULE,
  METRIC_ALARM,
} from "./tokens";
import {
  eachDeferringUnknowns,
  field,
  items,
  refersTo,
  requireType,
  resourceIds,
  strings,
  targetsOf,
  UnknownCollector,
  resourcesOfTypes,
} from "./util";

type Svc = aws.ecs.ServiceArgs;
type Lb = aws.types.input.ecs.ServiceLoadBalancer;
type Adv = aws.types.input.ecs.ServiceLoadBalancerAdvancedConfiguration;
type Hook = aws.types.input.ecs.ServiceDeploymentConfigurationLifecycleHook;

/** The service's deployment strategy as ECS reads it (`ROLLING` when unset), or the controller for non-ECS ones. */
function strategyOf(props: unknown): string {
  const controller = field<Svc["deploymentController"]>(field<Svc>(props, "deploymentController"), "type");
  if (controller !== undefined && controller !== "ECS") return String(controller);
  const strategy = field<Svc["deploymentConfiguration"]>(field<Svc>(props, "deploymentConfiguration"), "strategy");
  return strategy === undefined ? "ROLLING" : String(strategy).toUpperCase();
}

const SHIFTING = new Set(["BLUE_GREEN", "CANARY", "LINEAR"]);

export const ecsServiceRollingCircuitBreaker: ResourceValidationPolicy = {
  name: "ecs-service-rolling-circuit-breaker",
  description: "ECS services deployed with rolling updates should enable the deployment circuit breaker with rollback.",
  severity: "high",
  // No Security Hub control asks for it, so other programs are told, not stopped; dockyard's prod config makes it mandatory.
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps:
    "Set deploymentCircuitBreaker: { enable: true, rollback: true } so a deployment whose tasks never get healthy stops and returns to the last working task definition.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_SERVICE);
    if (strategyOf(args.props) !== "ROLLING") {
      return;
    }
    const breaker = field<Svc>(args.props, "deploymentCircuitBreaker");
    const enable = field<Svc["deploymentCircuitBreaker"]>(breaker, "enable");
    const rollback = field<Svc["deploymentCircuitBreaker"]>(breaker, "rollback");
    if (enable !== true || rollback !== true) {
      const got = breaker === undefined ? "not set" : `{ enable: ${String(enable)}, rollback: ${String(rollback)} }`;
      reportViolation(
        `rolling deployment with deploymentCircuitBreaker ${got}; set deploymentCircuitBreaker: { enable: true, rollback: true }.`,
      );
    }
  },
};

/** Names (`name` input or output) of the CloudWatch alarms in the stack. */
function alarmNames(all: PolicyResource[]): Set<string> {
  const names = new Set<string>();
  for (const a of all.filter((r) => METRIC_ALARM.has(r.type))) {
    for (const n of [field<aws.cloudwatch.MetricAlarmArgs>(a.props, "name")]) if (typeof n === "string") names.add(n);
  }
  return names;
}

const alarmDefaults = { externalAlarmNames: [] as string[] };

export const ecsServiceTrafficShiftingAlarms: StackValidationPolicy = {
  name: "ecs-service-traffic-shifting-alarms",
  description: "ECS services deployed blue/green, canary or linear must roll back on CloudWatch alarms that exist.",
  severity: "high",
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps:
    "Set alarms: { alarmNames: [<alarms on the service's target groups>], enable: true, rollback: true } with alarms defined in the stack (dockyard creates 5xx-share and p99 latency alarms per service); list alarms defined elsewhere in externalAlarmNames. dockyard's prod policy config makes this mandatory.",
  configSchema: {
    properties: {
      externalAlarmNames: {
        type: "array",
        items: { type: "string" },
        default: alarmDefaults.externalAlarmNames,
        description: "Alarm names defined outside this stack that services may roll back on.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = { ...alarmDefaults, ...args.getConfig<typeof alarmDefaults>() };
    const all = args.resources;
    const unknowns = new UnknownCollector();
    const inStack = unknowns.attempt(() => alarmNames(all), new Set<string>());
    eachDeferringUnknowns(
      all.filter((r) => ECS_SERVICE.has(r.type)),
      (svc) => {
        const strategy = strategyOf(svc.props);
        if (!SHIFTING.has(strategy)) {
          return;
        }
        const alarms = field<Svc>(svc.props, "alarms");
        const names = strings(field<Svc["alarms"]>(alarms, "alarmNames"));
        const problems: string[] = [];
        if (field<Svc["alarms"]>(alarms, "enable") !== true || field<Svc["alarms"]>(alarms, "rollback") !== true || names.length === 0) {
          problems.push(
            `${strategy} deployment without alarm rollback (alarms ${alarms === undefined ? "not set" : `{ enable: ${String(field<Svc["alarms"]>(alarms, "enable"))}, rollback: ${String(field<Svc["alarms"]>(alarms, "rollback"))}, ${names.length} alarm(s) }`}); set alarms: { alarmNames: [...], enable: true, rollback: true }`,
          );
        }
        // An alarm still being created has an unknown name in preview: the graph says it is in the stack.
        const fromGraph = (svc.propertyDependencies["alarms"] ?? []).filter((r) => METRIC_ALARM.has(r.type)).length;
        const missing = names.filter((n) => !inStack.has(n) && !cfg.externalAlarmNames.includes(n));
        if (missing.length > 0 && fromGraph < names.length) {
          problems.push(
            `alarm${missing.length > 1 ? "s" : ""} ${missing.map((n) => `"${n}"`).join(", ")} ${missing.length > 1 ? "are" : "is"} neither defined in this stack nor listed in externalAlarmNames, so nothing shows ${missing.length > 1 ? "they exist" : "it exists"}`,
          );
        }
        if (problems.length > 0) {
          reportViolation(`${problems.join("; ")}.`, svc.urn);
        }
      },
    );
    unknowns.rethrow();
  },
};

/** ELB reads ECS makes: the IAM catalogue lists no resource type for them, so `*` is their only form. */
const DESCRIBE = new Set([
  "elasticloadbalancing:describelisteners",
  "elasticloadbalancing:describerules",
  "elasticloadbalancing:describetargetgroups",
  "elasticloadbalancing:describetargethealth",
]);
/** Per action: which of the service's resources it may name. */
type Scope = { listeners: Set<string>; rules: Set<string>; targetGroups: Set<string>; hooks: Set<string> };
const SCOPED: Record<string, keyof Scope> = {
  "elasticloadbalancing:modifylistener": "listeners",
  "elasticloadbalancing:modifyrule": "rules",
  "elasticloadbalancing:registertargets": "targetGroups",
  "elasticloadbalancing:deregistertargets": "targetGroups",
  "lambda:invokefunction": "hooks",
};

/** What the services using `role` as infrastructure role let it touch. */
function scopeOf(services: PolicyResource[], all: PolicyResource[]): Scope {
  const scope: Scope = { listeners: new Set(), rules: new Set(), targetGroups: new Set(), hooks: new Set() };
  for (const svc of services) {
    for (const lb of items(field<Svc>(svc.props, "loadBalancers"))) {
      const adv = field<Lb>(lb, "advancedConfiguration");
      if (adv === undefined) continue;
      for (const tg of [field<Lb>(lb, "targetGroupArn"), field<Adv>(adv, "alternateTargetGroupArn")])
        if (typeof tg === "string") scope.targetGroups.add(tg);
      for (const rule of [field<Adv>(adv, "productionListenerRule"), field<Adv>(adv, "testListenerRule")]) {
        if (typeof rule !== "string") continue;
        scope.rules.add(rule);
        // The listener is the one the rule is on (from the rule in the stack, else from the rule's ARN).
        const inStack = resourcesOfTypes(all, LISTENER_RULE).find((r) => resourceIds(r).includes(rule));
        const listener = inStack
          ? field<aws.lb.ListenerRuleArgs>(inStack.props, "listenerArn")
          : rule.replace(":listener-rule/", ":listener/").replace(/\/[^/]+$/, "");
        if (typeof listener === "string") scope.listeners.add(listener);
      }
    }
    for (const hook of items(field<Svc["deploymentConfiguration"]>(field<Svc>(svc.props, "deploymentConfiguration"), "lifecycleHooks"))) {
      const target = field<Hook>(hook, "hookTargetArn");
      if (typeof target === "string") scope.hooks.add(target);
    }
  }
  return scope;
}

/** Findings of one policy document against the scope. */
function documentProblems(document: unknown, scope: Scope): string[] {
  const problems: string[] = [];
  statements(document).forEach((s, i) => {
    if (s.effect !== "Allow") return;
    const where = s.sid ? `statement "${s.sid}"` : `statement ${i + 1}`;
    if (s.notActions.length > 0 || s.notResources.length > 0)
      problems.push(`${where} uses NotAction/NotResource; list actions and resources`);
    for (const action of s.actions) {
      const a = action.toLowerCase();
      if (DESCRIBE.has(a)) continue;
      const kind = SCOPED[a];
      if (kind === undefined) {
        problems.push(`${where} allows ${action}, which ECS does not need to shift traffic`);
        continue;
      }
      const outside = s.resources.filter((r) => !scope[kind].has(r));
      if (outside.length > 0)
        problems.push(
          `${where} allows ${action} on ${outside.map((r) => JSON.stringify(r)).join(", ")}, beyond the service's ${kind === "hooks" ? "lifecycle hooks" : kind === "targetGroups" ? "target groups" : kind}`,
        );
    }
  });
  return problems;
}

const INFRA_MANAGED = /:iam::aws:policy\/(.+)$/;
const infraDefaults = { externalRoleArns: [] as string[] };

export const ecsInfrastructureRoleLeastPrivilege: StackValidationPolicy = {
  name: "ecs-infrastructure-role-least-privilege",
  description:
    "The infrastructure role ECS shifts traffic with may only read ELB and change its services' own listener, rules, target groups and hooks.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("IAM.1"),
  remediationSteps:
    'Give the role (loadBalancers[].advancedConfiguration.roleArn) an inline policy: elasticloadbalancing Describe{Listeners,Rules,TargetGroups,TargetHealth} on "*", ModifyListener on the listener, ModifyRule on the production and test rules, Register/DeregisterTargets on both target groups, lambda:InvokeFunction on the lifecycle hooks; no managed policies.',
  configSchema: {
    properties: {
      externalRoleArns: {
        type: "array",
        items: { type: "string" },
        default: infraDefaults.externalRoleArns,
        description: "Infrastructure roles defined outside this stack (whose permissions the pack cannot see) that services may use.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = { ...infraDefaults, ...args.getConfig<typeof infraDefaults>() };
    const all = args.resources;
    const unknowns = new UnknownCollector();
    const services = all.filter((r) => ECS_SERVICE.has(r.type));
    const users = new Map<PolicyResource, PolicyResource[]>();
    for (const svc of services) {
      const roles = unknowns.attempt(() => targetsOf(svc, "loadBalancers", all, IAM_ROLE), []);
      for (const role of roles) users.set(role, [...(users.get(role) ?? []), svc]);
      // A role from outside the stack: its policies are invisible here, so it is not passed unless declared.
      const named = unknowns.attempt(
        () =>
          items(field<Svc>(svc.props, "loadBalancers"))
            .map((lb) => field<Adv>(field<Lb>(lb, "advancedConfiguration"), "roleArn"))
            .filter((a): a is string => typeof a === "string"),
        [],
      );
      const inStack = new Set(roles.flatMap((r) => unknowns.attempt(() => resourceIds(r), [])));
      const external = named.filter((arn) => !inStack.has(arn) && !cfg.externalRoleArns.includes(arn));
      if (external.length > 0) {
        reportViolation(
          `infrastructure role ${external.join(", ")} is defined outside this stack, so its permissions cannot be checked; define it in the stack or list it in externalRoleArns.`,
          svc.urn,
        );
      }
    }
    eachDeferringUnknowns([...users.entries()], ([role, svcs]) => {
      const scope = scopeOf(svcs, all);
      const report = (r: PolicyResource, problems: string[]) => {
        if (problems.length > 0) reportViolation(`infrastructure role ${role.name}: ${problems.join("; ")}.`, r.urn);
      };
      report(role, [
        ...items(field<aws.iam.RoleArgs>(role.props, "inlinePolicies")).flatMap((p) =>
          documentProblems(field<aws.iam.RoleArgs["inlinePolicies"]>(p, "policy"), scope),
        ),
        ...strings(field<aws.iam.RoleArgs>(role.props, "managedPolicyArns")).map(
          (arn) =>
            `attaches ${INFRA_MANAGED.exec(arn)?.[1] ?? arn}, which reaches every listener, rule or target group; use a scoped inline policy`,
        ),
      ]);
      eachDeferringUnknowns(
        resourcesOfTypes(all, IAM_ROLE_POLICY).filter((r) => refersTo(r, "role", role)),
        (rp) => report(rp, documentProblems(field<aws.iam.RolePolicyArgs>(rp.props, "policy"), scope)),
      );
      const attachments = all.filter(
        (r) =>
          (IAM_ROLE_POLICY_ATTACHMENT.has(r.type) && refersTo(r, "role", role)) ||
          (IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(r.type) && refersTo(r, "roleName", role)) ||
          (IAM_POLICY_ATTACHMENT.has(r.type) && refersTo(r, "roles", role)),
      );
      eachDeferringUnknowns(attachments, (att) => {
        const arns = strings(
          IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(att.type)
            ? field<aws.iam.RolePolicyAttachmentsExclusiveArgs>(att.props, "policyArns")
            : field<aws.iam.RolePolicyAttachmentArgs>(att.props, "policyArn"),
        );
        const customer = targetsOf(att, IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(att.type) ? "policyArns" : "policyArn", all, IAM_POLICY);
        report(att, [
          ...arns
            .filter((a) => INFRA_MANAGED.test(a))
            .map(
              (a) =>
                `attaches ${INFRA_MANAGED.exec(a)?.[1] ?? a}, which reaches every listener, rule or target group; use a scoped inline policy`,
            ),
          ...customer.flatMap((p) => documentProblems(field<aws.iam.PolicyArgs>(p.props, "policy"), scope)),
        ]);
      });
    });
    unknowns.rethrow();
  },
};

export const deploymentPolicies = [ecsServiceRollingCircuitBreaker, ecsServiceTrafficShiftingAlarms, ecsInfrastructureRoleLeastPrivilege];
