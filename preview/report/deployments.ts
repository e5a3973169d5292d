/** The report's "Deployments" section: each ECS service's strategy, timing parameters and rollback triggers. */
import type { CapturedResource } from "../../policy/engine/types";
import { deploymentStrategy } from "../graph/service-facts";
import type { Style } from "./style";

/** One line per ECS service, named by its component (or itself); `[]` when there is none. */
export function renderDeployments(resources: readonly CapturedResource[], style: Style): string[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const services = resources.filter((r) => r.type === "aws:ecs/service:Service");
  if (services.length === 0) return [];
  const lines = [style.bold("Deployments:")];
  for (const svc of services) {
    const parent = svc.parent ? byUrn.get(svc.parent) : undefined;
    const name = parent && parent.type !== "pulumi:pulumi:Stack" ? parent.name : svc.name;
    lines.push(`    ${name}: ${deploymentStrategy(svc)}`);
  }
  return [lines.join("\n"), ""];
}
