/**
 * `npx ts-node --transpile-only preview/mock/subnet-config.ts MOCKS [POLICY_CONFIG]`: prints the policy pack
 * config with the mocks file's subnet facts merged in (`privateSubnetIds` / `publicSubnetIds`), for
 * `pulumi preview --policy-pack policy --policy-pack-config <that file>`. The mocks file stays the one place
 * subnet privacy is stated; the real CLI's config is derived from it, exactly as the offline gate derives it.
 */
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { loadPolicyPackConfig } from "../../policy/engine/config";
import { displayPath } from "../project";
import { withSubnetEvidence } from "./evidence";
import { loadUserMocks, subnetEvidence } from "./user-mocks";

/** The policy config `pulumi preview --policy-pack` should use for the facts in `mocksFile`. */
export function derivedPolicyConfig(mocksFile: string, policyConfigFile?: string): PolicyPackConfig {
  const mocks = loadUserMocks(mocksFile, displayPath(path.resolve(mocksFile)));
  const base = policyConfigFile ? loadPolicyPackConfig(displayPath(path.resolve(policyConfigFile))) : undefined;
  return withSubnetEvidence(base, subnetEvidence(mocks.vpcs), mocks.source, policyConfigFile) ?? {};
}

if (require.main === module) {
  const [mocksFile, policyConfigFile] = process.argv.slice(2);
  if (!mocksFile) {
    process.stderr.write("usage: subnet-config.ts MOCKS_FILE [POLICY_CONFIG_JSON]\n");
    process.exit(2);
  }
  try {
    process.stdout.write(`${JSON.stringify(derivedPolicyConfig(mocksFile, policyConfigFile), null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
