/**
 * Config-only checks of the stack-wide settings that AWS would refuse mid-deploy (after the VPC and cluster
 * exist) or that only look valid: the certificate's region and placeholders (capacity provider strategies are
 * the Platform's own rule, `components/capacity-strategy.ts`).
 */
import { ConfigError } from "./config-error";
import { regionPartition } from "./aws-regions";

/** AWS's documentation account ids: an ARN with one is a placeholder copied from an example, never yours. */
export const PLACEHOLDER_ACCOUNTS: ReadonlySet<string> = new Set(["123456789012", "111122223333", "000000000000"]);

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
    throw ConfigError.field(
      file,
      field,
      arn,
      `an ARN of partition ${expectedPartition}, the partition of ${region} (this one is ${partition})`,
      `run ${setIt}`,
    );
  }
  if (certRegion !== region) {
    throw ConfigError.field(
      file,
      field,
      arn,
      `an ACM certificate in the stack's region ${region} (an ALB can only use certificates of its own region; this one is in ${certRegion})`,
      `request or import the certificate in ${region} and run ${setIt}`,
    );
  }
  const id = resource?.split("/")[1] ?? "";
  const placeholder = PLACEHOLDER_ACCOUNTS.has(account)
    ? `account ${account} is AWS's documentation example`
    : /^[0-]+$/.test(id)
      ? "an all-zero certificate id is a placeholder"
      : undefined;
  if (placeholder !== undefined) {
    throw ConfigError.field(
      file,
      field,
      arn,
      `your own ACM certificate's ARN (${placeholder}, so no such certificate exists and the HTTPS listener could not be created)`,
      `run ${setIt}`,
    );
  }
}
