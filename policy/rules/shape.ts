/**
 * Compile-time property names for the rules' reads. `field<aws.ecs.ServiceArgs>(props, "networkConfiguration")`
 * and `path<aws.ecs.ServiceArgs>(props, "networkConfiguration", "subnets")` only accept names the `@pulumi/aws`
 * input (or output) types declare, so a misspelt or renamed property fails `tsc` instead of silently reading
 * `undefined` (which a rule would take as "not set"). Type-only: the pack never loads `@pulumi/aws` at run time.
 */
import type { Unwrap } from "@pulumi/pulumi";

/** The plain object a property holds: outputs and promises unwrapped, `undefined` removed, arrays to their element. */
export type Shape<T> = Element<NonNullable<Unwrap<T>>>;
type Element<T> = T extends readonly (infer E)[] ? NonNullable<E> : T;

/** Property names of `T`'s shape (for objects; `never` for strings, numbers and the like). */
export type Key<T> = Shape<T> extends object ? Extract<keyof Shape<T>, string> : never;

/** Every property path of `T` up to four names deep, as tuples: `["healthCheck"] | ["healthCheck", "path"] | …`. */
export type PropertyPath<T> = PathFrom<Shape<T>, [1, 2, 3, 4]>;
type PathFrom<S, Depth extends unknown[]> = Depth extends [unknown, ...infer Rest]
  ? S extends object
    ? { [K in Extract<keyof S, string>]: [K] | [K, ...PathFrom<Shape<S[K]>, Rest>] }[Extract<keyof S, string>]
    : never
  : never;
