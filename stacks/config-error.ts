import * as pulumi from "@pulumi/pulumi";
import { describeValue } from "../components/index";

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
