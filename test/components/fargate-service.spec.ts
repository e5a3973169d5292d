import * as assert from "node:assert/strict";
import { FargateService } from "../../components/fargate-service";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { loadModel } from "../../preview/aws/model";
import { awsApiProblems } from "../support/aws-api";
import { promiseOf } from "../support/promise-of";
import { one, ofType, runWithMocks, type MockedRun } from "../support/run-program";
import { bareRef, fullRef } from "./platform-fixture";

const digest = "c".repeat(64);
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
const PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/flag";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const base: FargateServiceArgs = {
  platform: bareRef("prod"),
  image: { kind: "prebuilt", uri: `999999999999.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${digest}` },
};

function run(args: FargateServiceArgs): Promise<MockedRun<FargateService>> {
  return runWithMocks("prod", { "aws:region": "us-east-1" }, [], () => new FargateService("api", args));
}

describe("FargateService (component under MockAws)", () => {
  it("internal-only with a prebuilt image: no build, no target group, rule, discovery or scaling", async () => {
    const r = await run(base);
    assert.deepEqual(
      r.resources.map((x) => x.type).filter((t) => /docker|lb\/|servicediscovery|appautoscaling/.test(t)),
      [],
    );
    const svc = one(r, "aws:ecs/service:Service", "api-svc").inputs;
    assert.equal(svc["loadBalancers"], undefined);
    assert.equal(svc["healthCheckGracePeriodSeconds"], undefined);
    assert.equal(svc["capacityProviderStrategies"], undefined);
    assert.equal(await promiseOf(r.result.imageUri), `999999999999.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${digest}`);
    assert.equal(r.result.url, undefined);
    assert.deepEqual(
      ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
      [],
      "no ingress at all without callers or an ALB",
    );
  });

  it("grants the execution role exactly the referenced secrets, parameters, keys and both repositories", async () => {
    const r = await run({
      ...base,
      secrets: { DB_PASSWORD: `${SECRET}:password::`, DB_USER: `${SECRET}:username::` },
      kmsKeyArns: [KEY],
      sidecars: {
        proxy: { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/envoy:v1", secrets: { FLAG: PARAM }, cpu: 64, memory: 128 },
      },
    });
    const doc = JSON.parse(String(one(r, "aws:iam/rolePolicy:RolePolicy", "api-exec-policy").inputs["policy"]));
    assert.deepEqual(
      doc.Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]),
      [
        ["EcrAuth", "*"],
        [
          "EcrPull",
          [
            "arn:aws:ecr:us-east-1:123456789012:repository/envoy",
            "arn:aws:ecr:us-east-1:123456789012:repository/prod-1e0db6/api",
            "arn:aws:ecr:us-east-1:999999999999:repository/ci/api",
          ],
        ],
        ["WriteLogs", ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/prod-1e0db6/api:*"]],
        ["ReadSecrets", [SECRET]],
        ["ReadParameters", [PARAM]],
        ["DecryptSecrets", [KEY]],
      ],
    );
    const containers = JSON.parse(String(one(r, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs["containerDefinitions"]));
    assert.deepEqual(
      containers.map((c: { name: string }) => c.name),
      ["api", "proxy"],
    );
    assert.deepEqual(containers[0].secrets, [
      { name: "DB_PASSWORD", valueFrom: `${SECRET}:password::` },
      { name: "DB_USER", valueFrom: `${SECRET}:username::` },
    ]);
    assert.deepEqual(
      [containers[1].cpu, containers[1].memory, containers[1].essential, containers[1].readonlyRootFilesystem],
      [64, 128, false, true],
    );
    // Every AWS request these resources make passes AWS's full API models; every policy, AWS's IAM data.
    for (const resource of r.resources.filter((x) => x.custom && !x.type.startsWith("docker:")))
      assert.deepEqual(awsApiProblems(resource), [], resource.name);
  });

  it("arm64 sets the runtime platform; declared task statements are granted verbatim", async () => {
    const r = await run({
      ...base,
      architecture: "arm64",
      taskPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::media/*"] }],
    });
    assert.deepEqual(one(r, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs["runtimePlatform"], {
      cpuArchitecture: "ARM64",
      operatingSystemFamily: "LINUX",
    });
    const doc = JSON.parse(String(one(r, "aws:iam/rolePolicy:RolePolicy", "api-task-policy").inputs["policy"]));
    assert.deepEqual(doc.Statement, [{ Sid: "Declared0", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::media/*"] }]);
  });

  it("load balanced with request-count scaling: the resource label joins the ALB and target group suffixes", async () => {
    const r = await run({
      ...base,
      platform: fullRef("prod"),
      routes: { pathPatterns: ["/api*"], hostHeaders: ["api.example.com"], priority: 42 },
      desiredCount: 2,
      autoscaling: { min: 2, max: 4, requestsPerTarget: 500 },
    });
    const rule = one(r, "aws:lb/listenerRule:ListenerRule", "api-rule").inputs;
    assert.deepEqual(rule["conditions"], [{ pathPattern: { values: ["/api*"] } }, { hostHeader: { values: ["api.example.com"] } }]);
    assert.equal(rule["priority"], 42);
    const req = one(r, "aws:appautoscaling/policy:Policy", "api-scale-requests").inputs[
      "targetTrackingScalingPolicyConfiguration"
    ] as Record<string, Record<string, unknown>>;
    assert.match(
      String(req["predefinedMetricSpecification"]["resourceLabel"]),
      /^app\/prod-alb\/abc\/targetgroup\/prod-api-8080-[0-9a-f]{4}\/[0-9a-f]+$/,
    );
    assert.equal(req["targetValue"], 500);
    assert.ok(r.result.url !== undefined);
    assert.equal(await promiseOf(r.result.url), "https://example.com/api");
    const egress = one(r, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "api-alb-out").inputs;
    assert.deepEqual([egress["securityGroupId"], egress["fromPort"], egress["toPort"]], ["sg-alb", 8080, 8080]);
    const svc = one(r, "aws:ecs/service:Service", "api-svc");
    assert.ok(svc.dependencies.includes(one(r, "aws:lb/listenerRule:ListenerRule", "api-rule").urn), "service waits for the listener rule");
  });

  it("root filesystem: read-only by default, writable by default with ECS Exec, explicit false kept", async () => {
    const readOnly = async (patch: Partial<FargateServiceArgs>): Promise<boolean> => {
      const r = await run({ ...base, ...patch });
      return JSON.parse(String(one(r, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs["containerDefinitions"]))[0]
        .readonlyRootFilesystem;
    };
    assert.deepEqual(
      [
        await readOnly({}),
        await readOnly({ enableExecuteCommand: true }),
        await readOnly({ readonlyRootFilesystem: false }),
        await readOnly({ enableExecuteCommand: false, readonlyRootFilesystem: true }),
      ],
      [true, false, false, true],
    );
  });

  it("applies a child transform (escape hatch)", async () => {
    const r = await run({
      ...base,
      transform: { logGroup: (a) => ({ ...a, kmsKeyId: KEY }), service: (a) => ({ ...a, platformVersion: "LATEST" }) },
    });
    assert.equal(one(r, "aws:cloudwatch/logGroup:LogGroup", "api-logs").inputs["kmsKeyId"], KEY);
    assert.equal(one(r, "aws:ecs/service:Service", "api-svc").inputs["platformVersion"], "LATEST");
  });

  it("AWS's full ECS model rejects a malformed version of the generated task definition (the check can fail)", async () => {
    const td = one(await run(base), "aws:ecs/taskDefinition:TaskDefinition", "api-task");
    const broken = (patch: Record<string, unknown>) => awsApiProblems({ ...td, inputs: { ...td.inputs, ...patch } });
    assert.deepEqual(broken({ networkMode: "awsvpc-typo" }), [
      "aws-request-invalid ecs:RegisterTaskDefinition: Value 'awsvpc-typo' at 'networkMode' failed to satisfy constraint: Member must satisfy enum value set: [bridge, host, awsvpc, none]",
    ]);
    const [container] = JSON.parse(String(td.inputs["containerDefinitions"]));
    assert.deepEqual(
      broken({ containerDefinitions: JSON.stringify([{ ...container, portMappings: [{ containerPort: "http" }], privilege: true }]) }),
      [
        "aws-request-invalid ecs:RegisterTaskDefinition: Expected a number at 'containerDefinitions[0].portMappings[0].containerPort', got http",
        "aws-request-invalid ecs:RegisterTaskDefinition: Unknown member 'privilege' in ContainerDefinition (did you mean 'privileged'?); allowed: " +
          Object.keys(loadModel("ecs").shapes["ContainerDefinition"].members!).join(", "),
      ],
    );
    assert.deepEqual(broken({ family: undefined, futureInput: 1 }), [
      "aws-request-invalid ecs:RegisterTaskDefinition: Missing required member 'family' in RegisterTaskDefinitionRequest",
      "not checked: input futureInput is not mapped to an AWS request",
    ]);
  });
});
