/**
 * Cross-field checks of the stack-wide settings that AWS would refuse mid-deploy (after the VPC and cluster
 * exist) or that only look valid: capacity provider strategies, the certificate's region and placeholders.
 */
import { ConfigError } from "./config-error";
import { regionPartition } from "./aws-regions";
import type { CapacityProviderItem } from "./config-schema";

/** AWS's documentation account ids: an ARN with one is a placeholder copied from an example, never yours. */
export const PLACEHOLDER_ACCOUNTS: ReadonlySet<string> = new Set(["123456789012", "111122223333", "000000000000"]);

/**
 * Problems ECS reports for a capacity provider strategy (CreateService / PutClusterCapacityProviders):
 * "only one capacity provider in a strategy can have a base defined", at least one weight above 0, and each
 * provider once. Throws a `ConfigError` for `field` (e.g. `dockyard:cluster.capacityProviderStrategy`).
 */
export function checkCapacityStrategy(file: string, field: string, strategy: readonly CapacityProviderItem[]): void {
  const withBase = strategy.map((item, i) => ({ item, i })).filter(({ item }) => item.base > 0);
  if (withBase.length > 1) {
    const [, second] = withBase;
    throw ConfigError.field(file, `${field}.${second.i}.base`, second.item.base,
      `0 here: ECS lets only one capacity provider of a strategy have a base (item ${withBase[0].i}, ${withBase[0].item.capacityProvider}, has base ${withBase[0].item.base})`,
      `remove \`base\` from item ${second.i} (${second.item.capacityProvider}) or set it to 0; keep the base on one provider`);
  }
  if (strategy.every((item) => item.weight === 0)) {
    throw ConfigError.field(file, `${field}.0.weight`, 0, "a weight above 0 on at least one capacity provider (with every weight 0 ECS places no task beyond the base)",
      `set \`${field}.0.weight\` to 1`);
  }
  const seen = new Map<string, number>();
  strategy.forEach((item, i) => {
    const first = seen.get(item.capacityProvider);
    if (first !== undefined) {
      throw ConfigError.field(file, `${field}.${i}.capacityProvider`, item.capacityProvider, `a provider not already listed (item ${first} is ${item.capacityProvider})`, `merge item ${i} into item ${first}`);
    }
    seen.set(item.capacityProvider, i);
  });
}

/**
 * The listener certificate must live in the stack's region (ALB only attaches ACM certificates of its own
 * region) and must not be a documentation placeholder.
 */
export function checkCertificate(file: string, field: string, arn: string | undefined, region: string, stack: string): void {
  if (arn === undefined) return;
  const [, partition, , certRegion, account, resource] = arn.split(":");
  const expectedPartition = regionPartition(region) ?? "aws";
  const setIt = `\`pulumi config set --path '${field}' arn:${expectedPartition}:acm:${region}:<your account>:certificate/<id> --stack ${stack}\``;
  if (partition !== expectedPartition) {
    throw ConfigError.field(file, field, arn, `an ARN of partition ${expectedPartition}, the partition of ${region} (this one is ${partition})`, `run ${setIt}`);
  }
  if (certRegion !== region) {
    throw ConfigError.field(file, field, arn, `an ACM certificate in the stack's region ${region} (an ALB can only use certificates of its own region; this one is in ${certRegion})`,
      `request or import the certificate in ${region} and run ${setIt}`);
  }
  const id = resource?.split("/")[1] ?? "";
  const placeholder = PLACEHOLDER_ACCOUNTS.has(account) ? `account ${account} is AWS's documentation example` : /^[0-]+$/.test(id) ? "an all-zero certificate id is a placeholder" : undefined;
  if (placeholder !== undefined) {
    throw ConfigError.field(file, field, arn, `your own ACM certificate's ARN (${placeholder}, so no such certificate exists and the HTTPS listener could not be created)`,
      `run ${setIt}`);
  }
}
