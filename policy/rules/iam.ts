/**
 * IAM least privilege. Mandatory for roles ECS tasks assume (found through task definitions and trust
 * policies in the stack graph), advisory for every other policy document and role.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  ECS_TASK_DEFINITION,
  IAM_POLICY,
  IAM_POLICY_ATTACHMENT,
  IAM_ROLE,
  IAM_ROLE_POLICY,
  IAM_ROLE_POLICY_ATTACHMENT,
  IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE,
} from "./tokens";
import { securityHub } from "./controls";
import {
  ADMIN_MANAGED_POLICIES,
  awsManagedPolicyName,
  documentFindings,
  hasSourceConditions,
  RISKY_ACTIONS,
  trustFindings,
  trustsEcsTasks,
} from "./iam-document";
import {
  eachDeferringUnknowns,
  field,
  items,
  refersTo,
  requireType,
  resourceIds,
  settings,
  strings,
  targetsOf,
  UnknownCollector,
  resourcesOfTypes,
} from "./util";

export const UNRESTRICTABLE_ACTIONS = [
  "ecr:GetAuthorizationToken",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "cloudwatch:PutMetricData",
  "logs:DescribeLogGroups",
  "sts:GetCallerIdentity",
  // ECS's infrastructure role reads these while shifting traffic; the IAM catalogue lists no resource type for them.
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeRules",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
];
const EXECUTION_ROLE_MANAGED = ["service-role/AmazonECSTaskExecutionRolePolicy"];
/** Narrow AWS-managed policies ECS tasks commonly and legitimately use. */
const STANDARD_MANAGED = [
  "AmazonEC2ContainerRegistryReadOnly",
  "AWSXRayDaemonWriteAccess",
  "CloudWatchAgentServerPolicy",
  "AmazonSSMManagedInstanceCore",
];

const documentDefaults = { unrestrictableActions: UNRESTRICTABLE_ACTIONS, riskyActions: RISKY_ACTIONS };
const documentSchema = {
  properties: {
    unrestrictableActions: {
      type: "array" as const,
      items: { type: "string" as const },
      default: UNRESTRICTABLE_ACTIONS,
      description: 'Actions that cannot be resource-scoped; Resource "*" is accepted for them.',
    },
    riskyActions: {
      type: "array" as const,
      items: { type: "string" as const },
      default: RISKY_ACTIONS,
      description: 'Actions (globs allowed) reported as risky when allowed on Resource "*".',
    },
  },
};

/** Policy documents a resource carries: RolePolicy/Policy `policy`, Role `inlinePolicies[].policy`. */
function documentsOf(type: string, props: unknown): unknown[] {
  if (IAM_ROLE.has(type)) {
    return items(field<aws.iam.RoleArgs>(props, "inlinePolicies"))
      .map((p) => field<aws.iam.RoleArgs["inlinePolicies"]>(p, "policy"))
      .filter((d) => d !== undefined);
  }
  return [field<aws.iam.RolePolicyArgs | aws.iam.PolicyArgs>(props, "policy")];
}

export const iamPolicyLeastPrivilege: ResourceValidationPolicy = {
  name: "iam-policy-least-privilege",
  description:
    'IAM policy documents should not allow wildcard actions, NotAction, Resource "*" for scopable actions, or risky unconstrained actions.',
  severity: "high",
  enforcementLevel: "advisory",
  ...securityHub("IAM.1", "IAM.21"),
  remediationSteps:
    'List exact actions and resource ARNs; keep Resource "*" only for actions in unrestrictableActions; constrain iam:PassRole with iam:PassedToService.',
  configSchema: documentSchema,
  validateResource: (args, reportViolation) => {
    requireType(args, new Set([...IAM_ROLE_POLICY, ...IAM_POLICY, ...IAM_ROLE]));
    const cfg = settings(args, documentDefaults);
    const findings = documentsOf(args.type, args.props).flatMap((d) => documentFindings(d, cfg));
    if (findings.length > 0) {
      reportViolation(`${findings.join("; ")}.`);
    }
  },
};

const managedDefaults = {
  allowedManagedPolicies: STANDARD_MANAGED,
  allowedExecutionRoleManagedPolicies: EXECUTION_ROLE_MANAGED,
  adminManagedPolicies: ADMIN_MANAGED_POLICIES,
};
const managedSchema = {
  properties: {
    allowedManagedPolicies: {
      type: "array" as const,
      items: { type: "string" as const },
      default: managedDefaults.allowedManagedPolicies,
      description: "AWS-managed policies (path/name after :policy/) allowed on any role.",
    },
    allowedExecutionRoleManagedPolicies: {
      type: "array" as const,
      items: { type: "string" as const },
      default: EXECUTION_ROLE_MANAGED,
      description: "AWS-managed policies allowed on ECS task execution roles only.",
    },
    adminManagedPolicies: {
      type: "array" as const,
      items: { type: "string" as const },
      default: ADMIN_MANAGED_POLICIES,
      description: "AWS-managed policies (admin-level or full service access) that are mandatory findings on roles ECS tasks use.",
    },
  },
};

/** AWS-managed ARNs a resource attaches: Role.managedPolicyArns, attachment policyArn(s). */
function managedArnsOf(type: string, props: unknown): string[] {
  if (IAM_ROLE.has(type)) {
    return strings(field<aws.iam.RoleArgs>(props, "managedPolicyArns"));
  }
  if (IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(type)) {
    return strings(field<aws.iam.RolePolicyAttachmentsExclusiveArgs>(props, "policyArns"));
  }
  return strings(field<aws.iam.RolePolicyAttachmentArgs | aws.iam.PolicyAttachmentArgs>(props, "policyArn"));
}

export const iamRoleNoAwsManagedPolicies: ResourceValidationPolicy = {
  name: "iam-role-no-aws-managed-policies",
  description: "Roles should not attach AWS-managed policies outside the allow-list (they are broad and change without notice).",
  severity: "medium",
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps: "Replace the managed policy with an inline aws.iam.RolePolicy listing exactly the actions and ARNs the role needs.",
  configSchema: managedSchema,
  validateResource: (args, reportViolation) => {
    requireType(
      args,
      new Set([...IAM_ROLE, ...IAM_ROLE_POLICY_ATTACHMENT, ...IAM_POLICY_ATTACHMENT, ...IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE]),
    );
    const cfg = settings(args, managedDefaults);
    const allowed = [...cfg.allowedManagedPolicies, ...cfg.allowedExecutionRoleManagedPolicies];
    // Admin-level policies are judged (mandatory) by iam-ecs-role-least-privilege on the roles tasks use.
    const bad = managedArnsOf(args.type, args.props).filter((arn) => {
      const name = awsManagedPolicyName(arn);
      return name !== undefined && !allowed.includes(name);
    });
    if (bad.length > 0) {
      reportViolation(`attaches AWS-managed ${bad.join(", ")}; replace with an inline policy scoped to the needed actions and ARNs.`);
    }
  },
};

type RoleKind = "task role" | "execution role";

/** Roles ECS tasks assume, with how they are used (from task definitions; trust-only roles count as task roles). */
function ecsRoles(all: PolicyResource[], unknowns: UnknownCollector): Map<PolicyResource, Set<RoleKind>> {
  const roles = new Map<PolicyResource, Set<RoleKind>>();
  const add = (role: PolicyResource, kind: RoleKind) => roles.set(role, (roles.get(role) ?? new Set<RoleKind>()).add(kind));
  for (const td of all.filter((r) => ECS_TASK_DEFINITION.has(r.type))) {
    unknowns.attempt(() => targetsOf(td, "taskRoleArn", all, IAM_ROLE), []).forEach((r) => add(r, "task role"));
    unknowns.attempt(() => targetsOf(td, "executionRoleArn", all, IAM_ROLE), []).forEach((r) => add(r, "execution role"));
  }
  for (const role of all.filter((r) => IAM_ROLE.has(r.type) && !roles.has(r))) {
    if (unknowns.attempt(() => trustsEcsTasks(field<aws.iam.RoleArgs>(role.props, "assumeRolePolicy")), false)) {
      add(role, "task role");
    }
  }
  return roles;
}

export const iamEcsRoleLeastPrivilege: StackValidationPolicy = {
  name: "iam-ecs-role-least-privilege",
  description:
    "Roles ECS tasks assume must be least-privilege: scoped actions and resources, no admin-level AWS-managed policies (even on external roles), ECS-only trust, one job each.",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("IAM.1", "IAM.21"),
  remediationSteps:
    "Give task roles inline policies with exact actions on exact ARNs; give execution roles only AmazonECSTaskExecutionRolePolicy or an equivalent scoped inline policy; never attach AdministratorAccess, PowerUserAccess, IAMFullAccess or *FullAccess policies; trust only ecs-tasks.amazonaws.com.",
  configSchema: { properties: { ...documentSchema.properties, ...managedSchema.properties } },
  validateStack: (args, reportViolation) => {
    const cfg = settings(args, { ...documentDefaults, ...managedDefaults });
    const all = args.resources;
    const unknowns = new UnknownCollector();
    const roles = ecsRoles(all, unknowns);
    unknowns.attempt(
      () =>
        eachDeferringUnknowns([...roles.entries()], ([role, kinds]) => {
          const kind = [...kinds].sort().join(" and ");
          const managedProblems = (type: string, props: unknown) =>
            adminArns(managedArnsOf(type, props), cfg.adminManagedPolicies).map(
              (arn) => `attaches AWS-managed ${arn} to ${kind} ${role.name}; replace it with a scoped inline policy`,
            );
          const report = (resource: PolicyResource, problems: string[]) => {
            if (problems.length > 0) {
              reportViolation(`${problems.join("; ")}.`, resource.urn);
            }
          };
          report(role, [
            // The graph shows this even during preview, when the task definition's role ARNs are still unknown.
            ...(kinds.size > 1
              ? [
                  `${role.name} is used as both a task role and an execution role; give the application its own task role and keep image pulls and logs on a separate execution role`,
                ]
              : []),
            ...documentsOf(role.type, role.props)
              .flatMap((d) => documentFindings(d, cfg))
              .map((f) => `${kind} ${role.name}: ${f}`),
            ...managedProblems(role.type, role.props),
            ...trustFindings(field<aws.iam.RoleArgs>(role.props, "assumeRolePolicy")).map((f) => `${kind} ${role.name}: ${f}`),
          ]);
          eachDeferringUnknowns(
            resourcesOfTypes(all, IAM_ROLE_POLICY).filter((r) => refersTo(r, "role", role)),
            (rp) => {
              report(
                rp,
                documentFindings(field<aws.iam.RolePolicyArgs>(rp.props, "policy"), cfg).map((f) => `${kind} ${role.name}: ${f}`),
              );
            },
          );
          const attachments = [
            ...all.filter(
              (r) =>
                (IAM_ROLE_POLICY_ATTACHMENT.has(r.type) || IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(r.type)) &&
                refersTo(r, IAM_ROLE_POLICY_ATTACHMENT.has(r.type) ? "role" : "roleName", role),
            ),
            ...resourcesOfTypes(all, IAM_POLICY_ATTACHMENT).filter((r) => refersTo(r, "roles", role)),
          ];
          eachDeferringUnknowns(attachments, (att) => {
            const customer = targetsOf(
              att,
              IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(att.type) ? "policyArns" : "policyArn",
              all,
              IAM_POLICY,
            );
            report(att, [
              ...managedProblems(att.type, att.props),
              ...customer.flatMap((p) =>
                documentFindings(field<aws.iam.PolicyArgs>(p.props, "policy"), cfg).map(
                  (f) => `${kind} ${role.name} via policy ${p.name}: ${f}`,
                ),
              ),
            ]);
          });
        }),
      undefined,
    );
    unknowns.attempt(() => externalRoleFindings(all, roles, cfg.adminManagedPolicies, reportViolation), undefined);
    unknowns.rethrow();
  },
};

function ignoringUnknowns<T>(read: () => T, fallback: T): T {
  return new UnknownCollector().attempt(read, fallback);
}

/** AWS-managed ARNs among `arns` whose policy name is in `admin`. */
function adminArns(arns: string[], admin: string[]): string[] {
  return arns.filter((arn) => {
    const name = awsManagedPolicyName(arn);
    return name !== undefined && admin.includes(name);
  });
}

/** `arn:aws:iam::123456789012:role/path/name` → `name`. */
function roleNameOf(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}

/**
 * Admin-level AWS-managed policies attached, in this stack, to roles that task definitions reference by ARN but
 * that live outside the stack: the attachment names the role by name or ARN.
 */
function externalRoleFindings(
  all: PolicyResource[],
  inStack: Map<PolicyResource, Set<RoleKind>>,
  admin: string[],
  reportViolation: (message: string, urn?: string) => void,
): void {
  // An ARN or role name still unknown in preview belongs to a role being created here, not to an external one.
  const known = new Set([...inStack.keys()].flatMap((r) => ignoringUnknowns(() => resourceIds(r), [])));
  const external = new Map<string, string>();
  for (const td of all.filter((r) => ECS_TASK_DEFINITION.has(r.type))) {
    for (const [prop, kind] of [
      ["taskRoleArn", "task role"],
      ["executionRoleArn", "execution role"],
    ] as const) {
      const arn = ignoringUnknowns(() => field<aws.ecs.TaskDefinitionArgs>(td.props, prop), undefined);
      const name = typeof arn === "string" ? roleNameOf(arn) : undefined;
      if (typeof arn === "string" && name !== undefined && !known.has(arn)) {
        external.set(arn, kind);
        external.set(name, kind);
      }
    }
  }
  if (external.size === 0) {
    return;
  }
  eachDeferringUnknowns(
    all.filter(
      (r) =>
        IAM_ROLE_POLICY_ATTACHMENT.has(r.type) || IAM_POLICY_ATTACHMENT.has(r.type) || IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE.has(r.type),
    ),
    (att) => {
      const roles = ignoringUnknowns(
        () =>
          strings(
            IAM_POLICY_ATTACHMENT.has(att.type)
              ? field<aws.iam.PolicyAttachmentArgs>(att.props, "roles")
              : IAM_ROLE_POLICY_ATTACHMENT.has(att.type)
                ? field<aws.iam.RolePolicyAttachmentArgs>(att.props, "role")
                : field<aws.iam.RolePolicyAttachmentsExclusiveArgs>(att.props, "roleName"),
          ),
        [],
      );
      const hit = roles.find((r) => external.has(r));
      if (hit === undefined) {
        return;
      }
      const bad = adminArns(managedArnsOf(att.type, att.props), admin);
      if (bad.length > 0) {
        reportViolation(
          `attaches AWS-managed ${bad.join(", ")} to ${external.get(hit)} ${hit} (referenced by a task definition, defined outside this stack); replace it with a scoped inline policy.`,
          att.urn,
        );
      }
    },
  );
}

export const iamEcsRoleTrustSourceAccount: ResourceValidationPolicy = {
  name: "iam-ecs-role-trust-source-account",
  description:
    "Roles trusted by ecs-tasks.amazonaws.com should restrict the trust with aws:SourceAccount or aws:SourceArn (confused deputy).",
  severity: "low",
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps:
    'Add Condition { StringEquals: { "aws:SourceAccount": "<account id>" } } (or ArnLike aws:SourceArn) to the trust statement.',
  validateResource: (args, reportViolation) => {
    requireType(args, IAM_ROLE);
    const trust = field<aws.iam.RoleArgs>(args.props, "assumeRolePolicy");
    if (trustsEcsTasks(trust) && !hasSourceConditions(trust)) {
      reportViolation("the trust policy allows ecs-tasks.amazonaws.com without an aws:SourceAccount/aws:SourceArn condition; add one.");
    }
  },
};

export const iamPolicies = [iamPolicyLeastPrivilege, iamRoleNoAwsManagedPolicies, iamEcsRoleLeastPrivilege, iamEcsRoleTrustSourceAccount];
