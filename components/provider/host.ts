/**
 * What the provider host serves, both ways it can start (./start.js is the entry, ../provider-build.js decides): from
 * the TypeScript source, `componentProviderHost` as before (Pulumi's schema analyzer runs at GetSchema); from the
 * package build, the schema the build analyzed once (`analyzeSchema`, the same analyzer over the same source),
 * served by `PrebuiltSchemaProvider`. The provider's name, components and source directory are set here once,
 * for the host, the build and the tests.
 */
import { main } from "@pulumi/pulumi/provider";
import { ComponentProvider, componentProviderHost, type ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "./components";
import { PrebuiltSchemaProvider } from "./prebuilt";

/** The provider's options, with `dirname` the directory holding its TypeScript source (the analyzer reads it). */
export function providerOptions(dirname: string): ComponentProviderOptions {
  return { name: PROVIDER_NAME, components: [...PROVIDER_COMPONENTS], dirname };
}

/** The schema Pulumi's analyzer infers from the TypeScript source in `sourceDir` (the JSON text GetSchema serves). */
export function analyzeSchema(sourceDir: string): Promise<string> {
  return new ComponentProvider(providerOptions(sourceDir)).getSchema();
}

/**
 * Serves the provider over gRPC to the engine named in the arguments (Pulumi's plugin protocol): with
 * `prebuiltSchema`, that schema; without, the analyzer's, inferred from the source beside this file.
 */
export function serve(prebuiltSchema?: string): Promise<void> {
  if (prebuiltSchema === undefined) return componentProviderHost(providerOptions(__dirname));
  return main(new PrebuiltSchemaProvider(prebuiltSchema, PROVIDER_COMPONENTS), process.argv.slice(2));
}
