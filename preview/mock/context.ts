/** Where the mock AWS "runs": the account, region and partition every ARN and hostname is built from. */
export interface AwsContext {
  region: string;
  accountId: string;
  partition: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in the China partition. */
  dnsSuffix: string;
}

/** The DNS suffix AWS uses in a partition. */
export function dnsSuffixFor(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `region: ""` for global services (IAM). */
export function arn(ctx: AwsContext, service: string, resource: string, region: string = ctx.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;
}

/** Availability zones per region, in AWS's order; regions not listed get three (a, b, c). */
const ZONE_LETTERS: Record<string, string> = {
  "us-east-1": "abcdef",
  "us-west-2": "abcd",
  "ap-northeast-1": "acd",
};

/** Zone ids use a short region code (`use1-az1`), as AWS does. */
function zoneIdPrefix(region: string): string {
  const [area, direction, number] = region.split("-");
  const directionCode = (direction ?? "")
    .replace("northeast", "ne")
    .replace("southeast", "se")
    .replace("northwest", "nw")
    .replace("southwest", "sw")
    .replace("north", "n")
    .replace("south", "s")
    .replace("east", "e")
    .replace("west", "w")
    .replace("central", "c");
  return `${area}${directionCode}${number ?? ""}`;
}

export function availabilityZones(region: string): { names: string[]; zoneIds: string[] } {
  const letters = ZONE_LETTERS[region] ?? "abc";
  const names = [...letters].map((letter) => `${region}${letter}`);
  const zoneIds = names.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`);
  return { names, zoneIds };
}
