/**
 * `(cd policy && npm install)` puts a second copy of `@pulumi/pulumi` in policy/node_modules, and the pack's
 * `PolicyConfigError` then extends that copy's `RunError`. User errors must still be told apart from bugs:
 * the tools identify them structurally (`RunError.isInstance`), never with `instanceof` against one copy.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { errorJson, exitCodeFor } from "../../automation/cli";
import { reportError } from "../../preview/capture/error-report";

/** A `RunError` class from a freshly loaded copy of the SDK's errors module, as a second install would give. */
function secondCopyRunError(): new (message: string) => Error {
  const id = require.resolve("@pulumi/pulumi/errors");
  const cached = require.cache[id];
  delete require.cache[id];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fresh = require("@pulumi/pulumi/errors") as { RunError: new (message: string) => Error };
    return fresh.RunError;
  } finally {
    require.cache[id] = cached;
  }
}

describe("user errors from a second copy of @pulumi/pulumi", () => {
  const SecondRunError = secondCopyRunError();
  const err = new SecondRunError("policy/config/x.json: cannot read the policy pack config file.");

  it("is a different class (the negative control: instanceof cannot see it)", () => {
    assert.ok(!(err instanceof pulumi.RunError));
    assert.ok(pulumi.RunError.isInstance(err));
  });

  it("is still a user error to dockyard-deploy: exit 2, code invalid-input", () => {
    assert.strictEqual(exitCodeFor(err), 2);
    assert.strictEqual(errorJson(err)["code"], "invalid-input");
    assert.strictEqual(exitCodeFor(new Error("bug")), 1);
  });

  it("is printed by dockyard-preview as its message alone, not as a program failure", () => {
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      assert.strictEqual(reportError(err, { debug: false, json: false }), 2);
      assert.strictEqual(reportError(new Error("bug"), { debug: false, json: false }), 2);
    } finally {
      process.stderr.write = original;
    }
    assert.deepStrictEqual(written, [
      "error: policy/config/x.json: cannot read the policy pack config file.\n",
      "error: the program failed: bug\n(run with --debug for the stack trace)\n",
    ]);
  });
});
