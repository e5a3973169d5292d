/** The verifier child of FargateService under MockAws: its exact inputs, its trigger, turning it off, bad settings. */
import * as assert from "node:assert/strict";
import { ComponentArgsError } from "../../../components/errors";
import { FargateService } from "../../../components/fargate-service";
import type { FargateServiceArgs } from "../../../components/fargate-service-args";
import { settingsDigest } from "../../../components/deployment-verifier/resource";
import { resolveVerification } from "../../../components/deployment-verifier/settings";
import { VERIFICATION_TYPE } from "../../../components/deployment-verifier/type";
import { checkAwsApi } from "../../../preview/aws/check";
import { awsApiProblems } from "../../support/aws-api";
import { bareRef } from "../platform-fixture";
import { one, runWithMocks, type MockedRun, type RecordedResource } from "../../support/run-program";

const base: FargateServiceArgs = {
  platform: bareRef("prod"),
  image: { kind: "prebuilt", uri: `999999999999.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${"c".repeat(64)}` },
};

const run = (args: FargateServiceArgs): Promise<MockedRun<FargateService>> =>
  runWithMocks("prod", { "aws:region": "us-east-1" }, [], () => new FargateService("api", args));

const verifier = (r: MockedRun<FargateService>): RecordedResource => one(r, VERIFICATION_TYPE, "api-verify");
const withoutProvider = ({ __provider: _p, ...rest }: Record<string, unknown>) => rest;

describe("FargateService deployment verification (child under MockAws)", () => {
  let on: MockedRun<FargateService>;
  before(async () => {
    on = await run(base);
  });

  it("is on by default: one child of the component, reading the service it follows, with the default timing", () => {
    const v = verifier(on);
    const service = one(on, "aws:ecs/service:Service", "api-svc");
    const task = one(on, "aws:ecs/taskDefinition:TaskDefinition", "api-task");
    assert.equal(v.parent, one(on, FargateService.TYPE, "api").urn);
    assert.ok(v.custom);
    assert.deepEqual(withoutProvider(v.inputs), {
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
      service: service.outputs["name"],
      // The task definition resource's ARN (what was asked for), not the service's read-back taskDefinition.
      taskDefinitionArn: task.outputs["arn"],
      region: "us-east-1",
      timeoutMs: 600000,
      pollMs: 5000,
      serviceSettings: v.inputs["serviceSettings"],
    });
    assert.match(String(v.inputs["serviceSettings"]), /^[0-9a-f]{64}$/);
    // It runs after the service's create/update (and after what the digest reads: the task security group).
    assert.deepEqual(v.dependencies, [one(on, "aws:ec2/securityGroup:SecurityGroup", "api-sg").urn, service.urn, task.urn].sort());
    // The bundled provider requires the ECS client by package name and carries no absolute path.
    const provider = String(v.inputs["__provider"]);
    assert.match(provider, /require\("@aws-sdk\/client-ecs"\)/);
    assert.ok(!provider.includes(process.cwd()), "no absolute path of this checkout in the serialised provider");
  });

  it("the serviceSettings trigger is the digest of every service input except the task definition", () => {
    const { taskDefinition: _t, ...rest } = one(on, "aws:ecs/service:Service", "api-svc").inputs;
    assert.equal(verifier(on).inputs["serviceSettings"], settingsDigest(rest));
  });

  it("a changed service input changes the trigger; a change elsewhere does not (negative control)", async () => {
    const scaled = await run({ ...base, desiredCount: 2 });
    assert.notEqual(verifier(scaled).inputs["serviceSettings"], verifier(on).inputs["serviceSettings"]);
    const logs = await run({ ...base, logRetentionDays: 90 });
    assert.equal(verifier(logs).inputs["serviceSettings"], verifier(on).inputs["serviceSettings"]);
  });

  it("the gate's aws-api check validates its one request (DescribeServices) and nothing is left unchecked", () => {
    assert.deepEqual(awsApiProblems(verifier(on)), []);
    // Negative control: a request AWS would refuse is reported.
    const bad = { ...verifier(on), inputs: { ...verifier(on).inputs, cluster: 42 } };
    assert.deepEqual(awsApiProblems(bad), ["aws-request-invalid ecs:DescribeServices: Expected a string at 'cluster', got 42"]);
  });

  it("a generic dynamic resource (someone else's) stays listed as not checked, not passed", () => {
    const v = verifier(on);
    const result = checkAwsApi([
      {
        ...v,
        type: "pulumi-nodejs:dynamic:Resource",
        propertyDependencies: {},
        options: {
          protect: false,
          retainOnDelete: false,
          ignoreChanges: [],
          deleteBeforeReplace: false,
          aliases: [],
          additionalSecretOutputs: [],
        },
      },
    ]);
    assert.deepEqual(
      result.notChecked.map((n) => n.reason),
      ["no AWS request mapping for pulumi-nodejs:dynamic:Resource"],
    );
    assert.equal(result.requests, 0);
  });

  it("deploymentVerification: false removes only the child: every other resource is byte-identical", async () => {
    const off = await run({ ...base, deploymentVerification: false });
    assert.deepEqual(
      off.resources.filter((r) => r.type === VERIFICATION_TYPE),
      [],
    );
    const rest = (r: MockedRun<FargateService>) => JSON.stringify(r.resources.filter((x) => x.type !== VERIFICATION_TYPE));
    assert.equal(rest(off), rest(on));
  });

  it("timing from the args", async () => {
    const r = await run({ ...base, deploymentVerification: { timeoutSeconds: 1800, pollIntervalSeconds: 15 } });
    assert.deepEqual([verifier(r).inputs["timeoutMs"], verifier(r).inputs["pollMs"]], [1800000, 15000]);
  });

  describe("bad settings are refused with the field, the value, what is allowed and the fix", () => {
    const cases: [string, FargateServiceArgs["deploymentVerification"], string][] = [
      [
        "a zero timeout",
        { timeoutSeconds: 0 },
        'FargateService "api": deploymentVerification.timeoutSeconds got 0; allowed: an integer from 1 to 21600. Fix: set it in that range, or deploymentVerification: false to turn verification off.',
      ],
      [
        "a fractional poll interval",
        { pollIntervalSeconds: 2.5 },
        'FargateService "api": deploymentVerification.pollIntervalSeconds got 2.5; allowed: an integer from 1 to 300. Fix: set it in that range, or deploymentVerification: false to turn verification off.',
      ],
      [
        "a poll interval longer than the timeout",
        { timeoutSeconds: 10, pollIntervalSeconds: 30 },
        'FargateService "api": deploymentVerification.pollIntervalSeconds (30) is longer than timeoutSeconds (10). Fix: poll more often than the timeout.',
      ],
    ];
    for (const [title, value, message] of cases) {
      it(`rejects ${title}`, async () => {
        await assert.rejects(
          run({ ...base, deploymentVerification: value }),
          (e: unknown) => e instanceof ComponentArgsError && e.message === message,
        );
      });
    }

    it("waits out a traffic-shifting strategy: the default adds its shift and bake time; a timeout inside it is refused", () => {
      // prod's canary: 5 min at 10 %, then a 5 min bake before ECS reports COMPLETED.
      assert.deepEqual(resolveVerification("api", undefined, 600), { timeoutSeconds: 1200, pollIntervalSeconds: 5 });
      assert.throws(() => resolveVerification("api", { timeoutSeconds: 600 }, 600), {
        message:
          'FargateService "api": deploymentVerification.timeoutSeconds got 600; allowed: more than the 600 s the deployment strategy itself shifts and bakes before ECS reports COMPLETED. Fix: raise it (the default adds 600 s to that time), or shorten the strategy\'s bake times.',
      });
      assert.deepEqual(resolveVerification("api", { timeoutSeconds: 601 }, 600), { timeoutSeconds: 601, pollIntervalSeconds: 5 });
    });

    it("negative control: the defaults and the limits themselves are accepted", () => {
      assert.deepEqual(resolveVerification("api", undefined), { timeoutSeconds: 600, pollIntervalSeconds: 5 });
      assert.deepEqual(resolveVerification("api", { timeoutSeconds: 21600, pollIntervalSeconds: 300 }), {
        timeoutSeconds: 21600,
        pollIntervalSeconds: 300,
      });
      assert.deepEqual(resolveVerification("api", { timeoutSeconds: 1, pollIntervalSeconds: 1 }), {
        timeoutSeconds: 1,
        pollIntervalSeconds: 1,
      });
      assert.equal(resolveVerification("api", false), undefined);
    });
  });
});
