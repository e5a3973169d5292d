/**
 * The existing infrastructure the embedded AWS knows: the region's default VPC as AWS creates it
 * (172.31.0.0/16, one default /20 subnet per AZ that maps public IPs on launch, a main route table sending
 * 0.0.0.0/0 to the internet gateway, a `default` security group), plus the VPCs of the user's mocks file.
 * Ids are derived from account and region, so every run sees the same ones.
 */
import { AwsContext, availabilityZones } from "./context";
import { hexId } from "./ids";
import type { ExistingSubnet, ExistingVpc, UserMocks } from "./user-mocks";
import { routeTableOf } from "./user-mocks";

export interface KnownVpc extends ExistingVpc {
  isDefault: boolean;
  /** Where the facts come from, for messages. */
  origin: string;
}

export interface KnownSubnet extends ExistingSubnet {
  vpcId: string;
  defaultForAz: boolean;
  availabilityZoneId: string;
}

export interface World {
  vpcs: KnownVpc[];
  subnets: KnownSubnet[];
}

const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/** The default VPC of the stack's region, as AWS makes it in every account. */
function defaultVpc(ctx: AwsContext): KnownVpc {
  const seed = `default-vpc/${ctx.accountId}/${ctx.region}`;
  const { names } = availabilityZones(ctx.region);
  const igw = `igw-${hexId(`${seed}/igw`, 17)}`;
  const mainTable = `rtb-${hexId(`${seed}/main`, 17)}`;
  return {
    id: `vpc-${hexId(seed, 17)}`,
    cidrBlock: DEFAULT_VPC_CIDR,
    tags: {},
    isDefault: true,
    origin: "the embedded AWS (default VPC)",
    subnets: names.map((zone, i) => ({
      id: `subnet-${hexId(`${seed}/${zone}`, 17)}`,
      type: "public",
      availabilityZone: zone,
      cidrBlock: `172.31.${i * 16}.0/20`,
      mapPublicIpOnLaunch: true,
      tags: {},
    })),
    routeTables: [
      {
        id: mainTable,
        main: true,
        tags: {},
        routes: [
          { cidrBlock: DEFAULT_VPC_CIDR, gatewayId: "local" },
          { cidrBlock: "0.0.0.0/0", gatewayId: igw },
        ],
      },
    ],
    securityGroups: [{ id: `sg-${hexId(`${seed}/sg`, 17)}`, name: "default", description: "default VPC security group", tags: {} }],
  };
}

export function buildWorld(ctx: AwsContext, mocks: UserMocks | undefined): World {
  const vpcs: KnownVpc[] = [defaultVpc(ctx), ...(mocks?.vpcs ?? []).map((v) => ({ ...v, isDefault: false, origin: mocks!.source }))];
  const { names, zoneIds } = availabilityZones(ctx.region);
  const subnets = vpcs.flatMap((vpc) =>
    vpc.subnets.map((s): KnownSubnet => ({
      ...s,
      vpcId: vpc.id,
      defaultForAz: vpc.isDefault,
      availabilityZoneId: zoneIds[names.indexOf(s.availabilityZone)] ?? `${s.availabilityZone}-id`,
    })),
  );
  return { vpcs, subnets };
}

/** The internet gateway a VPC's main route table sends 0.0.0.0/0 to, if any. */
export function internetGatewayOf(vpc: ExistingVpc): string | undefined {
  return vpc.routeTables.flatMap((t) => t.routes).find((r) => r.gatewayId?.startsWith("igw-"))?.gatewayId;
}

export function routeTableFor(world: World, subnet: KnownSubnet): ReturnType<typeof routeTableOf> {
  const vpc = world.vpcs.find((v) => v.id === subnet.vpcId);
  return vpc ? routeTableOf(vpc, subnet) : undefined;
}
