/** Identity of the pack, shared by `index.ts`, `policies.ts` and the in-process engine. */
import packageJson from "./package.json";

/** Pack name as the engine reports it (`policyPack` in violations). */
export const PACK_NAME = "dockyard-guard";

/** Pack version, from `policy/package.json` (the CLI reads the same field). */
export const PACK_VERSION: string = packageJson.version;
