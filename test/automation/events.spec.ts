import * as assert from "assert";
import { EngineEventCollector, plannedSteps, urnName, urnType } from "../../automation/events";
import { loadFixture } from "./standin";

const SVC = "urn:pulumi:dev::dockyard::dockyard:ecs:FargateService$aws:ecs/service:Service::api-svc";
const REPO = "urn:pulumi:dev::dockyard::dockyard:ecs:ContainerImage$aws:ecr/repository:Repository::api-repo";
const STACK = "urn:pulumi:dev::dockyard::pulumi:pulumi:Stack::dockyard-dev";

function replay(fixture: string, plannedTotal?: number, count?: number): EngineEventCollector {
  const c = new EngineEventCollector(plannedTotal);
  for (const e of loadFixture(fixture).slice(0, count)) c.handle(e);
  return c;
}

describe("engine event collector", () => {
  it("parses names and types out of URNs (nested components included)", () => {
    assert.strictEqual(urnName(SVC), "api-svc");
    assert.strictEqual(urnType(SVC), "aws:ecs/service:Service");
    assert.strictEqual(urnType(STACK), "pulumi:pulumi:Stack");
  });

  it("a successful up: every step done, changes by op without `same`, the summary kept", () => {
    const s = replay("up-success.json").snapshot();
    assert.deepStrictEqual(
      { total: s.total, done: s.done, failed: s.failed, running: s.running, changes: s.changes, errors: s.errors },
      { total: 7, done: 7, failed: 0, running: [], changes: { create: 6 }, errors: [] },
    );
    assert.deepStrictEqual(s.summary, {
      maybeCorrupt: false,
      durationSeconds: 187,
      resourceChanges: { create: 6, same: 1 },
      policyPacks: { "dockyard-guard": "0.1.0" },
    });
    assert.deepStrictEqual(s.violations, []);
    assert.strictEqual(s.cancelled, false);
  });

  it("mid-stream: announced steps are the total and the unfinished ones are running, oldest first", () => {
    const s = replay("up-success.json", undefined, 4).snapshot();
    assert.deepStrictEqual([s.total, s.done], [3, 0]);
    assert.deepStrictEqual(
      s.running.map((r) => `${r.op} ${r.type} ${r.name}`),
      [
        "create pulumi:pulumi:Stack dockyard-dev",
        "create aws:ecs/cluster:Cluster platform-cluster",
        "same aws:cloudwatch/logGroup:LogGroup api-logs",
      ],
    );
  });

  it("a planned total from a preview is the total from the first event", () => {
    assert.strictEqual(replay("up-success.json", 7, 2).snapshot().total, 7);
  });

  it("a failed step keeps the provider's error diagnostic; resource-less errors are listed separately", () => {
    const s = replay("up-failed.json").snapshot();
    assert.deepStrictEqual([s.total, s.done, s.failed], [3, 2, 1]);
    assert.deepStrictEqual(s.failedResources, [
      {
        urn: SVC,
        type: "aws:ecs/service:Service",
        name: "api-svc",
        op: "update",
        message:
          "updating urn:pulumi:dev::dockyard::dockyard:ecs:FargateService$aws:ecs/service:Service::api-svc: 1 error occurred:\n" +
          "\t* updating ECS Service (arn:aws:ecs:us-east-1:123456789012:service/platform-cluster-5e6f7a8/api-svc-7f6e5d4): " +
          "operation error ECS: UpdateService, InvalidParameterException: The target group does not have an associated load balancer.",
      },
    ]);
    assert.deepStrictEqual(s.errors, ["update failed"]);
    assert.deepStrictEqual(s.changes, { update: 1 });
  });

  it("policy events become violations with pack, level, resource and the trimmed message", () => {
    const s = replay("preview-policy-violation.json").snapshot();
    assert.deepStrictEqual(s.violations, [
      {
        policyPack: "dockyard-guard",
        policyPackVersion: "0.1.0",
        policy: "ecs-service-private-subnets",
        enforcementLevel: "mandatory",
        urn: SVC,
        resource: 'aws:ecs/service:Service "api-svc"',
        message:
          "ECS service tasks must run in private subnets without a public IP. Set `assignPublicIp: false` and use the VPC's privateSubnetIds.",
      },
      {
        policyPack: "dockyard-guard",
        policyPackVersion: "0.1.0",
        policy: "ecr-scan-on-push",
        enforcementLevel: "advisory",
        urn: REPO,
        resource: 'aws:ecr/repository:Repository "api-repo"',
        message: "ECR repositories should scan images on push. Set `imageScanningConfiguration.scanOnPush: true`.",
      },
    ]);
    assert.deepStrictEqual(s.errors, ["preview failed: 1 mandatory policy violation"]);
  });

  it("a stack-level policy event (no resource URN) is attributed to the stack", () => {
    const c = new EngineEventCollector();
    c.handle({
      sequence: 1,
      timestamp: 1,
      policyEvent: {
        message: "Services must not share a target group.",
        color: "never",
        policyName: "unique-target-groups",
        policyPackName: "dockyard-guard",
        policyPackVersion: "0.1.0",
        policyPackVersionTag: "0.1.0",
        enforcementLevel: "mandatory",
      },
    });
    assert.deepStrictEqual(
      c.snapshot().violations.map((v) => [v.urn, v.resource]),
      [["", "stack"]],
    );
  });

  it("an error diagnostic on a resource that never failed a step (e.g. a component) is kept as an error", () => {
    const c = new EngineEventCollector();
    c.handle({ sequence: 1, timestamp: 1, diagnosticEvent: { urn: SVC, message: "boom\n", color: "never", severity: "error" } });
    assert.deepStrictEqual(c.snapshot().errors, ['aws:ecs/service:Service "api-svc": boom']);
    assert.deepStrictEqual(c.snapshot().failedResources, []);
  });

  it("a cancel event marks the run cancelled and leaves the in-flight steps running", () => {
    const c = replay("up-interrupted.json");
    for (const e of loadFixture("up-cancel-tail.json")) c.handle(e);
    const s = c.snapshot();
    assert.strictEqual(s.cancelled, true);
    assert.deepStrictEqual(
      s.running.map((r) => r.name),
      ["dockyard-dev", "api-svc"],
    );
  });

  it("plannedSteps counts every planned step, `same` included", () => {
    assert.strictEqual(plannedSteps({ create: 6, same: 1, update: 0 }), 7);
    assert.strictEqual(plannedSteps({}), 0);
  });
});
