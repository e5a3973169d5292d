import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runWithMocks } from "../support/run-program";

/** The harness every component and program test stands on must itself be able to fail. */
describe("runWithMocks (the test harness)", () => {
  it("rethrows a registration that fails after the body returned", async () => {
    await assert.rejects(
      runWithMocks(
        "dev",
        { "aws:region": "us-east-1" },
        [],
        () => new aws.ecs.Cluster("c", { name: pulumi.output(Promise.reject(new Error("boom: name unavailable"))) }),
      ),
      { message: 'error serializing property "name": boom: name unavailable' },
    );
  });

  it("rethrows what the body throws, registering nothing", async () => {
    await assert.rejects(
      runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
        throw new pulumi.RunError("bad config");
      }),
      { message: "bad config" },
    );
  });

  it("records the region the config names (MockAws answers in it)", async () => {
    const run = await runWithMocks("dev", { "aws:region": "eu-west-1" }, [], () => new aws.ecs.Cluster("c", {}));
    assert.deepEqual(
      run.resources.map((r) => [r.type, r.name, r.urn]),
      [["aws:ecs/cluster:Cluster", "c", "urn:pulumi:dev::dockyard::aws:ecs/cluster:Cluster::c"]],
    );
    assert.match(String(run.resources[0].outputs["arn"]), /^arn:aws:ecs:eu-west-1:123456789012:cluster\//);
  });
});
