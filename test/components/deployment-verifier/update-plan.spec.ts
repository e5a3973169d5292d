/** The offline update plan models the verifier as the real engine runs it: an update on a watched change, never a replace. */
import * as assert from "node:assert/strict";
import { VERIFICATION_TYPE } from "../../../components/deployment-verifier/type";
import type { RecordedResource } from "../../../preview/capture/recorder";
import { buildUpdatePlan } from "../../../preview/update/plan";
import type { PreviousState } from "../../../preview/update/previous";

const URN = `urn:pulumi:prod::dockyard::${VERIFICATION_TYPE}::api-verify`;
const inputs = {
  __provider: "exports.handler = __f0; /* v1 */",
  cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
  service: "api-svc-1a2b3c4",
  taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/prod-1e0db6-api:6",
  region: "us-east-1",
  timeoutMs: 600000,
  pollMs: 5000,
  serviceSettings: "d".repeat(64),
};

function current(values: Record<string, unknown>): RecordedResource {
  return {
    resource: {
      type: VERIFICATION_TYPE,
      name: "api-verify",
      urn: URN,
      custom: true,
      inputs: values,
      outputs: values,
      dependencies: [],
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
    display: { inputs: values, outputs: values },
  };
}

const previous: PreviousState = {
  file: "previous.json",
  format: "dockyard-preview",
  resources: [
    {
      urn: URN,
      type: VERIFICATION_TYPE,
      custom: true,
      inputs,
      outputs: { ...inputs, deploymentId: "ecs-svc/1" },
      protect: false,
      retainOnDelete: false,
      providerDefaults: [],
    },
  ],
};

const stepOf = (values: Record<string, unknown>) => buildUpdatePlan([current(values)], previous).steps.find((s) => s.urn === URN);

describe("update plan: the deployment verifier", () => {
  it("a new task definition is an update (the check runs again), never a replace, with known rules", () => {
    const step = stepOf({ ...inputs, taskDefinitionArn: inputs.taskDefinitionArn.replace(/:6$/, ":7") });
    assert.equal(step?.op, "update");
    assert.equal(step?.rulesKnown, true);
  });

  it("only the serialised provider changed (a new dockyard version): same, as the dynamic provider host decides", () => {
    assert.equal(stepOf({ ...inputs, __provider: "exports.handler = __f0; /* v2 */" })?.op, "same");
  });

  it("negative control: a changed service-settings digest is an update", () => {
    assert.equal(stepOf({ ...inputs, serviceSettings: "e".repeat(64) })?.op, "update");
  });
});
