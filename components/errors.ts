import * as pulumi from "@pulumi/pulumi";
import { describeValue } from "./describe-value";
import { argLabel, describeProblem, type Problem } from "./problems";

/**
 * A mistake in a stack's configuration (`Pulumi.<stack>.yaml`). Extends `pulumi.RunError` so `pulumi up` prints
 * the message alone, without a stack trace. The message names the file, the field path, the value received,
 * what is allowed and how to fix it.
 */
export class ConfigError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }

  /** Builds the standard message: `Pulumi.dev.yaml: dockyard:services.api.cpu: got 300; allowed: ...; fix: ...`. */
  static field(stackFile: string, fieldPath: string, value: unknown, allowed: string, fix: string): ConfigError {
    return new ConfigError(`${stackFile}: \`${fieldPath}\` ${describeValue(value)}; allowed: ${allowed}. Fix: ${fix}`);
  }
}

/**
 * Invalid arguments passed to a dockyard component (`FargateService "api": ...`). Also a `pulumi.RunError`.
 */
export class ComponentArgsError extends pulumi.RunError {
  /** The problems found, first one in the message. @default - [] (a problem given as text) */
  readonly problems: readonly Problem[];

  constructor(component: string, name: string, problem: string, problems: readonly Problem[] = []) {
    super(`${component} "${name}": ${problem}`);
    this.name = "ComponentArgsError";
    this.problems = problems;
  }

  /**
   * The error for the first of `problems` (`FargateService "api": \`cpu\` got 300; allowed: …. Fix: …`); a
   * problem of another service of a set is reported under that service's name.
   */
  static of(component: string, name: string, problems: readonly Problem[]): ComponentArgsError {
    const [first] = problems;
    const owner = first.service ?? name;
    return new ComponentArgsError(component, owner, describeProblem(first, argLabel(owner), owner), problems);
  }
}

/** Throws the first of `problems` as a `ComponentArgsError`; returns when there are none. */
export function throwProblems(component: string, name: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw ComponentArgsError.of(component, name, problems);
}
