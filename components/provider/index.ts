/**
 * The component provider host: what Pulumi starts for `pulumi package add` (components/PulumiPlugin.yaml `main`)
 * and for every program, in any language, that uses the generated SDK. The schema is inferred from the classes
 * and inputs in ./components.ts (their JSDoc becomes the descriptions).
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "./components";

componentProviderHost({ name: PROVIDER_NAME, components: [...PROVIDER_COMPONENTS], dirname: __dirname }).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
