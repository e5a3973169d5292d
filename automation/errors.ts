/**
 * Typed failures of a deployment run. Every error a caller of `automation/` can see is one of these, so an
 * embedding tool can branch on `instanceof` (or on `code`, which survives JSON) instead of parsing CLI text.
 * The one exception is the program's own user error (`pulumi.RunError`: ConfigError, ComponentArgsError),
 * which passes through unchanged (contract 2) when it is known in-process: inline runs, or before the run.
 */
import * as pulumi from "@pulumi/pulumi";
import * as auto from "@pulumi/pulumi/automation";
import { FAILURE_TAG, type DeploymentFailureCode } from "../components/deployment-verifier/message";
import type { DeployPolicyViolation, FailedResource } from "./events";
import type { Operation } from "./options";

/** The SDK version this build pins; named in upgrade advice. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON metadata, not code: keeps the message in step with the pinned SDK
const SDK_VERSION: string = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** Stable machine-readable failure kinds (also the `error.code` of `--json` output). */
export type DeployErrorCode =
  | "cli-missing"
  | "cli-version"
  | "concurrent-update"
  | "stack-not-found"
  | "policy-violation"
  | "update-failed"
  | "cancelled"
  | "protected-stack"
  | "confirmation-required"
  | "declined"
  | "invalid-input"
  // The update ran, but an ECS deployment did not ship (FargateService's verifier; README "Rollbacks fail the deploy").
  | DeploymentFailureCode;

/** Base class of every failure raised by `automation/`. */
export class DeployError extends Error {
  constructor(
    /** Machine-readable kind. */
    public readonly code: DeployErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The `pulumi` CLI is not on PATH (or could not be started). */
export class PulumiCliMissingError extends DeployError {
  constructor(detail: string) {
    super(
      "cli-missing",
      `The Pulumi CLI was not found (${detail}). Install it with \`curl -fsSL https://get.pulumi.com | sh\` ` +
        "(or `brew install pulumi/tap/pulumi`), make sure `pulumi` is on PATH, then run `pulumi login`. " +
        "To preview without the CLI or an AWS account, run the offline preview: `npm start` " +
        "(or `npm run preview -- --stack <name>`).",
    );
  }
}

/** The `pulumi` CLI on PATH is too old for this SDK or for the requested mode. */
export class PulumiCliVersionError extends DeployError {
  constructor(detail: string) {
    super(
      "cli-version",
      `The Pulumi CLI is too old: ${detail} Upgrade it with \`curl -fsSL https://get.pulumi.com | sh\` ` +
        `(or \`brew upgrade pulumi\`); dockyard is built with @pulumi/pulumi ${SDK_VERSION}.`,
    );
  }
}

/** Another update holds the stack's lock. */
export class ConcurrentUpdateError extends DeployError {
  constructor(public readonly stack: string) {
    super(
      "concurrent-update",
      `Stack "${stack}" is locked: another update is in progress. Wait for it to finish, or if it crashed, ` +
        `release the lock with \`pulumi cancel --stack ${stack}\`.`,
    );
  }
}

/** The stack does not exist in the current backend (refresh/destroy never create stacks). */
export class StackNotFoundError extends DeployError {
  constructor(public readonly stack: string) {
    super(
      "stack-not-found",
      `Stack "${stack}" was not found in the current Pulumi backend. Check \`pulumi whoami\` / ` +
        `PULUMI_BACKEND_URL, or create it by running \`preview\` or \`up\` for "${stack}" first.`,
    );
  }
}

/** The policy pack reported at least one mandatory violation, so the engine refused the change. */
export class PolicyViolationError extends DeployError {
  constructor(
    public readonly stack: string,
    /** Every violation reported (mandatory and advisory), in engine order. */
    public readonly violations: readonly DeployPolicyViolation[],
  ) {
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
    const lines = mandatory.map((v) => `  - ${v.policy} (${v.resource}): ${v.message}`);
    super(
      "policy-violation",
      `Stack "${stack}": ${mandatory.length} mandatory policy violation(s) blocked the change:\n${lines.join("\n")}\n` +
        "Fix the resources named above, or change the enforcement level in policy/config/" +
        `${stack}.json.`,
    );
  }
}

/** The operation ran and failed; `failedResources` lists what the engine reported as failed. */
export class UpdateFailedError extends DeployError {
  constructor(
    public readonly operation: Operation,
    public readonly stack: string,
    public readonly failedResources: readonly FailedResource[],
    /** Engine error diagnostics not tied to one resource (e.g. a program error). */
    public readonly errors: readonly string[],
    /** @default "update-failed" - a subclass names a more specific kind */
    code: DeployErrorCode = "update-failed",
  ) {
    const parts = [`${operation} of stack "${stack}" failed.`];
    for (const r of failedResources) parts.push(`  - ${r.type} "${r.name}" (${r.op}): ${r.message}`);
    for (const e of errors) parts.push(`  - ${e}`);
    super(code, parts.join("\n"));
  }
}

/** One ECS deployment the verifier reported as not shipped. */
export interface UnshippedDeployment {
  code: DeploymentFailureCode;
  /** URN of the DeploymentVerification resource (its parent is the FargateService). */
  urn: string;
  /** The verifier's message: ECS's rollout state reason and service events. */
  message: string;
}

/** Precedence when several services failed differently: a rollback first (the old version serves), then a failure, then a timeout. */
const DEPLOYMENT_PRECEDENCE: readonly DeploymentFailureCode[] = ["deployment-rolled-back", "deployment-failed", "deployment-timed-out"];

/**
 * The update ran, and ECS did not complete a service's deployment: it failed, was rolled back by the circuit
 * breaker (the old task definition serves) or did not finish in time. Still an `UpdateFailedError` (the
 * failed resources and errors are there too); `code` is the kind, `deployments` each service's details.
 */
export class DeploymentNotShippedError extends UpdateFailedError {
  constructor(
    operation: Operation,
    stack: string,
    failedResources: readonly FailedResource[],
    errors: readonly string[],
    public readonly deployments: readonly UnshippedDeployment[],
  ) {
    const code = DEPLOYMENT_PRECEDENCE.find((c) => deployments.some((d) => d.code === c)) ?? "deployment-failed";
    super(operation, stack, failedResources, errors, code);
  }
}

/** The verifier's failures among the failed resources (a dynamic resource whose message carries the tag). */
export function unshippedDeployments(failed: readonly FailedResource[]): UnshippedDeployment[] {
  return failed.flatMap((r) => {
    const code = r.type.startsWith("pulumi-nodejs:dynamic")
      ? (FAILURE_TAG.exec(r.message)?.[1] as DeploymentFailureCode | undefined)
      : undefined;
    return code ? [{ code, urn: r.urn, message: r.message }] : [];
  });
}

/** Ctrl-C / an aborted signal stopped the operation; the stack lock has been released. */
export class UpdateCancelledError extends DeployError {
  constructor(
    public readonly operation: Operation,
    public readonly stack: string,
  ) {
    super("cancelled", `${operation} of stack "${stack}" was cancelled; the stack lock was released.`);
  }
}

/** `destroy` was asked for on a stack whose config sets `dockyard:protect: true`. */
export class ProtectedStackError extends DeployError {
  constructor(stack: string, file: string) {
    super(
      "protected-stack",
      `Refusing to destroy stack "${stack}": ${file} sets \`dockyard:protect: true\`. ` +
        "Pass --force to destroy it anyway, or set `dockyard:protect: false` first.",
    );
  }
}

/** A change needs confirmation but there is no terminal to ask on. */
export class ConfirmationRequiredError extends DeployError {
  constructor(operation: Operation, stack: string) {
    super(
      "confirmation-required",
      `Refusing to ${operation} stack "${stack}" without confirmation: stdin is not a terminal. ` +
        "Pass --yes to confirm non-interactively.",
    );
  }
}

/** The person answered no at the confirmation prompt; nothing was changed (exit 1, so scripts notice). */
export class ConfirmationDeclinedError extends DeployError {
  constructor(operation: Operation, stack: string) {
    super("declined", `${operation} of stack "${stack}" was declined; nothing was changed.`);
  }
}

/** Bad arguments to the library or CLI. */
export class InvalidInputError extends DeployError {
  constructor(message: string) {
    super("invalid-input", message);
  }
}

/** What the engine told us while the command ran; used to name the cause of a failed command. */
export interface FailureContext {
  operation: Operation;
  stack: string;
  /** The operation was cancelled through its AbortSignal. */
  cancelled: boolean;
  violations: readonly DeployPolicyViolation[];
  failedResources: readonly FailedResource[];
  errors: readonly string[];
  /** Applied to CLI text quoted in messages. @default - no redaction */
  redact?: (text: string) => string;
}

/**
 * Maps anything the Automation API throws to one typed `DeployError`. `CommandError`'s result is private, so
 * the CLI's stderr is read from the message the SDK formats (`code: … stdout: … stderr: … err?: …`).
 */
export function toDeployError(err: unknown, ctx: FailureContext): Error {
  if (err instanceof DeployError) return err;
  // The program's own user errors (ConfigError, ComponentArgsError) pass through unchanged (contract 2).
  if (pulumi.RunError.isInstance(err)) return err;
  // Locked by another update: ours never started, even if it was cancelled meanwhile.
  if (err instanceof auto.ConcurrentUpdateError) return new ConcurrentUpdateError(ctx.stack);
  if (ctx.cancelled) return new UpdateCancelledError(ctx.operation, ctx.stack);
  if (err instanceof auto.StackNotFoundError) return new StackNotFoundError(ctx.stack);
  const message = err instanceof Error ? err.message : String(err);
  const missing = cliMissingDetail(message);
  if (missing) return new PulumiCliMissingError(missing);
  const version = cliVersionDetail(message);
  if (version) return new PulumiCliVersionError(version);
  if (ctx.violations.some((v) => v.enforcementLevel === "mandatory")) {
    return new PolicyViolationError(ctx.stack, ctx.violations);
  }
  const redact = ctx.redact ?? ((t: string) => t);
  const errors = ctx.errors.length > 0 || ctx.failedResources.length > 0 ? ctx.errors : stderrErrors(message).map(redact);
  const unshipped = unshippedDeployments(ctx.failedResources);
  if (unshipped.length > 0) return new DeploymentNotShippedError(ctx.operation, ctx.stack, ctx.failedResources, errors, unshipped);
  return new UpdateFailedError(ctx.operation, ctx.stack, ctx.failedResources, errors);
}

/** `spawn pulumi ENOENT` (not on PATH) or EACCES (not executable), as execa reports it. */
export function cliMissingDetail(message: string): string | undefined {
  const m = /spawn (\S*pulumi) (ENOENT|EACCES)/.exec(message);
  if (!m) return undefined;
  return m[2] === "ENOENT" ? `\`${m[1]}\` is not on PATH` : `\`${m[1]}\` is not executable`;
}

/** The SDK's own version-check messages (minimum CLI version; inline refresh/destroy needs >= 3.181.0). */
export function cliVersionDetail(message: string): string | undefined {
  const m =
    /(Minimum version requirement failed\.[^\n]*|Major version mismatch\.[^\n]*|\w+ with inline programs requires Pulumi version >= [\d.]+)/.exec(
      message,
    );
  if (!m) return undefined;
  return /[.]$/.test(m[1]) ? m[1] : `${m[1]}.`;
}

/** The `error:` lines of the CLI's stderr inside a CommandError message (the CLI's own summary of a failure). */
export function stderrErrors(message: string): string[] {
  const stderr = /\n stderr: ([\s\S]*?)\n err\?: /.exec(message)?.[1] ?? message;
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("error:"));
  return lines.length > 0 ? lines : [stderr.trim() || "the Pulumi CLI exited with an error and no message"];
}
