import * as assert from "node:assert/strict";
import { ComponentArgsError } from "../../components/errors";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { buildContainerDefinitions } from "../../components/container-definitions";
import {
  buildServiceConnectConfiguration,
  callPathLabel,
  discoveryModeOf,
  DISCOVERY_MODES,
  portName,
  serviceConnectProblems,
  serviceConnectServiceInputs,
  usesCloudMapDns,
  usesServiceConnect,
} from "../../components/service-connect";
import { ServiceSet } from "../../components/service-set";
import { calleeUrl } from "../../components/service-set-validate";
import { validateFargateServiceArgs } from "../../components/validate";
import { one, runWithMocks } from "../support/run-program";
import { bareRef, fullRef } from "./platform-fixture";

const NS = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc";
const inputs = {
  name: "orders",
  port: 9000,
  namespace: NS,
  namespaceName: "prod.internal",
  logGroupName: "/ecs/prod/orders",
  region: "eu-west-1",
};

describe("service-connect: the pure builder", () => {
  it("a client-server on the container port, alias = the DNS name, logs and access logs to the service's log group", () => {
    assert.deepEqual(buildServiceConnectConfiguration(inputs), {
      enabled: true,
      namespace: NS,
      services: [{ portName: "orders-9000", discoveryName: "orders-9000", clientAlias: [{ port: 9000, dnsName: "orders.prod.internal" }] }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/prod/orders", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "service-connect" },
      },
      accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" },
    });
  });

  it("timeouts only when set (0 is a value: it disables the timeout), TEXT access logs", () => {
    const c = buildServiceConnectConfiguration({ ...inputs, idleTimeoutSeconds: 0, perRequestTimeoutSeconds: 30, accessLogFormat: "TEXT" });
    assert.deepEqual(c.services[0].timeout, { idleTimeoutSeconds: 0, perRequestTimeoutSeconds: 30 });
    assert.deepEqual(c.accessLogConfiguration, { format: "TEXT", includeQueryParameters: "DISABLED" });
    assert.deepEqual(buildServiceConnectConfiguration({ ...inputs, perRequestTimeoutSeconds: 5 }).services[0].timeout, {
      perRequestTimeoutSeconds: 5,
    });
  });

  it("the port name is the one the task definition's app container declares (one rule for both)", () => {
    const [app] = buildContainerDefinitions(
      {
        name: "orders",
        image: "i",
        essential: true,
        ports: [9000],
        environment: {},
        secrets: {},
        readonlyRootFilesystem: true,
        stopTimeoutSeconds: 30,
      },
      [],
      { logGroupName: "/x", region: "eu-west-1" },
    );
    assert.deepEqual(
      app.portMappings.map((m) => [m.name, m.appProtocol]),
      [[portName("orders", 9000), "http"]],
    );
  });

  it("caller URLs (the set's one callee-URL function: the alias = the DNS name), modes and rule labels", () => {
    assert.equal(calleeUrl("orders", "prod.internal", 9000), "http://orders.prod.internal:9000");
    assert.deepEqual(
      DISCOVERY_MODES.map((m) => [
        usesCloudMapDns(m),
        usesServiceConnect(m),
        callPathLabel(m),
        discoveryModeOf(usesCloudMapDns(m), usesServiceConnect(m)),
      ]),
      [
        [true, false, "Cloud Map", "cloudmap"],
        [true, true, "Cloud Map DNS and Service Connect", "both"],
        [false, true, "Service Connect", "serviceConnect"],
      ],
    );
  });

  it("service inputs: nothing without Service Connect; the platform's namespace; a restart token adds triggers with forceNewDeployment", () => {
    const platform = { ...fullRef("prod"), discovery: { namespaceId: "ns-abc", namespaceName: "prod.internal", namespaceArn: NS } };
    assert.deepEqual(serviceConnectServiceInputs("orders", 9000, platform, "/l", undefined), {});
    const plain = serviceConnectServiceInputs("orders", 9000, platform, "/l", {});
    assert.deepEqual(Object.keys(plain), ["serviceConnectConfiguration"]);
    assert.deepEqual(
      [plain.serviceConnectConfiguration?.namespace, plain.serviceConnectConfiguration?.services[0].clientAlias],
      [NS, [{ port: 9000, dnsName: "orders.prod.internal" }]],
    );
    const restarted = serviceConnectServiceInputs("orders", 9000, platform, "/l", { restartToken: "r1" });
    assert.deepEqual([restarted.forceNewDeployment, restarted.triggers], [true, { serviceConnectRestart: "r1" }]);
  });
});

describe("service-connect: problems", () => {
  it("exact problems; the allowed neighbours pass (negative controls)", () => {
    assert.deepEqual(
      serviceConnectProblems(["discovery"], { mode: "serviceConnect", idleTimeoutSeconds: 2147483648, perRequestTimeoutSeconds: 0 }),
      [
        {
          field: ["discovery", "idleTimeoutSeconds"],
          value: 2147483648,
          allowed: "an integer from 0 (no timeout) to 2147483647",
          fix: "remove it for ECS's default",
        },
      ],
    );
    assert.deepEqual(
      serviceConnectProblems(["discovery"], { mode: "cloudmap", perRequestTimeoutSeconds: 10 }).map((p) => p.field),
      [["discovery", "perRequestTimeoutSeconds"]],
    );
    assert.deepEqual(
      serviceConnectProblems(["discovery"], {
        mode: "both",
        idleTimeoutSeconds: 2147483647,
        perRequestTimeoutSeconds: 0,
        restartToken: "x",
        accessLogFormat: "TEXT",
      }),
      [],
    );
    assert.deepEqual(serviceConnectProblems(["serviceConnect"], {}), []);
  });

  const digest = "b".repeat(64);
  const base: FargateServiceArgs = {
    platform: fullRef("dev"),
    image: { kind: "prebuilt", uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${digest}` },
  };
  const fails = (args: Partial<FargateServiceArgs>): string => {
    try {
      validateFargateServiceArgs("api", { ...base, ...args });
      return "OK";
    } catch (e) {
      assert.ok(e instanceof ComponentArgsError, String(e));
      return e.message;
    }
  };

  it("the component refuses them too, and Service Connect on a platform without a namespace ARN", () => {
    assert.equal(
      fails({ serviceConnect: { perRequestTimeoutSeconds: -5 } }),
      'FargateService "api": `serviceConnect.perRequestTimeoutSeconds` got -5; allowed: an integer from 0 (no timeout) to 2147483647. Fix: remove it for ECS\'s default',
    );
    const noArn = { ...fullRef("dev"), discovery: { namespaceId: "ns-1", namespaceName: "dev.internal" } };
    assert.equal(
      fails({ platform: noArn, serviceConnect: {} }),
      'FargateService "api": `serviceConnect` got {}; allowed: unset: the platform has no Cloud Map namespace ARN (`discovery.namespaceArn`) for Service Connect. Fix: remove `serviceConnect`, or use a platform whose `discovery` has a `namespaceArn`',
    );
    assert.equal(
      fails({ platform: bareRef("dev"), serviceConnect: { idleTimeoutSeconds: 60 } }).startsWith(
        'FargateService "api": `serviceConnect` got',
      ),
      true,
    );
    // Negative controls: the same settings on a platform with the ARN, with and without Cloud Map DNS.
    assert.equal(fails({ serviceConnect: { idleTimeoutSeconds: 60 } }), "OK");
    assert.equal(fails({ discovery: false, serviceConnect: {} }), "OK");
    assert.equal(fails({ platform: noArn }), "OK");
  });
});

describe("service-connect from code: a ServiceSet on a referenced platform", () => {
  const IMAGE = { kind: "prebuilt" as const, uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/x@sha256:${"c".repeat(64)}` };
  const SVC = "aws:ecs/service:Service";
  const ARN = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1";

  it("the namespace comes from PlatformRef.discovery; `discovery: false` drops DNS; URLs and rule descriptions follow the callee's mode", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () =>
      new ServiceSet(fullRef("dev")).add({
        api: { image: IMAGE, port: 9000, discovery: false, serviceConnect: { perRequestTimeoutSeconds: 30 } },
        web: { image: IMAGE, calls: ["api"], serviceConnect: { restartToken: "sc-1" } },
      }),
    );
    const api = one(run, SVC, "api-svc").inputs;
    assert.deepEqual(api["serviceConnectConfiguration"], {
      enabled: true,
      namespace: ARN,
      services: [
        {
          portName: "api-9000",
          discoveryName: "api-9000",
          clientAlias: [{ port: 9000, dnsName: "api.dev.internal" }],
          timeout: { perRequestTimeoutSeconds: 30 },
        },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": one(run, "aws:cloudwatch/logGroup:LogGroup", "api-logs").inputs["name"],
          "awslogs-region": "us-east-1",
          "awslogs-stream-prefix": "service-connect",
        },
      },
      accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" },
    });
    assert.equal(api["serviceRegistries"], undefined);
    assert.deepEqual(
      run.resources.filter((r) => r.type === "aws:servicediscovery/service:Service").map((r) => r.name),
      ["web-discovery"],
    );
    const web = one(run, SVC, "web-svc").inputs;
    assert.deepEqual(
      [web["forceNewDeployment"], web["triggers"], web["serviceRegistries"] !== undefined],
      [true, { serviceConnectRestart: "sc-1" }, true],
    );
    const env = JSON.parse(String(one(run, "aws:ecs/taskDefinition:TaskDefinition", "web-task").inputs["containerDefinitions"]))[0]
      .environment;
    assert.deepEqual(env, [{ name: "API_URL", value: "http://api.dev.internal:9000" }]);
    assert.equal(
      one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "api-in-web").inputs["description"],
      "web to api on 9000 (Service Connect)",
    );
    assert.equal(one(run, "dockyard:index:FargateService", "api").outputs["discoveryName"], "api.dev.internal");
  });

  it("negative control: without `serviceConnect` the ECS service has no configuration and the rule says Cloud Map", async () => {
    const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () =>
      new ServiceSet(fullRef("dev")).add({
        api: { image: IMAGE, port: 9000 },
        web: { image: IMAGE, calls: ["api"] },
      }),
    );
    assert.equal(one(run, SVC, "api-svc").inputs["serviceConnectConfiguration"], undefined);
    assert.equal(
      one(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "api-in-web").inputs["description"],
      "web to api on 9000 (Cloud Map)",
    );
  });
});
