/** What the mock AWS answers to the provider functions (invokes) a program calls. */
import { AwsContext, arn, availabilityZones } from "./context";
import { alnumId, canonicalJson, hexId, sha256Hex } from "./ids";
import { renderPolicyDocument } from "./policy-document";

type Json = Record<string, unknown>;
type InvokeHandler = (ctx: AwsContext, inputs: Json) => Json;

/** A fixed, far-future expiry: answers must not depend on the clock. */
const TOKEN_EXPIRY = "2099-01-01T00:00:00Z";

export const INVOKE_HANDLERS: Readonly<Record<string, InvokeHandler>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": (ctx) => ({
    id: ctx.accountId,
    accountId: ctx.accountId,
    arn: arn(ctx, "iam", "user/dockyard-preview", ""),
    userId: `AIDA${alnumId(ctx.accountId, 17).toUpperCase()}`,
  }),
  "aws:index/getRegion:getRegion": (ctx) => ({
    id: ctx.region,
    name: ctx.region,
    region: ctx.region,
    endpoint: `ec2.${ctx.region}.${ctx.dnsSuffix}`,
    description: ctx.region,
  }),
  "aws:index/getPartition:getPartition": (ctx) => ({
    id: ctx.partition,
    partition: ctx.partition,
    dnsSuffix: ctx.dnsSuffix,
    reverseDnsPrefix: ctx.dnsSuffix.split(".").reverse().join("."),
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (ctx) => {
    const { names, zoneIds } = availabilityZones(ctx.region);
    return { id: ctx.region, names, zoneIds, groupNames: [ctx.region], state: "available" };
  },
  "aws:ecr/getAuthorizationToken:getAuthorizationToken": (ctx, inputs) => {
    const password = `mock-ecr-token-${hexId(`${ctx.accountId}/${ctx.region}`, 32)}`;
    const registryId = typeof inputs["registryId"] === "string" ? inputs["registryId"] : ctx.accountId;
    return {
      id: ctx.region,
      registryId,
      userName: "AWS",
      password,
      authorizationToken: Buffer.from(`AWS:${password}`).toString("base64"),
      proxyEndpoint: `https://${registryId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}`,
      expiresAt: TOKEN_EXPIRY,
    };
  },
  // Added by core (VPC endpoints): one route table per subnet named in an `association.subnet-id` filter.
  "aws:ec2/getRouteTables:getRouteTables": (ctx, inputs) => {
    const filters = Array.isArray(inputs["filters"]) ? (inputs["filters"] as Json[]) : [];
    const subnets = filters
      .filter((f) => f["name"] === "association.subnet-id")
      .flatMap((f) => (Array.isArray(f["values"]) ? f["values"].map(String) : []));
    const vpcId = typeof inputs["vpcId"] === "string" ? inputs["vpcId"] : "";
    return { id: ctx.region, vpcId, ids: subnets.map((subnet) => `rtb-${hexId(subnet, 17)}`), filters };
  },
  "aws:iam/getPolicyDocument:getPolicyDocument": (_ctx, inputs) => {
    const rendered = renderPolicyDocument(inputs);
    return { ...inputs, id: sha256Hex(canonicalJson(inputs)).slice(0, 10), ...rendered };
  },
};
