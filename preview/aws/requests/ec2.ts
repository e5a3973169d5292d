/**
 * Security groups and their rules (inline, `aws:ec2/securityGroupRule`, `aws:vpc/securityGroup*Rule`), VPC
 * endpoints, VPCs and subnets → CreateSecurityGroup, AuthorizeSecurityGroupIngress/Egress, CreateVpcEndpoint,
 * CreateVpc, CreateSubnet.
 */
import type { CapturedResource } from "../../../policy/engine/types";
import { Inputs, Mapped, params, physicalName, policyText, tagSpecifications } from "./reader";

type Direction = "Ingress" | "Egress";

/** The group's own id where a rule says `self: true` (known once the group exists: the mock's output id). */
function permission(rule: Inputs, selfGroupId: unknown): Record<string, unknown> {
  const description = rule.get("description");
  const cidrs = rule.get("cidrBlocks");
  const ipv6 = rule.get("ipv6CidrBlocks");
  const prefixLists = rule.get("prefixListIds");
  const groups = rule.get("securityGroups") ?? rule.get("sourceSecurityGroupId");
  const self = rule.get("self");
  const groupIds = [...(Array.isArray(groups) ? groups : groups !== undefined ? [groups] : []), ...(self === true ? [selfGroupId] : [])];
  const list = (values: unknown, key: string) =>
    Array.isArray(values) && values.length > 0 ? values.map((v) => params({ [key]: v, Description: description })) : undefined;
  return params({
    IpProtocol: rule.get("protocol"),
    FromPort: rule.get("fromPort"),
    ToPort: rule.get("toPort"),
    IpRanges: list(cidrs, "CidrIp"),
    Ipv6Ranges: list(ipv6, "CidrIpv6"),
    PrefixListIds: list(prefixLists, "PrefixListId"),
    UserIdGroupPairs: groupIds.length > 0 ? groupIds.map((id) => params({ GroupId: id, Description: description })) : undefined,
  });
}

const authorize = (direction: Direction, groupId: unknown, permissions: Record<string, unknown>[], tags?: unknown) => ({
  service: "ec2" as const,
  operation: `AuthorizeSecurityGroup${direction}`,
  params: params({ GroupId: groupId, IpPermissions: permissions, TagSpecifications: tagSpecifications(tags, "security-group-rule") }),
});

/** The group id the provider gets back from CreateSecurityGroup (the capture has the ARN, which ends in it). */
const groupId = (r: CapturedResource): unknown =>
  r.outputs["id"] ?? (typeof r.outputs["arn"] === "string" ? r.outputs["arn"].split("/").pop() : undefined);

export function securityGroup(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("revokeRulesOnDelete");
  const id = groupId(r);
  out.requests.push({
    service: "ec2",
    operation: "CreateSecurityGroup",
    params: params({
      GroupName: physicalName(inputs, r),
      // The provider's default description.
      Description: inputs.get("description") ?? "Managed by Pulumi",
      VpcId: inputs.get("vpcId"),
      TagSpecifications: tagSpecifications(inputs.get("tags"), "security-group"),
    }),
  });
  for (const direction of ["Ingress", "Egress"] as const) {
    const rules = inputs.list(direction.toLowerCase()) ?? [];
    if (rules.length > 0)
      out.requests.push(
        authorize(
          direction,
          id,
          rules.map((rule) => permission(rule, id)),
        ),
      );
  }
}

export function securityGroupRule(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const type = inputs.get("type");
  const groupId = inputs.get("securityGroupId");
  if (type !== "ingress" && type !== "egress") {
    out.notChecked.push(`type ${JSON.stringify(type)} is neither "ingress" nor "egress": no request to check`);
    inputs.local(...Object.keys(inputs.values));
    return;
  }
  out.requests.push(authorize(type === "ingress" ? "Ingress" : "Egress", groupId, [permission(inputs, groupId)]));
}

/** `aws:vpc/securityGroupIngressRule` / `EgressRule`: one permission with one source. */
const vpcRule = (direction: Direction) =>
  function (inputs: Inputs, _r: CapturedResource, out: Mapped): void {
    const description = inputs.get("description");
    const one = (key: string, member: string) => {
      const value = inputs.get(key);
      return value === undefined ? undefined : [params({ [member]: value, Description: description })];
    };
    const permission = params({
      IpProtocol: inputs.get("ipProtocol"),
      FromPort: inputs.get("fromPort"),
      ToPort: inputs.get("toPort"),
      IpRanges: one("cidrIpv4", "CidrIp"),
      Ipv6Ranges: one("cidrIpv6", "CidrIpv6"),
      PrefixListIds: one("prefixListId", "PrefixListId"),
      UserIdGroupPairs: one("referencedSecurityGroupId", "GroupId"),
    });
    out.requests.push(authorize(direction, inputs.get("securityGroupId"), [permission], inputs.get("tags")));
  };

export const securityGroupIngressRule = vpcRule("Ingress");
export const securityGroupEgressRule = vpcRule("Egress");

export function vpcEndpoint(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  inputs.local("autoAccept");
  const dns = inputs.object("dnsOptions");
  const policy = policyText(inputs.get("policy"));
  out.requests.push({
    service: "ec2",
    operation: "CreateVpcEndpoint",
    params: params({
      VpcId: inputs.get("vpcId"),
      ServiceName: inputs.get("serviceName"),
      ServiceRegion: inputs.get("serviceRegion"),
      VpcEndpointType: inputs.get("vpcEndpointType"),
      PolicyDocument: policy,
      PrivateDnsEnabled: inputs.get("privateDnsEnabled"),
      RouteTableIds: inputs.get("routeTableIds"),
      SubnetIds: inputs.get("subnetIds"),
      SecurityGroupIds: inputs.get("securityGroupIds"),
      IpAddressType: inputs.get("ipAddressType"),
      ResourceConfigurationArn: inputs.get("resourceConfigurationArn"),
      ServiceNetworkArn: inputs.get("serviceNetworkArn"),
      DnsOptions: dns
        ? params({
            DnsRecordIpType: dns.get("dnsRecordIpType"),
            PrivateDnsOnlyForInboundResolverEndpoint: dns.get("privateDnsOnlyForInboundResolverEndpoint"),
          })
        : undefined,
      TagSpecifications: tagSpecifications(inputs.get("tags"), "vpc-endpoint"),
    }),
  });
  if (policy !== undefined) out.policies.push({ kind: "resource", input: "policy", document: policy });
}

/** Inputs the provider applies with calls outside the shipped models (ModifyVpcAttribute, ModifySubnetAttribute). */
function sentElsewhere(inputs: Inputs, out: Mapped, call: string, keys: string[]): void {
  for (const key of keys) {
    if (inputs.get(key) !== undefined) out.notChecked.push(`${key} is sent with ${call}, which the shipped models do not cover`);
  }
}

export function vpc(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  out.requests.push({
    service: "ec2",
    operation: "CreateVpc",
    params: params({
      CidrBlock: inputs.get("cidrBlock"),
      InstanceTenancy: inputs.get("instanceTenancy"),
      Ipv4IpamPoolId: inputs.get("ipv4IpamPoolId"),
      Ipv4NetmaskLength: inputs.get("ipv4NetmaskLength"),
      Ipv6CidrBlock: inputs.get("ipv6CidrBlock"),
      Ipv6IpamPoolId: inputs.get("ipv6IpamPoolId"),
      Ipv6NetmaskLength: inputs.get("ipv6NetmaskLength"),
      Ipv6CidrBlockNetworkBorderGroup: inputs.get("ipv6CidrBlockNetworkBorderGroup"),
      AmazonProvidedIpv6CidrBlock: inputs.get("assignGeneratedIpv6CidrBlock"),
      TagSpecifications: tagSpecifications(inputs.get("tags"), "vpc"),
    }),
  });
  sentElsewhere(inputs, out, "ModifyVpcAttribute", ["enableDnsHostnames", "enableDnsSupport", "enableNetworkAddressUsageMetrics"]);
}

export function subnet(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  out.requests.push({
    service: "ec2",
    operation: "CreateSubnet",
    params: params({
      VpcId: inputs.get("vpcId"),
      CidrBlock: inputs.get("cidrBlock"),
      AvailabilityZone: inputs.get("availabilityZone"),
      AvailabilityZoneId: inputs.get("availabilityZoneId"),
      Ipv6CidrBlock: inputs.get("ipv6CidrBlock"),
      Ipv6Native: inputs.get("ipv6Native"),
      OutpostArn: inputs.get("outpostArn"),
      TagSpecifications: tagSpecifications(inputs.get("tags"), "subnet"),
    }),
  });
  sentElsewhere(inputs, out, "ModifySubnetAttribute", [
    "mapPublicIpOnLaunch",
    "assignIpv6AddressOnCreation",
    "enableDns64",
    "enableResourceNameDnsARecordOnLaunch",
    "enableResourceNameDnsAaaaRecordOnLaunch",
    "privateDnsHostnameTypeOnLaunch",
    "mapCustomerOwnedIpOnLaunch",
    "customerOwnedIpv4Pool",
    "enableLniAtDeviceIndex",
  ]);
}
