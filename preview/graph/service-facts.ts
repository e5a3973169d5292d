/**
 * What a reviewer needs to know about an ECS service beyond its wiring, read from the inputs the program
 * registers (so it follows the program without configuration): how it deploys and how it scales.
 */
import type { CapturedResource } from "../../policy/engine/types";

type R = CapturedResource;
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined;

const STRATEGIES: Record<string, string> = { ROLLING: "rolling", BLUE_GREEN: "blue/green", CANARY: "canary", LINEAR: "linear" };

/**
 * The deployment strategy: the deployment controller (`ECS` by default; `CODE_DEPLOY` is blue/green through
 * CodeDeploy), and for ECS the `deploymentConfiguration.strategy` (`ROLLING` by default, or the built-in
 * `BLUE_GREEN`, `CANARY`, `LINEAR`) with its parameters, then the circuit breaker.
 */
export function deploymentStrategy(svc: R): string {
  const controller = String(obj(svc.inputs["deploymentController"])["type"] ?? "ECS");
  if (controller === "CODE_DEPLOY") return "blue/green (CodeDeploy)";
  if (controller === "EXTERNAL") return "external deployment controller";
  const config = obj(svc.inputs["deploymentConfiguration"]);
  const strategy = String(config["strategy"] ?? "ROLLING").toUpperCase();
  const parts: string[] = [];
  if (strategy === "ROLLING") {
    const min = num(svc.inputs["deploymentMinimumHealthyPercent"]) ?? 100;
    const max = num(svc.inputs["deploymentMaximumPercent"]) ?? 200;
    parts.push(`${min}–${max} %`);
  }
  const canary = num(obj(config["canaryConfiguration"])["canaryPercent"]);
  const canaryBake = num(obj(config["canaryConfiguration"])["canaryBakeTimeInMinutes"]);
  if (strategy === "CANARY" && canary !== undefined)
    parts.push(canaryBake === undefined ? `${canary} % first` : `${canary} % for ${canaryBake} min first`);
  const step = num(obj(config["linearConfiguration"])["stepPercent"]);
  const stepBake = num(obj(config["linearConfiguration"])["stepBakeTimeInMinutes"]);
  if (strategy === "LINEAR" && step !== undefined)
    parts.push(stepBake === undefined ? `${step} % steps` : `${step} % every ${stepBake} min`);
  const bake = num(config["bakeTimeInMinutes"]);
  if (bake !== undefined) parts.push(`bake ${bake} min`);
  const breaker = obj(svc.inputs["deploymentCircuitBreaker"]);
  if (breaker["enable"] === true) parts.push(breaker["rollback"] === true ? "circuit breaker + rollback" : "circuit breaker");
  const alarms = obj(svc.inputs["alarms"]);
  const alarmCount = Array.isArray(alarms["alarmNames"]) ? alarms["alarmNames"].length : 0;
  if (alarms["enable"] === true && alarmCount > 0)
    parts.push(`${alarmCount} alarm${alarmCount > 1 ? "s" : ""}${alarms["rollback"] === true ? " + rollback" : ""}`);
  const name = STRATEGIES[strategy] ?? strategy.toLowerCase();
  return parts.length ? `${name} (${parts.join(", ")})` : name;
}

const METRICS: Record<string, string> = {
  ECSServiceAverageCPUUtilization: "CPU",
  ECSServiceAverageMemoryUtilization: "memory",
  ALBRequestCountPerTarget: "requests/target",
};

/**
 * The service's autoscaling range and target-tracking targets: the `aws.appautoscaling.Target` whose
 * `resourceId` came from the service (or names it), and the policies on that target.
 */
export function autoscaling(svc: R, resources: R[]): string | undefined {
  const serviceName = String(svc.outputs["name"] ?? "");
  const target = resources.find(
    (r) =>
      r.type === "aws:appautoscaling/target:Target" &&
      ((r.propertyDependencies["resourceId"] ?? []).includes(svc.urn) ||
        (serviceName !== "" && String(r.inputs["resourceId"] ?? "").endsWith(`/${serviceName}`))),
  );
  if (!target) return undefined;
  const targets = resources
    .filter((r) => r.type === "aws:appautoscaling/policy:Policy" && r.inputs["resourceId"] === target.inputs["resourceId"])
    .map((p) => {
      const config = obj(p.inputs["targetTrackingScalingPolicyConfiguration"]);
      const metric = String(obj(config["predefinedMetricSpecification"])["predefinedMetricType"] ?? "custom metric");
      const value = num(config["targetValue"]);
      const unit = metric.endsWith("Utilization") ? " %" : "";
      return `${METRICS[metric] ?? metric} ${value ?? "?"}${unit}`;
    });
  const range = `autoscaling ${String(target.inputs["minCapacity"] ?? "?")}–${String(target.inputs["maxCapacity"] ?? "?")}`;
  return targets.length ? `${range} (${targets.join(", ")})` : range;
}
