/** Service Connect through the aws-api check: the provider's shape → ECS's CreateService, checked against the model. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ACCESS_LOG_FORMATS, buildServiceConnectConfiguration } from "../../components/service-connect";
import { checkAwsApi } from "../../preview/aws/check";
import { requestsFor } from "../../preview/aws/requests";
import { res } from "../policy/harness";

const SVC = "aws:ecs/service:Service";
const connect = buildServiceConnectConfiguration({
  name: "api",
  port: 8080,
  namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1",
  namespaceName: "dev.internal",
  logGroupName: "/ecs/dev/api",
  region: "us-east-1",
  idleTimeoutSeconds: 60,
  perRequestTimeoutSeconds: 10,
});
const service = (serviceConnectConfiguration: unknown) =>
  res(SVC, "svc", { cluster: "arn:c", taskDefinition: "arn:td", serviceConnectConfiguration }, { outputs: { name: "svc" } });

describe("aws-api check: serviceConnectConfiguration", () => {
  it("maps the provider's names onto ECS's (clientAlias → clientAliases, testTrafficRules list → structure, issuerCertAuthority → issuerCertificateAuthority), nothing left unmapped", () => {
    const full = {
      ...connect,
      services: [
        {
          ...connect.services[0],
          ingressPortOverride: 15000,
          clientAlias: [
            { port: 8080, dnsName: "api.dev.internal", testTrafficRules: [{ header: { name: "x-canary", value: { exact: "1" } } }] },
          ],
          tls: {
            issuerCertAuthority: { awsPcaAuthorityArn: "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/1" },
            kmsKey: "arn:k",
            roleArn: "arn:r",
          },
        },
      ],
    };
    const out = requestsFor(service(full))!;
    assert.deepEqual(out.notChecked, []);
    assert.deepEqual(out.requests[0].params["serviceConnectConfiguration"], {
      enabled: true,
      namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1",
      services: [
        {
          portName: "api-8080",
          discoveryName: "api-8080",
          ingressPortOverride: 15000,
          clientAliases: [
            { port: 8080, dnsName: "api.dev.internal", testTrafficRules: { header: { name: "x-canary", value: { exact: "1" } } } },
          ],
          timeout: { idleTimeoutSeconds: 60, perRequestTimeoutSeconds: 10 },
          tls: {
            issuerCertificateAuthority: { awsPcaAuthorityArn: "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/1" },
            kmsKey: "arn:k",
            roleArn: "arn:r",
          },
        },
      ],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/dev/api", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "service-connect" },
      },
      accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" },
    });
  });

  it("what dockyard builds passes the model; what ECS would refuse is found (negative controls)", () => {
    assert.deepEqual(checkAwsApi([service(connect)]).findings, []);
    const bad = {
      ...connect,
      services: [{ ...connect.services[0], clientAlias: [{ port: 70000, dnsName: "api" }] }],
      accessLogConfiguration: { format: "XML", includeQueryParameters: "DISABLED" },
    };
    assert.deepEqual(
      checkAwsApi([service(bad)])
        .findings.map((f) => f.message)
        .sort(),
      [
        "Value '70000' at 'serviceConnectConfiguration.services[0].clientAliases[0].port' failed to satisfy constraint: Member must have value less than or equal to 65535",
        "Value 'XML' at 'serviceConnectConfiguration.accessLogConfiguration.format' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, JSON]",
      ],
    );
    const { portName: _portName, ...noPortName } = connect.services[0];
    assert.equal(checkAwsApi([service({ ...connect, services: [noPortName] })]).findings.length, 1);
  });

  it("dockyard's hand-kept values equal the ECS model's: access log formats and the timeout range", () => {
    const model = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../data/aws-models/ecs.json"), "utf8")) as {
      shapes: Record<string, { enum?: string[]; min?: number; max?: number }>;
    };
    assert.deepEqual([...ACCESS_LOG_FORMATS].sort(), [...(model.shapes["ServiceConnectAccessLoggingFormat"].enum ?? [])].sort());
    assert.deepEqual([model.shapes["Duration"].min, model.shapes["Duration"].max], [0, 2147483647]);
  });
});
