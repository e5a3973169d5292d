/**
 * AWS regions, from AWS's own data: `stacks/data/aws-regions.json` is extracted from botocore's
 * `partitions.json` by `scripts/regen-aws-regions.py` (re-run it when AWS opens a region).
 */
import data from "./data/aws-regions.json";

interface RegionInfo {
  partition: string;
  description: string;
}

const REGIONS: Readonly<Record<string, RegionInfo>> = data.regions;

/** Every known region name, sorted. */
export const AWS_REGIONS: readonly string[] = Object.keys(REGIONS).sort();

/** The partition (`aws`, `aws-cn`, `aws-us-gov`, …) of a known region, or `undefined` for an unknown name. */
export function regionPartition(region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(REGIONS, region) ? REGIONS[region].partition : undefined;
}
