// The component provider host's entry: what Pulumi starts (`run-plugin`, components/PulumiPlugin.yaml `main`) for
// `pulumi package add` and for every program, in any language, that uses the generated SDK. It starts from the
// package build (`npm run build` in components/: the provider compiled, its schema analyzed once) when the build
// manifest proves the build matches every file it was made from, else from the TypeScript source (./host.ts) as
// before: ts-node type-checks it and the schema analyzer runs at GetSchema. DOCKYARD_PROVIDER_FROM_SOURCE=1 forces
// the source. ../provider-build.js decides.
// Plain JavaScript on purpose: run-plugin type-checks every TypeScript file it loads (~1.3 s of CPU for an entry
// that imports nothing but Node's types).
"use strict";
const path = require("node:path");
const { startProvider } = require("../provider-build");

startProvider(path.resolve(__dirname, "..")).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
