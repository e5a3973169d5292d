/**
 * Subnet facts of existing VPCs (the default VPC's public subnets, the mocks file's `vpcs`) as the pack's
 * evidence. Subnet privacy is stated once: they become `privateSubnetIds` of `ecs-service-private-subnets-only`
 * and `publicSubnetIds` of `ecs-service-no-known-public-subnets`, merged with what the policy config already
 * lists (the form `pulumi preview --policy-pack` users write). A subnet one source calls private and the
 * other public is an error.
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { MocksFileError, SubnetEvidence } from "./user-mocks";

const PRIVATE_POLICY = "ecs-service-private-subnets-only";
const PUBLIC_POLICY = "ecs-service-no-known-public-subnets";

type Entry = Record<string, unknown>;

function listed(config: PolicyPackConfig | undefined, policy: string, key: string): string[] {
  const entry: unknown = config?.[policy];
  const value = entry !== null && typeof entry === "object" ? (entry as Entry)[key] : undefined;
  return Array.isArray(value) ? value.map(String) : [];
}

/** An entry with `key` set to `ids`, keeping a level given as a bare string. */
function withIds(entry: unknown, key: string, ids: string[]): Entry {
  const base: Entry =
    typeof entry === "string" ? { enforcementLevel: entry } : entry !== null && typeof entry === "object" ? { ...(entry as Entry) } : {};
  return { ...base, [key]: ids };
}

export function withSubnetEvidence(
  config: PolicyPackConfig | undefined,
  facts: SubnetEvidence,
  factsSource: string,
  configSource = "the policy config",
): PolicyPackConfig | undefined {
  if (facts.privateSubnetIds.length === 0 && facts.publicSubnetIds.length === 0) return config;
  const listedPrivate = listed(config, PRIVATE_POLICY, "privateSubnetIds");
  const listedPublic = listed(config, PUBLIC_POLICY, "publicSubnetIds");
  const clash =
    facts.publicSubnetIds.find((id) => listedPrivate.includes(id)) ?? facts.privateSubnetIds.find((id) => listedPublic.includes(id));
  if (clash) {
    const saysPublic = facts.publicSubnetIds.includes(clash);
    throw new MocksFileError(
      `${factsSource}: subnet ${clash} is ${saysPublic ? "public" : "private"} here but ${configSource} lists it in ${saysPublic ? `"${PRIVATE_POLICY}".privateSubnetIds` : `"${PUBLIC_POLICY}".publicSubnetIds`}; allowed: one answer per subnet. Fix: correct whichever is wrong (the mocks file's facts feed privateSubnetIds/publicSubnetIds, so you may remove the id from the policy config).`,
    );
  }
  const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])].sort();
  return {
    ...config,
    [PRIVATE_POLICY]: withIds(config?.[PRIVATE_POLICY], "privateSubnetIds", union(listedPrivate, facts.privateSubnetIds)),
    [PUBLIC_POLICY]: withIds(config?.[PUBLIC_POLICY], "publicSubnetIds", union(listedPublic, facts.publicSubnetIds)),
  } as PolicyPackConfig;
}
