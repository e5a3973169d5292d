/**
 * Computed attributes of resources programs commonly create and read, in AWS's shapes: raw EC2 networking
 * (`vpc-…`, `subnet-…`, `igw-…`, `nat-…`, `rtb-…`, `eipalloc-…`), RDS endpoints and managed master-user
 * secrets, Secrets Manager / SSM / KMS / ACM / Route 53 / S3 / ElastiCache identifiers.
 */
import { AwsContext, arn } from "./context";
import { alnumId, digitsId, hexId, physicalName } from "./ids";
import type { ResourceAnswer, ResourceRequest } from "./resources";

type Handler = (ctx: AwsContext, req: ResourceRequest) => ResourceAnswer;
const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const uuid = (seed: string): string => hexId(seed, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

/** An EC2 resource whose id is `<prefix>-<17 hex>` and whose ARN is `…:ec2:<region>:<account>:<kind>/<id>`. */
const ec2 =
  (
    prefix: string,
    kind: string,
    extra: (id: string, ctx: AwsContext, req: ResourceRequest) => Record<string, unknown> = () => ({}),
  ): Handler =>
  (ctx, req) => {
    const id = `${prefix}-${hexId(req.seed, 17)}`;
    return { id, outputs: { arn: arn(ctx, "ec2", `${kind}/${id}`), ownerId: ctx.accountId, ...extra(id, ctx, req) } };
  };

/** RDS: `<identifier>.<12 alnum>.<region>.rds.amazonaws.com`, port by engine, managed master secret when asked. */
function rdsEndpoint(ctx: AwsContext, req: ResourceRequest, kind: "db" | "cluster"): ResourceAnswer {
  const identifier =
    str(req.inputs[kind === "db" ? "identifier" : "clusterIdentifier"]) ??
    physicalName({}, req.name, req.seed, { maxLength: 63, lowercase: true });
  const engine = str(req.inputs["engine"]) ?? "postgres";
  const port = typeof req.inputs["port"] === "number" ? req.inputs["port"] : /mysql|maria|aurora(?!-postgres)/.test(engine) ? 3306 : 5432;
  const host = `${identifier}.${alnumId(`${ctx.accountId}/${ctx.region}`, 12)}.${ctx.region}.rds.${ctx.dnsSuffix}`;
  const resourceArn = arn(ctx, "rds", `${kind}:${identifier}`);
  const managed = req.inputs["manageMasterUserPassword"] === true;
  const secret = managed
    ? [
        {
          secretArn: arn(ctx, "secretsmanager", `secret:rds!${kind}-${uuid(req.seed)}-${alnumId(`${req.seed}/s`, 6)}`),
          secretStatus: "active",
          kmsKeyId: arn(ctx, "kms", `key/${uuid(`${req.seed}/kms`)}`),
        },
      ]
    : [];
  const common = {
    arn: resourceArn,
    port,
    engine,
    masterUserSecrets: secret,
    hostedZoneId: `Z${hexId(`rds/${ctx.region}`, 13).toUpperCase()}`,
    resourceId: `${kind}-${alnumId(req.seed, 26).toUpperCase()}`,
  };
  if (kind === "db") {
    return { id: identifier, outputs: { ...common, identifier, address: host, endpoint: `${host}:${port}`, dbInstanceArn: resourceArn } };
  }
  const readerHost = host.replace(`${identifier}.`, `${identifier}.cluster-ro-`);
  return {
    id: identifier,
    outputs: {
      ...common,
      clusterIdentifier: identifier,
      endpoint: host.replace(`${identifier}.`, `${identifier}.cluster-`),
      readerEndpoint: readerHost,
      clusterResourceId: common.resourceId,
    },
  };
}

function secret(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 512 });
  const secretArn = arn(ctx, "secretsmanager", `secret:${name}-${alnumId(req.seed, 6)}`);
  return { id: secretArn, outputs: { arn: secretArn, name } };
}

function kmsKey(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const keyId = uuid(req.seed);
  return { id: keyId, outputs: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
}

function certificate(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const certArn = arn(ctx, "acm", `certificate/${uuid(req.seed)}`);
  const domain = str(req.inputs["domainName"]) ?? "example.com";
  const names = [
    domain,
    ...(Array.isArray(req.inputs["subjectAlternativeNames"]) ? req.inputs["subjectAlternativeNames"].map(String) : []),
  ];
  return {
    id: certArn,
    outputs: {
      arn: certArn,
      status: "ISSUED",
      domainValidationOptions: names.map((name) => ({
        domainName: name,
        resourceRecordName: `_${hexId(`${req.seed}/${name}`, 32)}.${name}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_${hexId(`${req.seed}/${name}/v`, 32)}.acm-validations.aws.`,
      })),
    },
  };
}

function zone(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const zoneId = `Z${alnumId(req.seed, 20).toUpperCase()}`;
  const nameServers = [0, 1, 2, 3].map(
    (i) => `ns-${digitsId(`${req.seed}/${i}`, 3)}.awsdns-${digitsId(`${req.seed}/d${i}`, 2)}.${["com", "net", "org", "co.uk"][i]}`,
  );
  return { id: zoneId, outputs: { zoneId, nameServers, arn: `arn:aws:route53:::hostedzone/${zoneId}` } };
}

function record(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = str(req.inputs["name"]) ?? req.name;
  return { id: `${str(req.inputs["zoneId"]) ?? "Z"}_${name}_${str(req.inputs["type"]) ?? "A"}`, outputs: { fqdn: name } };
}

function bucket(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name =
    str(req.inputs["bucket"]) ??
    physicalName({ name: undefined, namePrefix: req.inputs["bucketPrefix"] }, req.name, req.seed, { maxLength: 63, lowercase: true });
  return {
    id: name,
    outputs: {
      bucket: name,
      arn: `arn:${ctx.partition}:s3:::${name}`,
      bucketDomainName: `${name}.s3.${ctx.dnsSuffix}`,
      bucketRegionalDomainName: `${name}.s3.${ctx.region}.${ctx.dnsSuffix}`,
      hostedZoneId: `Z${hexId(`s3/${ctx.region}`, 13).toUpperCase()}`,
      region: ctx.region,
    },
  };
}

function ssmParameter(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = str(req.inputs["name"]) ?? req.name;
  return { id: name, outputs: { name, arn: arn(ctx, "ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`), version: 1 } };
}

function replicationGroup(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = str(req.inputs["replicationGroupId"]) ?? physicalName({}, req.name, req.seed, { maxLength: 40, lowercase: true });
  const host = `${id}.${alnumId(req.seed, 6)}.ng.0001.${ctx.region.replace(/-/g, "").slice(0, 6)}.cache.${ctx.dnsSuffix}`;
  return {
    id,
    outputs: {
      arn: arn(ctx, "elasticache", `replicationgroup:${id}`),
      primaryEndpointAddress: `master.${host}`,
      readerEndpointAddress: `replica.${host}`,
      configurationEndpointAddress: "",
    },
  };
}

export const MORE_RESOURCE_HANDLERS: Readonly<Record<string, Handler>> = {
  "aws:ec2/vpc:Vpc": ec2("vpc", "vpc", (id, _ctx, req) => ({
    defaultRouteTableId: `rtb-${hexId(`${req.seed}/main`, 17)}`,
    mainRouteTableId: `rtb-${hexId(`${req.seed}/main`, 17)}`,
    defaultSecurityGroupId: `sg-${hexId(`${req.seed}/default`, 17)}`,
    defaultNetworkAclId: `acl-${hexId(`${req.seed}/acl`, 17)}`,
    dhcpOptionsId: `dopt-${hexId(`${id}/dopt`, 17)}`,
  })),
  "aws:ec2/subnet:Subnet": ec2("subnet", "subnet"),
  "aws:ec2/internetGateway:InternetGateway": ec2("igw", "internet-gateway"),
  "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway": ec2("eigw", "egress-only-internet-gateway"),
  "aws:ec2/natGateway:NatGateway": ec2("nat", "natgateway", (id, _ctx, req) => ({
    networkInterfaceId: `eni-${hexId(`${req.seed}/eni`, 17)}`,
    publicIp:
      req.inputs["connectivityType"] === "private"
        ? ""
        : `3.${Number.parseInt(id.slice(4, 6), 16)}.${Number.parseInt(id.slice(6, 8), 16)}.${Number.parseInt(id.slice(8, 10), 16)}`,
  })),
  "aws:ec2/eip:Eip": ec2("eipalloc", "elastic-ip", (id) => ({
    allocationId: id,
    publicIp: `54.${Number.parseInt(id.slice(9, 11), 16)}.${Number.parseInt(id.slice(11, 13), 16)}.${Number.parseInt(id.slice(13, 15), 16)}`,
  })),
  "aws:ec2/routeTable:RouteTable": ec2("rtb", "route-table"),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (_ctx, req) => ({ id: `rtbassoc-${hexId(req.seed, 17)}`, outputs: {} }),
  "aws:ec2/route:Route": (_ctx, req) => ({
    id: `r-${str(req.inputs["routeTableId"]) ?? "rtb"}${digitsId(req.seed, 10)}`,
    outputs: { state: "active", origin: "CreateRoute" },
  }),
  "aws:rds/instance:Instance": (ctx, req) => rdsEndpoint(ctx, req, "db"),
  "aws:rds/cluster:Cluster": (ctx, req) => rdsEndpoint(ctx, req, "cluster"),
  "aws:rds/subnetGroup:SubnetGroup": (ctx, req) => {
    const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 255, lowercase: true });
    return { id: name, outputs: { name, arn: arn(ctx, "rds", `subgrp:${name}`) } };
  },
  "aws:secretsmanager/secret:Secret": secret,
  "aws:secretsmanager/secretVersion:SecretVersion": (_ctx, req) => {
    const versionId = uuid(req.seed);
    return {
      id: `${str(req.inputs["secretId"]) ?? ""}|${versionId}`,
      outputs: { versionId, arn: str(req.inputs["secretId"]) ?? "", versionStages: ["AWSCURRENT"] },
    };
  },
  "aws:ssm/parameter:Parameter": ssmParameter,
  "aws:kms/key:Key": kmsKey,
  "aws:kms/alias:Alias": (ctx, req) => {
    const name = str(req.inputs["name"]) ?? `alias/${req.name}`;
    return {
      id: name,
      outputs: {
        name,
        arn: arn(ctx, "kms", name),
        targetKeyArn: arn(ctx, "kms", `key/${str(req.inputs["targetKeyId"]) ?? uuid(req.seed)}`),
      },
    };
  },
  "aws:acm/certificate:Certificate": certificate,
  "aws:acm/certificateValidation:CertificateValidation": (_ctx, req) => ({
    id: str(req.inputs["certificateArn"]) ?? req.name,
    outputs: {},
  }),
  "aws:route53/zone:Zone": zone,
  "aws:route53/record:Record": record,
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketV2:BucketV2": bucket,
  "aws:elasticache/replicationGroup:ReplicationGroup": replicationGroup,
};
