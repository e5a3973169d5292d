/**
 * The object graph stack policies see (outputs, parent, dependencies, propertyDependencies, provider), built
 * once per evaluation, as the policy server builds one per request, instead of once per stack policy.
 *
 * Isolation is kept: no policy can change what another sees. The graph itself (the resource list, each
 * resource, its options, dependency lists and provider) is frozen, so a write fails (a TypeError in strict
 * code); `props` (a resource's outputs, and its provider's) is a fresh copy per policy, made the first time
 * that policy reads it, because freezing the values would stop `unknownCheckingProxy` from checking nested
 * values (it hands out a frozen property as it is, unproxied).
 */
import type { PolicyProviderResource, PolicyResource, PolicyResourceOptions } from "@pulumi/policy";
import { unknownCheckingProxy as untypedProxy } from "@pulumi/policy";
import { unknownCheckingProxy } from "./proxy";
import type { CapturedResource } from "./types";

/** Same test as the server: the class's `__pulumiType`, else its `isInstance`. */
export function isTypeOf(type: string, resourceClass: object): boolean {
  const pulumiType: unknown = Reflect.get(resourceClass, "__pulumiType");
  if (typeof pulumiType === "string") {
    return type === pulumiType;
  }
  const isInstance: unknown = Reflect.get(resourceClass, "isInstance");
  return typeof isInstance === "function" && isInstance.call(resourceClass, { __pulumiType: type }) === true;
}

export function optionsOf(r: CapturedResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: r.options.protect,
    ignoreChanges: [...r.options.ignoreChanges],
    aliases: [...r.options.aliases],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [...r.options.additionalSecretOutputs],
    deleteBeforeReplace: r.options.deleteBeforeReplace,
  };
  if (r.parent) {
    opts.parent = r.parent;
  }
  return opts;
}

/** The captured provider a resource's `<provider urn>::<id>` reference names, if it was captured. */
export function capturedProvider(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>): CapturedResource | undefined {
  if (!r.provider) {
    return undefined;
  }
  const cut = r.provider.lastIndexOf("::");
  return byUrn.get(cut > 0 ? r.provider.slice(0, cut) : r.provider);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze(Reflect.get(value, key));
  }
  return value;
}

export class StackGraph {
  /** The resources in registration order (frozen at run time; typed as `StackValidationArgs` hands them out). */
  readonly resources: PolicyResource[];
  /** Bumped per policy: a `props` copy belongs to the policy that read it. */
  private policy = 0;

  constructor(captured: readonly CapturedResource[]) {
    const byUrn = new Map<string, PolicyResource>();
    const capturedByUrn = new Map(captured.map((r) => [r.urn, r]));
    const built = captured.map((r) => {
      const props = this.copyPerPolicy(r.outputs, untypedProxy);
      const resource: PolicyResource = {
        type: r.type,
        // Untyped runtime proxy, like the SDK's `props: Record<string, any>`, so `asType` can return it.
        get props() {
          return props();
        },
        urn: r.urn,
        name: r.name,
        opts: optionsOf(r),
        dependencies: [],
        propertyDependencies: {},
        isType: (cls) => isTypeOf(r.type, cls),
        asType: (cls) => (isTypeOf(r.type, cls) ? props() : undefined),
      };
      byUrn.set(r.urn, resource);
      return resource;
    });
    const lookup = (urns: string[]) => urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
    captured.forEach((r, i) => {
      const resource = built[i];
      const parent = r.parent ? byUrn.get(r.parent) : undefined;
      if (parent) {
        resource.parent = parent;
      }
      resource.dependencies = lookup(r.dependencies);
      for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
        resource.propertyDependencies[prop] = lookup(urns);
      }
      const provider = capturedProvider(r, capturedByUrn);
      if (provider) {
        const props = this.copyPerPolicy(provider.outputs, unknownCheckingProxy);
        const view: PolicyProviderResource = {
          type: provider.type,
          name: provider.name,
          urn: provider.urn,
          get props() {
            return props();
          },
        };
        resource.provider = view;
      }
    });
    // Own properties only: `parent`, dependencies and the provider are resources of this graph (frozen here too).
    for (const resource of built) {
      deepFreeze(resource.opts);
      Object.freeze(resource.dependencies);
      deepFreeze(resource.propertyDependencies);
      if (resource.provider) Object.freeze(resource.provider);
      Object.freeze(resource);
    }
    Object.freeze(built);
    this.resources = built;
  }

  /** Call before each stack policy runs: its reads of `props` get their own copies. */
  nextPolicy(): void {
    this.policy++;
  }

  /** A getter of `values`, proxied, copied the first time each policy reads it. */
  private copyPerPolicy<P extends (value: Record<string, unknown>) => unknown>(
    values: Record<string, unknown>,
    proxy: P,
  ): () => ReturnType<P> {
    let owner = -1;
    let copy: ReturnType<P> | undefined;
    return () => {
      if (owner !== this.policy || copy === undefined) {
        owner = this.policy;
        copy = proxy(structuredClone(values)) as ReturnType<P>;
      }
      return copy;
    };
  }
}
