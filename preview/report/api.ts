/** The "aws-api" section of the text report: what AWS would refuse (mandatory), and what could not be checked. */
import type { ApiCheckResult } from "../aws/check";
import { Style } from "./style";

export function renderApiChecks(api: ApiCheckResult, style: Style): string {
  const lines = [style.bold(`AWS API checks (${api.sources.models}; IAM: ${api.sources.iam}):`)];
  lines.push(`    ${api.requests} requests validated against AWS's API models, ${api.policies} policy documents against AWS's IAM data`);
  if (api.findings.length === 0) lines.push("    no request or policy AWS would refuse among those checked");
  const byCheck = new Map<string, ApiCheckResult["findings"]>();
  for (const f of api.findings) byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
  for (const check of [...byCheck.keys()].sort()) {
    const found = byCheck.get(check)!;
    lines.push(`    [${style.red("mandatory")}]  ${check}  (${found.length})`);
    for (const f of found) lines.push(`        - ${f.name} (${f.type}) ${f.where}: ${f.message}`);
  }
  for (const n of api.notChecked) lines.push(style.dim(`    [not checked]  ${n.name} (${n.type}): ${n.reason}`));
  return lines.join("\n");
}
