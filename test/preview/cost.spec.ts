import * as assert from "assert";
import type { CapturedResource } from "../../policy/engine/types";
import { estimateCost, spotShare } from "../../preview/cost/estimate";
import { PRICES } from "../../preview/cost/prices";

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<CapturedResource> = {}): CapturedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:dev::p::${type}::${name}`,
    custom: true,
    inputs,
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      aliases: [],
      additionalSecretOutputs: [],
    },
    ...extra,
  };
}

describe("cost estimate", () => {
  it("splits tasks over FARGATE / FARGATE_SPOT: base first, then by weight", () => {
    const table: [Record<string, unknown>[], number, number][] = [
      [[], 4, 0],
      [[{ capacityProvider: "FARGATE_SPOT", weight: 1 }], 4, 1],
      [
        [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
        1,
        0,
      ],
      [
        [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 3 },
        ],
        5,
        3 / 5,
      ],
      [
        [
          { capacityProvider: "FARGATE_SPOT", base: 2, weight: 0 },
          { capacityProvider: "FARGATE", weight: 1 },
        ],
        4,
        0.5,
      ],
    ];
    for (const [strategies, tasks, expected] of table)
      assert.strictEqual(spotShare(strategies, tasks), expected, JSON.stringify([strategies, tasks]));
  });

  it("prices services from their task definitions and the shared network from the VPC, ALB and endpoints", () => {
    const td = resource(
      "aws:ecs/taskDefinition:TaskDefinition",
      "api-task",
      { cpu: "1024", memory: "2048", runtimePlatform: { cpuArchitecture: "ARM64" } },
      { outputs: { arn: "arn:td:1" } },
    );
    const component = resource("dockyard:ecs:FargateService", "api", {}, { custom: false });
    const svc = resource("aws:ecs/service:Service", "api-svc", { taskDefinition: "arn:td:1", desiredCount: 2 }, { parent: component.urn });
    const vpc = resource("awsx:ec2:Vpc", "vpc", { numberOfAvailabilityZones: 3, natGateways: { strategy: "Single" } }, { custom: false });
    const alb = resource("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application", subnets: ["a", "b", "c"] });
    const endpoint = resource("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", { vpcEndpointType: "Interface", subnetIds: ["x", "y", "z"] });
    const gateway = resource("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { vpcEndpointType: "Gateway" });
    const cost = estimateCost([component, td, svc, vpc, alb, endpoint, gateway], "us-east-1");

    const armTask = PRICES.fargate.ARM64.onDemand.vcpuHour * 1 + PRICES.fargate.ARM64.onDemand.gbHour * 2;
    const round = (n: number) => Math.round(n * 100) / 100;
    assert.deepStrictEqual(cost.services, [
      {
        name: "api",
        tasks: 2,
        vcpu: 1,
        memoryGiB: 2,
        arch: "ARM64",
        spotShare: 0,
        monthly: round(armTask * 2 * 730),
        compare: {
          x86OnDemand: round((0.04048 + 0.004445 * 2) * 2 * 730),
          x86Spot: round((0.01334058 + 0.00146489 * 2) * 2 * 730),
          armOnDemand: round(armTask * 2 * 730),
        },
      },
    ]);
    assert.deepStrictEqual(cost.shared, [
      { item: "Application Load Balancer (hours + 1 LCU)", quantity: 1, monthly: round((0.0225 + 0.008) * 730) },
      { item: "Public IPv4 addresses (internet-facing ALB nodes)", quantity: 3, monthly: round(3 * 0.005 * 730) },
      { item: "NAT gateways (hours)", quantity: 1, monthly: round(0.045 * 730) },
      { item: "Public IPv4 addresses (NAT gateway EIPs)", quantity: 1, monthly: round(0.005 * 730) },
      { item: "Interface VPC endpoints (endpoint-AZ hours)", quantity: 3, monthly: round(3 * 0.01 * 730) },
    ]);
    assert.strictEqual(cost.total, round(cost.services[0].monthly + cost.shared.reduce((s, c) => s + c.monthly, 0)));
    assert.strictEqual(cost.pricesAsOf, "2025-01");
  });

  it("says when it prices another region with the us-east-1 list, and when ARM spot has no price", () => {
    const td = resource(
      "aws:ecs/taskDefinition:TaskDefinition",
      "t",
      { cpu: "256", memory: "512", runtimePlatform: { cpuArchitecture: "ARM64" } },
      { outputs: { arn: "arn:t" } },
    );
    const svc = resource("aws:ecs/service:Service", "s", {
      taskDefinition: "arn:t",
      desiredCount: 1,
      capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });
    const cost = estimateCost([td, svc], "eu-west-1");
    assert.deepStrictEqual(cost.notes.slice(0, 2), [
      "No price list for eu-west-1 in the repo; priced with us-east-1 list prices.",
      "s: FARGATE_SPOT has no ARM64 price in the list; its spot tasks are priced on-demand.",
    ]);
  });
});

describe("cost estimate: cluster default capacity strategy", () => {
  it("applies the cluster's default strategy to a service without its own strategy or launch type", () => {
    const td = resource("aws:ecs/taskDefinition:TaskDefinition", "t", { cpu: "256", memory: "512" }, { outputs: { arn: "arn:t" } });
    const defaults = resource("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cp", {
      clusterName: "main",
      defaultCapacityProviderStrategies: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
    });
    const svc = resource("aws:ecs/service:Service", "s", {
      taskDefinition: "arn:t",
      desiredCount: 5,
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main",
    });
    const fargateOnly = resource("aws:ecs/service:Service", "f", {
      taskDefinition: "arn:t",
      desiredCount: 5,
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main",
      launchType: "FARGATE",
    });
    const cost = estimateCost([td, defaults, svc, fargateOnly], "us-east-1");
    assert.deepStrictEqual(
      cost.services.map((s) => [s.name, s.spotShare]),
      [
        ["s", 0.6],
        ["f", 0],
      ],
    );
  });
});
