import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "./errors";
import { firstNameProblem, platformPhysicalNames, type NameScope } from "./naming";
import { createSharedAlb } from "./platform-alb";
import { createVpcEndpoints } from "./vpc-endpoints";

/** Patch a child's args before it is created (TypeScript-only escape hatch). */
export type Transform<T> = (args: T) => T;

/** One entry of the cluster's default capacity provider strategy. */
export interface CapacityProviderStrategyItem {
  /** `FARGATE` or `FARGATE_SPOT`. */
  capacityProvider: "FARGATE" | "FARGATE_SPOT";
  /** Tasks always placed on this provider first. @default 0 */
  base?: number;
  /** Relative share of the remaining tasks. @default 1 */
  weight?: number;
}

/** Arguments of the shared per-stack `Platform`. */
export interface PlatformArgs {
  /**
   * Environment name used in physical names (with `project`: ALB `<environment>-<hash>-<hash>-alb`, see
   * `naming.ts`) and tags; normally the stack name.
   */
  environment: string;
  /**
   * Pulumi project name; with `environment` it scopes every explicit physical name (see `naming.NameScope`), so
   * two projects' stacks of the same name in one account and region never collide.
   * @default - `pulumi.getProject()`
   */
  project?: string;
  /** VPC layout. */
  network: {
    /** Availability zones (one public + one private subnet each). @default 2 */
    availabilityZones?: number;
    /** `Single` NAT gateway (cheap, one AZ dependency) or `OnePerAz` (highly available). @default "Single" */
    natGateways?: "Single" | "OnePerAz";
    /** VPC CIDR block. @default "10.0.0.0/16" */
    cidrBlock?: string;
    /**
     * Interface endpoints for ecr.api, ecr.dkr, logs and secretsmanager plus an S3 gateway endpoint, so tasks pull
     * images and write logs without crossing the NAT gateway.
     * @default false
     */
    vpcEndpoints?: boolean;
  };
  /** ECS cluster settings. @default - Container Insights `enabled`, strategy FARGATE base 1 weight 1 */
  cluster?: {
    /** Container Insights level. @default "enabled" */
    containerInsights?: "enabled" | "enhanced";
    /**
     * Default capacity provider strategy of the cluster.
     * @default - [{ capacityProvider: "FARGATE", base: 1, weight: 1 }]
     * @example
     * ```ts
     * [{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 3 }]
     * ```
     */
    capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  };
  /** The shared internet-facing ALB. @default - HTTP only, no deletion protection, 60 s idle timeout, no access logs */
  loadBalancer?: {
    /**
     * ACM certificate ARN. When set: an HTTPS listener (TLS 1.3 policy) and an HTTP listener that only redirects
     * (301) to HTTPS. When unset: a plain HTTP listener.
     * @default - HTTP only
     */
    certificateArn?: string;
    /** ALB deletion protection. @default false */
    deletionProtection?: boolean;
    /** Idle timeout in seconds. @default 60 */
    idleTimeoutSeconds?: number;
    /** S3 access logs (`prefix` defaults to `""`); the bucket policy must let ELB write. @default - off */
    accessLogs?: { bucket: string; prefix?: string };
  };
  /** Cloud Map private DNS namespace, e.g. `dev.internal`. */
  discoveryNamespace: string;
  /** Patch a child's args before it is created. @default - no changes */
  transform?: {
    vpc?: Transform<awsx.ec2.VpcArgs>;
    cluster?: Transform<aws.ecs.ClusterArgs>;
    loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
    listener?: Transform<aws.lb.ListenerArgs>;
  };
}

export { TLS_POLICY } from "./platform-alb";

/**
 * The shared infrastructure of a stack: VPC (awsx), ECS cluster with Fargate capacity providers, one internet-facing
 * ALB with its security group and listeners, and a Cloud Map private DNS namespace.
 */
export class Platform extends pulumi.ComponentResource {
  static readonly TYPE = "dockyard:platform:Platform";

  /** VPC id. */ public readonly vpcId: pulumi.Output<string>;
  /** VPC CIDR block. */ public readonly vpcCidrBlock: string;
  /** Private subnet ids (tasks run here). */ public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids (the ALB and NAT gateways). */ public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** ECS cluster ARN. */ public readonly clusterArn: pulumi.Output<string>;
  /** ECS cluster name. */ public readonly clusterName: pulumi.Output<string>;
  /** The capacity provider association services must wait for. */ public readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
  /** ALB ARN. */ public readonly loadBalancerArn: pulumi.Output<string>;
  /** ALB DNS name. */ public readonly loadBalancerDnsName: pulumi.Output<string>;
  /** ALB security group id. */ public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** The listener services attach rules to (HTTPS when a certificate is set). */ public readonly listenerArn: pulumi.Output<string>;
  /** Base URL of the ALB (`https://…` or `http://…`). */ public readonly baseUrl: pulumi.Output<string>;
  /** Cloud Map namespace id. */ public readonly namespaceId: pulumi.Output<string>;
  /** Cloud Map namespace ARN (Service Connect's `namespace`). */ public readonly namespaceArn: pulumi.Output<string>;
  /** Cloud Map namespace name. */ public readonly namespaceName: string;
  /** AWS account id (for trust policies). */ public readonly accountId: pulumi.Output<string>;
  /** AWS partition. */ public readonly partition: pulumi.Output<string>;

  constructor(name: string, args: PlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(Platform.TYPE, name, {}, opts);
    validatePlatformArgs(name, args);
    const t = args.transform ?? {};
    this.vpcCidrBlock = args.network.cidrBlock ?? "10.0.0.0/16";
    this.namespaceName = args.discoveryNamespace;

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    this.accountId = identity.accountId;
    this.partition = partition.partition;

    const vpc = new awsx.ec2.Vpc(`${name}-vpc`, apply(t.vpc, {
      cidrBlock: this.vpcCidrBlock,
      numberOfAvailabilityZones: args.network.availabilityZones ?? 2,
      natGateways: { strategy: args.network.natGateways ?? "Single" },
      subnetStrategy: "Auto",
      subnetSpecs: [
        { type: "Public", cidrMask: 22 },
        { type: "Private", cidrMask: 20 },
      ],
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${args.environment}-vpc` },
    }), { parent: this });
    this.vpcId = vpc.vpcId;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.publicSubnetIds = vpc.publicSubnetIds;

    if (args.network.vpcEndpoints === true) {
      createVpcEndpoints(name, { vpcId: vpc.vpcId, cidrBlock: this.vpcCidrBlock, privateSubnetIds: vpc.privateSubnetIds }, this);
    }

    const cluster = new aws.ecs.Cluster(`${name}-cluster`, apply(t.cluster, {
      settings: [{ name: "containerInsights", value: args.cluster?.containerInsights ?? "enabled" }],
    }), { parent: this });
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;

    const strategy = args.cluster?.capacityProviderStrategy ?? [{ capacityProvider: "FARGATE", base: 1, weight: 1 }];
    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(`${name}-capacity`, {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: strategy.map((s) => ({ capacityProvider: s.capacityProvider, base: s.base ?? 0, weight: s.weight ?? 1 })),
    }, { parent: this });

    const alb = createSharedAlb(name, args, platformScope(args), { vpcId: vpc.vpcId, publicSubnetIds: vpc.publicSubnetIds }, this);
    this.loadBalancerSecurityGroupId = alb.securityGroup.id;
    this.loadBalancerArn = alb.loadBalancer.arn;
    this.loadBalancerDnsName = alb.loadBalancer.dnsName;
    this.listenerArn = alb.listener.arn;
    this.baseUrl = pulumi.interpolate`${alb.https ? "https" : "http"}://${alb.loadBalancer.dnsName}`;

    const namespace = new aws.servicediscovery.PrivateDnsNamespace(`${name}-namespace`, {
      name: args.discoveryNamespace,
      vpc: vpc.vpcId,
      description: `Service discovery for ${args.environment}`,
    }, { parent: this });
    this.namespaceId = namespace.id;
    this.namespaceArn = namespace.arn;

    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      loadBalancerDnsName: this.loadBalancerDnsName,
      listenerArn: this.listenerArn,
      namespaceId: this.namespaceId,
      namespaceName: this.namespaceName,
    });
  }
}

/** Project and stack the Platform's physical names are scoped to. */
export function platformScope(args: PlatformArgs): NameScope {
  return { project: args.project ?? pulumi.getProject(), stack: args.environment };
}

/** Checks `PlatformArgs` before any child exists; throws one `ComponentArgsError`. */
export function validatePlatformArgs(name: string, args: PlatformArgs): void {
  const nameProblem = firstNameProblem(platformPhysicalNames(platformScope(args), name));
  if (nameProblem !== undefined) {
    throw new ComponentArgsError("Platform", name, `the name and \`environment\` "${args.environment}" cannot form valid AWS names: ${nameProblem}. Use lower-case letters, digits and single hyphens`);
  }
  const azs = args.network.availabilityZones ?? 2;
  if (!Number.isInteger(azs) || azs < 2 || azs > 6) {
    throw new ComponentArgsError("Platform", name, `\`network.availabilityZones\` must be an integer from 2 to 6 (an ALB needs two zones); got ${azs}`);
  }
  const strategy = args.cluster?.capacityProviderStrategy;
  if (strategy !== undefined && strategy.length === 0) {
    throw new ComponentArgsError("Platform", name, "`cluster.capacityProviderStrategy` must list at least one capacity provider; got []");
  }
  if (strategy !== undefined && strategy.filter((s) => (s.base ?? 0) > 0).length > 1) {
    throw new ComponentArgsError("Platform", name, "only one entry of `cluster.capacityProviderStrategy` can have a `base` above 0 (an ECS rule)");
  }
}

function apply<T>(transform: Transform<T> | undefined, args: T): T {
  return transform === undefined ? args : transform(args);
}
