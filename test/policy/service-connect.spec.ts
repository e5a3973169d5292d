import * as assert from "assert";
import { buildServiceConnectConfiguration } from "../../components/service-connect";
import { cloudmapServicePrivateNamespace } from "../../policy/rules/cloudmap";
import { ecsServiceConnectLogging } from "../../policy/rules/service-connect";
import { details, res, run, UNKNOWN } from "./harness";

const SVC = "aws:ecs/service:Service";
const built = buildServiceConnectConfiguration({
  name: "api",
  port: 8080,
  namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1",
  namespaceName: "dev.internal",
  logGroupName: "/ecs/dev/api",
  region: "us-east-1",
});
const svc = (name: string, connect: unknown) =>
  res(SVC, name, connect === undefined ? { cluster: "c" } : { cluster: "c", serviceConnectConfiguration: connect });

describe("ecs-service-connect-logging", () => {
  it("accepts what dockyard builds, services without Service Connect, and Service Connect turned off", async () => {
    const report = await run(ecsServiceConnectLogging, [svc("dockyard", built), svc("none", undefined), svc("off", { enabled: false })]);
    assert.deepStrictEqual(report.violations, []);
    assert.deepStrictEqual(report.skipped, []);
  });

  it("flags a proxy without logs, without access logs, and access logs with query strings (negative controls)", async () => {
    const { logConfiguration: _log, accessLogConfiguration: _access, ...bare } = built;
    const report = await run(ecsServiceConnectLogging, [
      svc("no-logs", bare),
      svc("no-access-logs", { ...bare, logConfiguration: built.logConfiguration }),
      svc("query-strings", { ...built, accessLogConfiguration: { format: "JSON", includeQueryParameters: "ENABLED" } }),
    ]);
    assert.deepStrictEqual(details(report), [
      "no-access-logs: serviceConnectConfiguration.accessLogConfiguration is not set: no record of the requests between services.",
      "no-logs: serviceConnectConfiguration.logConfiguration is not set: the proxy's logs are lost; serviceConnectConfiguration.accessLogConfiguration is not set: no record of the requests between services.",
      'query-strings: accessLogConfiguration.includeQueryParameters is "ENABLED": query strings (tokens, session ids) would be written to the logs.',
    ]);
  });

  it("an unknown configuration in preview is reported as not evaluated, never as a pass", async () => {
    const report = await run(ecsServiceConnectLogging, [svc("pending", UNKNOWN.object)]);
    assert.deepStrictEqual(report.violations, []);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.urn.split("::").pop()),
      ["pending"],
    );
  });
});

describe("cloudmap-service-private-namespace with Service Connect", () => {
  const PRIVATE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace";
  const PUBLIC = "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace";
  const SD = "aws:servicediscovery/service:Service";

  it("a Service Connect-only service (no serviceRegistries) is no violation; during migration (`both`) the DNS registration is still judged", async () => {
    const priv = res(PRIVATE, "ns", { name: "dev.internal", vpc: "vpc-1" });
    const pub = res(PUBLIC, "public-ns", { name: "example.com" });
    const inPublic = res(
      SD,
      "leaky-discovery",
      { name: "leaky", dnsConfig: { namespaceId: "public-ns-id" } },
      { propertyDependencies: { dnsConfig: [pub] } },
    );
    const inPrivate = res(
      SD,
      "ok-discovery",
      { name: "ok", dnsConfig: { namespaceId: "ns-id" } },
      { propertyDependencies: { dnsConfig: [priv] } },
    );
    const connectOnly = res(
      SVC,
      "connect-only",
      { serviceConnectConfiguration: built },
      { propertyDependencies: { serviceConnectConfiguration: [priv] } },
    );
    const bothOk = res(
      SVC,
      "both-ok",
      { serviceConnectConfiguration: built, serviceRegistries: { registryArn: "arn:ok" } },
      { propertyDependencies: { serviceRegistries: [inPrivate] } },
    );
    const bothLeaky = res(
      SVC,
      "both-leaky",
      { serviceConnectConfiguration: built, serviceRegistries: { registryArn: "arn:leaky" } },
      { propertyDependencies: { serviceRegistries: [inPublic] } },
    );
    const report = await run(cloudmapServicePrivateNamespace, [priv, pub, inPublic, inPrivate, connectOnly, bothOk, bothLeaky]);
    assert.deepStrictEqual(details(report), [
      "leaky-discovery: discovery service leaky-discovery is in PublicDnsNamespace public-ns; move it to a PrivateDnsNamespace.",
    ]);
  });
});
