/**
 * Provider functions that look up existing things, answered in AWS's shapes: EC2 network lookups from the
 * known world (default VPC + the mocks file's VPCs, with AWS's filter semantics: every filter must match,
 * any of its values, `*`/`?` wildcards, `tag:<key>` and `tags`), and account-level lookups (ACM, Route 53,
 * ECR, IAM, SSM, Secrets Manager, KMS, AMIs, RDS, load balancers) with deterministic ids and real ARN formats.
 * A lookup the world cannot answer throws UnmockedInvokeError naming what is missing, so the gate fails closed.
 */
import { AwsContext, arn } from "./context";
import { alnumId, digitsId, hexId, sha256Hex } from "./ids";
import { INVOKE_HANDLERS } from "./invokes";
import { UnmockedInvokeError } from "./unanswered";
import { KnownSubnet, KnownVpc, World, internetGatewayOf, routeTableFor } from "./world";

type Json = Record<string, unknown>;
export interface LookupContext extends AwsContext {
  world: World;
}
export type LookupHandler = (ctx: LookupContext, inputs: Json, token: string) => Json;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

interface Filter {
  name: string;
  values: string[];
}

function filtersOf(inputs: Json): Filter[] {
  const list = Array.isArray(inputs["filters"])
    ? (inputs["filters"] as Json[])
    : Array.isArray(inputs["filter"])
      ? (inputs["filter"] as Json[])
      : [];
  const filters = list.map((f) => ({ name: String(f["name"]), values: Array.isArray(f["values"]) ? f["values"].map(String) : [] }));
  const tags = inputs["tags"];
  if (tags && typeof tags === "object")
    for (const [k, v] of Object.entries(tags as Json)) filters.push({ name: `tag:${k}`, values: [String(v)] });
  return filters;
}

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

/** AWS semantics: all filters must match; a filter matches when any value does. Unknown filter names match nothing. */
function matches(attributes: (name: string) => string[] | undefined, filters: Filter[]): boolean {
  return filters.every((f) => {
    const actual = attributes(f.name);
    return actual !== undefined && f.values.some((v) => actual.some((a) => glob(v).test(a)));
  });
}

function tagAttributes(tags: Record<string, string>, name: string): string[] | undefined {
  if (name.startsWith("tag:")) return tags[name.slice(4)] === undefined ? [] : [tags[name.slice(4)]];
  if (name === "tag-key") return Object.keys(tags);
  return undefined;
}

function vpcAttributes(vpc: KnownVpc) {
  return (name: string): string[] | undefined => {
    switch (name) {
      case "vpc-id":
        return [vpc.id];
      case "cidr":
      case "cidr-block":
      case "cidr-block-association.cidr-block":
        return [vpc.cidrBlock];
      case "is-default":
      case "isDefault":
        return [String(vpc.isDefault)];
      case "state":
        return ["available"];
      case "owner-id":
        return undefined;
      default:
        return tagAttributes(vpc.tags, name);
    }
  };
}

function subnetAttributes(subnet: KnownSubnet) {
  return (name: string): string[] | undefined => {
    switch (name) {
      case "subnet-id":
        return [subnet.id];
      case "vpc-id":
        return [subnet.vpcId];
      case "availability-zone":
      case "availabilityZone":
        return [subnet.availabilityZone];
      case "availability-zone-id":
        return [subnet.availabilityZoneId];
      case "cidr-block":
      case "cidr":
      case "cidrBlock":
        return [subnet.cidrBlock];
      case "default-for-az":
      case "defaultForAz":
        return [String(subnet.defaultForAz)];
      case "map-public-ip-on-launch":
        return [String(subnet.mapPublicIpOnLaunch)];
      case "state":
        return ["available"];
      default:
        return tagAttributes(subnet.tags, name);
    }
  };
}

const notFound = (token: string, inputs: Json, what: string, world: World): never => {
  const known = world.vpcs.map((v) => `${v.id} (${v.isDefault ? "default VPC" : v.origin})`).join(", ");
  throw new UnmockedInvokeError(token, `no ${what} matches in the embedded AWS, which knows the VPCs ${known}`, inputs);
};

function selectVpcs(ctx: LookupContext, inputs: Json): KnownVpc[] {
  const filters = filtersOf(inputs);
  if (str(inputs["id"])) filters.push({ name: "vpc-id", values: [String(inputs["id"])] });
  if (typeof inputs["default"] === "boolean") filters.push({ name: "is-default", values: [String(inputs["default"])] });
  if (str(inputs["cidrBlock"])) filters.push({ name: "cidr", values: [String(inputs["cidrBlock"])] });
  return ctx.world.vpcs.filter((v) => matches(vpcAttributes(v), filters));
}

/** A lookup scoped to a VPC the world does not know would answer "nothing" where AWS answers something. */
function requireKnownVpcs(ctx: LookupContext, filters: Filter[], token: string, inputs: Json): void {
  const named = filters
    .filter((f) => f.name === "vpc-id")
    .flatMap((f) => f.values)
    .filter((v) => !v.includes("*"));
  const unknown = named.filter((id) => !ctx.world.vpcs.some((v) => v.id === id));
  if (unknown.length > 0) notFound(token, inputs, `VPC ${unknown.join(", ")}`, ctx.world);
}

function selectSubnets(ctx: LookupContext, inputs: Json, token: string): KnownSubnet[] {
  const filters = filtersOf(inputs);
  for (const [arg, filter] of [
    ["id", "subnet-id"],
    ["vpcId", "vpc-id"],
    ["availabilityZone", "availability-zone"],
    ["availabilityZoneId", "availability-zone-id"],
    ["cidrBlock", "cidr-block"],
  ] as const) {
    if (str(inputs[arg])) filters.push({ name: filter, values: [String(inputs[arg])] });
  }
  if (typeof inputs["defaultForAz"] === "boolean") filters.push({ name: "default-for-az", values: [String(inputs["defaultForAz"])] });
  requireKnownVpcs(ctx, filters, token, inputs);
  return ctx.world.subnets.filter((s) => matches(subnetAttributes(s), filters));
}

function vpcResult(ctx: LookupContext, vpc: KnownVpc, inputs: Json): Json {
  const main = vpc.routeTables.find((t) => t.main);
  return {
    ...inputs,
    id: vpc.id,
    arn: arn(ctx, "ec2", `vpc/${vpc.id}`),
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociations: [{ associationId: `vpc-cidr-assoc-${hexId(vpc.id, 17)}`, cidrBlock: vpc.cidrBlock, state: "associated" }],
    default: vpc.isDefault,
    dhcpOptionsId: `dopt-${hexId(`${vpc.id}/dopt`, 17)}`,
    enableDnsHostnames: vpc.isDefault,
    enableDnsSupport: true,
    enableNetworkAddressUsageMetrics: false,
    instanceTenancy: "default",
    ipv6AssociationId: "",
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociations: [],
    mainRouteTableId: main?.id ?? `rtb-${hexId(`${vpc.id}/main`, 17)}`,
    ownerId: ctx.accountId,
    region: ctx.region,
    state: "available",
    tags: vpc.tags,
  };
}

function subnetResult(ctx: LookupContext, subnet: KnownSubnet, inputs: Json): Json {
  return {
    ...inputs,
    id: subnet.id,
    arn: arn(ctx, "ec2", `subnet/${subnet.id}`),
    assignIpv6AddressOnCreation: false,
    availabilityZone: subnet.availabilityZone,
    availabilityZoneId: subnet.availabilityZoneId,
    availableIpAddressCount: 2 ** (32 - Number(subnet.cidrBlock.split("/")[1])) - 5,
    cidrBlock: subnet.cidrBlock,
    customerOwnedIpv4Pool: "",
    defaultForAz: subnet.defaultForAz,
    enableDns64: false,
    enableLniAtDeviceIndex: 0,
    enableResourceNameDnsARecordOnLaunch: false,
    enableResourceNameDnsAaaaRecordOnLaunch: false,
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociationId: "",
    ipv6Native: false,
    mapCustomerOwnedIpOnLaunch: false,
    mapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    outpostArn: "",
    ownerId: ctx.accountId,
    privateDnsHostnameTypeOnLaunch: "ip-name",
    region: ctx.region,
    state: "available",
    tags: subnet.tags,
    vpcId: subnet.vpcId,
  };
}

function one<T>(found: T[], token: string, inputs: Json, what: string, world: World): T {
  if (found.length === 0) notFound(token, inputs, what, world);
  if (found.length > 1)
    throw new UnmockedInvokeError(
      token,
      `${found.length} ${what}s match; AWS requires exactly one (the real provider fails the same way)`,
      inputs,
    );
  return found[0];
}

function routeTableResult(ctx: LookupContext, vpc: KnownVpc, tableId: string, inputs: Json): Json {
  const table = vpc.routeTables.find((t) => t.id === tableId)!;
  const subnets = vpc.subnets.filter((s) => s.routeTableId === table.id);
  return {
    ...inputs,
    id: table.id,
    routeTableId: table.id,
    arn: arn(ctx, "ec2", `route-table/${table.id}`),
    ownerId: ctx.accountId,
    region: ctx.region,
    vpcId: vpc.id,
    tags: table.tags,
    subnetId: str(inputs["subnetId"]) ?? "",
    gatewayId: "",
    associations: [
      ...(table.main
        ? [
            {
              main: true,
              routeTableAssociationId: `rtbassoc-${hexId(`${table.id}/main`, 17)}`,
              routeTableId: table.id,
              subnetId: "",
              gatewayId: "",
            },
          ]
        : []),
      ...subnets.map((s) => ({
        main: false,
        routeTableAssociationId: `rtbassoc-${hexId(`${table.id}/${s.id}`, 17)}`,
        routeTableId: table.id,
        subnetId: s.id,
        gatewayId: "",
      })),
    ],
    routes: table.routes
      .filter((r) => r.gatewayId !== "local")
      .map((r) => ({
        cidrBlock: r.cidrBlock ?? "",
        ipv6CidrBlock: r.ipv6CidrBlock ?? "",
        gatewayId: r.gatewayId ?? "",
        natGatewayId: r.natGatewayId ?? "",
        transitGatewayId: r.transitGatewayId ?? "",
        vpcEndpointId: r.vpcEndpointId ?? "",
        egressOnlyGatewayId: r.egressOnlyGatewayId ?? "",
      })),
  };
}

function securityGroupsOf(ctx: LookupContext, inputs: Json, token: string): { vpc: KnownVpc; group: KnownVpc["securityGroups"][number] }[] {
  const filters = filtersOf(inputs);
  if (str(inputs["id"])) filters.push({ name: "group-id", values: [String(inputs["id"])] });
  if (str(inputs["name"])) filters.push({ name: "group-name", values: [String(inputs["name"])] });
  if (str(inputs["vpcId"])) filters.push({ name: "vpc-id", values: [String(inputs["vpcId"])] });
  requireKnownVpcs(ctx, filters, token, inputs);
  return ctx.world.vpcs
    .flatMap((vpc) => vpc.securityGroups.map((group) => ({ vpc, group })))
    .filter(({ vpc, group }) =>
      matches((name) => {
        switch (name) {
          case "group-id":
            return [group.id];
          case "group-name":
            return [group.name];
          case "vpc-id":
            return [vpc.id];
          case "description":
            return [group.description];
          default:
            return tagAttributes(group.tags, name);
        }
      }, filters),
    );
}

const uuid = (seed: string): string => hexId(seed, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
const FIXED_DATE = "2024-01-01T00:00:00Z";
const EMPTY_POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [] });

export const LOOKUP_HANDLERS: Readonly<Record<string, LookupHandler>> = {
  "aws:ec2/getVpc:getVpc": (ctx, inputs, token) => vpcResult(ctx, one(selectVpcs(ctx, inputs), token, inputs, "VPC", ctx.world), inputs),
  "aws:ec2/getVpcs:getVpcs": (ctx, inputs) => ({
    ...inputs,
    id: ctx.region,
    region: ctx.region,
    ids: selectVpcs(ctx, inputs).map((v) => v.id),
  }),
  "aws:ec2/getSubnet:getSubnet": (ctx, inputs, token) =>
    subnetResult(ctx, one(selectSubnets(ctx, inputs, token), token, inputs, "subnet", ctx.world), inputs),
  "aws:ec2/getSubnets:getSubnets": (ctx, inputs, token) => ({
    ...inputs,
    id: ctx.region,
    region: ctx.region,
    ids: selectSubnets(ctx, inputs, token).map((s) => s.id),
  }),
  "aws:ec2/getSubnetIds:getSubnetIds": (ctx, inputs, token) => ({
    ...inputs,
    id: String(inputs["vpcId"] ?? ctx.region),
    ids: selectSubnets(ctx, inputs, token).map((s) => s.id),
  }),
  "aws:ec2/getRouteTable:getRouteTable": (ctx, inputs, token) => {
    const subnetId = str(inputs["subnetId"]);
    const tableId = str(inputs["routeTableId"]);
    const hits = ctx.world.vpcs.flatMap((vpc) =>
      vpc.routeTables
        .filter(
          (t) =>
            (tableId === undefined || t.id === tableId) &&
            (str(inputs["vpcId"]) === undefined || vpc.id === inputs["vpcId"]) &&
            (subnetId === undefined ||
              routeTableFor(ctx.world, ctx.world.subnets.find((s) => s.id === subnetId) ?? ({} as KnownSubnet))?.id === t.id),
        )
        .map((t) => ({ vpc, id: t.id })),
    );
    const hit = one(hits, token, inputs, "route table", ctx.world);
    return routeTableResult(ctx, hit.vpc, hit.id, inputs);
  },
  "aws:ec2/getRouteTables:getRouteTables": (ctx, inputs, token) => {
    const filters = filtersOf(inputs);
    // Route tables of subnets this program creates: the embedded answer for in-stack networks.
    const subnetIds = filters.filter((f) => f.name === "association.subnet-id").flatMap((f) => f.values);
    const vpcId = str(inputs["vpcId"]);
    const known =
      (vpcId === undefined || ctx.world.vpcs.some((v) => v.id === vpcId)) &&
      subnetIds.every((id) => ctx.world.subnets.some((s) => s.id === id));
    if (!known) return INVOKE_HANDLERS[token](ctx, inputs);
    const ids = ctx.world.vpcs.flatMap((vpc) =>
      vpc.routeTables
        .filter(
          (t) =>
            (str(inputs["vpcId"]) === undefined || vpc.id === inputs["vpcId"]) &&
            matches((name) => {
              switch (name) {
                case "route-table-id":
                  return [t.id];
                case "vpc-id":
                  return [vpc.id];
                case "association.main":
                  return [String(t.main)];
                case "association.subnet-id":
                  return vpc.subnets
                    .filter(
                      (s) =>
                        routeTableFor(ctx.world, { ...s, vpcId: vpc.id, defaultForAz: vpc.isDefault, availabilityZoneId: "" })?.id === t.id,
                    )
                    .map((s) => s.id);
                default:
                  return tagAttributes(t.tags, name);
              }
            }, filters),
        )
        .map((t) => t.id),
    );
    return { ...inputs, id: ctx.region, region: ctx.region, ids };
  },
  "aws:ec2/getInternetGateway:getInternetGateway": (ctx, inputs, token) => {
    const vpcFilter = filtersOf(inputs).find((f) => f.name === "attachment.vpc-id")?.values ?? [];
    const vpcs = ctx.world.vpcs.filter(
      (v) =>
        internetGatewayOf(v) &&
        (vpcFilter.length === 0 || vpcFilter.includes(v.id)) &&
        (str(inputs["internetGatewayId"]) === undefined || internetGatewayOf(v) === inputs["internetGatewayId"]),
    );
    const vpc = one(vpcs, token, inputs, "internet gateway", ctx.world);
    const id = internetGatewayOf(vpc)!;
    return {
      ...inputs,
      id,
      internetGatewayId: id,
      arn: arn(ctx, "ec2", `internet-gateway/${id}`),
      ownerId: ctx.accountId,
      region: ctx.region,
      tags: {},
      attachments: [{ state: "available", vpcId: vpc.id }],
    };
  },
  "aws:ec2/getSecurityGroup:getSecurityGroup": (ctx, inputs, token) => {
    const { vpc, group } = one(securityGroupsOf(ctx, inputs, token), token, inputs, "security group", ctx.world);
    return {
      ...inputs,
      id: group.id,
      arn: arn(ctx, "ec2", `security-group/${group.id}`),
      name: group.name,
      description: group.description,
      vpcId: vpc.id,
      region: ctx.region,
      tags: group.tags,
    };
  },
  "aws:ec2/getSecurityGroups:getSecurityGroups": (ctx, inputs, token) => {
    const hits = securityGroupsOf(ctx, inputs, token);
    return {
      ...inputs,
      id: ctx.region,
      region: ctx.region,
      ids: hits.map((h) => h.group.id),
      arns: hits.map((h) => arn(ctx, "ec2", `security-group/${h.group.id}`)),
      vpcIds: hits.map((h) => h.vpc.id),
    };
  },
  "aws:ec2/getAmi:getAmi": (ctx, inputs) => {
    const seed = sha256Hex(
      JSON.stringify(inputs["filters"] ?? []),
      JSON.stringify(inputs["owners"] ?? []),
      String(inputs["nameRegex"] ?? ""),
    );
    const id = `ami-${hexId(seed, 17)}`;
    return {
      ...inputs,
      id,
      imageId: id,
      arn: `arn:${ctx.partition}:ec2:${ctx.region}::image/${id}`,
      architecture: "x86_64",
      name: `mock-ami-${hexId(seed, 8)}`,
      ownerId: "137112412989",
      imageOwnerAlias: "amazon",
      platform: "",
      platformDetails: "Linux/UNIX",
      public: true,
      rootDeviceName: "/dev/xvda",
      rootDeviceType: "ebs",
      virtualizationType: "hvm",
      state: "available",
      creationDate: FIXED_DATE,
      description: "",
      hypervisor: "xen",
      imageType: "machine",
      blockDeviceMappings: [],
      productCodes: [],
      tags: {},
      enaSupport: true,
      bootMode: "",
      imdsSupport: "v2.0",
      region: ctx.region,
    };
  },
  "aws:acm/getCertificate:getCertificate": (ctx, inputs, token) => {
    const domain = str(inputs["domain"]) ?? (inputs["tags"] ? "tagged-certificate" : undefined);
    if (!domain) throw new UnmockedInvokeError(token, "it needs a domain (or tags) to pick a certificate", inputs);
    return {
      ...inputs,
      id: arn(ctx, "acm", `certificate/${uuid(`acm/${domain}`)}`),
      arn: arn(ctx, "acm", `certificate/${uuid(`acm/${domain}`)}`),
      domain,
      status: "ISSUED",
      certificate: "",
      certificateChain: "",
      region: ctx.region,
      tags: {},
    };
  },
  "aws:route53/getZone:getZone": (ctx, inputs, token) => {
    const name = str(inputs["name"]) ?? (str(inputs["zoneId"]) ? `zone-${String(inputs["zoneId"]).toLowerCase()}.example` : undefined);
    if (!name) throw new UnmockedInvokeError(token, "it needs a zone name or zoneId", inputs);
    const dotted = name.endsWith(".") ? name : `${name}.`;
    const zoneId = str(inputs["zoneId"]) ?? `Z${alnumId(`zone/${dotted}`, 20).toUpperCase()}`;
    const ns = [0, 1, 2, 3].map(
      (i) => `ns-${digitsId(`${zoneId}/${i}`, 3)}.awsdns-${digitsId(`${zoneId}/d${i}`, 2)}.${["com", "net", "org", "co.uk"][i]}`,
    );
    return {
      ...inputs,
      id: zoneId,
      zoneId,
      name: dotted,
      arn: `arn:${ctx.partition}:route53:::hostedzone/${zoneId}`,
      nameServers: ns,
      primaryNameServer: ns[0],
      privateZone: inputs["privateZone"] === true,
      comment: "",
      callerReference: uuid(zoneId),
      resourceRecordSetCount: 2,
      tags: {},
      linkedServiceDescription: "",
      linkedServicePrincipal: "",
    };
  },
  "aws:ecr/getRepository:getRepository": (ctx, inputs, token) => {
    const name =
      str(inputs["name"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the repository name", inputs);
      })();
    const registryId = str(inputs["registryId"]) ?? ctx.accountId;
    return {
      ...inputs,
      id: name,
      name,
      registryId,
      arn: arn(ctx, "ecr", `repository/${name}`),
      repositoryUrl: `${registryId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}/${name}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfigurations: [{ scanOnPush: true }],
      encryptionConfigurations: [{ encryptionType: "AES256", kmsKey: "" }],
      imageTagMutabilityExclusionFilters: [],
      mostRecentImageTags: ["latest"],
      region: ctx.region,
      tags: {},
    };
  },
  "aws:ecr/getImage:getImage": (ctx, inputs, token) => {
    const repo =
      str(inputs["repositoryName"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs repositoryName", inputs);
      })();
    const tag = str(inputs["imageTag"]) ?? "latest";
    const digest = str(inputs["imageDigest"]) ?? `sha256:${sha256Hex(`ecr/${repo}:${tag}`)}`;
    const registryId = str(inputs["registryId"]) ?? ctx.accountId;
    return {
      ...inputs,
      id: digest,
      imageDigest: digest,
      imageTags: [tag],
      imagePushedAt: 1704067200,
      imageSizeInBytes: 52428800,
      registryId,
      repositoryName: repo,
      imageUri: `${registryId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}/${repo}@${digest}`,
      region: ctx.region,
    };
  },
  "aws:iam/getRole:getRole": (ctx, inputs, token) => {
    const name =
      str(inputs["name"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the role name", inputs);
      })();
    // The embedded AWS cannot know an existing role's policies: an empty trust policy, never a made-up one.
    return {
      ...inputs,
      id: name,
      name,
      path: "/",
      arn: arn(ctx, "iam", `role/${name}`, ""),
      uniqueId: `AROA${alnumId(`role/${name}`, 17).toUpperCase()}`,
      assumeRolePolicy: EMPTY_POLICY,
      createDate: FIXED_DATE,
      description: "",
      maxSessionDuration: 3600,
      permissionsBoundary: "",
      roleLastUseds: [],
      tags: {},
    };
  },
  "aws:iam/getPolicy:getPolicy": (ctx, inputs, token) => {
    const givenArn = str(inputs["arn"]);
    const name =
      givenArn?.split("/").pop() ??
      str(inputs["name"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the policy arn or name", inputs);
      })();
    const policyArn = givenArn ?? arn(ctx, "iam", `policy${str(inputs["pathPrefix"]) ?? "/"}${name}`, "");
    return {
      ...inputs,
      id: policyArn,
      arn: policyArn,
      name,
      path: "/",
      policyId: `ANPA${alnumId(policyArn, 17).toUpperCase()}`,
      policy: EMPTY_POLICY,
      description: "",
      attachmentCount: 1,
      tags: {},
    };
  },
  "aws:ssm/getParameter:getParameter": (ctx, inputs, token) => {
    const name =
      str(inputs["name"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the parameter name", inputs);
      })();
    const value = `mock-ssm-${hexId(`ssm/${name}`, 16)}`;
    return {
      ...inputs,
      id: name,
      name,
      arn: arn(ctx, "ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`),
      type: "SecureString",
      value,
      insecureValue: value,
      version: 1,
      region: ctx.region,
    };
  },
  "aws:secretsmanager/getSecret:getSecret": (ctx, inputs, token) => {
    const name =
      str(inputs["name"]) ??
      str(inputs["arn"])
        ?.split(":secret:")[1]
        ?.replace(/-[A-Za-z0-9]{6}$/, "") ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the secret name or arn", inputs);
      })();
    const secretArn = str(inputs["arn"]) ?? arn(ctx, "secretsmanager", `secret:${name}-${alnumId(`secret/${name}`, 6)}`);
    return {
      ...inputs,
      id: secretArn,
      arn: secretArn,
      name,
      description: "",
      kmsKeyId: "",
      policy: "",
      createdDate: FIXED_DATE,
      lastChangedDate: FIXED_DATE,
      region: ctx.region,
      tags: {},
      type: "",
    };
  },
  "aws:secretsmanager/getSecretVersion:getSecretVersion": (ctx, inputs, token) => {
    const id =
      str(inputs["secretId"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs secretId", inputs);
      })();
    const secretArn = id.startsWith("arn:") ? id : arn(ctx, "secretsmanager", `secret:${id}-${alnumId(`secret/${id}`, 6)}`);
    const versionId = uuid(`version/${secretArn}`);
    return {
      ...inputs,
      id: `${secretArn}|${versionId}`,
      arn: secretArn,
      secretArn,
      secretId: id,
      versionId,
      versionStages: ["AWSCURRENT"],
      secretString: `mock-secret-${hexId(secretArn, 16)}`,
      secretBinary: "",
      createdDate: FIXED_DATE,
      region: ctx.region,
    };
  },
  "aws:kms/getKey:getKey": (ctx, inputs, token) => {
    const given =
      str(inputs["keyId"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs keyId", inputs);
      })();
    const keyId = /^[0-9a-f-]{36}$/.test(given) ? given : given.includes(":key/") ? given.split(":key/")[1] : uuid(`kms/${given}`);
    const aws = given.startsWith("alias/aws/");
    return {
      ...inputs,
      id: keyId,
      keyId,
      arn: arn(ctx, "kms", `key/${keyId}`),
      awsAccountId: ctx.accountId,
      enabled: true,
      keyManager: aws ? "AWS" : "CUSTOMER",
      keyState: "Enabled",
      keySpec: "SYMMETRIC_DEFAULT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      origin: "AWS_KMS",
      multiRegion: false,
      multiRegionConfigurations: [],
      creationDate: FIXED_DATE,
      deletionDate: "",
      description: "",
      expirationModel: "",
      validTo: "",
      cloudHsmClusterId: "",
      customKeyStoreId: "",
      pendingDeletionWindowInDays: 0,
      xksKeyConfigurations: [],
      region: ctx.region,
    };
  },
  "aws:kms/getAlias:getAlias": (ctx, inputs, token) => {
    const name =
      str(inputs["name"]) ??
      (() => {
        throw new UnmockedInvokeError(token, "it needs the alias name", inputs);
      })();
    const keyId = uuid(`kms/${name}`);
    return {
      ...inputs,
      id: arn(ctx, "kms", name),
      arn: arn(ctx, "kms", name),
      name,
      targetKeyId: keyId,
      targetKeyArn: arn(ctx, "kms", `key/${keyId}`),
      region: ctx.region,
    };
  },
};

/** State of an existing VPC, subnet or security group read with `Resource.get(name, id)`, if the world knows it. */
export function readExisting(ctx: LookupContext, type: string, id: string): Json | undefined {
  const strip = ({ filters: _filters, ...rest }: Json): Json => rest;
  switch (type) {
    case "aws:ec2/vpc:Vpc": {
      const vpc = ctx.world.vpcs.find((v) => v.id === id);
      if (!vpc) return undefined;
      const result = vpcResult(ctx, vpc, {});
      return strip({
        ...result,
        defaultRouteTableId: result["mainRouteTableId"],
        defaultSecurityGroupId: vpc.securityGroups.find((g) => g.name === "default")?.id ?? "",
      });
    }
    case "aws:ec2/subnet:Subnet": {
      const subnet = ctx.world.subnets.find((s) => s.id === id);
      return subnet ? strip(subnetResult(ctx, subnet, {})) : undefined;
    }
    case "aws:ec2/securityGroup:SecurityGroup": {
      const hit = ctx.world.vpcs.flatMap((vpc) => vpc.securityGroups.map((group) => ({ vpc, group }))).find((h) => h.group.id === id);
      return hit
        ? {
            id,
            arn: arn(ctx, "ec2", `security-group/${id}`),
            name: hit.group.name,
            description: hit.group.description,
            vpcId: hit.vpc.id,
            ownerId: ctx.accountId,
            tags: hit.group.tags,
          }
        : undefined;
    }
    default:
      return undefined;
  }
}
