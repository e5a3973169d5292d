/**
 * Gate checks over the update plan (they need the previous state, so they cannot be pack policies: a pack
 * sees only the new program). Levels come from `policy/config/<stack>.update.json`, written like a pack
 * config (`"check-name": "mandatory"` or `{ "enforcementLevel": … }`) and resolved by the pack config code.
 */
import * as path from "path";
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { PolicyConfigError, loadPolicyPackConfig, resolvePolicyConfig } from "../../policy/engine/config";
import type { PolicyViolation } from "../../policy/engine/types";
import type { PlanStep, UpdatePlan } from "./plan";

export const UPDATE_CHECKS_PACK = { name: "dockyard-update-plan", version: "1.0.0" };

interface UpdateCheck {
  name: string;
  description: string;
  /** Level when the config does not set one. */
  enforcementLevel: EnforcementLevel;
  /** The config may not change the level (Pulumi itself refuses what the check reports). */
  fixed?: boolean;
  remediation: string;
  find(plan: UpdatePlan): { step: PlanStep; detail: string }[];
}

const ECS_SERVICE = "aws:ecs/service:Service";
const PERMISSION_TYPES = new Set(["aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"]);
const SG_RULE_TYPES = new Set([
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
]);
const CHANGING = new Set(["create", "update", "replace"]);

/** Everything `urn` waits for: dependencies, theirs, and every descendant of a component it depends on. */
function waitsFor(plan: UpdatePlan, urn: string): Set<string> {
  const byUrn = new Map(plan.steps.map((s) => [s.urn, s]));
  const children = new Map<string, string[]>();
  for (const s of plan.steps) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.urn]);
  const seen = new Set<string>();
  const todo = [...(byUrn.get(urn)?.dependencies ?? [])];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(byUrn.get(next)?.dependencies ?? []), ...(children.get(next) ?? []));
  }
  return seen;
}

/**
 * Changing role policies and security-group rules an ECS service's tasks need to start and pass health checks,
 * that the service does not wait for. Rules between two services' task groups gate calls between them, not a
 * task's start, and are left out.
 */
function unorderedPrerequisites(plan: UpdatePlan, service: PlanStep): PlanStep[] {
  const byUrn = new Map(plan.steps.map((s) => [s.urn, s]));
  const taskDefinitions = (service.propertyDependencies["taskDefinition"] ?? []).map((u) => byUrn.get(u)).filter((s) => s !== undefined);
  const roles = new Set(taskDefinitions.flatMap((t) => t.dependencies.filter((u) => byUrn.get(u)?.type === "aws:iam/role:Role")));
  const groupsOf = (s: PlanStep): string[] =>
    (s.propertyDependencies["networkConfiguration"] ?? []).filter((u) => byUrn.get(u)?.type === "aws:ec2/securityGroup:SecurityGroup");
  const groups = new Set(groupsOf(service));
  const otherTaskGroups = new Set(plan.steps.filter((s) => s.type === ECS_SERVICE && s.urn !== service.urn).flatMap(groupsOf));
  const needed = plan.steps.filter(
    (s) =>
      CHANGING.has(s.op) &&
      ((PERMISSION_TYPES.has(s.type) && s.dependencies.some((d) => roles.has(d))) ||
        (SG_RULE_TYPES.has(s.type) &&
          (s.propertyDependencies["securityGroupId"] ?? []).some((d) => groups.has(d)) &&
          !(s.propertyDependencies["referencedSecurityGroupId"] ?? s.propertyDependencies["sourceSecurityGroupId"] ?? []).some((d) =>
            otherTaskGroups.has(d),
          ))),
  );
  const waited = waitsFor(plan, service.urn);
  return needed.filter((s) => !waited.has(s.urn));
}

export const UPDATE_CHECKS: readonly UpdateCheck[] = [
  {
    name: "update-protected-delete",
    description: "The update must not delete or replace a resource recorded with protect: true (Pulumi refuses and the update fails).",
    enforcementLevel: "mandatory",
    fixed: true,
    remediation:
      "Keep the resource in the program (add an alias if it moved or was renamed), or unprotect it deliberately with `pulumi state unprotect` first.",
    find: (plan) =>
      plan.steps
        .filter((s) => s.protect && (s.op === "delete" || s.op === "replace"))
        .map((s) => ({
          step: s,
          detail: `protected (protect: true) and would be ${s.op === "delete" ? "deleted" : `replaced (${s.replaceReasons.join(", ")})`}`,
        })),
  },
  {
    name: "update-stateful-replace-or-delete",
    description:
      "The update must not replace or delete a stateful resource (ECR repository, log group, load balancer, Cloud Map namespace): images, logs, the DNS name or the namespace would be lost.",
    enforcementLevel: "advisory",
    remediation:
      "Revert the replace-only change, or add an alias for a renamed resource; if the loss is intended, run the update with this check advisory for that stack.",
    find: (plan) =>
      plan.steps
        .filter((s) => s.stateful && (s.op === "replace" || s.op === "delete"))
        .map((s) => ({
          step: s,
          detail:
            s.op === "replace"
              ? `would be replaced because ${s.replaceReasons.join(", ")} changed`
              : `would be deleted (the program no longer registers it)${s.retainOnDelete ? "; retainOnDelete keeps it in AWS, orphaned outside the stack" : ""}`,
        })),
  },
  {
    name: "update-capacity-strategy-force-new-deployment",
    description:
      "An ECS service whose capacity provider strategy changes must set forceNewDeployment (the provider refuses the update otherwise).",
    enforcementLevel: "mandatory",
    remediation: "Set forceNewDeployment: true on the ECS service whenever it has a capacity provider strategy.",
    find: (plan) =>
      plan.steps
        .filter(
          (s) =>
            s.type === ECS_SERVICE &&
            s.op === "update" &&
            s.diffReasons.includes("capacityProviderStrategies") &&
            s.inputs?.["forceNewDeployment"] !== true,
        )
        .map((s) => ({
          step: s,
          detail: `capacityProviderStrategies changes without forceNewDeployment: true ("force_new_deployment should be true when capacity_provider_strategy is being updated")`,
        })),
  },
  {
    name: "update-service-ordering",
    description:
      "An ECS service that rolls out must wait for the role policies and security-group rules its tasks need to start and pass health checks when those change in the same update.",
    enforcementLevel: "mandatory",
    remediation: "Make the ECS service depend on its task and execution role policies and its security-group rules (dependsOn).",
    find: (plan) =>
      plan.steps
        .filter((s) => s.type === ECS_SERVICE && CHANGING.has(s.op))
        .flatMap((s) => {
          const early = unorderedPrerequisites(plan, s);
          return early.length === 0
            ? []
            : [
                {
                  step: s,
                  detail: `can start tasks before ${early.map((p) => `${p.name} (${p.op})`).join(", ")}: the service does not depend on them`,
                },
              ];
        }),
  },
  {
    name: "update-discovery-switch",
    description:
      "An ECS service must not switch between Cloud Map DNS (serviceRegistries) and Service Connect in one update: callers whose tasks do not yet know the new path could reach it by neither.",
    enforcementLevel: "mandatory",
    remediation:
      "Go through both: keep serviceRegistries while Service Connect is turned on, restart the callers, then drop one (dockyard: discovery.mode both, then restartToken, then serviceConnect; see the README).",
    find: (plan) =>
      plan.steps
        .filter((s) => s.type === ECS_SERVICE && s.op !== "delete" && s.op !== "create")
        .flatMap((s) => {
          const kind = (input: string) => s.changes.find((c) => c.path === input)?.kind;
          const registries = kind("serviceRegistries");
          const connect = kind("serviceConnectConfiguration");
          if (registries === "delete" && connect === "add")
            return [
              { step: s, detail: "drops its Cloud Map DNS registration (serviceRegistries) in the update that turns Service Connect on" },
            ];
          if (registries === "add" && connect === "delete")
            return [{ step: s, detail: "turns Service Connect off in the update that registers it in Cloud Map DNS (serviceRegistries)" }];
          return [];
        }),
  },
  {
    name: "update-name-collision",
    description:
      "A replacement or a new resource must not reuse the explicit physical name of a resource that still exists (AWS refuses the create: the old one is deleted only afterwards).",
    enforcementLevel: "mandatory",
    remediation:
      "Let the name change with the replace-only property (or use an auto-name), or set deleteBeforeReplace: true on the resource.",
    find: (plan) => {
      const found: { step: PlanStep; detail: string }[] = [];
      for (const s of plan.steps) {
        if (s.op === "replace" && s.physicalName !== undefined && !s.deleteBeforeReplace) {
          found.push({ step: s, detail: `would be replaced (create before delete) under the same name "${s.physicalName}"` });
        }
      }
      // Creates (and the new halves of replacements) run before deletions: a name or key still held collides.
      const deleted = plan.steps.filter((s) => s.op === "delete");
      for (const s of plan.steps.filter((c) => c.op === "create" || c.op === "replace")) {
        const byName =
          s.physicalName !== undefined && s.op === "create"
            ? deleted.find((d) => d.type === s.type && d.physicalName === s.physicalName)
            : undefined;
        if (byName)
          found.push({
            step: s,
            detail: `would be created as "${s.physicalName}" while ${byName.name} still holds that name (it is deleted after the creates)`,
          });
        const byKey = s.uniqueKey !== undefined ? deleted.find((d) => d.type === s.type && d.uniqueKey === s.uniqueKey) : undefined;
        if (byKey)
          found.push({ step: s, detail: `would take ${s.uniqueKey} while ${byKey.name} still holds it (it is deleted after the creates)` });
      }
      return found;
    },
  },
];

/** The checks in the shape the pack config resolver reads (name, description, level; no validation runs). */
const asPolicies = (): Policies =>
  UPDATE_CHECKS.map((c) => ({ name: c.name, description: c.description, enforcementLevel: c.enforcementLevel, validateResource: [] }));

/** `policy/config/<stack>.update.json` next to the pack config: the update checks' levels for that stack. */
export function updateConfigFile(repoRoot: string, stack: string): string {
  return path.join(repoRoot, "policy", "config", `${stack}.update.json`);
}

/**
 * Resolves each check's level from `file` (a path as it should be shown; undefined: the checks' defaults).
 * @throws PolicyConfigError naming the file, the check, the value and the fix.
 */
export function resolveUpdateLevels(file: string | undefined): Map<string, EnforcementLevel> {
  const displayName = file ?? "update check defaults";
  const config = file ? loadPolicyPackConfig(file) : undefined;
  const resolved = resolvePolicyConfig(asPolicies(), config, "advisory", displayName);
  const levels = new Map<string, EnforcementLevel>();
  for (const check of UPDATE_CHECKS) {
    const level = resolved.get(check.name)!.enforcementLevel;
    if (check.fixed && level !== check.enforcementLevel) {
      throw new PolicyConfigError(
        `${displayName}: "${check.name}" is ${JSON.stringify(level)}; allowed: ${check.enforcementLevel} only (Pulumi itself refuses this). Fix: remove the entry.`,
      );
    }
    if (level === "remediate") {
      throw new PolicyConfigError(
        `${displayName}: "${check.name}" is "remediate"; allowed: advisory, mandatory, disabled (an update plan cannot be remediated). Fix: use advisory or mandatory.`,
      );
    }
    levels.set(check.name, level);
  }
  return levels;
}

/** The findings of every enabled check, as policy violations (they count towards the gate's exit code). */
export function checkUpdatePlan(plan: UpdatePlan, levels: Map<string, EnforcementLevel>): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  for (const check of UPDATE_CHECKS) {
    const level = levels.get(check.name) ?? check.enforcementLevel;
    if (level === "disabled" || level === "remediate") continue;
    for (const { step, detail } of check.find(plan)) {
      const message = `${detail}. Fix: ${check.remediation}`;
      out.push({
        policyPack: UPDATE_CHECKS_PACK.name,
        policyPackVersion: UPDATE_CHECKS_PACK.version,
        policy: check.name,
        description: check.description,
        enforcementLevel: level,
        urn: step.urn,
        message: `${check.description}\n${message}`,
        detail: message,
      });
    }
  }
  return out;
}
