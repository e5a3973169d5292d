/**
 * A monthly cost estimate read off the captured resources: Fargate task sizes (task definition `cpu`,
 * `memory`, `runtimePlatform`) times running tasks (service `desiredCount`, split over FARGATE / FARGATE_SPOT
 * by the capacity provider strategy), ALBs (hours + the minimum LCU), NAT gateways (from the awsx VPC's
 * strategy and zones, or explicit ones), interface endpoints per AZ and public IPv4 addresses. An estimate:
 * list prices, no usage-based charges.
 */
import type { CapturedResource } from "../../policy/engine/types";
import { FargateRate, PRICES, PriceList } from "./prices";

export type Arch = "X86_64" | "ARM64";

export interface ServiceCost {
  /** The service's component name (or the ECS service's name when it has no component). */
  name: string;
  tasks: number;
  vcpu: number;
  memoryGiB: number;
  arch: Arch;
  /** Share of tasks on FARGATE_SPOT (0..1). */
  spotShare: number;
  /** Monthly USD as configured. */
  monthly: number;
  /** What the same tasks would cost per month under each option, for comparison. */
  compare: { x86OnDemand: number; x86Spot: number; armOnDemand: number };
}

export interface SharedCost {
  item: string;
  quantity: number;
  monthly: number;
}

export interface CostEstimate {
  currency: string;
  hoursPerMonth: number;
  pricesAsOf: string;
  /** Region priced; differs from the stack's region when no list for it is in the repo. */
  pricedRegion: string;
  services: ServiceCost[];
  shared: SharedCost[];
  total: number;
  notes: string[];
}

const num = (value: unknown, fallback: number): number => {
  const n = typeof value === "string" ? Number(value) : typeof value === "number" ? value : NaN;
  return Number.isFinite(n) ? n : fallback;
};
const round2 = (n: number): number => Math.round(n * 100) / 100;
const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object") : [];

/** Share of `tasks` on FARGATE_SPOT: `base` tasks go first to their provider, the rest split by weight. */
export function spotShare(strategies: Record<string, unknown>[], tasks: number): number {
  if (strategies.length === 0 || tasks <= 0) return 0;
  let spot = 0;
  let remaining = tasks;
  for (const s of strategies) {
    const base = Math.min(num(s["base"], 0), remaining);
    if (s["capacityProvider"] === "FARGATE_SPOT") spot += base;
    remaining -= base;
  }
  const totalWeight = strategies.reduce((sum, s) => sum + num(s["weight"], 0), 0);
  if (totalWeight > 0) {
    const spotWeight = strategies.filter((s) => s["capacityProvider"] === "FARGATE_SPOT").reduce((sum, s) => sum + num(s["weight"], 0), 0);
    spot += (remaining * spotWeight) / totalWeight;
  }
  return spot / tasks;
}

function taskHourly(rate: FargateRate, vcpu: number, memoryGiB: number): number {
  return rate.vcpuHour * vcpu + rate.gbHour * memoryGiB;
}

/**
 * The strategy a service runs with: its own, else (no launch type either) the cluster's default strategy
 * from `aws.ecs.ClusterCapacityProviders`, as ECS applies it.
 */
function strategyOf(svc: CapturedResource, resources: CapturedResource[]): Record<string, unknown>[] {
  const own = list(svc.inputs["capacityProviderStrategies"]);
  if (own.length > 0 || svc.inputs["launchType"] !== undefined) return own;
  const cluster = String(svc.inputs["cluster"] ?? "");
  const defaults = resources.find(
    (r) =>
      r.type === "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders" &&
      cluster !== "" &&
      cluster.split("/").pop() === r.inputs["clusterName"],
  );
  return list(defaults?.inputs["defaultCapacityProviderStrategies"]);
}

function serviceCost(
  prices: PriceList,
  svc: CapturedResource,
  td: CapturedResource,
  resources: CapturedResource[],
  byUrn: Map<string, CapturedResource>,
  notes: string[],
): ServiceCost {
  const vcpu = num(td.inputs["cpu"], 256) / 1024;
  const memoryGiB = num(td.inputs["memory"], 512) / 1024;
  const platform = td.inputs["runtimePlatform"] as Record<string, unknown> | undefined;
  const arch: Arch = platform?.["cpuArchitecture"] === "ARM64" ? "ARM64" : "X86_64";
  const tasks = num(svc.inputs["desiredCount"], 1);
  const share = spotShare(strategyOf(svc, resources), tasks);
  const parent = svc.parent ? byUrn.get(svc.parent) : undefined;
  const name = parent && parent.type !== "pulumi:pulumi:Stack" ? parent.name : svc.name;
  const monthlyFor = (rate: FargateRate): number => taskHourly(rate, vcpu, memoryGiB) * tasks * prices.hoursPerMonth;
  const onDemand = prices.fargate[arch].onDemand;
  let spotRate = prices.fargate[arch].spot;
  if (share > 0 && spotRate === null) {
    notes.push(`${name}: FARGATE_SPOT has no ${arch} price in the list; its spot tasks are priced on-demand.`);
  }
  spotRate ??= onDemand;
  const monthly = monthlyFor(onDemand) * (1 - share) + monthlyFor(spotRate) * share;
  return {
    name,
    tasks,
    vcpu,
    memoryGiB,
    arch,
    spotShare: round2(share),
    monthly: round2(monthly),
    compare: {
      x86OnDemand: round2(monthlyFor(prices.fargate.X86_64.onDemand)),
      x86Spot: round2(monthlyFor(prices.fargate.X86_64.spot ?? prices.fargate.X86_64.onDemand)),
      armOnDemand: round2(monthlyFor(prices.fargate.ARM64.onDemand)),
    },
  };
}

/** What an awsx VPC's inputs make it create at deploy time: its zones and NAT gateways (awsx's defaults: 3 zones, one NAT per zone). */
export function awsxVpcNat(vpc: CapturedResource): { zones: number; strategy: string; natGateways: number } {
  const zones = Array.isArray(vpc.inputs["availabilityZoneNames"])
    ? vpc.inputs["availabilityZoneNames"].length
    : num(vpc.inputs["numberOfAvailabilityZones"], 3);
  const strategy = String((vpc.inputs["natGateways"] as Record<string, unknown> | undefined)?.["strategy"] ?? "OnePerAz");
  return { zones, strategy, natGateways: strategy === "None" ? 0 : strategy === "Single" ? 1 : zones };
}

/**
 * NAT gateways the awsx VPCs and any explicit NAT gateway resources would run. An awsx VPC expanded into its
 * children (`synthesizedFrom`) is counted by those; only an unexpanded one by its strategy and zones.
 */
function natGateways(resources: CapturedResource[]): number {
  let count = resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length;
  const expanded = new Set(resources.map((r) => r.synthesizedFrom));
  for (const vpc of resources.filter((r) => r.type === "awsx:ec2:Vpc" && !expanded.has(r.urn))) count += awsxVpcNat(vpc).natGateways;
  return count;
}

/**
 * Metrics the metric alarms evaluate, which is what CloudWatch bills: 1 for a single-metric alarm, each
 * `metricQueries` entry with a `metric` for a metric-math alarm (expressions are free). Period under 60 s is
 * high resolution.
 */
export function alarmMetrics(resources: CapturedResource[]): { alarms: number; standard: number; highResolution: number } {
  let standard = 0;
  let highResolution = 0;
  const alarms = resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
  for (const a of alarms) {
    const queries = list(a.inputs["metricQueries"]);
    const periods =
      queries.length > 0
        ? queries.filter((q) => q["metric"] !== undefined).map((q) => num((q["metric"] as Record<string, unknown>)["period"], 60))
        : [num(a.inputs["period"], 60)];
    for (const period of periods) {
      if (period < 60) highResolution += 1;
      else standard += 1;
    }
  }
  return { alarms: alarms.length, standard, highResolution };
}

export function estimateCost(resources: CapturedResource[], region: string, prices: PriceList = PRICES): CostEstimate {
  const notes: string[] = [];
  if (region !== prices.region) notes.push(`No price list for ${region} in the repo; priced with ${prices.region} list prices.`);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const taskDefs = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
  const services: ServiceCost[] = [];
  for (const svc of resources.filter((r) => r.type === "aws:ecs/service:Service")) {
    if (svc.inputs["launchType"] === "EC2") {
      notes.push(`${svc.name}: runs on EC2 container instances (launchType EC2); instances are not priced here.`);
      continue;
    }
    const viaDependency = (svc.propertyDependencies["taskDefinition"] ?? [])
      .map((urn) => byUrn.get(urn))
      .find((r) => r?.type === "aws:ecs/taskDefinition:TaskDefinition");
    const td = viaDependency ?? taskDefs.find((t) => t.outputs["arn"] === svc.inputs["taskDefinition"]);
    if (!td) {
      notes.push(`${svc.name}: task definition not found among the captured resources; not priced.`);
      continue;
    }
    services.push(serviceCost(prices, svc, td, resources, byUrn, notes));
  }

  const shared: SharedCost[] = [];
  const hours = prices.hoursPerMonth;
  const albs = resources.filter(
    (r) => /^aws:(lb|alb)\/loadBalancer:LoadBalancer$/.test(r.type) && r.inputs["loadBalancerType"] !== "network",
  );
  if (albs.length > 0) {
    shared.push({
      item: `Application Load Balancer (hours + ${prices.alb.minimumLcu} LCU)`,
      quantity: albs.length,
      monthly: round2(albs.length * (prices.alb.hour + prices.alb.lcuHour * prices.alb.minimumLcu) * hours),
    });
    const albIps = albs
      .filter((a) => a.inputs["internal"] !== true)
      .reduce(
        (n, a) =>
          n + Math.max(list(a.inputs["subnetMappings"]).length, Array.isArray(a.inputs["subnets"]) ? a.inputs["subnets"].length : 2),
        0,
      );
    if (albIps > 0)
      shared.push({
        item: "Public IPv4 addresses (internet-facing ALB nodes)",
        quantity: albIps,
        monthly: round2(albIps * prices.publicIpv4.hour * hours),
      });
  }
  const nats = natGateways(resources);
  if (nats > 0) {
    shared.push({ item: "NAT gateways (hours)", quantity: nats, monthly: round2(nats * prices.natGateway.hour * hours) });
    shared.push({
      item: "Public IPv4 addresses (NAT gateway EIPs)",
      quantity: nats,
      monthly: round2(nats * prices.publicIpv4.hour * hours),
    });
  }
  const endpointAzs = resources
    .filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs["vpcEndpointType"] === "Interface")
    .reduce((n, r) => n + Math.max(1, Array.isArray(r.inputs["subnetIds"]) ? r.inputs["subnetIds"].length : 1), 0);
  if (endpointAzs > 0)
    shared.push({
      item: "Interface VPC endpoints (endpoint-AZ hours)",
      quantity: endpointAzs,
      monthly: round2(endpointAzs * prices.interfaceEndpoint.azHour * hours),
    });

  const alarms = alarmMetrics(resources);
  if (alarms.standard + alarms.highResolution > 0) {
    shared.push({
      item: `CloudWatch alarms (${alarms.alarms}, priced per metric evaluated${alarms.highResolution > 0 ? `, ${alarms.highResolution} high-resolution` : ""})`,
      quantity: alarms.standard + alarms.highResolution,
      monthly: round2(
        alarms.standard * prices.cloudwatchAlarm.standardMetricMonth +
          alarms.highResolution * prices.cloudwatchAlarm.highResolutionMetricMonth,
      ),
    });
  }

  const total = round2(services.reduce((s, c) => s + c.monthly, 0) + shared.reduce((s, c) => s + c.monthly, 0));
  return {
    currency: prices.currency,
    hoursPerMonth: hours,
    pricesAsOf: prices.pricesAsOf,
    pricedRegion: prices.region,
    services,
    shared,
    total,
    notes: [...notes, `Not counted: ${prices.notCounted.join("; ")}.`],
  };
}
