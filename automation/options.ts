/**
 * Pure translation from dockyard's options to the Automation API's option objects. Kept apart from the
 * code that runs the CLI so every flag that reaches `pulumi` is unit-tested.
 */
import * as fs from "fs";
import * as path from "path";
import type { ConfigMap, DestroyOptions, EngineEvent, PreviewOptions, RefreshOptions, UpOptions } from "@pulumi/pulumi/automation";
import { InvalidInputError } from "./errors";

/** The four operations. */
export type Operation = "preview" | "up" | "refresh" | "destroy";
export const OPERATIONS: readonly Operation[] = ["preview", "up", "refresh", "destroy"];

/** The project's config namespace (`name:` in Pulumi.yaml); keys given without a namespace get it. */
export const PROJECT_NAMESPACE = "dockyard";
/** Identifies our runs in the Pulumi Cloud update history (`--exec-agent`). */
export const USER_AGENT = "dockyard-automation";
/** Repository root: the directory holding Pulumi.yaml, index.ts and policy/. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/** A config override: a plain string, or `{ value, secret }` to store it encrypted. */
export type ConfigOverride = string | { value: string; secret: boolean };

/** The options shared by every operation, already resolved. */
export interface OperationContext {
  /** `--policy-pack` directories. */
  policyPacks: string[];
  /** `--policy-pack-config` files, one per pack, same order. */
  policyPackConfigs: string[];
  onOutput?: (text: string) => void;
  onEvent?: (event: EngineEvent) => void;
  signal?: AbortSignal;
  /** Update message recorded in the stack history. */
  message?: string;
}

/**
 * Stack names the CLI accepts: letters, digits, `-`, `_`, `.`, optionally `org/project/` qualified. A
 * segment may not start with `-` or `.` (it would read as a flag or a path).
 */
const STACK_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Rejects a stack name the CLI would reject, before any process is started. */
export function validateStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) {
    throw new InvalidInputError(
      `Invalid stack name ${JSON.stringify(stack)}: use letters, digits, "-", "_" and "." ` +
        '(optionally qualified as "org/project/stack"), e.g. "dev" or "prod".',
    );
  }
}

/**
 * The policy gate for a stack: the pack at `<repo>/policy`, plus `<repo>/policy/config/<stack>.json` when
 * that file exists (otherwise the pack's own defaults apply).
 */
export function policyPackArgs(
  repoRoot: string,
  stack: string,
  exists: (file: string) => boolean = fs.existsSync,
): Pick<OperationContext, "policyPacks" | "policyPackConfigs"> {
  const pack = path.join(repoRoot, "policy");
  const config = path.join(pack, "config", `${path.basename(stack)}.json`);
  return { policyPacks: [pack], policyPackConfigs: exists(config) ? [config] : [] };
}

/** Config overrides as a `ConfigMap`: keys namespaced (`replicas` → `dockyard:replicas`), sorted. */
export function toConfigMap(overrides: Readonly<Record<string, ConfigOverride>>): ConfigMap {
  const entries = Object.entries(overrides).map(([key, o]) => {
    if (key.trim() === "" || key.startsWith(":") || key.endsWith(":")) {
      throw new InvalidInputError(
        `Invalid config key ${JSON.stringify(key)}: use "<key>" (namespace ${PROJECT_NAMESPACE}) or ` +
          '"<namespace>:<key>", e.g. "desiredCount" or "aws:region".',
      );
    }
    const fullKey = key.includes(":") ? key : `${PROJECT_NAMESPACE}:${key}`;
    return [fullKey, typeof o === "string" ? { value: o, secret: false } : { value: o.value, secret: o.secret }] as const;
  });
  const map: ConfigMap = {};
  for (const [key, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) map[key] = value;
  return map;
}

/** `--color never`: we render progress ourselves, and plain text is what gets redacted and logged. */
function common(ctx: OperationContext) {
  return {
    color: "never" as const,
    userAgent: USER_AGENT,
    ...(ctx.message !== undefined ? { message: ctx.message } : {}),
    ...(ctx.onOutput ? { onOutput: ctx.onOutput } : {}),
    ...(ctx.onEvent ? { onEvent: ctx.onEvent } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}

/** `pulumi preview` with the policy gate. */
export function buildPreviewOptions(ctx: OperationContext): PreviewOptions {
  return { ...common(ctx), policyPacks: ctx.policyPacks, policyPackConfigs: ctx.policyPackConfigs };
}

/**
 * `pulumi up --yes --skip-preview` with the policy gate (the API always skips the CLI's own preview).
 * `showSecrets: false` keeps the post-update history read (`stack history`) from decrypting secrets.
 */
export function buildUpOptions(ctx: OperationContext): UpOptions {
  return { ...common(ctx), showSecrets: false, policyPacks: ctx.policyPacks, policyPackConfigs: ctx.policyPackConfigs };
}

/** `pulumi refresh --yes --skip-preview`; the CLI runs no policies on refresh. */
export function buildRefreshOptions(ctx: OperationContext): RefreshOptions {
  return { ...common(ctx), showSecrets: false };
}

/** `pulumi destroy --yes --skip-preview`; the CLI runs no policies on destroy. */
export function buildDestroyOptions(ctx: OperationContext): DestroyOptions {
  return { ...common(ctx), showSecrets: false };
}

/** `pulumi destroy --preview-only`: the plan shown before a destroy is confirmed. */
export function buildPlanDestroyOptions(ctx: OperationContext): DestroyOptions {
  return common(ctx);
}
