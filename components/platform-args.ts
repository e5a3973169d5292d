import type * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "./transform";

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
  /** AWS region the platform is in (services' log configuration and trust policies). @default - the `aws:region` config */
  region?: string;
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
    /** S3 access logs; the bucket policy must let ELB write. @default - off */
    accessLogs?: {
      /** S3 bucket name. */
      bucket: string;
      /** Key prefix of the log objects. @default "" */
      prefix?: string;
    };
  };
  /** Cloud Map private DNS namespace, e.g. `dev.internal`. */
  discoveryNamespace: string;
  /** Change a child's args or options before it is created (see `Transform`). @default - no changes */
  transform?: PlatformTransforms;
}

/** One `Transform` per child of a `Platform`. */
export interface PlatformTransforms {
  /** The awsx VPC. @default - no changes */ vpc?: Transform<awsx.ec2.VpcArgs, pulumi.ComponentResourceOptions>;
  /** The ECS cluster. @default - no changes */ cluster?: Transform<aws.ecs.ClusterArgs>;
  /** The cluster's capacity provider association. @default - no changes */ capacityProviders?: Transform<aws.ecs.ClusterCapacityProvidersArgs>;
  /** The ALB's and the VPC endpoints' security groups. @default - no changes */ securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  /** Every ingress rule (ALB listener ports, HTTPS to the endpoints). @default - no changes */ ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
  /** The ALB. @default - no changes */ loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
  /** The listener services attach rules to (HTTPS with a certificate, else HTTP). @default - no changes */ listener?: Transform<aws.lb.ListenerArgs>;
  /** The HTTP listener that redirects to HTTPS (only with a certificate). @default - no changes */ redirectListener?: Transform<aws.lb.ListenerArgs>;
  /** The Cloud Map namespace. @default - no changes */ namespace?: Transform<aws.servicediscovery.PrivateDnsNamespaceArgs>;
  /** Every VPC endpoint (interface and S3 gateway). @default - no changes */ vpcEndpoint?: Transform<aws.ec2.VpcEndpointArgs>;
}
