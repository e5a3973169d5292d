/**
 * What an awsx 3 component would create at deploy time, modelled offline. Offline, awsx components are remote
 * components: they register once, with their inputs, and their children exist only inside the awsx plugin at
 * `pulumi up`. Each module in this folder reproduces one component's children — the raw @pulumi/aws resources
 * with awsx's own defaults (read from pulumi-awsx's source) — so the policy pack judges them like raw resources.
 *
 * A `Planner` builds one component's children: each child gets the mock AWS's answer (ids, ARNs, names) under a
 * seed that includes the component, so the same program always yields the same children, and the outputs the
 * mock reports for the component (subnet ids, target group ARN, image URI) are those of the children.
 */
import type { CapturedResource } from "../../../policy/engine/types";
import type { AwsContext } from "../../mock/context";
import { RESOURCE_HANDLERS, ResourceRequest, genericAnswer } from "../../mock/resources";
import { makeUrn } from "../recorder";

/** Something the gate could not judge: an awsx component or argument that is not modelled, or an unseeable value. */
export interface NotEvaluated {
  /** The component's URN (or the resource's). */
  urn: string;
  /** What was not evaluated, e.g. `awsx:lb:NetworkLoadBalancer "edge"` or `FargateService "api" taskDefinition`. */
  what: string;
  /** Why, and what to do about it. */
  why: string;
}

/** Where a synthesized resource came from: its awsx component and the component argument that shapes it. */
export interface Provenance {
  /** URN of the awsx component that creates the resource. */
  component: string;
  /** The component argument to change for findings on this resource, e.g. `taskDefinitionArgs.container`. */
  argPath: string;
  /** Finer paths for particular top-level properties of the resource (`ingress` → `defaultSecurityGroup.args`). */
  props: Record<string, string>;
  /**
   * Where the component passes its args through to this resource unchanged (`""` for a service's own args,
   * `taskDefinitionArgs.` for its task definition): a property a finding names is that arg. @default - none
   */
  passThrough?: string;
  /** The resource's top-level input properties (what a passed-through finding can name). */
  inputKeys: string[];
}

/** A child an awsx component would create, as the recorder would have captured it. */
export interface Child {
  resource: CapturedResource;
  provenance: Provenance;
  /** The output value under `key` (the mock's answer merged over the inputs). */
  out(key: string): unknown;
}

/** The component being expanded: enough of a captured resource to plan from. */
export interface ComponentRef {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /** What the mock reported for the component (empty when planning the mock's own answer). */
  outputs: Record<string, unknown>;
}

export interface ChildOptions {
  /** Parent child (awsx nests subnets under the VPC, route tables under subnets, …). @default - the component */
  parent?: Child;
  /** Argument path for findings. @default - the planner's default for the component */
  argPath?: string;
  /** Finer argument paths per top-level property. @default {} */
  props?: Record<string, string>;
  /** Use this physical id instead of the mock's (subnets whose ids the component's outputs already report). */
  id?: string;
  /** Prefix under which the component passes args through to this resource. @default - none */
  passThrough?: string;
}

/** A string value, or undefined. */
export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Drops `undefined` members at every level, as serialization to the engine would. */
export function defined(inputs: Record<string, unknown>): Record<string, unknown> {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value === null || typeof value !== "object") return value;
    return defined(value as Record<string, unknown>);
  };
  return Object.fromEntries(
    Object.entries(inputs)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, clean(v)]),
  );
}

/** An object-shaped value, or `{}`. */
export function rec(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An array value, or `[]`. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export class Planner {
  readonly children: Child[] = [];
  readonly notEvaluated: NotEvaluated[] = [];

  constructor(
    readonly ctx: AwsContext,
    readonly component: ComponentRef,
    private readonly defaultArgPath: string,
  ) {}

  /** `<Type> "<name>"` as users know the component, e.g. `awsx.ecs.FargateService "api"`. */
  get label(): string {
    const [, module, kind] = this.component.type.split(":");
    return `awsx.${module}.${kind} "${this.component.name}"`;
  }

  /** Adds a child with the mock AWS's answer for it. */
  add(type: string, name: string, inputs: Record<string, unknown>, options: ChildOptions = {}): Child {
    const clean = defined(inputs);
    const parentUrn = options.parent?.resource.urn ?? this.component.urn;
    // The seed names the component too: a raw resource of the same type and name elsewhere gets other ids.
    const request: ResourceRequest = {
      type,
      name,
      inputs: clean,
      seed: `${this.component.type}::${this.component.name}::${type}::${name}`,
    };
    const answer = (RESOURCE_HANDLERS[type] ?? genericAnswer)(this.ctx, request);
    const outputs: Record<string, unknown> = defined({ ...clean, ...answer.outputs });
    if (clean["tags"] !== undefined && outputs["tagsAll"] === undefined) outputs["tagsAll"] = clean["tags"];
    // An ARN built from the mock's id names the id used instead (`…:subnet/subnet-…`).
    if (options.id && answer.id && typeof outputs["arn"] === "string") outputs["arn"] = outputs["arn"].replace(answer.id, options.id);
    const [stack, project] = stackAndProject(this.component.urn);
    const resource: CapturedResource = {
      type,
      name,
      urn: makeUrn(stack, project, parentUrn, type, name),
      id: options.id ?? answer.id,
      custom: true,
      parent: parentUrn,
      inputs: clean,
      outputs,
      dependencies: [],
      propertyDependencies: {},
      options: {
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        aliases: [],
        additionalSecretOutputs: [],
      },
      synthesizedFrom: this.component.urn,
    };
    const child: Child = {
      resource,
      provenance: {
        component: this.component.urn,
        argPath: options.argPath ?? this.defaultArgPath,
        props: options.props ?? {},
        inputKeys: Object.keys(clean),
        ...(options.passThrough !== undefined ? { passThrough: options.passThrough } : {}),
      },
      out: (key) => (key === "id" ? resource.id : outputs[key]),
    };
    this.children.push(child);
    return child;
  }

  /** Records something this model cannot judge. */
  cannotEvaluate(what: string, why: string): void {
    this.notEvaluated.push({ urn: this.component.urn, what: `${this.label} ${what}`.trim(), why });
  }
}

/** `urn:pulumi:<stack>::<project>::…` → [stack, project]. */
function stackAndProject(urn: string): [string, string] {
  const parts = urn.split("::");
  return [str(parts[0]?.split(":")[2]) ?? "stack", parts[1] ?? "project"];
}

/** What one component model produces: the children, the component's outputs as awsx reports them, and gaps. */
export interface ComponentPlan {
  children: Child[];
  outputs: Record<string, unknown>;
  notEvaluated: NotEvaluated[];
}

/** Looks up what the stack knows under an id or ARN (a target group passed as a resource, say): its outputs. */
export type Finder = (idOrArn: string) => Record<string, unknown> | undefined;

/** The account's default VPC, when the embedded AWS (or the user's mocks file) describes it. */
export interface DefaultVpc {
  vpcId: string;
  publicSubnetIds: string[];
  privateSubnetIds: string[];
}

/** Facts about infrastructure outside the stack that awsx's defaults reach for. */
export interface KnownWorld {
  /** Where awsx puts a service or load balancer given no subnets. @default - unknown: listed as not evaluated */
  defaultVpc?: DefaultVpc;
}

/** One awsx component type: how to plan its children (and from them its outputs). */
export interface ComponentModel {
  type: string;
  plan(ctx: AwsContext, component: ComponentRef, find: Finder, world?: KnownWorld): ComponentPlan;
}

/** A child as awsx outputs expose it (`vpc.privateSubnets`, `lb.defaultTargetGroup`): its id and outputs. */
export function view(child: Child | undefined, only?: string[]): Record<string, unknown> | undefined {
  if (!child) return undefined;
  const all: Record<string, unknown> = { id: child.out("id"), ...child.resource.outputs };
  return only ? Object.fromEntries(only.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])) : all;
}

/**
 * What a task definition or service output shows the program: identity only. Container definitions may carry
 * values that were secrets in the program; the component's outputs are printed, so they stay out.
 */
export const TASK_DEFINITION_VIEW = ["id", "arn", "arnWithoutRevision", "family", "revision", "cpu", "memory", "networkMode"];
export const SERVICE_VIEW = ["id", "arn", "name", "cluster", "desiredCount", "launchType"];
