/**
 * The verifier over HTTP against recorded ECS answers (a real server on 127.0.0.1, the real ECS client and
 * its JSON 1.1 protocol), in all four outcomes plus the service gone and access denied. The recordings are
 * validated against AWS's DescribeServices output shape first.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { ECSClient } from "@aws-sdk/client-ecs";
import { failureMessage } from "../../../components/deployment-verifier/message";
import type { DeploymentOutcome } from "../../../components/deployment-verifier/outcome";
import { verifyDeployment } from "../../../components/deployment-verifier/verify";
import { loadRecording, RECORDINGS_DIR, recordingProblems, startRecordedEcs, type RecordedEcs, type Recording } from "./recorded-ecs";

const CLUSTER = "arn:aws:ecs:us-east-1:123456789012:cluster/prod-cluster";
const SERVICE = "api-svc-1a2b3c4";
const OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:6";
const NEW = "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:7";
const NEW_ID = "ecs-svc/2222222222222222222";
const FAST = { pollMs: 5, timeoutMs: 5000 };

/** Serves one recording for the test's duration. */
function serving(name: string): { ecs: () => RecordedEcs; client: () => ECSClient } {
  let ecs: RecordedEcs;
  let client: ECSClient;
  beforeEach(async () => {
    ecs = await startRecordedEcs(loadRecording(name));
    client = ecs.client();
  });
  afterEach(async () => {
    client.destroy();
    await ecs.close();
  });
  return { ecs: () => ecs, client: () => client };
}

const verify = (client: ECSClient, taskDefinitionArn = NEW, timing = FAST): Promise<DeploymentOutcome> =>
  verifyDeployment(client, { cluster: CLUSTER, service: SERVICE, taskDefinitionArn, ...timing });

describe("deployment verifier over a recorded-response ECS endpoint", () => {
  describe("recordings match AWS's DescribeServices output shape", () => {
    for (const file of fs.readdirSync(RECORDINGS_DIR).filter((f) => f.endsWith(".json"))) {
      it(`${file} has no model problem`, () => {
        assert.deepEqual(recordingProblems(JSON.parse(fs.readFileSync(`${RECORDINGS_DIR}/${file}`, "utf8")) as Recording), []);
      });
    }

    it("negative control: a drifted recording (invented rollout state, misspelled member) is refused", () => {
      const drifted = structuredClone(loadRecording("rolled-back"));
      const body = (drifted.answers[1] as { body: { services: { deployments: Record<string, unknown>[] }[] } }).body;
      body.services[0].deployments[1].rolloutState = "ROLLED_BACK";
      body.services[0].deployments[1].taskDefinitionArn = NEW;
      assert.deepEqual(recordingProblems(drifted), [
        "answers[1]: Value 'ROLLED_BACK' at 'services[0].deployments[1].rolloutState' failed to satisfy constraint: Member must satisfy enum value set: [COMPLETED, FAILED, IN_PROGRESS]",
        "answers[1]: Unknown member 'taskDefinitionArn' in Deployment (did you mean 'taskDefinition'?); allowed: " +
          "id, status, taskDefinition, desiredCount, pendingCount, runningCount, failedTasks, createdAt, updatedAt, capacityProviderStrategy, launchType, platformVersion, platformFamily, networkConfiguration, rolloutState, rolloutStateReason, serviceConnectConfiguration, serviceConnectResources, volumeConfigurations, fargateEphemeralStorage, vpcLatticeConfigurations",
      ]);
    });
  });

  describe("success", () => {
    const s = serving("completed");

    it("polls until the deployment of the new revision is COMPLETED", async () => {
      const outcome = await verify(s.client());
      assert.equal(outcome.kind, "completed");
      assert.equal(outcome.deploymentId, NEW_ID);
      assert.equal(outcome.reason, `ECS deployment ${NEW_ID} completed.`);
      // Two polls, each the exact DescribeServices request (cluster + the one service).
      assert.deepEqual(
        s.ecs().requests.map(({ operation, body }) => ({ operation, body })),
        [
          { operation: "DescribeServices", body: { cluster: CLUSTER, services: [SERVICE] } },
          { operation: "DescribeServices", body: { cluster: CLUSTER, services: [SERVICE] } },
        ],
      );
    });

    it("negative control: the same answers do not verify another revision (the service runs 7, not 8)", async () => {
      const outcome = await verify(s.client(), "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:8");
      assert.equal(outcome.kind, "rolledBack");
    });
  });

  describe("failure (circuit breaker without rollback)", () => {
    const s = serving("failed");

    it("is failed with ECS's reason and the deployment's events, newest first, repeats folded", async () => {
      const outcome = await verify(s.client());
      assert.equal(outcome.kind, "failed");
      assert.equal(outcome.reason, "ECS deployment circuit breaker: tasks failed to start.");
      const pull = `(service ${SERVICE}) was unable to place a task. Reason: CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/prod-1e0db6/api:7: not found.`;
      assert.deepEqual(outcome.events.slice(0, 5), [
        {
          at: "2026-12-01T10:05:00.000Z",
          count: 1,
          message: `(service ${SERVICE}) deployment ${NEW_ID} deployment failed: tasks failed to start.`,
        },
        {
          at: "2026-12-01T10:04:50.000Z",
          count: 1,
          message: `(service ${SERVICE}) (task 9c9c9c9c9c9c4c9c8c9c9c9c9c9c9c9c) failed container health checks.`,
        },
        {
          at: "2026-12-01T10:03:20.000Z",
          count: 1,
          message: `(service ${SERVICE}) (task 8d8d8d8d8d8d4d8d8d8d8d8d8d8d8d8d) failed container health checks.`,
        },
        {
          at: "2026-12-01T10:01:40.000Z",
          count: 1,
          message: `(service ${SERVICE}) (task 3f1c9a7e2b8d4c6f9e0a1b2c3d4e5f60) failed container health checks.`,
        },
        // Two identical placement failures: one entry, the newest time, count 2.
        { at: "2026-12-01T10:01:35.000Z", count: 2, message: pull },
      ]);
      // Only events since the deployment started: the old deployment's steady state (a day earlier) is left out.
      assert.ok(
        outcome.events.every((e) => e.at >= "2026-12-01T10:00:00.000Z"),
        JSON.stringify(outcome.events),
      );
    });
  });

  describe("rollback", () => {
    const s = serving("rolled-back");

    it("is rolledBack: the primary deployment runs the old revision; the failed deployment's reason is kept", async () => {
      const outcome = await verify(s.client());
      assert.equal(outcome.kind, "rolledBack");
      assert.ok(outcome.kind === "rolledBack");
      assert.equal(outcome.runningTaskDefinitionArn, OLD);
      assert.equal(outcome.deploymentId, NEW_ID);
      assert.equal(outcome.reason, "ECS deployment circuit breaker: tasks failed to start.");
      assert.deepEqual(
        outcome.events.slice(0, 4).map((e) => e.message),
        [
          `(service ${SERVICE}) has reached a steady state.`,
          `(service ${SERVICE}) (deployment ecs-svc/3333333333333333333) deployment completed.`,
          `(service ${SERVICE}) rolling back to deployment ecs-svc/1111111111111111111.`,
          `(service ${SERVICE}) deployment ${NEW_ID} deployment failed: tasks failed to start.`,
        ],
      );
    });

    it("the failure message carries the tag, both revisions, the reason and the events", async () => {
      const outcome = await verify(s.client());
      assert.ok(outcome.kind === "rolledBack");
      const text = failureMessage(outcome);
      const lines = text.split("\n");
      assert.equal(
        lines[0],
        `[deployment-rolled-back] ECS service "${SERVICE}" (cluster "${CLUSTER}") did not ship ${NEW}: ECS rolled the deployment back, the service runs ${OLD}.`,
      );
      assert.equal(lines[1], `  rollout state reason: ECS deployment circuit breaker: tasks failed to start. (deployment ${NEW_ID})`);
      assert.equal(lines[2], "  service events (newest first):");
      assert.equal(lines[3], `    2026-12-01T10:07:00.000Z (service ${SERVICE}) has reached a steady state.`);
      assert.match(lines[lines.length - 1], /^The previous version is still serving\./);
      assert.ok(text.includes(`(×2)`), "the repeated placement failure is folded with its count");
    });
  });

  describe("timeout", () => {
    const s = serving("in-progress");

    it("is timedOut when the deployment stays IN_PROGRESS; it polled more than once and never passed", async () => {
      const outcome = await verify(s.client(), NEW, { pollMs: 20, timeoutMs: 300 });
      assert.equal(outcome.kind, "timedOut");
      assert.ok(outcome.kind === "timedOut");
      assert.equal(outcome.lastRolloutState, "IN_PROGRESS");
      assert.ok(s.ecs().requests.length >= 2, `polls: ${s.ecs().requests.length}`);
      // It used the time it was given: it stops only once another poll interval would pass the timeout.
      assert.ok(outcome.waitedMs + 20 > 300, `waited ${outcome.waitedMs} ms`);
      assert.match(failureMessage(outcome), /^\[deployment-timed-out\] .* was still IN_PROGRESS after 0 s; the verifier stopped waiting\./);
    });

    it("negative control: a poll interval longer than the timeout still polls once, and the one answer decides", async () => {
      const outcome = await verify(s.client(), NEW, { pollMs: 1000, timeoutMs: 10 });
      assert.equal(outcome.kind, "timedOut");
      assert.equal(s.ecs().requests.length, 1);
    });
  });

  describe("service gone", () => {
    const missing = serving("missing");
    it("a MISSING service is failed, with DescribeServices's reason", async () => {
      const outcome = await verify(missing.client());
      assert.equal(outcome.kind, "failed");
      assert.equal(outcome.reason, "DescribeServices found no active service (MISSING)");
    });
  });

  describe("access denied", () => {
    const denied = serving("access-denied");
    it("rejects with AWS's error: a verifier that cannot see is a failure, never a pass", async () => {
      await assert.rejects(
        verify(denied.client()),
        (err: Error) => err.name === "AccessDeniedException" && /not authorized to perform: ecs:DescribeServices/.test(err.message),
      );
    });
  });
});
