/**
 * `dockyard:discovery.mode` (issue 10 part 4): Cloud Map DNS, Service Connect, and the migration between them,
 * asserted on the inputs of the resources the dev stack registers under MockAws in each step.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { awsApiProblems } from "../support/aws-api";
import { captured } from "../support/captured";
import { refuse, runTeamStack } from "../teams/run-team-stack";
import { one, ofType, ROOT, runProgram, type ProgramRun, type RecordedResource } from "../support/run-program";

const T = {
  service: "aws:ecs/service:Service",
  task: "aws:ecs/taskDefinition:TaskDefinition",
  discovery: "aws:servicediscovery/service:Service",
  namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  fargate: "dockyard:index:FargateService",
} as const;
const SERVICES = ["customer-service", "movie-service"] as const;
const SCOPE = "dev-a66f6c";

const withDiscovery = (discovery: Record<string, unknown>) => runProgram("dev", { "dockyard:discovery": JSON.stringify(discovery) });
const input = (r: RecordedResource, key: string) => r.inputs[key];
const sgIdOf = (run: ProgramRun, svc: string) =>
  (one(run, T.service, `${svc}-svc`).inputs["networkConfiguration"] as { securityGroups: string[] }).securityGroups[0];

/** The exact `serviceConnectConfiguration` dockyard gives `svc` in the dev stack. */
function expectedConnect(run: ProgramRun, svc: string): Record<string, unknown> {
  return {
    enabled: true,
    namespace: one(run, T.namespace, "dev-namespace").outputs["arn"],
    services: [{ portName: `${svc}-8080`, discoveryName: `${svc}-8080`, clientAlias: [{ port: 8080, dnsName: `${svc}.dev.internal` }] }],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": `/ecs/${SCOPE}/${svc}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "service-connect" },
    },
    accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" },
  };
}

function containers(
  run: ProgramRun,
  svc: string,
): { name: string; portMappings: { name: string }[]; environment: { name: string; value: string }[] }[] {
  return JSON.parse(String(one(run, T.task, `${svc}-task`).inputs["containerDefinitions"]));
}

/** `<type> <name>: <input keys whose value differs>` between two runs, for every resource in either. */
function changes(from: ProgramRun, to: ProgramRun): string[] {
  const index = (run: ProgramRun) => new Map(run.resources.map((r) => [`${r.type} ${r.name}`, r.inputs]));
  const a = index(from);
  const b = index(to);
  const out: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(key);
    const y = b.get(key);
    if (x === undefined || y === undefined) {
      out.push(`${key}: ${x === undefined ? "added" : "removed"}`);
      continue;
    }
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k])).sort();
    if (keys.length > 0) out.push(`${key}: ${keys.join(", ")}`);
  }
  return out;
}

/** The deployment verifier each service gets (components/deployment-verifier). */
const VERIFY = "pulumi-nodejs:dynamic/dockyard:DeploymentVerification";

describe("discovery modes: Cloud Map DNS, Service Connect, and the migration (dev stack under MockAws)", () => {
  let cloudmap: ProgramRun;
  let both: ProgramRun;
  let restarted: ProgramRun;
  let connect: ProgramRun;
  before(async () => {
    cloudmap = await captured("dev");
    both = await withDiscovery({ mode: "both" });
    restarted = await withDiscovery({ mode: "both", restartToken: "2026-12-01" });
    connect = await withDiscovery({ mode: "serviceConnect", restartToken: "2026-12-01" });
  });

  it("cloudmap (the default): DNS registration only, no Service Connect", () => {
    for (const svc of SERVICES) {
      const s = one(cloudmap, T.service, `${svc}-svc`);
      assert.equal(input(s, "serviceConnectConfiguration"), undefined);
      assert.deepEqual(input(s, "serviceRegistries"), { registryArn: one(cloudmap, T.discovery, `${svc}-discovery`).outputs["arn"] });
    }
    assert.equal(
      input(one(cloudmap, T.ingress, "movie-service-in-customer-service"), "description"),
      "customer-service to movie-service on 8080 (Cloud Map)",
    );
  });

  for (const [mode, run] of [
    ["both", () => both],
    ["serviceConnect", () => connect],
  ] as const) {
    it(`${mode}: every service gets the exact serviceConnectConfiguration, on a port mapping its task definition names`, () => {
      for (const svc of SERVICES) {
        const s = one(run(), T.service, `${svc}-svc`);
        assert.deepEqual(input(s, "serviceConnectConfiguration"), expectedConnect(run(), svc));
        const [app] = containers(run(), svc);
        assert.deepEqual(app.portMappings, [
          { name: `${svc}-8080`, containerPort: 8080, hostPort: 8080, protocol: "tcp", appProtocol: "http" },
        ]);
      }
    });

    it(`${mode}: the caller's URL is the callee's client alias and port`, () => {
      const alias = (
        one(run(), T.service, "movie-service-svc").inputs["serviceConnectConfiguration"] as {
          services: { clientAlias: { dnsName: string; port: number }[] }[];
        }
      ).services[0].clientAlias[0];
      const env = containers(run(), "customer-service")[0].environment;
      assert.deepEqual(
        env.filter((e) => e.name.endsWith("_URL")),
        [{ name: "MOVIE_SERVICE_URL", value: `http://${alias.dnsName}:${alias.port}` }],
      );
      assert.equal(alias.dnsName, "movie-service.dev.internal");
      // The same string as under Cloud Map DNS: switching modes changes no application setting.
      assert.deepEqual(
        containers(cloudmap, "customer-service")[0].environment.filter((e) => e.name === "MOVIE_SERVICE_URL"),
        [{ name: "MOVIE_SERVICE_URL", value: "http://movie-service.dev.internal:8080" }],
      );
      assert.equal(one(run(), T.fargate, "movie-service").outputs["discoveryName"], "movie-service.dev.internal");
    });

    it(`${mode}: caller → callee rules stay security-group to security-group on the callee's container port (the proxy receives there)`, () => {
      const via = mode === "both" ? "Cloud Map DNS and Service Connect" : "Service Connect";
      const movie = sgIdOf(run(), "movie-service");
      const customer = sgIdOf(run(), "customer-service");
      const description = `customer-service to movie-service on 8080 (${via})`;
      assert.deepEqual(one(run(), T.ingress, "movie-service-in-customer-service").inputs, {
        securityGroupId: movie,
        ipProtocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        referencedSecurityGroupId: customer,
        description,
      });
      assert.deepEqual(one(run(), T.egress, "movie-service-out-from-customer-service").inputs, {
        securityGroupId: customer,
        ipProtocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        referencedSecurityGroupId: movie,
        description,
      });
      // No ingress port override: traffic arrives on the container port the rules open.
      const services = (
        one(run(), T.service, "movie-service-svc").inputs["serviceConnectConfiguration"] as { services: Record<string, unknown>[] }
      ).services;
      assert.equal(services[0]["ingressPortOverride"], undefined);
      // Nothing else opens east-west: customer-service is not reachable from movie-service.
      assert.deepEqual(
        ofType(run(), T.ingress)
          .filter((r) => r.inputs["securityGroupId"] === customer)
          .map((r) => r.name),
        ["customer-service-in-alb"],
      );
    });

    it(`${mode}: every ECS service and task definition request passes AWS's full API models`, () => {
      for (const r of [...ofType(run(), T.service), ...ofType(run(), T.task)]) assert.deepEqual(awsApiProblems(r), [], r.name);
    });
  }

  it("serviceConnect: the proxy's logs go to the service's log group, which the execution role may write to", () => {
    for (const svc of SERVICES) {
      const group = one(connect, "aws:cloudwatch/logGroup:LogGroup", `${svc}-logs`);
      const options = (
        input(one(connect, T.service, `${svc}-svc`), "serviceConnectConfiguration") as {
          logConfiguration: { options: Record<string, string> };
        }
      ).logConfiguration.options;
      assert.equal(options["awslogs-group"], input(group, "name"));
      const doc = JSON.parse(String(input(one(connect, "aws:iam/rolePolicy:RolePolicy", `${svc}-exec-policy`), "policy"))) as {
        Statement: { Action: string | string[]; Resource: string | string[] }[];
      };
      const writes = doc.Statement.filter((st) => [st.Resource].flat().includes(`${String(group.outputs["arn"])}:*`));
      assert.deepEqual(writes.flatMap((st) => [st.Action].flat()).sort(), ["logs:CreateLogStream", "logs:PutLogEvents"]);
    }
  });

  it("is deterministic: the same config gives byte-identical inputs", async () => {
    const again = await withDiscovery({ mode: "serviceConnect", restartToken: "2026-12-01" });
    assert.equal(
      JSON.stringify(again.resources.map((r) => [r.type, r.name, r.inputs])),
      JSON.stringify(connect.resources.map((r) => [r.type, r.name, r.inputs])),
    );
  });

  it("both: Cloud Map DNS registration stays, and Service Connect's own Cloud Map service has a different name", () => {
    for (const svc of SERVICES) {
      const s = one(both, T.service, `${svc}-svc`);
      const dns = one(both, T.discovery, `${svc}-discovery`);
      assert.deepEqual(input(s, "serviceRegistries"), { registryArn: dns.outputs["arn"] });
      const connectName = (input(s, "serviceConnectConfiguration") as { services: { discoveryName: string }[] }).services[0].discoveryName;
      assert.notEqual(connectName, input(dns, "name"));
      assert.equal(input(dns, "name"), svc);
    }
  });

  it("serviceConnect: no Cloud Map DNS service and no serviceRegistries; the namespace stays", () => {
    assert.deepEqual(ofType(connect, T.discovery), []);
    for (const svc of SERVICES) assert.equal(input(one(connect, T.service, `${svc}-svc`), "serviceRegistries"), undefined);
    assert.equal(input(one(connect, T.namespace, "dev-namespace"), "name"), "dev.internal");
  });

  it("step 1 (cloudmap → both) changes only the services' Service Connect settings and the call rules' descriptions", () => {
    assert.deepEqual(
      changes(cloudmap, both),
      [
        `${T.service} customer-service-svc: serviceConnectConfiguration`,
        `${T.service} movie-service-svc: serviceConnectConfiguration`,
        `${T.egress} movie-service-out-from-customer-service: description`,
        `${T.ingress} movie-service-in-customer-service: description`,
        // The deployment verifier re-runs whenever its service's inputs change.
        `${VERIFY} customer-service-verify: serviceSettings`,
        `${VERIFY} movie-service-verify: serviceSettings`,
      ].sort(),
    );
  });

  it("step 2 (restartToken) redeploys only the callers, so each of their tasks starts after its callees' endpoints exist", () => {
    assert.deepEqual(
      changes(both, restarted),
      [`${T.service} customer-service-svc: triggers`, `${VERIFY} customer-service-verify: serviceSettings`].sort(),
    );
    const caller = one(restarted, T.service, "customer-service-svc");
    assert.deepEqual(input(caller, "triggers"), { serviceConnectRestart: "2026-12-01" });
    // The provider acts on triggers only with forceNewDeployment (already on here for the capacity strategy).
    assert.equal(input(caller, "forceNewDeployment"), true);
    assert.equal(input(one(restarted, T.service, "movie-service-svc"), "triggers"), undefined);
  });

  it("step 3 (both → serviceConnect, same token) drops only the DNS registration: the services' registries and the Cloud Map services", () => {
    assert.deepEqual(
      changes(restarted, connect),
      [
        `${T.service} customer-service-svc: serviceRegistries`,
        `${T.service} movie-service-svc: serviceRegistries`,
        `${T.egress} movie-service-out-from-customer-service: description`,
        `${T.ingress} movie-service-in-customer-service: description`,
        `${T.discovery} customer-service-discovery: removed`,
        `${T.discovery} movie-service-discovery: removed`,
        `${VERIFY} customer-service-verify: serviceSettings`,
        `${VERIFY} movie-service-verify: serviceSettings`,
      ].sort(),
    );
  });
});

describe("dockyard:discovery: refusals with file, field, value, what is allowed and the fix", () => {
  const entries = (discovery: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(loadProject(ROOT, "dev").config))
      if (k.startsWith("dockyard:")) out[k.slice("dockyard:".length)] = v;
    out["discovery"] = JSON.stringify(discovery);
    return out;
  };
  const messageFor = (discovery: unknown): string => {
    try {
      parseStackConfig(entries(discovery), "dev", "us-east-1");
      return "OK";
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return e.message;
    }
  };

  it("refuses an unknown mode, an access log format ECS does not have, timeouts outside ECS's range, and proxy settings without a proxy", () => {
    assert.equal(
      messageFor({ mode: "mesh" }),
      'Pulumi.dev.yaml: `dockyard:discovery.mode` got "mesh"; allowed: one of "cloudmap", "both", "serviceConnect". Fix: set `dockyard:discovery.mode` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    );
    assert.equal(
      messageFor({ mode: "serviceConnect", accessLogFormat: "XML" }),
      'Pulumi.dev.yaml: `dockyard:discovery.accessLogFormat` got "XML"; allowed: one of "JSON", "TEXT". Fix: set `dockyard:discovery.accessLogFormat` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    );
    assert.equal(
      messageFor({ mode: "serviceConnect", perRequestTimeoutSeconds: -1 }),
      "Pulumi.dev.yaml: `dockyard:discovery.perRequestTimeoutSeconds` got -1; allowed: an integer from 0 (no timeout) to 2147483647. Fix: remove it for ECS's default",
    );
    assert.equal(
      messageFor({ mode: "both", idleTimeoutSeconds: 1.5 }),
      "Pulumi.dev.yaml: `dockyard:discovery.idleTimeoutSeconds` got 1.5; allowed: an integer from 0 (no timeout) to 2147483647. Fix: remove it for ECS's default",
    );
    assert.equal(
      messageFor({ accessLogFormat: "TEXT" }),
      'Pulumi.dev.yaml: `dockyard:discovery.accessLogFormat` got "TEXT"; allowed: unset while mode is "cloudmap" (it configures the Service Connect proxy). Fix: remove it, or set mode to "both" or "serviceConnect"',
    );
    // Rendered like every component problem, through the config mask: the detector judges a `*Token` name secret-like.
    assert.equal(
      messageFor({ mode: "cloudmap", restartToken: "x" }),
      'Pulumi.dev.yaml: `dockyard:discovery.restartToken` got "[redacted]"; allowed: unset while mode is "cloudmap" (it configures the Service Connect proxy). Fix: remove it, or set mode to "both" or "serviceConnect"',
    );
  });

  it("accepts the neighbours (negative controls): each mode, both formats, 0 and the largest timeout", () => {
    for (const ok of [
      {},
      { mode: "cloudmap" },
      { mode: "both", restartToken: "1" },
      { mode: "serviceConnect", accessLogFormat: "TEXT", idleTimeoutSeconds: 0, perRequestTimeoutSeconds: 2147483647 },
    ]) {
      assert.equal(messageFor(ok), "OK", JSON.stringify(ok));
    }
    const parsed = parseStackConfig(entries({ mode: "serviceConnect", perRequestTimeoutSeconds: 30 }), "dev", "us-east-1");
    assert.deepEqual(parsed.discovery, {
      mode: "serviceConnect",
      accessLogFormat: undefined,
      idleTimeoutSeconds: undefined,
      perRequestTimeoutSeconds: 30,
      restartToken: undefined,
    });
    assert.equal(parseStackConfig(entries({}), "dev", "us-east-1").discovery.mode, "cloudmap");
  });
});

describe("dockyard:discovery in a platform stack (team stacks)", () => {
  const CERTIFICATE = JSON.stringify({
    certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162",
    deletionProtection: true,
  });
  const platformWith = (discovery: Record<string, unknown>) => ({
    overrides: { "dockyard:loadBalancer": CERTIFICATE, "dockyard:discovery": JSON.stringify(discovery) },
  });

  it("Service Connect is refused, never silently ignored: PlatformRef does not carry it to the team stacks", async () => {
    const mode = await refuse("platform", "prod", platformWith({ namespace: "prod.internal", mode: "serviceConnect" }));
    assert.equal(
      mode.error.message,
      'Pulumi.prod.yaml: `dockyard:discovery.mode` got "serviceConnect"; allowed: unset in a platform stack (Service Connect is a single-stack option for now: team stacks attach through PlatformRef, which does not carry it). Fix: remove `dockyard:discovery.mode`; services in a platform/team setup find each other through Cloud Map DNS',
    );
    assert.deepEqual(mode.resources, []);
    const token = await refuse("platform", "prod", platformWith({ restartToken: "x" }));
    assert.match(
      token.error.message,
      /^Pulumi\.prod\.yaml: `dockyard:discovery\.restartToken` got "x"; allowed: unset in a platform stack/,
    );
  });

  it("cloudmap, said explicitly, is accepted (negative control)", async () => {
    const run = await runTeamStack("platform", "prod", platformWith({ mode: "cloudmap" }));
    assert.ok(run.resources.some((r) => r.type === T.namespace));
  });
});
