/**
 * AWS Security Hub CSPM controls a policy covers, carried in the policy's own `framework` metadata (a field of
 * `@pulumi/policy`'s `Policy`), so the README table, the JSON report and the pack itself read one source.
 * Control IDs as listed on AWS's Security Hub control reference pages (ecs-controls, elb-controls, ecr-controls,
 * ec2-controls, iam-controls, cloudwatch-controls), 2026-12.
 */
import type { PolicyComplianceFramework } from "@pulumi/policy";

export const SECURITY_HUB = "AWS Security Hub CSPM";
const REFERENCE = "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html";

/** `framework` metadata naming the controls (`ECS.2`, `ELB.17`, …); `[]` = project-derived, no AWS control. */
export function securityHub(...controls: string[]): { framework: PolicyComplianceFramework } {
  return { framework: { name: SECURITY_HUB, version: "2026-12", reference: REFERENCE, specification: controls.join(", ") } };
}

/** The Security Hub controls a policy names (empty when it names none). */
export function securityHubControls(policy: { framework?: PolicyComplianceFramework }): string[] {
  const f = policy.framework;
  if (!f || f.name !== SECURITY_HUB) {
    return [];
  }
  return f.specification
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}
