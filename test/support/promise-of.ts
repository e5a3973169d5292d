import * as pulumi from "@pulumi/pulumi";

/** Resolves with an Output's value (under mocks every value is known). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}
