/**
 * The components as the multi-language provider serves them: the package's own `Platform` and `FargateService`
 * (same type tokens, same children, same validation), taking the provider-facing inputs of ./inputs.ts. Each
 * class extends the package's class seen as a plain `ComponentResource` (Pulumi's schema analyzer recognises a
 * component by its direct base class), maps its inputs onto the package's args, and declares the outputs the
 * schema lists (`declare`: no runtime field, the package's constructor sets them).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ComponentArgsError,
  FargateService as PackageFargateService,
  Platform as PackagePlatform,
  type CapacityProviderStrategyItem,
  type FargateServiceArgs,
  type PlatformArgs,
  type PlatformRef,
} from "../index";
import type { FargateServiceInputs, PlatformAttachment, PlatformInputs, ServiceImage } from "./inputs";

export type * from "./inputs";

/** The schema's package name: type tokens are `dockyard:index:<Component>`. */
export const PROVIDER_NAME = "dockyard";

type Constructor<A> = new (name: string, args: A, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
const PlatformBase: Constructor<PlatformArgs> = PackagePlatform;
const FargateServiceBase: Constructor<FargateServiceArgs> = PackageFargateService;

/** `value` when it is one of `allowed`, else the component's argument error naming the field. */
function oneOf<T extends string>(
  component: string,
  name: string,
  field: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    throw new ComponentArgsError(
      component,
      name,
      `\`${field}\` must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}; got ${JSON.stringify(value)}`,
    );
  return found;
}

export function toPlatformArgs(name: string, i: PlatformInputs): PlatformArgs {
  const strategy = i.capacityProviderStrategy?.map((s, n): CapacityProviderStrategyItem => ({
    capacityProvider:
      oneOf("Platform", name, `capacityProviderStrategy[${n}].capacityProvider`, s.capacityProvider, [
        "FARGATE",
        "FARGATE_SPOT",
      ] as const) ?? "FARGATE",
    base: s.base,
    weight: s.weight,
  }));
  return {
    environment: i.environment,
    project: i.project,
    region: i.region,
    discoveryNamespace: i.discoveryNamespace,
    network: {
      availabilityZones: i.availabilityZones,
      natGateways: oneOf("Platform", name, "natGateways", i.natGateways, ["Single", "OnePerAz"] as const),
      cidrBlock: i.cidrBlock,
      vpcEndpoints: i.vpcEndpoints,
    },
    cluster: {
      containerInsights: oneOf("Platform", name, "containerInsights", i.containerInsights, ["enabled", "enhanced"] as const),
      capacityProviderStrategy: strategy,
    },
    loadBalancer: {
      certificateArn: i.certificateArn,
      deletionProtection: i.deletionProtection,
      idleTimeoutSeconds: i.idleTimeoutSeconds,
      accessLogs: i.accessLogsBucket === undefined ? undefined : { bucket: i.accessLogsBucket, prefix: i.accessLogsPrefix },
    },
  };
}

function toImage(name: string, image: ServiceImage): FargateServiceArgs["image"] {
  if (image.uri !== undefined && image.context === undefined) return { kind: "prebuilt", uri: image.uri };
  if (image.context !== undefined && image.uri === undefined) {
    return { kind: "build", context: image.context, dockerfile: image.dockerfile, target: image.target, args: image.args };
  }
  throw new ComponentArgsError(
    "FargateService",
    name,
    `\`image\` needs exactly one of \`uri\` (a digest-pinned image) or \`context\` (a build context); got ${JSON.stringify(image)}`,
  );
}

/** `value`, or the argument error naming `field` when `value` is missing although `reason` needs it. */
function needed<T>(name: string, field: string, value: T | undefined, reason: string): T {
  if (value === undefined) throw new ComponentArgsError("FargateService", name, `\`platform.${field}\` is missing; ${reason}`);
  return value;
}

function toPlatformRef(name: string, a: PlatformAttachment): PlatformRef {
  const withListener = "it is required with `platform.listenerArn`";
  const listener =
    a.listenerArn === undefined
      ? undefined
      : {
          arn: a.listenerArn,
          loadBalancerArn: needed(name, "loadBalancerArn", a.loadBalancerArn, withListener),
          securityGroupId: needed(name, "loadBalancerSecurityGroupId", a.loadBalancerSecurityGroupId, withListener),
          baseUrl: needed(name, "baseUrl", a.baseUrl, withListener),
        };
  const discovery =
    a.namespaceId === undefined
      ? undefined
      : {
          namespaceId: a.namespaceId,
          namespaceName: needed(name, "namespaceName", a.namespaceName, "it is required with `platform.namespaceId`"),
        };
  return {
    environment: a.environment,
    project: a.project ?? pulumi.getProject(),
    region: a.region,
    accountId: a.accountId,
    partition: a.partition ?? "aws",
    cluster: { arn: a.clusterArn, name: a.clusterName },
    network: { vpcId: a.vpcId, vpcCidr: a.vpcCidr, privateSubnetIds: a.privateSubnetIds },
    listener,
    discovery,
  };
}

export function toFargateServiceArgs(name: string, i: FargateServiceInputs): FargateServiceArgs {
  return {
    platform: toPlatformRef(name, i.platform),
    image: toImage(name, i.image),
    architecture: oneOf("FargateService", name, "architecture", i.architecture, ["x86_64", "arm64"] as const),
    cpu: i.cpu,
    memory: i.memory,
    port: i.port,
    desiredCount: i.desiredCount,
    environmentVariables: i.environmentVariables,
    secrets: i.secrets,
    kmsKeyArns: i.kmsKeyArns,
    readonlyRootFilesystem: i.readonlyRootFilesystem,
    enableExecuteCommand: i.enableExecuteCommand,
    stopTimeoutSeconds: i.stopTimeoutSeconds,
    taskPolicy: i.taskPolicy,
    routes: i.routes,
    healthCheck: i.healthCheckPath === undefined ? undefined : { path: i.healthCheckPath },
    discovery: i.discovery,
    autoscaling: i.autoscaling,
    logRetentionDays: i.logRetentionDays,
    forceDeleteRepository: i.forceDeleteRepository,
    protect: i.protect,
  };
}

/**
 * The shared infrastructure of a stack: a VPC with public and private subnets, an ECS cluster with Fargate
 * capacity providers, one internet-facing ALB with its security group and listeners, and a Cloud Map private DNS
 * namespace. Services attach to it through its outputs.
 */
export class Platform extends PlatformBase {
  /** VPC id. */
  declare readonly vpcId: pulumi.Output<string>;
  /** VPC CIDR block. */
  declare readonly vpcCidrBlock: string;
  /** Private subnet ids (tasks run here). */
  declare readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids (the ALB and NAT gateways). */
  declare readonly publicSubnetIds: pulumi.Output<string[]>;
  /** ECS cluster ARN. */
  declare readonly clusterArn: pulumi.Output<string>;
  /** ECS cluster name. */
  declare readonly clusterName: pulumi.Output<string>;
  /** ALB ARN. */
  declare readonly loadBalancerArn: pulumi.Output<string>;
  /** ALB DNS name. */
  declare readonly loadBalancerDnsName: pulumi.Output<string>;
  /** ALB security group id. */
  declare readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** The listener services attach rules to (HTTPS when a certificate is set). */
  declare readonly listenerArn: pulumi.Output<string>;
  /** Base URL of the ALB (`https://…` or `http://…`). */
  declare readonly baseUrl: pulumi.Output<string>;
  /** Cloud Map namespace id. */
  declare readonly namespaceId: pulumi.Output<string>;
  /** Cloud Map namespace name. */
  declare readonly namespaceName: string;
  /** AWS account id. */
  declare readonly accountId: pulumi.Output<string>;
  /** AWS partition. */
  declare readonly partition: pulumi.Output<string>;
  /** AWS region. */
  declare readonly region: string;

  constructor(name: string, args: PlatformInputs, opts?: pulumi.ComponentResourceOptions) {
    super(name, toPlatformArgs(name, args), opts);
  }
}

/**
 * One microservice on ECS Fargate: ECR repository and image, log group, execution and task roles, task
 * definition, task security group, optional target group and listener rule on the platform's ALB, optional Cloud
 * Map service, the ECS service (private subnets, no public IP, circuit breaker) and optional autoscaling.
 */
export class FargateService extends FargateServiceBase {
  /** ECS service name. */
  declare readonly serviceName: pulumi.Output<string>;
  /** Task definition ARN (family:revision). */
  declare readonly taskDefinitionArn: pulumi.Output<string>;
  /** Image the task runs, pinned by digest. */
  declare readonly imageUri: pulumi.Output<string>;
  /** ECR repository URL. */
  declare readonly repositoryUrl: pulumi.Output<string>;
  /** Task security group id. */
  declare readonly securityGroupId: pulumi.Output<string>;
  /** Target group ARN, when load balanced. */
  declare readonly targetGroupArn?: pulumi.Output<string>;
  /** `<name>.<namespace>`, when registered in Cloud Map. */
  declare readonly discoveryName?: pulumi.Output<string>;
  /** Public URL (ALB base URL and first path prefix), when load balanced. */
  declare readonly url?: pulumi.Output<string>;
  /** Container port. */
  declare readonly port: number;

  constructor(name: string, args: FargateServiceInputs, opts?: pulumi.ComponentResourceOptions) {
    super(name, toFargateServiceArgs(name, args), opts);
  }
}

/** What the provider host serves. */
export const PROVIDER_COMPONENTS = [Platform, FargateService] as const;
