import * as pulumi from "@pulumi/pulumi";

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
  constructor(component: string, name: string, problem: string) {
    super(`${component} "${name}": ${problem}`);
    this.name = "ComponentArgsError";
  }
}

/** Renders a received value for an error message (`got "abc"`, `got 3`, `is missing`). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "is missing";
  return `got ${JSON.stringify(value)}`;
}
