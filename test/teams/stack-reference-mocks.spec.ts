import * as assert from "node:assert/strict";
import { MockAws, STACK_REFERENCE } from "../../preview/mock-aws";
import { MocksFileError, parseUserMocks } from "../../preview/mock/user-mocks";

const refuses = (text: string, message: string): void => {
  assert.throws(
    () => parseUserMocks(text, "mocks.yaml"),
    (err: unknown) => err instanceof MocksFileError && err.message === message,
  );
};

describe("mocks file: stackReferences (outputs of other stacks, for pulumi.StackReference)", () => {
  const text =
    "stackReferences:\n  - name: organization/dockyard-platform/prod\n    outputs: { vpcId: vpc-0a1b2c3d, token: abc }\n    secretOutputNames: [token]\n";

  it("answers a listed stack with its outputs and secret names", () => {
    const mock = new MockAws({ region: "us-east-1", mocks: parseUserMocks(text, "mocks.yaml") });
    const answer = mock.newResource({
      type: STACK_REFERENCE,
      name: "organization/dockyard-platform/prod",
      inputs: { name: "organization/dockyard-platform/prod" },
      custom: true,
      id: "organization/dockyard-platform/prod",
    });
    assert.deepEqual(answer, {
      id: "organization/dockyard-platform/prod",
      state: {
        name: "organization/dockyard-platform/prod",
        outputs: { vpcId: "vpc-0a1b2c3d", token: "abc" },
        secretOutputNames: ["token"],
      },
    });
    assert.deepEqual(mock.unanswered, []);
  });

  it("refuses and records a stack it does not list, instead of answering no outputs", () => {
    const mock = new MockAws({ region: "us-east-1", mocks: parseUserMocks(text, "mocks.yaml") });
    assert.throws(
      () =>
        mock.newResource({
          type: STACK_REFERENCE,
          name: "org/other/prod",
          inputs: { name: "org/other/prod" },
          custom: true,
          id: "org/other/prod",
        }),
      { message: 'the program reads the outputs of stack "org/other/prod" (pulumi.StackReference), which the offline preview cannot see' },
    );
    assert.deepEqual(
      mock.unanswered.map((u) => [u.token, u.inputs]),
      [[STACK_REFERENCE, { name: "org/other/prod" }]],
    );
    // Without any mocks file the same.
    assert.throws(
      () =>
        new MockAws({ region: "us-east-1" }).newResource({
          type: STACK_REFERENCE,
          name: "x",
          inputs: { name: "x" },
          custom: true,
          id: "x",
        }),
      { name: "UnmockedInvokeError" },
    );
  });

  it("refuses a malformed section naming the field, the value and the fix", () => {
    refuses(
      "stackReferences:\n  - { name: 'a b', outputs: {} }\n",
      'mocks.yaml: stackReferences[0].name is "a b"; allowed: a string matching ^([A-Za-z0-9_.-]+\\/){0,2}[A-Za-z0-9_.-]+$. Fix: e.g. name: organization/dockyard-platform/prod',
    );
    refuses(
      "stackReferences:\n  - { name: a/b/c }\n",
      "mocks.yaml: stackReferences[0].outputs is undefined; allowed: a map. Fix: e.g. outputs: { platformRef: {…}, teams: {…} }",
    );
    refuses(
      "stackReferences:\n  - { name: a/b/c, outputs: {} }\n  - { name: a/b/c, outputs: {} }\n",
      'mocks.yaml: stackReferences[1].name is "a/b/c"; allowed: a stack not already listed (stackReferences[0].name has it). Fix: list each referenced stack once',
    );
    refuses(
      "stackReferences:\n  - { name: a/b/c, outputs: { x: 1 }, secretOutputNames: [y] }\n",
      'mocks.yaml: stackReferences[0].secretOutputNames is "y"; allowed: names of outputs listed under stackReferences[0].outputs. Fix: add y to stackReferences[0].outputs or remove it here',
    );
  });
});
