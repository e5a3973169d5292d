/**
 * A deployment the verifier reported as not shipped surfaces as a typed DeploymentNotShippedError (code
 * `deployment-rolled-back` | `deployment-failed` | `deployment-timed-out`), exit code 3 and a `deployments`
 * entry in `--json`; the message text is the verifier's own (from a real recorded-endpoint run).
 */
import * as assert from "node:assert/strict";
import { errorJson, exitCodeFor } from "../../automation/cli";
import { DeploymentNotShippedError, toDeployError, UpdateFailedError, type FailureContext } from "../../automation/errors";
import type { FailedResource } from "../../automation/events";
import { EngineEventCollector } from "../../automation/events";
import { verificationProvider } from "../../components/deployment-verifier/provider";
import { VERIFICATION_TYPE } from "../../components/deployment-verifier/type";
import { loadRecording, startRecordedEcs, testClient } from "../components/deployment-verifier/recorded-ecs";

const URN = `urn:pulumi:prod::dockyard::dockyard:ecs:FargateService$${VERIFICATION_TYPE}::api-verify`;
const ctx: FailureContext = { operation: "up", stack: "prod", cancelled: false, violations: [], failedResources: [], errors: [] };
const commandMessage = "code: 255\n stdout: Updating (prod)\n\n stderr: error: update failed\n err?: \n";

/** The message the provider throws for a recording (a real run over HTTP). */
async function verifierMessage(recording: string): Promise<string> {
  const ecs = await startRecordedEcs(loadRecording(recording));
  try {
    const provider = verificationProvider((region) => testClient(ecs.endpoint, region));
    await provider.create({
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-cluster",
      service: "api-svc-1a2b3c4",
      taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:7",
      region: "us-east-1",
      // Only the in-progress recording is meant to time out; the others decide on their second answer.
      timeoutMs: recording === "in-progress" ? 60 : 10000,
      pollMs: 20,
      serviceSettings: "d".repeat(64),
    });
    return assert.fail("the verifier passed");
  } catch (err) {
    return (err as Error).message;
  } finally {
    await ecs.close();
  }
}

/** What the engine reports for the failed step: the failure event plus the provider's error diagnostic. */
function failedThroughEngine(message: string, type = VERIFICATION_TYPE): FailedResource[] {
  const urn = URN.replace(VERIFICATION_TYPE, type);
  const c = new EngineEventCollector();
  c.handle({ sequence: 1, timestamp: 0, resourcePreEvent: { metadata: { op: "update", urn, type, provider: "" } } });
  c.handle({ sequence: 2, timestamp: 0, diagnosticEvent: { urn, message: `${message}\n`, color: "never", severity: "error" } });
  c.handle({ sequence: 3, timestamp: 0, resOpFailedEvent: { metadata: { op: "update", urn, type, provider: "" }, status: 0, steps: 0 } });
  return c.snapshot().failedResources;
}

describe("automation: deployments that did not ship", () => {
  const cases: [string, string][] = [
    ["rolled-back", "deployment-rolled-back"],
    ["failed", "deployment-failed"],
    ["in-progress", "deployment-timed-out"],
  ];
  for (const [recording, code] of cases) {
    it(`${recording}: a DeploymentNotShippedError with code ${code}, exit 3, the verifier's text and --json details`, async () => {
      const message = await verifierMessage(recording);
      const failedResources = failedThroughEngine(message);
      const err = toDeployError(new Error(commandMessage), { ...ctx, failedResources });
      assert.ok(err instanceof DeploymentNotShippedError);
      assert.ok(err instanceof UpdateFailedError, "still an update failure for callers that only know that");
      assert.equal(err.code, code);
      assert.equal(exitCodeFor(err), 3);
      assert.deepEqual(err.deployments, [{ code, urn: URN, message }]);
      assert.ok(err.message.includes(message), "the verifier's events are in the error message");
      const json = errorJson(err);
      assert.equal(json.code, code);
      assert.deepEqual(json.deployments, [{ code, urn: URN, message }]);
    });
  }

  it("a rollback outranks a timeout when several services failed", async () => {
    const rolled = failedThroughEngine(await verifierMessage("rolled-back"));
    const slow = failedThroughEngine(await verifierMessage("in-progress")).map((r) => ({
      ...r,
      urn: r.urn.replace("api-verify", "web-verify"),
      name: "web-verify",
    }));
    const err = toDeployError(new Error(commandMessage), { ...ctx, failedResources: [...slow, ...rolled] });
    assert.ok(err instanceof DeploymentNotShippedError);
    assert.equal(err.code, "deployment-rolled-back");
    assert.deepEqual(
      err.deployments.map((d) => d.code),
      ["deployment-timed-out", "deployment-rolled-back"],
    );
  });

  describe("negative controls: stays a plain update-failed (exit 1)", () => {
    it("another resource's failure", () => {
      const err = toDeployError(new Error(commandMessage), {
        ...ctx,
        failedResources: failedThroughEngine("creating ECS Service: InvalidParameterException", "aws:ecs/service:Service"),
      });
      assert.equal((err as UpdateFailedError).code, "update-failed");
      assert.equal(exitCodeFor(err), 1);
    });

    it("the tag in a non-dynamic resource's message (only the verifier speaks for deployments)", () => {
      const err = toDeployError(new Error(commandMessage), {
        ...ctx,
        failedResources: failedThroughEngine("[deployment-rolled-back] echoed by something else", "aws:lambda/invocation:Invocation"),
      });
      assert.ok(!(err instanceof DeploymentNotShippedError));
      assert.equal(exitCodeFor(err), 1);
    });

    it("a dynamic resource failing without the tag", () => {
      const err = toDeployError(new Error(commandMessage), {
        ...ctx,
        failedResources: failedThroughEngine("AccessDeniedException: not authorized to perform: ecs:DescribeServices"),
      });
      assert.equal((err as UpdateFailedError).code, "update-failed");
    });
  });
});
