import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as auto from "@pulumi/pulumi/automation";
import { exitCodeFor, errorJson } from "../../automation/cli";
import {
  cliMissingDetail,
  ConcurrentUpdateError,
  ConfirmationDeclinedError,
  ConfirmationRequiredError,
  DeployError,
  InvalidInputError,
  PolicyViolationError,
  ProtectedStackError,
  stderrErrors,
  toDeployError,
  UpdateCancelledError,
  UpdateFailedError,
  type FailureContext,
} from "../../automation/errors";
import type { DeployPolicyViolation } from "../../automation/events";

const ctx: FailureContext = { operation: "up", stack: "dev", cancelled: false, violations: [], failedResources: [], errors: [] };
/** How execa + the SDK format a failed command (CommandResult.toString()). */
const commandMessage = (stderr: string, err = "") => `code: 255\n stdout: Updating (dev)\n\n stderr: ${stderr}\n err?: ${err}\n`;

const violation = (level: string): DeployPolicyViolation => ({
  policyPack: "dockyard-guard",
  policyPackVersion: "0.1.0",
  policy: `p-${level}`,
  enforcementLevel: level,
  urn: "urn:pulumi:dev::dockyard::aws:ecs/service:Service::api-svc",
  resource: 'aws:ecs/service:Service "api-svc"',
  message: `${level} finding`,
});

describe("error mapping", () => {
  it("recognises a missing or non-executable CLI in execa's message", () => {
    assert.strictEqual(cliMissingDetail("Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT"), "`pulumi` is not on PATH");
    assert.strictEqual(cliMissingDetail("spawn /opt/pulumi/bin/pulumi EACCES"), "`/opt/pulumi/bin/pulumi` is not executable");
    assert.strictEqual(cliMissingDetail("error: update failed"), undefined);
  });

  it("extracts the CLI's error lines from a CommandError message", () => {
    assert.deepStrictEqual(stderrErrors(commandMessage("warning: x\nerror: one\n  error: two")), ["error: one", "error: two"]);
    assert.deepStrictEqual(stderrErrors(commandMessage("panic: boom")), ["panic: boom"]);
    assert.deepStrictEqual(stderrErrors(commandMessage("")), ["the Pulumi CLI exited with an error and no message"]);
  });

  it("the program's own RunError (ConfigError etc.) passes through unchanged", () => {
    const err = new pulumi.RunError("Pulumi.dev.yaml: `dockyard:services.api.cpu` is 300; allowed: 256, 512.");
    assert.strictEqual(toDeployError(err, ctx), err);
  });

  it("a cancelled run wins over anything the CLI said", () => {
    const e = toDeployError(new Error(commandMessage("error: update canceled")), {
      ...ctx,
      cancelled: true,
      violations: [violation("mandatory")],
    });
    assert.ok(e instanceof UpdateCancelledError);
  });

  it("…except a lock held by another update: ours never started", () => {
    const e = toDeployError(new auto.ConcurrentUpdateError("error: [409] Conflict"), { ...ctx, cancelled: true });
    assert.ok(e instanceof ConcurrentUpdateError, String(e));
  });

  it("mandatory findings make a PolicyViolationError; advisory ones alone do not", () => {
    const both = toDeployError(new Error(commandMessage("error: preview failed")), {
      ...ctx,
      violations: [violation("advisory"), violation("mandatory")],
    });
    assert.ok(both instanceof PolicyViolationError);
    assert.strictEqual(
      both.message,
      'Stack "dev": 1 mandatory policy violation(s) blocked the change:\n' +
        '  - p-mandatory (aws:ecs/service:Service "api-svc"): mandatory finding\n' +
        "Fix the resources named above, or change the enforcement level in policy/config/dev.json.",
    );
    const advisoryOnly = toDeployError(new Error(commandMessage("error: update failed")), { ...ctx, violations: [violation("advisory")] });
    assert.ok(advisoryOnly instanceof UpdateFailedError);
  });

  it("exit codes: input/refusals 2, cancelled 130, failures (and a declined prompt) 1", () => {
    assert.strictEqual(exitCodeFor(new InvalidInputError("x")), 2);
    assert.strictEqual(exitCodeFor(new ProtectedStackError("prod", "Pulumi.prod.yaml")), 2);
    assert.strictEqual(exitCodeFor(new ConfirmationRequiredError("up", "dev")), 2);
    assert.strictEqual(exitCodeFor(new pulumi.RunError("bad config")), 2);
    assert.strictEqual(exitCodeFor(new UpdateCancelledError("up", "dev")), 130);
    assert.strictEqual(exitCodeFor(new UpdateFailedError("up", "dev", [], ["error: x"])), 1);
    assert.strictEqual(exitCodeFor(new ConfirmationDeclinedError("up", "dev")), 1);
    assert.strictEqual(exitCodeFor(new Error("unexpected")), 1);
  });

  it("--json error bodies carry the code and the structured details", () => {
    const v = [violation("mandatory")];
    assert.deepStrictEqual(errorJson(new PolicyViolationError("dev", v)), {
      code: "policy-violation",
      message: new PolicyViolationError("dev", v).message,
      violations: v,
    });
    assert.deepStrictEqual(errorJson(new UpdateFailedError("destroy", "dev", [], ["error: x"])), {
      code: "update-failed",
      message: 'destroy of stack "dev" failed.\n  - error: x',
      failedResources: [],
      errors: ["error: x"],
    });
    assert.deepStrictEqual(errorJson(new pulumi.RunError("bad config")), { code: "invalid-input", message: "bad config" });
  });

  it("every DeployError names its class", () => {
    const e: DeployError = new ProtectedStackError("prod", "Pulumi.prod.yaml");
    assert.strictEqual(e.name, "ProtectedStackError");
    assert.strictEqual(
      e.message,
      'Refusing to destroy stack "prod": Pulumi.prod.yaml sets `dockyard:protect: true`. ' +
        "Pass --force to destroy it anyway, or set `dockyard:protect: false` first.",
    );
  });
});
