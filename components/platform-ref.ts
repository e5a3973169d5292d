import type * as pulumi from "@pulumi/pulumi";

/**
 * What a service needs of a platform, as plain ids and ARNs. `Platform` provides one (`platform.ref`); a
 * service stack builds one from the platform stack's `platformRef` output (a `StackReference`); any other program
 * can build one from a platform it made with other tools. Services couple to a platform only through this.
 *
 * Every field is serialisable, so the whole object can be a stack output and read back unchanged.
 */
export interface PlatformRef {
  /** Environment name used in physical names and tags; normally the platform stack's name. */
  readonly environment: string;
  /** Pulumi project that scopes physical names (with `environment`). */
  readonly project: string;
  /** AWS region the platform lives in, e.g. `eu-west-1`. */
  readonly region: string;
  /** AWS account id (trust policies, ARNs). */
  readonly accountId: pulumi.Input<string>;
  /** AWS partition, e.g. `aws`. */
  readonly partition: pulumi.Input<string>;
  /** ECS cluster. */
  readonly cluster: {
    /** Cluster ARN. */
    readonly arn: pulumi.Input<string>;
    /** Cluster name. */
    readonly name: pulumi.Input<string>;
  };
  /** Where tasks run. */
  readonly network: {
    /** VPC id. */
    readonly vpcId: pulumi.Input<string>;
    /** VPC CIDR block (part of each target group's name, since a new VPC replaces the group). */
    readonly vpcCidr: pulumi.Input<string>;
    /** Private subnet ids; tasks never get a public IP. */
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  };
  /** The shared ALB listener services attach rules to. @default - no load balancer: services cannot take routes */
  readonly listener?: {
    /** Listener ARN (HTTPS when the platform has a certificate). */
    readonly arn: pulumi.Input<string>;
    /** Load balancer ARN (autoscaling on request count needs it). */
    readonly loadBalancerArn: pulumi.Input<string>;
    /** The ALB's security group; task security groups admit only it. */
    readonly securityGroupId: pulumi.Input<string>;
    /** `https://<dns>` or `http://<dns>`. */
    readonly baseUrl: pulumi.Input<string>;
  };
  /** Cloud Map private DNS namespace. @default - no discovery: services cannot be called by name */
  readonly discovery?: {
    /** Namespace id. */
    readonly namespaceId: pulumi.Input<string>;
    /** Namespace name, e.g. `dev.internal`. */
    readonly namespaceName: pulumi.Input<string>;
    /** Namespace ARN: Service Connect's `namespace` (services with `serviceConnect` need it). @default - no Service Connect on this platform */
    readonly namespaceArn?: pulumi.Input<string>;
  };
}
