/**
 * What keeps existing stacks stable when a component's type token or a child's logical name changes: every such
 * change adds a row here, and the components apply this table in their constructors (`versioned`), so the engine
 * adopts the resource under its new URN instead of deleting and recreating it. Rows are never removed within a
 * major version (see README "Semver policy"). Children inherit their parent's type aliases (the engine derives
 * `Parent$Child` aliases from the parent's), so a token change needs only the token row.
 */
import * as pulumi from "@pulumi/pulumi";

/** Current type token → the tokens it had before, newest first. */
export const TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // 0.1.0: module `index`, so the tokens match the multi-language schema (`dockyard:index:<Class>`).
  "dockyard:index:Platform": ["dockyard:platform:Platform"],
  "dockyard:index:FargateService": ["dockyard:ecs:FargateService"],
};

/**
 * Current type token → child renames: `{ "<new suffix>": ["<old suffix>", …] }`, where a child's logical name is
 * `<component name><suffix>` (e.g. `-alb-sg`).
 */
export type ChildRenames = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** No child has been renamed since the first release. */
export const CHILD_NAME_ALIASES: ChildRenames = {};

/**
 * `opts` for a component of `type` named `name`, with aliases for its previous type tokens and, when children were
 * renamed, a transformation that gives each renamed child an alias for its old name.
 */
export function versioned(
  type: string,
  name: string,
  opts: pulumi.ComponentResourceOptions,
  renames: ChildRenames = CHILD_NAME_ALIASES,
): pulumi.ComponentResourceOptions {
  const previous = TYPE_ALIASES[type] ?? [];
  const children = Object.entries(renames[type] ?? {});
  if (previous.length === 0 && children.length === 0) return opts;
  const result: pulumi.ComponentResourceOptions = { ...opts };
  if (previous.length > 0) result.aliases = [...(opts.aliases ?? []), ...previous.map((t) => ({ type: t }))];
  if (children.length > 0) {
    const renamed = new Map(children.map(([suffix, old]) => [`${name}${suffix}`, old.map((o) => `${name}${o}`)]));
    const aliasOldNames: pulumi.ResourceTransformation = (child) => {
      const oldNames = renamed.get(child.name);
      if (oldNames === undefined || child.opts.parent === undefined) return undefined;
      return {
        props: child.props,
        opts: { ...child.opts, aliases: [...(child.opts.aliases ?? []), ...oldNames.map((n) => ({ name: n }))] },
      };
    };
    result.transformations = [...(opts.transformations ?? []), aliasOldNames];
  }
  return result;
}
