import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../../components/errors";
import { ConfigError } from "../../stacks/config-error";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { validateFargateServiceArgs } from "../../components/validate";
import { validatePlatformArgs } from "../../components/platform";

const digest = "b".repeat(64);
const base: FargateServiceArgs = {
  environment: "dev",
  region: "us-east-1",
  accountId: "123456789012",
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
  clusterName: "c",
  vpcId: "vpc-1",
  privateSubnetIds: ["subnet-1"],
  image: { kind: "prebuilt", uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${digest}` },
};
const lb = { listenerArn: "l", loadBalancerArn: "a", securityGroupId: "sg", baseUrl: "http://x", targetGroupName: "dev-api-8080", pathPatterns: ["/api*"], priority: 10 };

describe("component args validation", () => {
  it("user errors are pulumi.RunErrors (printed without a stack trace)", () => {
    assert.ok(new ConfigError("x") instanceof pulumi.RunError);
    assert.ok(new ComponentArgsError("FargateService", "api", "x") instanceof pulumi.RunError);
  });

  it("accepts valid args", () => {
    validateFargateServiceArgs("api", { ...base, loadBalancer: lb, autoscaling: { min: 1, max: 3, requestsPerTarget: 100 } });
  });

  it("accepts exactly 5 condition values and 5 wildcards, 9 sidecars, and a service named sg-api (negative controls)", () => {
    validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, pathPatterns: ["/a*", "/b*", "/c*"], hostHeaders: ["*.example.com", "b.example.com"] } });
    validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, pathPatterns: ["/a*b*c*", "/d*e*"] } });
    validateFargateServiceArgs("api", { ...base, sidecars: Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, image: "x" })) });
    validateFargateServiceArgs("sg-api", { ...base, project: "dockyard" });
  });

  const cases: [string, Partial<FargateServiceArgs>, string][] = [
    ["cpu/memory", { cpu: 256, memory: 4096 }, "FargateService \"api\": unsupported `cpu`/`memory` pair 256/4096: memory 4096 is not allowed with cpu 256; allowed memory for cpu 256: 512, 1024, 2048"],
    ["port", { port: 70000 }, "FargateService \"api\": `port` must be an integer from 1 to 65535; got 70000"],
    ["unpinned prebuilt image", { image: { kind: "prebuilt", uri: "nginx:latest" } }, "FargateService \"api\": `image.uri` must be pinned by digest (…@sha256:<64 hex>); got \"nginx:latest\". Push the image and use its digest"],
    ["route without conditions", { loadBalancer: { ...lb, pathPatterns: [] } }, "FargateService \"api\": `loadBalancer` needs at least one of `pathPatterns` or `hostHeaders`"],
    ["priority", { loadBalancer: { ...lb, priority: 0 } }, "FargateService \"api\": `loadBalancer.priority` must be an integer from 1 to 50000; got 0"],
    ["long target group name", { loadBalancer: { ...lb, targetGroupName: "x".repeat(33) } }, "FargateService \"api\": `loadBalancer.targetGroupName`: target group name \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" is 33 characters long; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html). Use naming.targetGroupName()"],
    ["an environment that forms an upper-case repository name", { environment: "Prod_EU", project: "dockyard" }, "FargateService \"api\": the name and `environment` \"Prod_EU\" cannot form valid AWS names: service \"api\"'s ECR repository: ECR repository name \"Prod_EU-6baaf9/api\" contains \"P\", \"E\", \"U\"; allowed: 2\u2013256 characters: lower-case letters and digits, in `/`-separated segments, with single `.`, `_`, `__` or runs of `-` between them (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html). Use lower-case letters, digits and single hyphens"],
    ["more than 5 condition values in one rule (3 paths + 3 hosts)", { loadBalancer: { ...lb, pathPatterns: ["/a*", "/b*", "/c*"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"] } }, "FargateService \"api\": `loadBalancer` conditions got 6; allowed: at most 5 condition values per rule in total across path patterns, host headers and other conditions; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html)"],
    ["more than 5 wildcards in one rule", { loadBalancer: { ...lb, pathPatterns: ["/a*b*c*", "/d*e*f*"] } }, "FargateService \"api\": `loadBalancer` conditions got 6; allowed: at most 5 wildcards (* or ?) per rule in total; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html)"],
    ["a host header without a top-level domain", { loadBalancer: { ...lb, hostHeaders: ["api.example.c0m"] } }, "FargateService \"api\": `loadBalancer.hostHeaders[0]` got \"api.example.c0m\"; allowed: a host name: letters only after the final \".\", as in a top-level domain such as .com (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html)"],
    ["more than 10 containers", { sidecars: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, image: "x" })) }, "FargateService \"api\": `sidecars`: 11 containers; a task definition holds at most 10 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html). Move sidecars into another service"],
    ["autoscaling range", { autoscaling: { min: 5, max: 2 } }, "FargateService \"api\": `autoscaling.min` (5) must not exceed `autoscaling.max` (2)"],
    ["request scaling without ALB", { autoscaling: { min: 1, max: 2, requestsPerTarget: 10 } }, "FargateService \"api\": `autoscaling.requestsPerTarget` needs `loadBalancer`"],
    ["ECS Exec with an explicitly read-only root filesystem", { enableExecuteCommand: true, readonlyRootFilesystem: true }, "FargateService \"api\": `readonlyRootFilesystem` cannot be true while `enableExecuteCommand` is true: ECS Exec needs a writable root filesystem (the SSM agent it starts inside the container cannot run on a read-only one). Leave `readonlyRootFilesystem` unset (it then defaults to false) or set `enableExecuteCommand: false`"],
    ["a wildcard task-role action", { taskPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }, { actions: ["*"], resources: ["arn:aws:s3:::b"] }] }, "FargateService \"api\": `taskPolicy[1].actions` got \"*\": the action `*` grants every permission in AWS. List the exact actions the service calls"],
    ["a `*` task-role resource", { taskPolicy: [{ actions: ["s3:GetObject"], resources: ["*"] }] }, "FargateService \"api\": `taskPolicy[0].resources` got \"*\"; allowed: exact resource ARNs (never `*`). List the ARNs of the resources the service uses"],
    ["sidecar named like the app", { sidecars: [{ name: "api", image: "x" }] }, "FargateService \"api\": container name \"api\" is used twice; sidecar names must differ from each other and from the service name"],
  ];
  for (const [title, patch, message] of cases) {
    it(`rejects ${title}`, () => {
      assert.throws(() => validateFargateServiceArgs("api", { ...base, ...patch }), (e: unknown) => e instanceof ComponentArgsError && e.message === message);
    });
  }

  it("rejects a platform whose environment forms an ALB name starting with internal-", () => {
    assert.throws(() => validatePlatformArgs("p", { environment: "internal", project: "dockyard", discoveryNamespace: "d", network: {} }), { message: "Platform \"p\": the name and `environment` \"internal\" cannot form valid AWS names: the ALB: load balancer name \"internal-5ee2eb-845d-alb\" begins with \"internal-\"; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with \"internal-\" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html). Use lower-case letters, digits and single hyphens" });
    validatePlatformArgs("p", { environment: "internalx", project: "dockyard", discoveryNamespace: "d", network: {} });
  });

  it("rejects a one-AZ platform and two capacity providers with a base", () => {
    assert.throws(() => validatePlatformArgs("p", { environment: "dev", discoveryNamespace: "d", network: { availabilityZones: 1 } }),
      { message: "Platform \"p\": `network.availabilityZones` must be an integer from 2 to 6 (an ALB needs two zones); got 1" });
    assert.throws(() => validatePlatformArgs("p", { environment: "dev", discoveryNamespace: "d", network: {}, cluster: { capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1 }, { capacityProvider: "FARGATE_SPOT", base: 1 }] } }),
      { message: "Platform \"p\": only one entry of `cluster.capacityProviderStrategy` can have a `base` above 0 (an ECS rule)" });
  });
});
