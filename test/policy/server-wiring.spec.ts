/**
 * Cross-checks the in-process engine against `@pulumi/policy/server.js`'s own analyzer functions (the exact code
 * path the CLI drives over gRPC), without starting a server: same messages, levels, URNs, not-applicable and
 * preview-unknown behaviour. The server's pack config and stack tags are module-private, so only defaults here.
 */
import * as assert from "assert";
import { createRequire } from "module";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { Policies } from "@pulumi/policy";
import { allPolicies, PACK_NAME, PACK_VERSION } from "../../policy/policies";
import { evaluatePolicies } from "../../policy/engine/evaluate";
import type { CapturedResource } from "../../policy/engine/types";
import { res, UNKNOWN } from "./harness";

// `makeAnalyzeRpcFun` & co. are @internal in 1.21.0 (server.d.ts is empty): load them untyped.
const server: unknown = createRequire(__filename)("@pulumi/policy/server");

const LEVEL_NAMES: Record<number, string> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
};

interface Diagnostic {
  policy: string;
  message: string;
  level: string;
  urn: string;
}

function rpc(name: string, policies: Policies, request: unknown): Promise<pb.AnalyzeResponse> {
  const factory: unknown = Reflect.get(server as object, name);
  assert.strictEqual(typeof factory, "function");
  const handler: unknown = (factory as (...a: unknown[]) => unknown)(PACK_NAME, PACK_VERSION, "advisory", policies);
  return new Promise((resolve, reject) => {
    (handler as (call: unknown, cb: (err: unknown, resp: pb.AnalyzeResponse) => void) => void)({ request }, (err, resp) =>
      err ? reject(err) : resolve(resp),
    );
  });
}

function diagnostics(resp: pb.AnalyzeResponse, urn?: string): Diagnostic[] {
  return resp.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    message: d.getMessage(),
    level: LEVEL_NAMES[d.getEnforcementlevel()],
    urn: d.getUrn() || urn || "",
  }));
}

async function serverAnalyze(policies: Policies, r: CapturedResource): Promise<{ diags: Diagnostic[]; notApplicable: string[] }> {
  const req = new pb.AnalyzeRequest();
  req.setType(r.type);
  req.setUrn(r.urn);
  req.setName(r.name);
  req.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.inputs))));
  req.setOptions(new pb.AnalyzerResourceOptions());
  const resp = await rpc("makeAnalyzeRpcFun", policies, req);
  return {
    diags: diagnostics(resp, r.urn),
    notApplicable: resp.getNotApplicableList().map((n) => `${n.getPolicyName()}: ${n.getReason()}`),
  };
}

async function serverAnalyzeStack(policies: Policies, resources: CapturedResource[]): Promise<Diagnostic[]> {
  const req = new pb.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((r) => {
      const ar = new pb.AnalyzerResource();
      ar.setType(r.type);
      ar.setUrn(r.urn);
      ar.setName(r.name);
      ar.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.outputs))));
      ar.setOptions(new pb.AnalyzerResourceOptions());
      if (r.parent) {
        ar.setParent(r.parent);
      }
      ar.setDependenciesList(r.dependencies);
      for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
        ar.getPropertydependenciesMap().set(prop, new pb.AnalyzerPropertyDependencies().setUrnsList(urns));
      }
      return ar;
    }),
  );
  return diagnostics(await rpc("makeAnalyzeStackRpcFun", policies, req));
}

async function engine(policies: Policies, resources: CapturedResource[]): Promise<Diagnostic[]> {
  const report = await evaluatePolicies(policies, { resources });
  return [
    ...report.violations.map((v) => ({ policy: v.policy, message: v.message, level: v.enforcementLevel, urn: v.urn })),
    ...report.skipped.map((s) => ({ policy: s.policy, message: s.reason, level: "advisory", urn: s.urn })),
  ];
}

const byName = (...names: string[]) => allPolicies.filter((p) => names.includes(p.name));
const sortDiags = (d: Diagnostic[]) => [...d].sort((a, b) => `${a.policy}${a.message}`.localeCompare(`${b.policy}${b.message}`));

describe("engine ≡ @pulumi/policy server (analyze / analyzeStack)", () => {
  it("resource policies: same messages and levels (a remediate policy still violating is mandatory)", async () => {
    const policies = byName(
      "ecs-service-no-public-ip",
      "lb-http-redirects-to-https",
      "iam-policy-least-privilege",
      "ecs-task-definition-no-plaintext-secrets",
    );
    const resources = [
      res("aws:ecs/service:Service", "api-svc", { networkConfiguration: { assignPublicIp: true, subnets: ["s"] } }),
      res("aws:lb/listener:Listener", "http", { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
      res("aws:iam/rolePolicy:RolePolicy", "task-policy", {
        role: "r",
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }] }),
      }),
      res("aws:ecs/taskDefinition:TaskDefinition", "pending", { containerDefinitions: UNKNOWN.string }),
    ];
    for (const r of resources) {
      const fromServer = await serverAnalyze(policies, r);
      // The engine applies remediations before validating; the server's analyze sees the unremediated inputs.
      const fromEngine = await engine(
        policies.map((p) => (p.enforcementLevel === "remediate" ? { ...p, remediateResource: undefined } : p)),
        [r],
      );
      assert.deepStrictEqual(sortDiags(fromEngine), sortDiags(fromServer.diags), r.name);
      assert.ok(fromServer.diags.length > 0, `${r.name} should produce a diagnostic`);
    }
  });

  it("reports not-applicable through notApplicable() with the rule's reason", async () => {
    const { diags, notApplicable } = await serverAnalyze(byName("ecs-service-no-public-ip"), res("aws:s3/bucket:Bucket", "b", {}));
    assert.deepStrictEqual(
      [diags, notApplicable],
      [[], ["ecs-service-no-public-ip: Policy only applies to resources of type 'aws:ecs/service:Service', 'aws:ecs/taskSet:TaskSet'"]],
    );
  });

  it("stack policies: same findings over the propertyDependencies graph", async () => {
    const vpc = res("awsx:ec2:Vpc", "platform-vpc", {}, { outputs: { privateSubnetIds: ["subnet-p"], publicSubnetIds: ["subnet-u"] } });
    const taskSg = res("aws:ec2/securityGroup:SecurityGroup", "api-sg", {}, { outputs: { id: "sg-task" } });
    const svc = res(
      "aws:ecs/service:Service",
      "api-svc",
      { networkConfiguration: { subnets: ["subnet-u"], securityGroups: ["sg-task"] } },
      { propertyDependencies: { networkConfiguration: [vpc, taskSg] } },
    );
    const open = res(
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "api-in-world",
      { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" },
      { propertyDependencies: { securityGroupId: [taskSg] } },
    );
    const resources = [vpc, taskSg, svc, open];
    const policies = byName("ecs-service-private-subnets-only", "security-group-ingress-restricted");
    const fromServer = await serverAnalyzeStack(policies, resources);
    assert.deepStrictEqual(sortDiags(await engine(policies, resources)), sortDiags(fromServer));
    assert.deepStrictEqual(fromServer.map((d) => [d.policy, d.urn, d.level]).sort(), [
      ["ecs-service-private-subnets-only", svc.urn, "mandatory"],
      ["security-group-ingress-restricted", open.urn, "mandatory"],
    ]);
  });
});
