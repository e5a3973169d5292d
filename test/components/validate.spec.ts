import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../../components/errors";
import { ConfigError } from "../../stacks/config-error";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { validateFargateServiceArgs } from "../../components/validate";
import { validatePlatformArgs } from "../../components/platform";
import { bareRef, fullRef } from "./platform-fixture";

const digest = "b".repeat(64);
const base: FargateServiceArgs = {
  platform: fullRef("dev"),
  image: { kind: "prebuilt", uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${digest}` },
};
const routes = { pathPatterns: ["/api*"], priority: 10 };

/** Component rules that only code can break (the YAML path cannot express them); the rest: code-yaml-parity.spec.ts. */
describe("component args validation", () => {
  it("user errors are pulumi.RunErrors (printed without a stack trace) and carry their problems", () => {
    assert.ok(new ConfigError("x") instanceof pulumi.RunError);
    assert.ok(new ComponentArgsError("FargateService", "api", "x") instanceof pulumi.RunError);
    try {
      validateFargateServiceArgs("api", { ...base, cpu: 300 });
      assert.fail("expected a ComponentArgsError");
    } catch (e) {
      assert.ok(e instanceof ComponentArgsError);
      assert.deepEqual(e.problems, [
        { field: ["cpu"], value: 300, allowed: "256, 512, 1024, 2048, 4096, 8192, 16384", fix: "pick one of the Fargate cpu values" },
      ]);
    }
  });

  it("accepts valid args, 5 condition values, 5 wildcards, 9 sidecars and a service named sg-api (negative controls)", () => {
    validateFargateServiceArgs("api", { ...base, routes, autoscaling: { min: 1, max: 3, requestsPerTarget: 100 } });
    validateFargateServiceArgs("api", {
      ...base,
      routes: { ...routes, pathPatterns: ["/a*", "/b*", "/c*"], hostHeaders: ["*.example.com", "b.example.com"] },
    });
    validateFargateServiceArgs("api", { ...base, routes: { ...routes, pathPatterns: ["/a*b*c*", "/d*e*"] } });
    validateFargateServiceArgs("api", {
      ...base,
      sidecars: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, { image: "x" }])),
    });
    validateFargateServiceArgs("sg-api", base);
    validateFargateServiceArgs("api", { ...base, platform: bareRef("dev") });
  });

  const cases: [string, Partial<FargateServiceArgs>, string][] = [
    [
      "an environment that forms an upper-case repository name",
      { platform: { ...fullRef("dev"), environment: "Prod_EU" } },
      'FargateService "api": `name` got "api"; allowed: a service name that forms valid AWS names (service "api"\'s ECR repository: ECR repository name "Prod_EU-6baaf9/api" contains "P", "E", "U"; allowed: 2\u2013256 characters: lower-case letters and digits, in `/`-separated segments, with single `.`, `_`, `__` or runs of `-` between them (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html)). Fix: rename the service: lower-case letters, digits and single hyphens',
    ],
    [
      "more than 5 wildcards in one rule",
      { routes: { ...routes, pathPatterns: ["/a*b*c*", "/d*e*f*"] } },
      'FargateService "api": `routes` got {"pathPatterns":["/a*b*c*","/d*e*f*"],"hostHeaders":[]}; allowed: at most 5 wildcards (* or ?) per rule in total; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service\'s routes',
    ],
    [
      "a host header without a top-level domain",
      { routes: { ...routes, hostHeaders: ["api.example.c0m"] } },
      'FargateService "api": `routes.hostHeaders.0` got "api.example.c0m"; allowed: a host name: letters only after the final ".", as in a top-level domain such as .com (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html). Fix: correct the value in `routes.hostHeaders.0`',
    ],
    [
      "routes on a platform without a listener",
      { platform: bareRef("dev"), routes },
      'FargateService "api": `routes` got {"pathPatterns":["/api*"],"hostHeaders":[],"priority":10}; allowed: no `routes`: the platform has no load balancer listener. Fix: remove `routes`, or use a platform with a `listener`',
    ],
    [
      "discovery on a platform without a namespace",
      { platform: bareRef("dev"), discovery: true },
      'FargateService "api": `discovery` got true; allowed: false or unset: the platform has no Cloud Map namespace. Fix: remove `discovery`, or use a platform with `discovery`',
    ],
  ];
  for (const [title, patch, message] of cases) {
    it(`rejects ${title}`, () => {
      assert.throws(
        () => validateFargateServiceArgs("api", { ...base, ...patch }),
        (e: unknown) => e instanceof ComponentArgsError && e.message === message,
      );
    });
  }

  it("rejects a platform whose environment forms an ALB name starting with internal-", () => {
    assert.throws(() => validatePlatformArgs("p", { environment: "internal", project: "dockyard", discoveryNamespace: "d", network: {} }), {
      message:
        'Platform "p": `environment` got "internal"; allowed: an environment that, with the name "p", forms valid AWS names (the ALB: load balancer name "internal-5ee2eb-845d-alb" begins with "internal-"; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)). Fix: use lower-case letters, digits and single hyphens',
    });
    validatePlatformArgs("p", { environment: "internalx", project: "dockyard", discoveryNamespace: "d", network: {} });
  });

  it("rejects an empty capacity provider strategy", () => {
    assert.throws(
      () =>
        validatePlatformArgs("p", { environment: "dev", discoveryNamespace: "d", network: {}, cluster: { capacityProviderStrategy: [] } }),
      {
        message:
          'Platform "p": `cluster.capacityProviderStrategy` got []; allowed: at least one capacity provider. Fix: list one, e.g. [{ capacityProvider: "FARGATE", weight: 1 }], or remove `cluster.capacityProviderStrategy`',
      },
    );
  });
});
