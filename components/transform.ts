import type * as pulumi from "@pulumi/pulumi";

/**
 * Changes one child resource before it is created (SST's shape): either a partial object merged over the
 * component's args, or a function that edits the args and the resource options in place — or returns new args.
 * The function also receives the child's logical name. Changing `parent` or the name changes the child's URN.
 *
 * @example
 * ```ts
 * transform: {
 *   logGroup: { kmsKeyId: key.arn },
 *   service: (args, opts) => { args.platformVersion = "1.4.0"; opts.ignoreChanges = ["taskDefinition"]; },
 * }
 * ```
 */
export type Transform<T, O extends pulumi.ResourceOptions = pulumi.CustomResourceOptions> =
  | Partial<T>
  | ((args: T, opts: O, name: string) => T | void);

/**
 * Applies `t` to a child's `[name, args, opts]`, returning the triple to spread into its constructor:
 * `new aws.ecs.Cluster(...transform(t.cluster, name, args, { parent: this }))`. Every child of every dockyard
 * component goes through here, so every transform behaves the same way.
 */
export function transform<T extends object, O extends pulumi.ResourceOptions>(
  t: Transform<T, O> | undefined,
  name: string,
  args: T,
  opts: O,
): [string, T, O] {
  if (t === undefined) return [name, args, opts];
  if (typeof t === "function") {
    const editedArgs = { ...args };
    const editedOpts = { ...opts };
    const replaced = t(editedArgs, editedOpts, name);
    return [name, replaced ?? editedArgs, editedOpts];
  }
  return [name, { ...args, ...t }, opts];
}
