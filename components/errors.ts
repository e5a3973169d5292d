import * as pulumi from "@pulumi/pulumi";

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
