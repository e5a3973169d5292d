/**
 * The component provider served from a schema analyzed at build time. Pulumi's `ComponentProvider` runs its schema
 * analyzer (the TypeScript compiler over the source and @pulumi/aws's declarations) on the first GetSchema or
 * Construct, because Construct returns as state the outputs the analysis found; both come from the schema here:
 * a component's outputs are its schema `properties` (the analyzer writes them there). Everything else is
 * `ComponentProvider`'s own rule: the type token's validation, the class named by the token's last part, the
 * component's own constructor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { ComponentProvider, type ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";

interface SchemaShape {
  name: string;
  version: string;
  resources: Record<string, { properties?: Record<string, unknown> }>;
}

export class PrebuiltSchemaProvider implements Provider {
  readonly version: string;
  private readonly name: string;
  private readonly outputs: Map<string, string[]>;
  private readonly constructors: Map<string, ComponentResourceConstructor>;

  /** `schemaText`: the JSON text GetSchema serves, as the analyzer produced it; `components`: the classes it describes. */
  constructor(
    private readonly schemaText: string,
    components: readonly ComponentResourceConstructor[],
  ) {
    const parsed = JSON.parse(schemaText) as SchemaShape;
    this.name = parsed.name;
    this.version = parsed.version;
    this.outputs = new Map(Object.entries(parsed.resources).map(([token, r]) => [token, Object.keys(r.properties ?? {})]));
    this.constructors = new Map(components.map((c) => [c.name, c]));
  }

  async getSchema(): Promise<string> {
    return this.schemaText;
  }

  /** As `ComponentProvider.construct`: a bad token or the component's argument error rejects. */
  async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    ComponentProvider.validateResourceType(this.name, type);
    const className = type.split(":")[2];
    const component = this.constructors.get(className);
    const outputs = this.outputs.get(type);
    if (component === undefined || outputs === undefined) throw new Error(`Component class not found for '${className}'`);
    const instance = new component(name, inputs, options);
    const record = instance as unknown as Record<string, unknown>;
    const state = Object.fromEntries(outputs.map((key) => [key, record[key]]));
    return { urn: instance.urn, state };
  }
}
