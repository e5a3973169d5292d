/** The full-model validator on hand-written requests: each constraint kind, with AWS's own wording. */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import { loadModel, MODEL_SERVICES, MODELS_DIR, validateRequest } from "../../preview/aws/model";
import { UNKNOWN } from "../../policy/engine/proxy";

const problems = (...args: Parameters<typeof validateRequest>) => validateRequest(...args).problems.map((p) => `${p.path}: ${p.message}`);

describe("AWS full-model request validation", () => {
  it("ships dated models with their source and licence, and no documentation text", () => {
    for (const service of MODEL_SERVICES) {
      const model = loadModel(service);
      assert.equal(model.source.package, "botocore");
      assert.match(model.source.version, /^1\.\d+\.\d+$/);
      assert.match(model.source.file, new RegExp(`^botocore/data/${service}/\\d{4}-\\d{2}-\\d{2}/service-2\\.json(\\.gz)?$`));
      assert.match(model.source.licence, /^Apache-2\.0/);
      assert.match(model.generated, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(!JSON.stringify(model.shapes).includes("documentation"));
    }
  });

  it("the shipped model files are exactly the services the check knows", () => {
    assert.deepEqual(fs.readdirSync(MODELS_DIR).sort(), MODEL_SERVICES.map((s) => `${s}.json`).sort());
  });

  it("enums: networkMode 'awsvpc-typo' is refused (the aws-sdk v2 minified model let it pass)", () => {
    assert.deepEqual(problems("ecs", "RegisterTaskDefinition", { family: "f", containerDefinitions: [], networkMode: "awsvpc-typo" }), [
      "networkMode: Value 'awsvpc-typo' at 'networkMode' failed to satisfy constraint: Member must satisfy enum value set: [bridge, host, awsvpc, none]",
    ]);
  });

  it("string length and anchored patterns: a 65-character role name; a repository name with upper case", () => {
    const long = `${"r".repeat(57)}-65c99cf`;
    assert.deepEqual(problems("iam", "CreateRole", { RoleName: long, AssumeRolePolicyDocument: "{}" }), [
      `RoleName: Value '${long}' at 'RoleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ]);
    assert.deepEqual(problems("ecr", "CreateRepository", { repositoryName: "Prod/api" }), [
      "repositoryName: Value 'Prod/api' at 'repositoryName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        "[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(\\/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*",
    ]);
  });

  it("number ranges: listener rule priority 0 and 50001, a 3 s health-check interval", () => {
    const rule = (Priority: number) => ({
      ListenerArn: "arn",
      Priority,
      Conditions: [],
      Actions: [{ Type: "forward", TargetGroupArn: "tg" }],
    });
    assert.deepEqual(problems("elbv2", "CreateRule", rule(0)), [
      "Priority: Value '0' at 'Priority' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
    assert.deepEqual(problems("elbv2", "CreateRule", rule(50001)), [
      "Priority: Value '50001' at 'Priority' failed to satisfy constraint: Member must have value less than or equal to 50000",
    ]);
    assert.deepEqual(problems("logs", "PutRetentionPolicy", { logGroupName: "/x", retentionInDays: 8 }), []);
    assert.deepEqual(problems("elbv2", "CreateTargetGroup", { Name: "tg", HealthCheckIntervalSeconds: 3 }), [
      "HealthCheckIntervalSeconds: Value '3' at 'HealthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5",
    ]);
  });

  it("list sizes: six tag-mutability exclusion filters on a repository (at most 5)", () => {
    const filters = Array.from({ length: 6 }, (_, i) => ({ filter: `v${i}*`, filterType: "WILDCARD" }));
    assert.deepEqual(
      problems("ecr", "CreateRepository", {
        repositoryName: "prod/api",
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: filters,
      }).map((p) => p.replace(/Value '.*' at/, "Value … at")),
      [
        "imageTagMutabilityExclusionFilters: Value … at 'imageTagMutabilityExclusionFilters' failed to satisfy constraint: Member must have length less than or equal to 5",
      ],
    );
  });

  it("what the models do not encode is not caught here (target group name length: issue 9 item 2's name rules)", () => {
    // botocore's TargetGroupName is a bare string; AWS documents (and enforces) 32 characters.
    assert.deepEqual(loadModel("elbv2").shapes["TargetGroupName"], { type: "string" });
    assert.deepEqual(problems("elbv2", "CreateTargetGroup", { Name: "prod-customer-service-8080-cf12ab" }), []);
  });

  it("an enum typo in a capacity provider (managed scaling status) is refused", () => {
    assert.deepEqual(
      problems("ecs", "CreateCapacityProvider", {
        name: "cp",
        autoScalingGroupProvider: { autoScalingGroupArn: "arn", managedScaling: { status: "ENABLE" } },
      }),
      [
        "autoScalingGroupProvider.managedScaling.status: Value 'ENABLE' at 'autoScalingGroupProvider.managedScaling.status' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]",
      ],
    );
  });

  it("types, required members and unknown members (with a hint)", () => {
    assert.deepEqual(
      problems("ecs", "RegisterTaskDefinition", {
        containerDefinitions: [{ name: "a", portMappings: [{ containerPort: "http" }], privilege: true }],
      }),
      [
        "containerDefinitions[0].portMappings[0].containerPort: Expected a number at 'containerDefinitions[0].portMappings[0].containerPort', got http",
        "containerDefinitions[0].privilege: Unknown member 'privilege' in ContainerDefinition (did you mean 'privileged'?); allowed: " +
          Object.keys(loadModel("ecs").shapes["ContainerDefinition"].members!).join(", "),
        "family: Missing required member 'family' in RegisterTaskDefinitionRequest",
      ],
    );
    assert.deepEqual(problems("ecs", "CreateService", { serviceName: "s", desiredCount: 1.5 }), [
      "desiredCount: Expected an integer at 'desiredCount', got 1.5",
    ]);
  });

  it("values unknown offline are not checked, never passed; provider-computed members are not missing", () => {
    const result = validateRequest("elbv2", "CreateTargetGroup", { Name: UNKNOWN.string, Port: UNKNOWN.number });
    assert.deepEqual(result, { problems: [], unknown: ["Name", "Port"] });
    const rule = validateRequest("elbv2", "CreateRule", { ListenerArn: "arn", Conditions: [], Actions: [] }, ["Priority"]);
    assert.deepEqual(rule, { problems: [], unknown: ["Priority"] });
  });

  it("maps and their keys are checked (log group tags)", () => {
    assert.deepEqual(problems("logs", "CreateLogGroup", { logGroupName: "/ecs/x", tags: { "bad*key": "v" } }), [
      "tags.key(bad*key): Value 'bad*key' at 'tags.key(bad*key)' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$",
    ]);
  });
});
