/**
 * Renders the README's policy table from the pack itself (names, descriptions, remediation steps) and the
 * shipped per-stack configs (levels), so the docs cannot drift. Run it to print the table:
 * `npx ts-node --transpile-only policy/readme-table.ts`.
 */
import * as path from "path";
import type { Policies } from "@pulumi/policy";
import { loadPolicyPackConfig, resolvePolicyConfig } from "./engine/config";
import { allPolicies } from "./policies";
import { securityHubControls } from "./rules/controls";

const escape = (text: string) => text.replace(/\|/g, "\\|");

/** Markdown table: policy, level in each stack, kind, severity, Security Hub controls, what it checks, how to fix. */
export function policyTable(policies: Policies = allPolicies, stacks: readonly string[] = ["dev", "prod"]): string {
  const levels = stacks.map((stack) => {
    const file = path.join(__dirname, "config", `${stack}.json`);
    return resolvePolicyConfig(policies, loadPolicyPackConfig(file), "advisory", file);
  });
  const header = `| Policy | ${stacks.join(" | ")} | Kind | Severity | Security Hub | What it checks | How to fix |`;
  const rule = `|---|${stacks.map(() => "---").join("|")}|---|---|---|---|---|`;
  const rows = policies.map((p) => {
    const perStack = levels.map((l) => l.get(p.name)?.enforcementLevel ?? "advisory");
    const kind = "validateStack" in p ? "stack" : "resource";
    return `| \`${p.name}\` | ${perStack.join(" | ")} | ${kind} | ${p.severity ?? ""} | ${securityHubControls(p).join(", ") || "—"} | ${escape(p.description)} | ${escape(p.remediationSteps ?? "")} |`;
  });
  return [header, rule, ...rows].join("\n");
}

if (require.main === module) {
  console.log(policyTable());
}
