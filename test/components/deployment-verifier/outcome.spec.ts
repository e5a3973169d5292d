/** One DescribeServices answer read in isolation: the edge cases the recordings do not show. */
import * as assert from "node:assert/strict";
import type { Deployment, Service } from "@aws-sdk/client-ecs";
import { readService, recentEvents } from "../../../components/deployment-verifier/outcome";

const target = { cluster: "c", service: "s", taskDefinitionArn: "arn:td:7" };
const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s));
const dep = (d: Partial<Deployment>): Deployment => ({ status: "PRIMARY", taskDefinition: "arn:td:7", createdAt: at(0), ...d });
const svc = (s: Partial<Service>): Service => ({ status: "ACTIVE", deployments: [], events: [], ...s });

describe("deployment verifier: reading one answer", () => {
  it("no deployment at all (e.g. an external controller) is still in progress: it can only time out, never pass", () => {
    assert.deepEqual(readService(target, svc({})), { ...target, kind: "inProgress", rolloutState: "none", events: [] });
  });

  it("an INACTIVE or DRAINING service is failed", () => {
    assert.equal(readService(target, svc({ status: "DRAINING" })).kind, "failed");
    assert.equal(readService(target, svc({ status: "INACTIVE" })).reason, "DescribeServices found no active service (status INACTIVE)");
  });

  it("a COMPLETED deployment of the revision that is not primary does not count (another revision is primary)", () => {
    const r = readService(
      target,
      svc({ deployments: [dep({ taskDefinition: "arn:td:8" }), dep({ status: "ACTIVE", rolloutState: "COMPLETED" })] }),
    );
    assert.equal(r.kind, "rolledBack");
  });

  it("negative control: the same deployment as primary is completed", () => {
    assert.equal(readService(target, svc({ deployments: [dep({ rolloutState: "COMPLETED" })] })).kind, "completed");
  });

  it("recent events: since the deployment, newest first, one per message with its count, at most the limit", () => {
    const events = [
      { createdAt: at(30), message: "b" },
      { createdAt: at(20), message: "a" },
      { createdAt: at(10), message: "a" },
      { createdAt: at(-5), message: "before" },
    ];
    assert.deepEqual(recentEvents(events, at(0)), [
      { at: at(30).toISOString(), message: "b", count: 1 },
      { at: at(20).toISOString(), message: "a", count: 2 },
    ]);
    // Negative controls: without a start every event counts; the limit cuts.
    assert.deepEqual(
      recentEvents(events, undefined).map((e) => e.message),
      ["b", "a", "before"],
    );
    assert.deepEqual(
      recentEvents(events, undefined, 1).map((e) => e.message),
      ["b"],
    );
  });
});
