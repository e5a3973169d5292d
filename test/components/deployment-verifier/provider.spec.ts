/**
 * The dynamic provider: create/update fail with the tagged message unless the deployment completed; diff;
 * the stack's credentials from `configure`. The last test takes the `__provider` text FargateService registers
 * under mocks, loads it the way the pulumi-nodejs dynamic provider does (require-from-string) and runs it against
 * the recorded endpoint: the bundled provider is self-contained and signs with the stack's configured keys.
 */
import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import { FargateService } from "../../../components/fargate-service";
import { FAILURE_TAG } from "../../../components/deployment-verifier/message";
import {
  clientConfig,
  stackCredentials,
  verificationProvider,
  type VerificationInputs,
  type VerificationProvider,
} from "../../../components/deployment-verifier/provider";
import { VERIFICATION_TYPE } from "../../../components/deployment-verifier/type";
import { one, runWithMocks } from "../../support/run-program";
import { bareRef } from "../platform-fixture";
import { loadRecording, startRecordedEcs, testClient, type RecordedEcs } from "./recorded-ecs";

const inputs: VerificationInputs = {
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-cluster",
  service: "api-svc-1a2b3c4",
  taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:7",
  region: "us-east-1",
  timeoutMs: 5000,
  pollMs: 5,
  serviceSettings: "d".repeat(64),
};

const config = (values: Record<string, string>) => ({
  get: (key: string): string | undefined => values[key],
  require: (key: string): string => values[key] ?? assert.fail(`config ${key} missing`),
});

async function withRecording<T>(name: string, body: (ecs: RecordedEcs) => Promise<T>): Promise<T> {
  const ecs = await startRecordedEcs(loadRecording(name));
  try {
    return await body(ecs);
  } finally {
    await ecs.close();
  }
}

const pointedAt = (ecs: RecordedEcs): VerificationProvider => verificationProvider((region) => testClient(ecs.endpoint, region));

describe("deployment verification provider", () => {
  it("create on a rolled-back deployment fails with the tagged message, ECS's reason and events", async () => {
    await withRecording("rolled-back", async (ecs) => {
      const provider = pointedAt(ecs);
      await assert.rejects(provider.create(inputs), (err: Error) => {
        assert.equal(FAILURE_TAG.exec(err.message)?.[1], "deployment-rolled-back");
        assert.match(err.message, /rollout state reason: ECS deployment circuit breaker: tasks failed to start\./);
        assert.match(err.message, /rolling back to deployment ecs-svc\/1111111111111111111\./);
        return true;
      });
    });
  });

  it("update fails the same way on a failed deployment (deployment-failed)", async () => {
    await withRecording("failed", async (ecs) => {
      await assert.rejects(
        pointedAt(ecs).update!("id", { ...inputs, deploymentId: "x" }, inputs),
        (err: Error) => FAILURE_TAG.exec(err.message)?.[1] === "deployment-failed",
      );
    });
  });

  it("negative control: a completed deployment creates, recording the deployment id", async () => {
    await withRecording("completed", async (ecs) => {
      assert.deepEqual(await pointedAt(ecs).create(inputs), {
        id: `${inputs.cluster}/${inputs.service}`,
        outs: { ...inputs, deploymentId: "ecs-svc/2222222222222222222" },
      });
    });
  });

  it("a DescribeServices error fails the step with AWS's words, the service and the fix (no tag: not a deployment outcome)", async () => {
    await withRecording("access-denied", async (ecs) => {
      await assert.rejects(pointedAt(ecs).create(inputs), (err: Error) => {
        assert.equal(FAILURE_TAG.exec(err.message), null);
        assert.match(
          err.message,
          /^The deployment verifier could not read ECS service "api-svc-1a2b3c4" \(cluster "arn:aws:ecs:us-east-1:123456789012:cluster\/prod-cluster", region us-east-1\): AccessDeniedException: User: .* is not authorized to perform: ecs:DescribeServices/,
        );
        assert.match(
          err.message,
          /Fix: let the identity running `pulumi up` call ecs:DescribeServices on it, or set the service's deploymentVerification: false\.$/,
        );
        return true;
      });
    });
  });

  it("diff: verify again when the task definition or the service's settings change, not otherwise", async () => {
    const provider = verificationProvider();
    const olds = { ...inputs, deploymentId: "ecs-svc/1" };
    assert.deepEqual(await provider.diff!("id", olds, inputs), { changes: false });
    assert.deepEqual(await provider.diff!("id", olds, { ...inputs, taskDefinitionArn: `${inputs.taskDefinitionArn.slice(0, -1)}8` }), {
      changes: true,
    });
    assert.deepEqual(await provider.diff!("id", olds, { ...inputs, serviceSettings: "e".repeat(64) }), { changes: true });
  });

  describe("credentials from the stack's AWS config", () => {
    it("explicit keys win; a profile is passed to the SDK; otherwise the SDK's default chain", () => {
      const keys = stackCredentials(
        config({ "aws:accessKey": "AKIDSTACK", "aws:secretKey": "s3cret", "aws:token": "tok", "aws:profile": "ci" }),
      );
      assert.deepEqual(clientConfig("eu-west-1", keys), {
        region: "eu-west-1",
        credentials: { accessKeyId: "AKIDSTACK", secretAccessKey: "s3cret", sessionToken: "tok" },
      });
      assert.deepEqual(clientConfig("eu-west-1", stackCredentials(config({ "aws:profile": "ci" }))), {
        region: "eu-west-1",
        profile: "ci",
      });
      assert.deepEqual(clientConfig("eu-west-1", stackCredentials(config({}))), { region: "eu-west-1" });
      // Negative control: an access key without its secret is not a credential.
      assert.deepEqual(clientConfig("eu-west-1", stackCredentials(config({ "aws:accessKey": "AKIDSTACK" }))), { region: "eu-west-1" });
    });
  });

  it("the registered __provider text runs on its own, as the dynamic provider host loads it, and signs with the stack's configured keys", async () => {
    const run = await runWithMocks(
      "prod",
      { "aws:region": "us-east-1" },
      [],
      () =>
        new FargateService("api", {
          platform: { ...bareRef("prod"), cluster: { arn: inputs.cluster, name: "prod-cluster" } },
          image: { kind: "prebuilt", uri: `999999999999.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${"c".repeat(64)}` },
        }),
    );
    const text = String(one(run, VERIFICATION_TYPE, "api-verify").inputs["__provider"]);
    // How @pulumi/pulumi's dynamic provider host loads it (cmd/dynamic-provider: requireFromString(text).handler()).
    const requireFromString = createRequire(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"))("require-from-string") as (
      code: string,
    ) => { handler(): VerificationProvider };
    const provider = requireFromString(text).handler();
    await provider.configure!({ config: config({ "aws:accessKey": "AKIDSTACKCONFIG", "aws:secretKey": "stack-secret" }) });
    const saved = process.env.AWS_ENDPOINT_URL_ECS;
    await withRecording("rolled-back", async (ecs) => {
      // The SDK's own endpoint override: the bundled client is the default one, pointed here by environment.
      process.env.AWS_ENDPOINT_URL_ECS = ecs.endpoint;
      try {
        await assert.rejects(provider.create(inputs), (err: Error) => FAILURE_TAG.exec(err.message)?.[1] === "deployment-rolled-back");
      } finally {
        if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ECS;
        else process.env.AWS_ENDPOINT_URL_ECS = saved;
      }
      assert.ok(ecs.requests.length >= 1);
      assert.match(
        ecs.requests[0].authorization ?? "",
        /^AWS4-HMAC-SHA256 Credential=AKIDSTACKCONFIG\/\d{8}\/us-east-1\/ecs\/aws4_request/,
      );
    });
  });
});
