/**
 * What the mock AWS answers when a resource is created: the id and the outputs the real provider would
 * return (all inputs echoed back, plus the computed attributes: ARNs, generated names, DNS names, digests).
 */
import { AwsContext, arn } from "./context";
import { alnumId, canonicalJson, digitsId, hexId, physicalName, sha256Hex } from "./ids";

export type Inputs = Record<string, unknown>;

/** One resource registration, as the mock sees it. */
export interface ResourceRequest {
  type: string;
  name: string;
  inputs: Inputs;
  /** Stable seed for generated ids (type + logical name). */
  seed: string;
}

/** The provider's answer: physical id and computed outputs (merged over the echoed inputs by the caller). */
export interface ResourceAnswer {
  id: string;
  outputs: Inputs;
}

type Handler = (ctx: AwsContext, req: ResourceRequest) => ResourceAnswer;

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The last path segment of an ARN-ish string (`.../cluster/name` → `name`). */
const lastSegment = (value: unknown): string | undefined => str(value)?.split("/").pop();

function securityGroup(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `sg-${hexId(req.seed, 17)}`;
  return {
    id,
    outputs: {
      arn: arn(ctx, "ec2", `security-group/${id}`),
      name: physicalName(req.inputs, req.name, req.seed, { maxLength: 255 }),
      ownerId: ctx.accountId,
      ingress: req.inputs["ingress"] ?? [],
      egress: req.inputs["egress"] ?? [],
    },
  };
}

function securityGroupRule(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `sgr-${hexId(req.seed, 17)}`;
  return { id, outputs: { arn: arn(ctx, "ec2", `security-group-rule/${id}`), securityGroupRuleId: id } };
}

function vpcEndpoint(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `vpce-${hexId(req.seed, 17)}`;
  const service = str(req.inputs["serviceName"]) ?? "";
  const isGateway = req.inputs["vpcEndpointType"] === "Gateway";
  const subnets = Array.isArray(req.inputs["subnetIds"]) ? req.inputs["subnetIds"] : [];
  return {
    id,
    outputs: {
      arn: arn(ctx, "ec2", `vpc-endpoint/${id}`),
      ownerId: ctx.accountId,
      state: "available",
      prefixListId: isGateway ? `pl-${hexId(service, 8)}` : undefined,
      networkInterfaceIds: isGateway ? [] : subnets.map((_, i) => `eni-${hexId(`${req.seed}/${i}`, 17)}`),
      dnsEntries: isGateway
        ? []
        : [
            {
              dnsName: `${id}-${alnumId(req.seed, 8)}.${service.split(".").slice(-1)[0]}.${ctx.region}.vpce.${ctx.dnsSuffix}`,
              hostedZoneId: `Z${hexId(service, 13).toUpperCase()}`,
            },
          ],
    },
  };
}

function ecsCluster(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 255 });
  const clusterArn = arn(ctx, "ecs", `cluster/${name}`);
  return { id: clusterArn, outputs: { arn: clusterArn, name } };
}

function clusterCapacityProviders(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  return { id: str(req.inputs["clusterName"]) ?? req.name, outputs: {} };
}

/** ALBs and NLBs: `arn:…:loadbalancer/app/<name>/<16 hex>`, DNS `<name>-<digits>.<region>.elb.amazonaws.com`. */
function loadBalancer(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 32 });
  const kind = req.inputs["loadBalancerType"] === "network" ? "net" : "app";
  const suffix = `${kind}/${name}/${hexId(req.seed, 16)}`;
  const internal = req.inputs["internal"] === true ? "internal-" : "";
  const lbArn = arn(ctx, "elasticloadbalancing", `loadbalancer/${suffix}`);
  return {
    id: lbArn,
    outputs: {
      arn: lbArn,
      arnSuffix: suffix,
      name,
      dnsName: `${internal}${name}-${digitsId(req.seed, 10)}.${ctx.region}.elb.${ctx.dnsSuffix}`,
      zoneId: `Z${hexId(`${ctx.region}/${kind}`, 13).toUpperCase()}`,
      vpcId: `vpc-${hexId(`${req.seed}/vpc`, 17)}`,
    },
  };
}

/** A listener ARN nests under its load balancer's: `listener/app/<lb>/<lb id>/<16 hex>`. */
function listener(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const parent = str(req.inputs["loadBalancerArn"])?.split(":loadbalancer/")[1] ?? `app/${req.name}/${hexId(`${req.seed}/lb`, 16)}`;
  const listenerArn = arn(ctx, "elasticloadbalancing", `listener/${parent}/${hexId(req.seed, 16)}`);
  return { id: listenerArn, outputs: { arn: listenerArn } };
}

function listenerRule(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const parent =
    str(req.inputs["listenerArn"])?.split(":listener/")[1] ??
    `app/${req.name}/${hexId(`${req.seed}/lb`, 16)}/${hexId(`${req.seed}/l`, 16)}`;
  const ruleArn = arn(ctx, "elasticloadbalancing", `listener-rule/${parent}/${hexId(req.seed, 16)}`);
  return { id: ruleArn, outputs: { arn: ruleArn } };
}

function targetGroup(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 32 });
  const suffix = `targetgroup/${name}/${hexId(req.seed, 16)}`;
  const tgArn = arn(ctx, "elasticloadbalancing", suffix);
  return { id: tgArn, outputs: { arn: tgArn, arnSuffix: suffix, name } };
}

function privateDnsNamespace(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `ns-${alnumId(req.seed, 16)}`;
  return { id, outputs: { arn: arn(ctx, "servicediscovery", `namespace/${id}`), hostedZone: `Z${hexId(req.seed, 20).toUpperCase()}` } };
}

/** An HTTP namespace (API-only discovery, the usual Service Connect namespace): ids and ARNs like the DNS ones. */
function httpNamespace(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `ns-${alnumId(req.seed, 16)}`;
  return { id, outputs: { arn: arn(ctx, "servicediscovery", `namespace/${id}`), httpName: str(req.inputs["name"]) ?? req.name } };
}

function discoveryService(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `srv-${alnumId(req.seed, 16)}`;
  return { id, outputs: { arn: arn(ctx, "servicediscovery", `service/${id}`), name: physicalName(req.inputs, req.name, req.seed) } };
}

function ecrRepository(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { lowercase: true, maxLength: 256 });
  return {
    id: name,
    outputs: {
      name,
      arn: arn(ctx, "ecr", `repository/${name}`),
      registryId: ctx.accountId,
      repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.${ctx.dnsSuffix}/${name}`,
    },
  };
}

function ecrLifecyclePolicy(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  return { id: str(req.inputs["repository"]) ?? req.name, outputs: { registryId: ctx.accountId } };
}

/**
 * A pushed image is pinned by a digest of what was built: `<repository>@sha256:<hash of the build inputs>`.
 * The registry password is left out of the hash so a rotated token does not change the digest.
 */
function dockerImage(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const imageName = str(req.inputs["imageName"]) ?? req.name;
  const repository = imageName.replace(/(@sha256:[0-9a-f]+|:[^/:]+)$/, "");
  const { registry: _registry, ...built } = req.inputs;
  const repoDigest = `${repository}@sha256:${sha256Hex(canonicalJson(built))}`;
  return {
    id: repoDigest,
    outputs: { imageName, baseImageName: imageName, repoDigest, registryServer: repository.split("/")[0] },
  };
}

/** `docker-build:index:Image`: the newer build provider answers with `digest` and `ref`. */
function dockerBuildImage(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const tags = Array.isArray(req.inputs["tags"]) ? req.inputs["tags"].map(String) : [req.name];
  const repository = (tags[0] ?? req.name).replace(/:[^/:]+$/, "");
  const digest = `sha256:${sha256Hex(canonicalJson({ ...req.inputs, registries: undefined }))}`;
  return { id: digest, outputs: { digest, ref: `${repository}@${digest}` } };
}

function logGroup(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 512 });
  return { id: name, outputs: { name, arn: arn(ctx, "logs", `log-group:${name}`), retentionInDays: req.inputs["retentionInDays"] ?? 0 } };
}

function iamRole(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 64 });
  const path = str(req.inputs["path"]) ?? "/";
  return {
    id: name,
    outputs: { name, path, arn: arn(ctx, "iam", `role${path}${name}`, ""), uniqueId: `AROA${alnumId(req.seed, 17).toUpperCase()}` },
  };
}

function iamPolicy(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 128 });
  const policyArn = arn(ctx, "iam", `policy${str(req.inputs["path"]) ?? "/"}${name}`, "");
  return { id: policyArn, outputs: { name, arn: policyArn, policyId: `ANPA${alnumId(req.seed, 17).toUpperCase()}` } };
}

function iamRolePolicy(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 128 });
  return { id: `${str(req.inputs["role"]) ?? ""}:${name}`, outputs: { name } };
}

function iamRolePolicyAttachment(_ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  return { id: `${str(req.inputs["role"]) ?? ""}-${hexId(req.seed, 26)}`, outputs: {} };
}

/** Task definitions are revisioned: the ARN ends in `:<revision>`, the first registration being revision 1. */
function taskDefinition(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const family = str(req.inputs["family"]) ?? req.name;
  const revision = 1;
  const withoutRevision = arn(ctx, "ecs", `task-definition/${family}`);
  return { id: family, outputs: { arn: `${withoutRevision}:${revision}`, arnWithoutRevision: withoutRevision, revision } };
}

function ecsService(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 255 });
  const cluster = lastSegment(req.inputs["cluster"]) ?? "default";
  const serviceArn = arn(ctx, "ecs", `service/${cluster}/${name}`);
  return { id: serviceArn, outputs: { name, arn: serviceArn } };
}

function scalableTarget(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const resourceId = str(req.inputs["resourceId"]) ?? req.name;
  return { id: resourceId, outputs: { arn: arn(ctx, "application-autoscaling", `scalable-target/${hexId(req.seed, 32)}`) } };
}

function scalingPolicy(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const name = physicalName(req.inputs, req.name, req.seed, { maxLength: 256 });
  const uuid = hexId(req.seed, 32).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  const resourceId = str(req.inputs["resourceId"]) ?? "";
  return { id: name, outputs: { name, arn: arn(ctx, "autoscaling", `scalingPolicy:${uuid}:resource/${resourceId}:policyName/${name}`) } };
}

/** Resource answers by type token. `aws:lb/*` and its legacy alias `aws:alb/*` answer alike. */
export const RESOURCE_HANDLERS: Readonly<Record<string, Handler>> = {
  "aws:ec2/securityGroup:SecurityGroup": securityGroup,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": securityGroupRule,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": securityGroupRule,
  "aws:ec2/securityGroupRule:SecurityGroupRule": securityGroupRule,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:ecs/cluster:Cluster": ecsCluster,
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": clusterCapacityProviders,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:lb/listener:Listener": listener,
  "aws:alb/listener:Listener": listener,
  "aws:lb/listenerRule:ListenerRule": listenerRule,
  "aws:alb/listenerRule:ListenerRule": listenerRule,
  "aws:lb/targetGroup:TargetGroup": targetGroup,
  "aws:alb/targetGroup:TargetGroup": targetGroup,
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": privateDnsNamespace,
  "aws:servicediscovery/httpNamespace:HttpNamespace": httpNamespace,
  "aws:servicediscovery/service:Service": discoveryService,
  "aws:ecr/repository:Repository": ecrRepository,
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": ecrLifecyclePolicy,
  "docker:index/image:Image": dockerImage,
  "docker-build:index:Image": dockerBuildImage,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:iam/role:Role": iamRole,
  "aws:iam/policy:Policy": iamPolicy,
  "aws:iam/rolePolicy:RolePolicy": iamRolePolicy,
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": iamRolePolicyAttachment,
  "aws:ecs/taskDefinition:TaskDefinition": taskDefinition,
  "aws:ecs/service:Service": ecsService,
  "aws:appautoscaling/target:Target": scalableTarget,
  "aws:appautoscaling/policy:Policy": scalingPolicy,
};

/**
 * Any other type: an id from the name, and for `aws:` types an ARN from the token's service module
 * (`aws:sqs/queue:Queue` → `arn:aws:sqs:<region>:<account>:queue/<name>`).
 */
export function genericAnswer(ctx: AwsContext, req: ResourceRequest): ResourceAnswer {
  const id = `${req.name}-${hexId(req.seed, 8)}`;
  const match = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(req.type);
  if (!match) return { id, outputs: {} };
  const [, service, kind] = match;
  return { id, outputs: { arn: arn(ctx, service.toLowerCase(), `${kind}/${id}`) } };
}
