/**
 * Validation results as data: each validator of the component layer returns `Problem`s, and two renderers turn
 * one into text — `ComponentArgsError` for code (`FargateService "api": \`cpu\` got 300; …`) and the stack config
 * loader for YAML (`Pulumi.dev.yaml: \`dockyard:services.api.cpu\` got 300; …`). Only the field path differs.
 */
import { describeValue } from "./describe-value";

/** One thing wrong with a component's args. */
export interface Problem {
  /** Path of the arg at fault, from the component's args: `["routes", "hostHeaders", "0"]`. */
  readonly field: readonly string[];
  /** The value received (already masked when it may be a secret). */
  readonly value: unknown;
  /** What is allowed there. */
  readonly allowed: string;
  /**
   * A possible fix. It names fields as `{{a.b}}` (full path), `{{.a.b}}` (path relative to the component) or
   * `{{svc:a.b}}` (a field of another service of the same set); each renderer labels them in its own words.
   */
  readonly fix: string;
  /** The service whose args hold `field`, for problems found across a set. @default - the component validated */
  readonly service?: string;
}

/**
 * How a renderer names a field: `service` is the service the field belongs to (`undefined` for a Platform),
 * `relative` asks for the path within that service's args only.
 */
export type FieldLabel = (field: readonly string[], service: string | undefined, relative: boolean) => string;

const REFERENCE = /\{\{(\.)?(?:([a-z][a-z0-9-]*):)?([^{}]+)\}\}/g;

/** `field: got value; allowed: …. Fix: …` with every field path labelled by `label` (`self` owns the args). */
export function describeProblem(problem: Problem, label: FieldLabel, self: string | undefined): string {
  const owner = problem.service ?? self;
  const fix = problem.fix.replace(
    REFERENCE,
    (_m, dot: string | undefined, service: string | undefined, path: string) =>
      `\`${label(path.split("."), service ?? owner, dot === ".")}\``,
  );
  return `\`${label(problem.field, owner, false)}\` ${describeValue(problem.value)}; allowed: ${problem.allowed}. Fix: ${fix}`;
}

/**
 * Field labels for code: arg paths as written in TypeScript (`routes.hostHeaders.0`; another service's
 * `web.routes.priority`; the component's own name, no field, as `name`).
 */
export function argLabel(self: string | undefined): FieldLabel {
  return (field, service, relative) => {
    const path = field.length === 0 ? "name" : field.join(".");
    return relative || service === self || service === undefined ? path : `${service}.${path}`;
  };
}
