// awsx's EC2 module alone: the package index also loads awsx "classic" (the 0.x API), ~100 ms at every start,
// and nothing here uses it (the VPC's outputs are @pulumi/aws resources, which that package rehydrates).
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { versioned } from "./aliases";
import * as aws from "./aws";
import { PLATFORM_DEFAULTS } from "./defaults";
import type { FargateService } from "./fargate-service";
import type { PlatformArgs } from "./platform-args";
import { createSharedAlb } from "./platform-alb";
import type { PlatformRef } from "./platform-ref";
import { validatePlatformArgs, platformScope } from "./platform-validate";
import { ServiceSet, type ServiceSetArgs, type ServiceSetEntry } from "./service-set";
import { transform } from "./transform";
import { createVpcEndpoints } from "./vpc-endpoints";

export type { CapacityProviderStrategyItem, PlatformArgs, PlatformTransforms } from "./platform-args";
export { platformScope, validatePlatformArgs } from "./platform-validate";
export { TLS_POLICY } from "./platform-alb";

/**
 * The shared infrastructure of a stack: VPC (awsx), ECS cluster with Fargate capacity providers, one internet-facing
 * ALB with its security group and listeners, and a Cloud Map private DNS namespace. Services attach through
 * `ref`; `addServices()` adds them with every cross-service rule checked.
 */
export class Platform extends pulumi.ComponentResource {
  static readonly TYPE = "dockyard:index:Platform";

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
  /** AWS region. */ public readonly region: string;
  /** What services need of this platform, as ids (export it for service stacks). */ public readonly ref: PlatformRef;

  private readonly serviceSet: ServiceSet;

  constructor(name: string, args: PlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(Platform.TYPE, name, {}, versioned(Platform.TYPE, name, opts));
    validatePlatformArgs(name, args);
    const t = args.transform ?? {};
    const D = PLATFORM_DEFAULTS;
    const network = {
      availabilityZones: args.network.availabilityZones ?? D.network.availabilityZones,
      natGateways: args.network.natGateways ?? D.network.natGateways,
      cidrBlock: args.network.cidrBlock ?? D.network.cidrBlock,
      vpcEndpoints: args.network.vpcEndpoints ?? D.network.vpcEndpoints,
    };
    const clusterSettings = {
      containerInsights: args.cluster?.containerInsights ?? D.cluster.containerInsights,
      capacityProviderStrategy: args.cluster?.capacityProviderStrategy ?? D.cluster.capacityProviderStrategy,
    };
    this.vpcCidrBlock = network.cidrBlock;
    this.namespaceName = args.discoveryNamespace;
    this.region = args.region ?? new pulumi.Config("aws").require("region");

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    this.accountId = identity.accountId;
    this.partition = partition.partition;

    const vpc = new awsxEc2.Vpc(
      ...transform(
        t.vpc,
        `${name}-vpc`,
        {
          cidrBlock: this.vpcCidrBlock,
          numberOfAvailabilityZones: network.availabilityZones,
          natGateways: { strategy: network.natGateways },
          subnetStrategy: "Auto",
          subnetSpecs: [
            { type: "Public", cidrMask: 22 },
            { type: "Private", cidrMask: 20 },
          ],
          enableDnsHostnames: true,
          enableDnsSupport: true,
          tags: { Name: `${args.environment}-vpc` },
        },
        { parent: this },
      ),
    );
    this.vpcId = vpc.vpcId;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.publicSubnetIds = vpc.publicSubnetIds;

    if (network.vpcEndpoints) {
      createVpcEndpoints(name, { vpcId: vpc.vpcId, cidrBlock: this.vpcCidrBlock, privateSubnetIds: vpc.privateSubnetIds }, t, this);
    }

    const cluster = new aws.ecs.Cluster(
      ...transform(
        t.cluster,
        `${name}-cluster`,
        {
          settings: [{ name: "containerInsights", value: clusterSettings.containerInsights }],
        },
        { parent: this },
      ),
    );
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;

    const d = D.capacityProvider;
    const strategy = clusterSettings.capacityProviderStrategy;
    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      ...transform(
        t.capacityProviders,
        `${name}-capacity`,
        {
          clusterName: cluster.name,
          capacityProviders: ["FARGATE", "FARGATE_SPOT"],
          defaultCapacityProviderStrategies: strategy.map((s) => ({
            capacityProvider: s.capacityProvider,
            base: s.base ?? d.base,
            weight: s.weight ?? d.weight,
          })),
        },
        { parent: this },
      ),
    );

    const alb = createSharedAlb(name, args, platformScope(args), { vpcId: vpc.vpcId, publicSubnetIds: vpc.publicSubnetIds }, this);
    this.loadBalancerSecurityGroupId = alb.securityGroup.id;
    this.loadBalancerArn = alb.loadBalancer.arn;
    this.loadBalancerDnsName = alb.loadBalancer.dnsName;
    this.listenerArn = alb.listener.arn;
    this.baseUrl = pulumi.interpolate`${alb.https ? "https" : "http"}://${alb.loadBalancer.dnsName}`;

    const namespace = new aws.servicediscovery.PrivateDnsNamespace(
      ...transform(
        t.namespace,
        `${name}-namespace`,
        {
          name: args.discoveryNamespace,
          vpc: vpc.vpcId,
          description: `Service discovery for ${args.environment}`,
        },
        { parent: this },
      ),
    );
    this.namespaceId = namespace.id;
    this.namespaceArn = namespace.arn;

    this.ref = {
      environment: args.environment,
      project: platformScope(args).project,
      region: this.region,
      accountId: this.accountId,
      partition: this.partition,
      cluster: { arn: this.clusterArn, name: this.clusterName },
      network: { vpcId: this.vpcId, vpcCidr: this.vpcCidrBlock, privateSubnetIds: this.privateSubnetIds },
      listener: {
        arn: this.listenerArn,
        loadBalancerArn: this.loadBalancerArn,
        securityGroupId: this.loadBalancerSecurityGroupId,
        baseUrl: this.baseUrl,
      },
      discovery: { namespaceId: this.namespaceId, namespaceName: this.namespaceName, namespaceArn: this.namespaceArn },
    };
    // Services of this platform wait for its capacity providers and, unless they say otherwise, use the
    // cluster's strategy explicitly (so a later change of the cluster default is a visible change of each service).
    this.serviceSet = new ServiceSet(this.ref, { dependsOn: [this.capacityProviders], capacityProviderStrategy: strategy });

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidrBlock: this.vpcCidrBlock,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      clusterArn: this.clusterArn,
      clusterName: this.clusterName,
      loadBalancerArn: this.loadBalancerArn,
      loadBalancerDnsName: this.loadBalancerDnsName,
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
      listenerArn: this.listenerArn,
      baseUrl: this.baseUrl,
      namespaceId: this.namespaceId,
      namespaceArn: this.namespaceArn,
      namespaceName: this.namespaceName,
      accountId: this.accountId,
      partition: this.partition,
      region: this.region,
      ref: this.ref,
    });
  }

  /**
   * Adds services to this platform (see `ServiceSet.add`): each validated alone and together with every service
   * added before, priorities allocated, callers wired; created as top-level components (not children of the
   * platform), so they can move between stacks without a change of URN.
   */
  addServices(services: ServiceSetArgs): Record<string, FargateService> {
    return this.serviceSet.add(services);
  }

  /** Adds one service (`addServices({ [name]: args })`); its `calls` must name services of the same call. */
  addService(name: string, args: ServiceSetEntry): FargateService {
    return this.serviceSet.add({ [name]: args })[name];
  }
}
