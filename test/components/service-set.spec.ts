/**
 * The service set on a platform made elsewhere (a `PlatformRef` of plain ids, as a platform stack exports it):
 * callee URLs and security group rules wired while the callee is constructed (never after its outputs), listener
 * priorities allocated once, collisions with services added earlier refused; `Platform.addService` and `ref`;
 * registered outputs equal to the public ones; transforms of args and options on every kind of child.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../../components/errors";
import type { FargateService } from "../../components/fargate-service";
import { Platform } from "../../components/platform";
import { ServiceSet, type ServiceSetEntry } from "../../components/service-set";
import { one, ofType, runWithMocks } from "../support/run-program";
import { promiseOf } from "../support/promise-of";
import { fullRef } from "./platform-fixture";

const IMAGE = { kind: "prebuilt" as const, uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/x@sha256:${"e".repeat(64)}` };
const T = {
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  rule: "aws:lb/listenerRule:ListenerRule",
  task: "aws:ecs/taskDefinition:TaskDefinition",
} as const;

/**
 * Runs a set under mocks, logging each child's construction (a transformation on every service) and each
 * component's `registerOutputs`, in order.
 */
async function runLogged(entries: Record<string, ServiceSetEntry>) {
  const log: string[] = [];
  const original = pulumi.ComponentResource.prototype["registerOutputs"];
  pulumi.ComponentResource.prototype["registerOutputs"] = function (
    this: pulumi.ComponentResource,
    outputs?: pulumi.Inputs | Promise<pulumi.Inputs> | pulumi.Output<pulumi.Inputs>,
  ) {
    log.push(`outputs of ${(this as unknown as { __name?: string }).__name ?? "?"}`);
    return original.call(this, outputs);
  };
  try {
    const transformations = [(args: pulumi.ResourceTransformationArgs) => void log.push(args.name)];
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () =>
      new ServiceSet(fullRef("dev"), { opts: { transformations } }).add(entries),
    );
    return { ...run, log };
  } finally {
    pulumi.ComponentResource.prototype["registerOutputs"] = original;
  }
}

const services = (): Record<string, ServiceSetEntry> => ({
  api: { image: IMAGE, routes: { pathPatterns: ["/api*"] }, port: 9000 },
  web: { image: IMAGE, routes: { pathPatterns: ["/web*"] }, calls: ["api"] },
});

describe("ServiceSet on a referenced platform", () => {
  it("wires each call inside the callee's construction: URL variable, ingress on the callee, egress on the caller", async () => {
    const run = await runLogged(services());
    const web = JSON.parse(String(one(run, T.task, "web-task").inputs["containerDefinitions"]))[0];
    assert.deepEqual(web.environment, [{ name: "API_URL", value: "http://api.dev.internal:9000" }]);
    const apiSg = one(run, T.sg, "api-sg");
    const webSg = one(run, T.sg, "web-sg");
    const ingress = one(run, T.ingress, "api-in-web");
    const egress = one(run, T.egress, "api-out-from-web");
    const api = one(run, "dockyard:index:FargateService", "api");
    assert.equal(ingress.parent, api.urn);
    assert.equal(egress.parent, api.urn);
    assert.deepEqual(
      [ingress.inputs["fromPort"], ingress.inputs["toPort"], ingress.inputs["description"]],
      [9000, 9000, "web to api on 9000 (Cloud Map)"],
    );
    // The caller (constructed after the callee) is referenced through a deferred output that resolves to its group.
    assert.ok(ingress.dependencies.includes(webSg.urn) && ingress.dependencies.includes(apiSg.urn));
    assert.ok(egress.dependencies.includes(webSg.urn));
    const [rule, outputs] = [run.log.indexOf("api-out-from-web"), run.log.indexOf("outputs of api")];
    assert.ok(rule >= 0 && outputs >= 0 && rule < outputs, run.log.join(", "));
    assert.deepEqual(
      ofType(run, T.ingress).map((r) => r.name),
      ["api-in-alb", "api-in-web", "web-in-alb"],
      "no rule for a call nobody makes",
    );
  });

  it("allocates priorities once per platform and refuses a later service whose route collides, naming both", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
      const set = new ServiceSet(fullRef("dev"));
      set.add(services());
      let refusal = "";
      try {
        set.add({ admin: { image: IMAGE, routes: { pathPatterns: ["/api*"] } } });
      } catch (e) {
        assert.ok(e instanceof ComponentArgsError);
        refusal = e.message;
      }
      return refusal;
    });
    assert.deepEqual(
      ofType(run, T.rule).map((r) => [r.name, r.inputs["priority"]]),
      [
        ["api-rule", 39540],
        ["web-rule", 26020],
      ],
    );
    assert.equal(
      run.result,
      'FargateService "api": `routes.pathPatterns` got ["/api*"]; allowed: a route no other service uses (services "admin" and "api" both route path "/api*" on any host). Fix: give one of the two services a different value',
    );
    assert.equal(
      run.resources.some((r) => r.name.startsWith("admin")),
      false,
      "nothing of the refused service is registered",
    );
  });
});

describe("ServiceSet refusals only code can reach", () => {
  const refusal = (f: () => unknown): string => {
    try {
      f();
      return "OK";
    } catch (e) {
      assert.ok(e instanceof ComponentArgsError);
      return e.message;
    }
  };

  it("refuses calls on a platform without a namespace, and a name added twice; accepts the neighbours", () => {
    const { discovery: _d, ...noNamespace } = fullRef("dev");
    assert.equal(
      refusal(() => new ServiceSet(noNamespace).add(services())),
      'FargateService "web": `calls` got ["api"]; allowed: no calls: the platform has no Cloud Map namespace to resolve callees by name. Fix: remove `calls`, or use a platform with `discovery`',
    );
    const set = new ServiceSet(fullRef("dev"));
    // Validation only: a refused add registers nothing, so no engine is needed here.
    assert.equal(
      refusal(() => set.add({ api: { ...services()["api"], cpu: 300 } })).startsWith('FargateService "api": `cpu` got 300'),
      true,
    );
    assert.equal(
      refusal(() => set.add({ api: services()["api"], web: { ...services()["web"], calls: ["api", "api2"] } })),
      'FargateService "web": `calls` got ["api","api2"]; allowed: names of other services in this stack: api. Fix: remove "api2" from the list or add that service',
    );
  });

  it("refuses a service whose name an earlier add() already used", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
      const set = new ServiceSet(fullRef("dev"));
      set.add({ api: services()["api"] });
      return refusal(() => set.add({ api: services()["api"] }));
    });
    assert.equal(
      run.result,
      'FargateService "api": `name` got "api"; allowed: a name not already added to this platform. Fix: rename the service or add it once',
    );
  });
});

describe("Platform.ref, addService and registered outputs", () => {
  it("a Platform's ref carries its ids; addService attaches through it and waits for the capacity providers", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
      const platform = new Platform("dev", { environment: "dev", network: {}, discoveryNamespace: "dev.internal" });
      const api = platform.addService("api", { image: IMAGE, routes: { pathPatterns: ["/api*"] } });
      return { platform, api };
    });
    const { platform, api } = run.result;
    assert.deepEqual(
      [
        platform.ref.environment,
        platform.ref.project,
        platform.ref.region,
        platform.ref.network.vpcCidr,
        platform.ref.discovery?.namespaceName,
      ],
      ["dev", "dockyard", "us-east-1", "10.0.0.0/16", "dev.internal"],
    );
    assert.equal(await promiseOf(pulumi.output(platform.ref.listener?.arn)), await promiseOf(platform.listenerArn));
    const svc = one(run, "aws:ecs/service:Service", "api-svc");
    assert.ok(svc.dependencies.includes(one(run, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "dev-capacity").urn));
    assert.deepEqual(
      svc.inputs["capacityProviderStrategies"],
      [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
      "the cluster's strategy, stated",
    );
    assert.equal(await promiseOf(api.discoveryName ?? pulumi.output("")), "api.dev.internal");
    // Registered outputs are exactly the public output properties.
    const publicKeys = (o: object, skip: string[]) =>
      Object.keys(o)
        .filter((k) => !k.startsWith("__") && k !== "urn" && !skip.includes(k))
        .sort();
    assert.deepEqual(Object.keys(one(run, Platform.TYPE, "dev").outputs).sort(), publicKeys(platform, ["capacityProviders", "serviceSet"]));
    assert.deepEqual(Object.keys(one(run, "dockyard:index:FargateService", "api").outputs).sort(), publicKeys(api as FargateService, []));
  });
});

describe("README's components example", () => {
  it("runs as written (prebuilt images instead of builds); without web's explicit priority it is refused", async () => {
    const example = (webPriority: number | undefined) =>
      runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
        const platform = new Platform("dev", { environment: "dev", network: { availabilityZones: 2 }, discoveryNamespace: "dev.internal" });
        return platform.addServices({
          api: { image: IMAGE, routes: { pathPatterns: ["/api*"] } },
          web: { image: IMAGE, routes: { pathPatterns: ["/*"], priority: webPriority }, calls: ["api"] },
        });
      });
    const run = await example(50000);
    assert.equal(
      await promiseOf(run.result["api"].url ?? pulumi.output("")),
      "http://" + String(one(run, "aws:lb/loadBalancer:LoadBalancer", "dev-alb").outputs["dnsName"]) + "/api",
    );
    await assert.rejects(example(undefined), {
      name: "ComponentArgsError",
      message: /^FargateService "api": `routes.priority` got \d+; allowed: an order that evaluates this rule before service "web"'s/,
    });
  });
});

describe("transforms: one shape for every child", () => {
  it("a partial object merges into the args; a function edits args and options, or returns new args", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () =>
      new ServiceSet(fullRef("dev")).add({
        api: {
          image: IMAGE,
          routes: { pathPatterns: ["/api*"] },
          autoscaling: { min: 1, max: 2 },
          transform: {
            role: { maxSessionDuration: 7200 },
            scalingPolicy: (args, opts, name) => {
              if (name.endsWith("-cpu")) opts.protect = true;
              return { ...args, policyType: "TargetTrackingScaling" };
            },
            ingressRule: (args) => {
              args.description = `${String(args.description)} (audited)`;
            },
          },
        },
      }),
    );
    assert.deepEqual(
      ofType(run, "aws:iam/role:Role").map((r) => r.inputs["maxSessionDuration"]),
      [7200, 7200],
    );
    assert.deepEqual(
      ofType(run, "aws:appautoscaling/policy:Policy").map((r) => [r.name, r.protect]),
      [
        ["api-scale-cpu", true],
        ["api-scale-memory", false],
      ],
    );
    assert.equal(one(run, T.ingress, "api-in-alb").inputs["description"], "ALB to api on 8080 (audited)");
  });

  it("the Platform's redirect listener and namespace take transforms too (they ignored them before)", async () => {
    const run = await runWithMocks(
      "dev",
      { "aws:region": "us-east-1" },
      [],
      () =>
        new Platform("dev", {
          environment: "dev",
          network: {},
          discoveryNamespace: "dev.internal",
          loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162" },
          transform: {
            redirectListener: { tags: { role: "redirect" } },
            namespace: (args) => {
              args.description = "dev names";
            },
          },
        }),
    );
    assert.deepEqual(one(run, "aws:lb/listener:Listener", "dev-http").inputs["tags"], { role: "redirect" });
    assert.equal(one(run, "aws:lb/listener:Listener", "dev-https").inputs["tags"], undefined);
    assert.equal(
      one(run, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "dev-namespace").inputs["description"],
      "dev names",
    );
  });
});
