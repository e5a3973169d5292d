/**
 * `awsx.ec2.Vpc` at deploy time: an `aws.ec2.Vpc` (10.0.0.0/16 unless given), an internet gateway, then per
 * availability zone (3 unless given) one subnet per spec (default: one private and one public), each with its own
 * route table and association. Public subnets map public IPs on launch and route 0.0.0.0/0 to the internet
 * gateway; private subnets route it to a NAT gateway (one per AZ unless `natGateways.strategy` says `Single` or
 * `None`; with `None` they have no default route); isolated subnets get no route. NAT gateways (with an EIP each)
 * sit in the first public subnet of their AZ. `vpcEndpointSpecs` add endpoints. Every subnet is tagged
 * `SubnetType: <type>`. The subnet ids here are the ones the component reports as `privateSubnetIds` & co.
 */
import type { AwsContext } from "../../mock/context";
import { availabilityZones } from "../../mock/context";
import { hexId } from "../../mock/ids";
import { Child, ComponentModel, ComponentPlan, ComponentRef, Planner, arr, rec, str } from "./model";

type SubnetType = "Public" | "Private" | "Isolated";

interface SubnetPlan {
  type: SubnetType;
  az: string;
  azIndex: number;
  /** awsx's child name: `<vpc>-<spec name or type>-<AZ number>`. */
  name: string;
  cidrBlock?: string;
  tags: Record<string, unknown>;
  assignIpv6AddressOnCreation: boolean;
}

/** Creation order within a zone (public first: NAT gateways live there). */
const ORDER: Record<SubnetType, number> = { Public: 0, Private: 1, Isolated: 2 };
/** CIDR allocation order within a zone. */
const ALLOCATION_ORDER: Record<SubnetType, number> = { Private: 0, Public: 1, Isolated: 2 };

function subnetType(value: unknown): SubnetType | undefined {
  const lower = str(value)?.toLowerCase();
  return lower === "public" ? "Public" : lower === "private" ? "Private" : lower === "isolated" ? "Isolated" : undefined;
}

const ipToInt = (ip: string): number => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
const intToIp = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/** Next block of `/mask` at or after `cursor`, aligned as AWS requires. */
function nextBlock(cursor: number, mask: number): { cidr: string; end: number } {
  const size = 2 ** (32 - mask);
  const start = Math.ceil(cursor / size) * size;
  return { cidr: `${intToIp(start)}/${mask}`, end: start + size };
}

/** The zones awsx picks: the explicit names, else the first N (3 unless given) the region lists. */
export function vpcZones(ctx: AwsContext, inputs: Record<string, unknown>): string[] {
  const explicit = arr(inputs["availabilityZoneNames"]).map(String);
  if (explicit.length > 0) return explicit;
  const count = typeof inputs["numberOfAvailabilityZones"] === "number" ? inputs["numberOfAvailabilityZones"] : 3;
  return availabilityZones(ctx.region).names.slice(0, count);
}

/**
 * Subnets per zone in awsx's order (public first, then private, then isolated), with CIDRs laid out the way
 * awsx's default ("Legacy") strategy does for the default layout: the VPC split evenly between zones, each
 * zone's private /19 first, then its public /20, then isolated /24 (or each spec's `cidrMask`). Explicit
 * `cidrBlocks` are used as given. Other strategies place blocks differently; no policy judges the CIDRs.
 */
export function subnetLayout(ctx: AwsContext, name: string, inputs: Record<string, unknown>): SubnetPlan[] {
  const zones = vpcZones(ctx, inputs);
  const given = arr(inputs["subnetSpecs"]).map(rec);
  const specs = given.length > 0 ? given : [{ type: "Private" }, { type: "Public" }];
  const cidr = str(inputs["cidrBlock"]) ?? "10.0.0.0/16";
  const [base, maskText] = cidr.split("/");
  const vpcMask = Number(maskText);
  const zoneMask =
    typeof inputs["availabilityZoneCidrMask"] === "number"
      ? inputs["availabilityZoneCidrMask"]
      : vpcMask + Math.ceil(Math.log2(Math.max(1, zones.length)));
  const perSubnetBits = specs.length === 1 ? 0 : 1;
  const defaultMask: Record<SubnetType, number> = {
    Private: Math.max(zoneMask + perSubnetBits, 19),
    Public: Math.max(zoneMask + perSubnetBits, 20),
    Isolated: Math.max(zoneMask + perSubnetBits, 24),
  };
  const generateIpv6 = inputs["assignGeneratedIpv6CidrBlock"] === true;
  const plans: SubnetPlan[] = [];
  zones.forEach((az, azIndex) => {
    let cursor = ipToInt(base) + azIndex * 2 ** (32 - zoneMask);
    const allocated = specs
      .map((spec) => ({ spec, type: subnetType(spec["type"]) }))
      .filter((s): s is { spec: Record<string, unknown>; type: SubnetType } => s.type !== undefined)
      .sort((a, b) => ALLOCATION_ORDER[a.type] - ALLOCATION_ORDER[b.type])
      .map(({ spec, type }) => {
        const explicit = str(arr(spec["cidrBlocks"])[azIndex]);
        let cidrBlock = explicit;
        if (!explicit && cidr.includes("/")) {
          const block = nextBlock(cursor, typeof spec["cidrMask"] === "number" ? spec["cidrMask"] : defaultMask[type]);
          cidrBlock = block.cidr;
          cursor = block.end;
        }
        return {
          type,
          az,
          azIndex,
          name: `${name}-${str(spec["name"]) ?? type.toLowerCase()}-${azIndex + 1}`,
          cidrBlock,
          tags: rec(spec["tags"]),
          assignIpv6AddressOnCreation:
            typeof spec["assignIpv6AddressOnCreation"] === "boolean" ? spec["assignIpv6AddressOnCreation"] : generateIpv6,
        };
      });
    plans.push(...allocated.sort((a, b) => ORDER[a.type] - ORDER[b.type]));
  });
  return plans;
}

/** AWS-shaped ids (`subnet-…`, `rtb-…`) that do not depend on which mock answers the child type. */
const awsId = (prefix: string, seed: string): string => `${prefix}-${hexId(seed, 17)}`;

const VPC_ARGS = [
  "assignGeneratedIpv6CidrBlock",
  "enableDnsHostnames",
  "enableDnsSupport",
  "enableNetworkAddressUsageMetrics",
  "instanceTenancy",
  "ipv4IpamPoolId",
  "ipv4NetmaskLength",
  "ipv6CidrBlock",
  "ipv6CidrBlockNetworkBorderGroup",
  "ipv6IpamPoolId",
  "ipv6NetmaskLength",
  "region",
];

function natStrategy(inputs: Record<string, unknown>): string {
  return (str(rec(inputs["natGateways"])["strategy"]) ?? "OnePerAz").toLowerCase();
}

function plan(ctx: AwsContext, component: ComponentRef): ComponentPlan {
  const { name, inputs } = component;
  const p = new Planner(ctx, component, "subnetSpecs");
  const seed = (kind: string, child: string): string => `${component.type}::${name}::${kind}::${child}`;
  const sharedTags = { Name: name, ...rec(inputs["tags"]) };
  const region = inputs["region"];
  const layout = subnetLayout(ctx, name, inputs);
  const strategy = natStrategy(inputs);
  const allocationIds = arr(rec(inputs["natGateways"])["elasticIpAllocationIds"]);

  if (strategy !== "none" && !(layout.some((s) => s.type === "Public") && layout.some((s) => s.type !== "Public"))) {
    p.cannotEvaluate(
      "natGateways",
      `awsx rejects NAT strategy "${strategy}" without both public subnets (to host the NAT gateway) and private or isolated ones; add a Public subnet spec or set natGateways.strategy: "None"`,
    );
  }
  for (const key of ["ipv4IpamPoolId", "ipv6IpamPoolId"]) {
    if (inputs[key] !== undefined)
      p.cannotEvaluate(key, "IPAM-allocated CIDRs are chosen at deploy time; subnet CIDRs are not modelled (no policy judges them)");
  }

  const vpcArgs: Record<string, unknown> = Object.fromEntries(VPC_ARGS.map((k) => [k, inputs[k]]));
  const vpc = p.add(
    "aws:ec2/vpc:Vpc",
    name,
    {
      ...vpcArgs,
      cidrBlock: inputs["ipv4IpamPoolId"] !== undefined ? inputs["cidrBlock"] : (str(inputs["cidrBlock"]) ?? "10.0.0.0/16"),
      tags: sharedTags,
    },
    { id: awsId("vpc", seed("vpc", name)), argPath: "", passThrough: "" },
  );
  const vpcId = vpc.out("id");
  const igw = p.add(
    "aws:ec2/internetGateway:InternetGateway",
    name,
    { region, vpcId, tags: sharedTags },
    { parent: vpc, id: awsId("igw", seed("igw", name)) },
  );

  const subnets: { plan: SubnetPlan; child: Child }[] = [];
  const routeTables: Child[] = [];
  const natGateways: Child[] = [];
  for (const s of layout) {
    const subnet = p.add(
      "aws:ec2/subnet:Subnet",
      s.name,
      {
        region,
        vpcId,
        availabilityZone: s.az,
        mapPublicIpOnLaunch: s.type === "Public",
        cidrBlock: s.cidrBlock,
        assignIpv6AddressOnCreation: s.assignIpv6AddressOnCreation,
        tags: { ...sharedTags, ...s.tags, Name: s.name, SubnetType: s.type },
      },
      { parent: vpc, id: awsId("subnet", seed("subnet", s.name)), argPath: "subnetSpecs" },
    );
    subnets.push({ plan: s, child: subnet });
    const table = p.add(
      "aws:ec2/routeTable:RouteTable",
      s.name,
      { region, vpcId, tags: { ...sharedTags, Name: s.name, SubnetType: s.type } },
      { parent: subnet, id: awsId("rtb", seed("rtb", s.name)) },
    );
    routeTables.push(table);
    p.add(
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      s.name,
      { region, routeTableId: table.out("id"), subnetId: subnet.out("id") },
      { parent: table, id: awsId("rtbassoc", seed("rtbassoc", s.name)) },
    );
    const wantsNat =
      s.type === "Public" &&
      (strategy === "single" ? natGateways.length < 1 : strategy === "oneperaz" ? natGateways.length < s.azIndex + 1 : false);
    if (wantsNat) {
      const natName = `${name}-${s.azIndex + 1}`;
      let allocationId = allocationIds[natGateways.length];
      if (allocationIds.length === 0) {
        const eip = p.add(
          "aws:ec2/eip:Eip",
          natName,
          { region, tags: { ...rec(inputs["tags"]), Name: natName } },
          { parent: subnet, id: awsId("eipalloc", seed("eip", natName)), argPath: "natGateways" },
        );
        allocationId = eip.out("id");
      }
      natGateways.push(
        p.add(
          "aws:ec2/natGateway:NatGateway",
          natName,
          { region, subnetId: subnet.out("id"), allocationId, tags: { ...rec(inputs["tags"]), Name: natName } },
          { parent: subnet, id: awsId("nat", seed("nat", natName)), argPath: "natGateways" },
        ),
      );
    }
    if (s.type === "Public") {
      p.add(
        "aws:ec2/route:Route",
        s.name,
        { region, routeTableId: table.out("id"), gatewayId: igw.out("id"), destinationCidrBlock: "0.0.0.0/0" },
        { parent: table, argPath: "subnetSpecs" },
      );
    } else if (s.type === "Private" && strategy !== "none") {
      const nat = strategy === "single" ? natGateways[0] : natGateways[s.azIndex];
      if (nat) {
        p.add(
          "aws:ec2/route:Route",
          s.name,
          { region, routeTableId: table.out("id"), natGatewayId: nat.out("id"), destinationCidrBlock: "0.0.0.0/0" },
          { parent: table, argPath: "natGateways" },
        );
      }
    }
  }
  planEndpoints(p, inputs, vpc, subnets, routeTables, sharedTags);

  const ids = (type: SubnetType): unknown[] => subnets.filter((s) => s.plan.type === type).map((s) => s.child.out("id"));
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    // The outputs programs read; the child resources themselves (`vpc.subnets`, …) are left out.
    outputs: {
      vpcId,
      publicSubnetIds: ids("Public"),
      privateSubnetIds: ids("Private"),
      isolatedSubnetIds: ids("Isolated"),
    },
  };
}

/**
 * `vpcEndpointSpecs`: one `aws.ec2.VpcEndpoint` per spec. With `vpcEndpointStrategy: "Auto"`, interface
 * endpoints default to one subnet per zone (private first), private DNS and a security group admitting 443 from
 * the VPC; gateway endpoints default to every route table. Otherwise ("Legacy") the spec passes through.
 */
function planEndpoints(
  p: Planner,
  inputs: Record<string, unknown>,
  vpc: Child,
  subnets: { plan: SubnetPlan; child: Child }[],
  routeTables: Child[],
  sharedTags: Record<string, unknown>,
): void {
  const auto = inputs["vpcEndpointStrategy"] === "Auto";
  arr(inputs["vpcEndpointSpecs"])
    .map(rec)
    .forEach((spec, i) => {
      const serviceName = str(spec["serviceName"]) ?? `endpoint-${i + 1}`;
      const kind = (str(spec["vpcEndpointType"]) ?? "Gateway").toLowerCase();
      const region = spec["region"] ?? inputs["region"];
      let { subnetIds, securityGroupIds, routeTableIds, privateDnsEnabled } = spec;
      if (auto && kind === "interface") {
        if (subnetIds === undefined && spec["subnetConfigurations"] === undefined) {
          const zones = [...new Set(subnets.map((s) => s.plan.az))];
          subnetIds = zones.map((az) =>
            ["Private", "Isolated", "Public"]
              .map((t) => subnets.find((s) => s.plan.az === az && s.plan.type === t))
              .find((s) => s)
              ?.child.out("id"),
          );
        }
        privateDnsEnabled ??= true;
        if (securityGroupIds === undefined) {
          const sg = p.add(
            "aws:ec2/securityGroup:SecurityGroup",
            `${serviceName}-sg`,
            { region, vpcId: vpc.out("id"), tags: { ...sharedTags, ...rec(spec["tags"]) } },
            { parent: vpc, argPath: `vpcEndpointSpecs[${i}].securityGroupIds` },
          );
          p.add(
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            `${serviceName}-ingress`,
            {
              region,
              type: "ingress",
              securityGroupId: sg.out("id"),
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: [vpc.out("cidrBlock")],
            },
            { parent: vpc, argPath: `vpcEndpointSpecs[${i}].securityGroupIds` },
          );
          securityGroupIds = [sg.out("id")];
        }
      }
      if (auto && kind === "gateway" && routeTableIds === undefined) routeTableIds = routeTables.map((t) => t.out("id"));
      p.add(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        serviceName,
        {
          ...spec,
          region,
          subnetIds,
          securityGroupIds,
          routeTableIds,
          privateDnsEnabled,
          tags: { ...sharedTags, ...rec(spec["tags"]) },
          vpcId: vpc.out("id"),
        },
        { parent: vpc, argPath: `vpcEndpointSpecs[${i}]` },
      );
    });
}

export const vpcModel: ComponentModel = { type: "awsx:ec2:Vpc", plan };
