/**
 * Stack-level checks of `services.<name>.deployment`: the test rule's priority against the other services'
 * rules, and the ALB's capacity (each service's own problems are the component validator's).
 */
import { albCapacityProblems, albFootprint, shiftsTraffic, testRulePriority, type DeploymentStrategy } from "../components/index";

/** A field-level problem of the stack (field relative to `dockyard:`). */
export interface StackFieldProblem {
  field: string;
  value: unknown;
  allowed: string;
  fix: string;
}

/** Target groups and listener rules of every routed service together, against the ALB's limits. */
export function deploymentAlbProblem(
  services: readonly { name: string; routed: boolean; strategy: DeploymentStrategy }[],
  rulesQuota: number,
): StackFieldProblem | undefined {
  const claims = services.filter((s) => s.routed).map((s) => ({ service: s.name, ...albFootprint(s.strategy) }));
  const [p] = albCapacityProblems(claims, rulesQuota);
  if (p === undefined) return undefined;
  return {
    field: "services",
    value: `${p.count} ${p.what === "targetGroups" ? "target groups" : "listener rules"} (limit ${p.limit}; most: ${p.largest})`,
    allowed: p.allowed,
    fix: p.fix,
  };
}

/** A traffic-shifting service's test rule takes the priority just before its production rule: nobody else may hold it. */
export function testRuleCollision(
  services: readonly { name: string; strategy: DeploymentStrategy; priority?: number }[],
): (StackFieldProblem & { service: string }) | undefined {
  const holders = new Map(services.flatMap((s) => (s.priority === undefined ? [] : [[s.priority, s.name] as const])));
  for (const s of services) {
    if (s.priority === undefined || !shiftsTraffic(s.strategy)) continue;
    const test = testRulePriority(s.priority);
    const other = holders.get(test);
    if (other !== undefined && other !== s.name) {
      return {
        service: s.name,
        field: "routes.priority",
        value: s.priority,
        allowed: `a priority whose predecessor (${test}) is free: the ${s.strategy} test rule takes ${test}, which service "${other}"'s rule holds`,
        fix: `set \`routes.priority\` of "${s.name}" or "${other}" so they are at least 2 apart, or leave both unset`,
      };
    }
  }
  return undefined;
}

/**
 * In a team service stack every rule must stay inside the team's claimed priority range; a traffic-shifting
 * service's test rule takes the priority just before its production rule, so that one must be inside too.
 */
export function testRuleOutsideClaim(
  services: readonly { name: string; strategy: DeploymentStrategy; priority?: number }[],
  range: readonly [number, number],
): (StackFieldProblem & { service: string }) | undefined {
  for (const s of services) {
    if (s.priority === undefined || !shiftsTraffic(s.strategy)) continue;
    const test = testRulePriority(s.priority);
    if (test < range[0]) {
      return {
        service: s.name,
        field: "routes.priority",
        value: s.priority,
        allowed: `a priority from ${range[0] + 1} to ${range[1]}: the ${s.strategy} test rule takes ${test}, outside the team's claimed range ${range[0]}–${range[1]}`,
        fix: `set \`routes.priority\` of "${s.name}" to a value from ${range[0] + 1} to ${range[1]}`,
      };
    }
  }
  return undefined;
}
