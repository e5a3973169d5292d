import * as assert from "assert";
import {
  ecsClusterContainerInsights,
  ecsServiceExecDisabled,
  ecsTaskDefinitionContainerLogging,
  ecsTaskDefinitionEfsTransitEncryption,
  ecsTaskDefinitionFargateAwsvpc,
  ecsTaskDefinitionNoHostAccess,
  ecsTaskDefinitionNoPlaintextSecrets,
  ecsTaskDefinitionReadOnlyRoot,
  ecsTaskDefinitionNonRootUser,
  ecsTaskDefinitionSeparateRoles,
} from "../../policy/rules/ecs";
import { details, flagged, res, run, UNKNOWN } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const logs = {
  logDriver: "awslogs",
  options: { "awslogs-group": "/dockyard/dev/api", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api" },
};
const app = (extra: Record<string, unknown> = {}) => ({
  name: "api",
  image: "repo@sha256:abc",
  essential: true,
  logConfiguration: logs,
  readonlyRootFilesystem: true,
  ...extra,
});
const td = (name: string, containers: unknown[], extra: Record<string, unknown> = {}) =>
  res(TD, name, {
    family: name,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    containerDefinitions: JSON.stringify(containers),
    taskRoleArn: "arn:task",
    executionRoleArn: "arn:exec",
    ...extra,
  });

describe("ECS task definition rules", () => {
  it("ecs-task-definition-fargate-awsvpc", async () => {
    const report = await run(ecsTaskDefinitionFargateAwsvpc, [
      td("pass", [app()]),
      td("fail-ec2", [app()], { requiresCompatibilities: ["EC2"], networkMode: "bridge" }),
      td("fail-unset", [app()], { requiresCompatibilities: undefined, networkMode: undefined }),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail-ec2: requiresCompatibilities is ["EC2"]; include "FARGATE"; networkMode is "bridge"; set networkMode: "awsvpc".',
      'fail-unset: requiresCompatibilities is []; include "FARGATE"; networkMode is not set; set networkMode: "awsvpc".',
    ]);
  });

  it("ecs-task-definition-container-logging: every container, awslogs needs a group; containerDefinitions as string or array", async () => {
    const report = await run(ecsTaskDefinitionContainerLogging, [
      td("pass", [app(), app({ name: "router", logConfiguration: { logDriver: "awsfirelens" } })]),
      // Security Hub ECS.9 accepts any configured driver.
      td("pass-splunk", [app({ logConfiguration: { logDriver: "splunk", options: { "splunk-url": "https://splunk.example.com:8088" } } })]),
      res(TD, "pass-array", { containerDefinitions: [app()] }),
      td("fail", [
        app(),
        app({ name: "sidecar", logConfiguration: undefined }),
        app({ name: "nogroup", logConfiguration: { logDriver: "awslogs", options: {} } }),
        app({ name: "json", logConfiguration: { logDriver: "json-file" } }),
      ]),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail: container "sidecar" has no logConfiguration; set logConfiguration.logDriver (e.g. "awslogs"); container "nogroup" uses awslogs without options["awslogs-group"]; set it to the service\'s log group.',
    ]);
    // Negative control: the opt-in driver list restricts.
    const restricted = await run(ecsTaskDefinitionContainerLogging, [td("splunk", [app({ logConfiguration: { logDriver: "splunk" } })])], {
      config: { "ecs-task-definition-container-logging": { allowedLogDrivers: ["awslogs"] } },
    });
    assert.deepStrictEqual(details(restricted), ['splunk: container "api" has log driver "splunk"; this stack allows only awslogs.']);
  });

  it("ecs-task-definition-container-logging: unknown containerDefinitions in preview skip the check", async () => {
    const report = await run(ecsTaskDefinitionContainerLogging, [res(TD, "pending", { containerDefinitions: UNKNOWN.string })]);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.reason),
      [
        `can't run policy 'ecs-task-definition-container-logging' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: string value at .containerDefinitions can't be known during preview`,
      ],
    );
  });

  it("ecs-task-definition-no-plaintext-secrets: sensitive names and credential-looking values, not ARNs or ordinary config", async () => {
    const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));
    const report = await run(ecsTaskDefinitionNoPlaintextSecrets, [
      td("pass", [
        app({
          environment: env({
            LOG_LEVEL: "info",
            UPSTREAM_URL: "http://orders.dev.internal:8080/api/v1",
            DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:db",
            PORT: "8080",
            TOKEN_TTL: "",
          }),
        }),
      ]),
      td("fail-name", [app({ environment: env({ DB_PASSWORD: "hunter2", stripe_api_key: "x" }) })]),
      td("fail-value", [
        app({ environment: env({ UPSTREAM: "wJalrXUtnFEMI7K7MDENGbPxRfiCY9EXAMPLEKEY", KEY_ID: "AKIAIOSFODNN7EXAMPLE" }) }),
      ]),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail-name: container "api" sets DB_PASSWORD in plaintext: the name contains "PASSWORD"; container "api" sets stripe_api_key in plaintext: the name contains "KEY". Move these to the container\'s secrets (Secrets Manager/SSM valueFrom).',
      'fail-value: container "api" sets UPSTREAM in plaintext: the value looks like a generated secret (long and high-entropy); container "api" sets KEY_ID in plaintext: the value looks like an AWS access key id. Move these to the container\'s secrets (Secrets Manager/SSM valueFrom).',
    ]);
  });

  it("ecs-task-definition-non-root-user: explicit root users fail; a missing user only with requireUser", async () => {
    const resources = [
      td("pass", [app({ user: "1000:1000" }), app({ name: "side", user: "nobody" })]),
      td("pass-unset", [app()]),
      td("fail-root", [app({ user: "root" }), app({ name: "uid0", user: "0" }), app({ name: "both", user: "0:0" })]),
    ];
    assert.deepStrictEqual(details(await run(ecsTaskDefinitionNonRootUser, resources)), [
      'fail-root: container "api" runs as user "root" (root); container "uid0" runs as user "0" (root); container "both" runs as user "0:0" (root); set user to an unprivileged uid such as "1000:1000".',
    ]);
    const strict = await run(ecsTaskDefinitionNonRootUser, resources, {
      config: { "ecs-task-definition-non-root-user": { requireUser: true } },
    });
    assert.deepStrictEqual(flagged(strict), ["fail-root", "pass-unset"]);
  });

  it("ecs-task-definition-no-host-access, efs transit encryption, read-only root, separate roles", async () => {
    const resources = [
      td("pass", [app()], {
        volumes: [{ name: "tmp" }, { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "ENABLED" } }],
      }),
      td("fail-host", [app({ privileged: true })], { pidMode: "host", ipcMode: "host" }),
      td("fail-efs", [app()], { volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1" } }] }),
      td("fail-writable", [app({ readonlyRootFilesystem: false }), app({ name: "side", readonlyRootFilesystem: undefined })]),
      td("fail-same-role", [app()], { taskRoleArn: "arn:aws:iam::1:role/r", executionRoleArn: "arn:aws:iam::1:role/r" }),
    ];
    assert.deepStrictEqual(details(await run(ecsTaskDefinitionNoHostAccess, resources)), [
      'fail-host: pidMode is "host"; ipcMode is "host"; container "api" is privileged; remove host access.',
    ]);
    const caps = await run(ecsTaskDefinitionNoHostAccess, [
      td("pass-drop", [app({ linuxParameters: { capabilities: { drop: ["ALL"] } } })]),
      td("fail-add", [app({ linuxParameters: { capabilities: { add: ["SYS_ADMIN", "NET_ADMIN"], drop: ["ALL"] } } })]),
    ]);
    assert.deepStrictEqual(details(caps), ['fail-add: container "api" adds Linux capabilities SYS_ADMIN, NET_ADMIN; remove host access.']);
    assert.deepStrictEqual(details(await run(ecsTaskDefinitionEfsTransitEncryption, resources)), [
      'fail-efs: EFS volume data without transit encryption; set efsVolumeConfiguration.transitEncryption: "ENABLED".',
    ]);
    assert.deepStrictEqual(details(await run(ecsTaskDefinitionReadOnlyRoot, resources)), [
      'fail-writable: container "api", container "side" have a writable root filesystem; set readonlyRootFilesystem: true.',
    ]);
    assert.deepStrictEqual(details(await run(ecsTaskDefinitionSeparateRoles, resources)), [
      "fail-same-role: taskRoleArn and executionRoleArn are both arn:aws:iam::1:role/r; use separate roles.",
    ]);
    assert.deepStrictEqual(
      (await run(ecsTaskDefinitionReadOnlyRoot, resources)).violations.map((v) => v.enforcementLevel),
      ["advisory"],
    );
  });
});

describe("ECS cluster and service rules", () => {
  it("ecs-cluster-container-insights: enabled or enhanced", async () => {
    const cluster = (name: string, settings?: unknown) => res("aws:ecs/cluster:Cluster", name, settings === undefined ? {} : { settings });
    const report = await run(ecsClusterContainerInsights, [
      cluster("pass", [{ name: "containerInsights", value: "enabled" }]),
      cluster("pass-enhanced", [{ name: "containerInsights", value: "enhanced" }]),
      cluster("fail-off", [{ name: "containerInsights", value: "disabled" }]),
      cluster("fail-unset"),
    ]);
    assert.deepStrictEqual(flagged(report), ["fail-off", "fail-unset"]);
  });

  it("ecs-service-exec-disabled: allowed by dev config, always flagged in a production-tagged stack", async () => {
    const services = [
      res("aws:ecs/service:Service", "exec-on", { enableExecuteCommand: true }),
      res("aws:ecs/service:Service", "exec-off", { enableExecuteCommand: false }),
    ];
    assert.deepStrictEqual(details(await run(ecsServiceExecDisabled, services)), [
      "exec-on: enableExecuteCommand is true but this stack's policy config does not allow ECS Exec; set enableExecuteCommand: false or allowExecuteCommand: true.",
    ]);
    const dev = { "ecs-service-exec-disabled": { allowExecuteCommand: true } };
    assert.deepStrictEqual(flagged(await run(ecsServiceExecDisabled, services, { config: dev })), []);
    const prod = await run(ecsServiceExecDisabled, services, { config: dev, stackTags: { environment: "prod" } });
    assert.deepStrictEqual(details(prod), [
      "exec-on: enableExecuteCommand is true in a prod stack (stack tag environment=prod); set enableExecuteCommand: false.",
    ]);
  });
});
