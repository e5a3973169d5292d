/**
 * The inputs other languages see (Python, Go, .NET, Java, YAML). Pulumi infers the schema from these interfaces,
 * and its analyzer supports only named interfaces, `Input<T>`, primitives, arrays, string maps and enums: no
 * functions (so no `transform`), no inline object types, no unions. These are therefore the provider-facing
 * shapes of `PlatformArgs` and `FargateServiceArgs`, mapped onto them in ./components.ts; TypeScript programs use
 * the richer args directly. Every field's rule (allowed values, validation) is the component's, checked once.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A capacity provider in the cluster's default strategy. */
export interface CapacityProviderItem {
  /** `FARGATE` or `FARGATE_SPOT`. */
  capacityProvider: string;
  /** Tasks always placed on this provider first (0 by default). @default 0 */
  base?: number;
  /** Relative share of the remaining tasks (1 by default). @default 1 */
  weight?: number;
}

/** Inputs of `Platform`: the shared VPC, ECS cluster, internet-facing ALB and Cloud Map namespace of a stack. */
export interface PlatformInputs {
  /** Environment name used in physical names and tags; normally the stack name. */
  environment: string;
  /** Pulumi project name; with `environment` it scopes every physical name (the current project by default). @default - the current project */
  project?: string;
  /** AWS region the platform is in (the `aws:region` config by default). @default - the `aws:region` config */
  region?: string;
  /** Cloud Map private DNS namespace, e.g. `dev.internal`. */
  discoveryNamespace: string;
  /** Availability zones, 2–6, one public and one private subnet each (2 by default). @default 2 */
  availabilityZones?: number;
  /** `Single` NAT gateway (cheap) or `OnePerAz` (highly available); `Single` by default. @default "Single" */
  natGateways?: string;
  /** VPC CIDR block (`10.0.0.0/16` by default). @default "10.0.0.0/16" */
  cidrBlock?: string;
  /** Interface endpoints for ECR, CloudWatch Logs and Secrets Manager plus an S3 gateway endpoint (off by default). @default false */
  vpcEndpoints?: boolean;
  /** Container Insights level, `enabled` or `enhanced` (`enabled` by default). @default "enabled" */
  containerInsights?: string;
  /** The cluster's default capacity provider strategy (FARGATE, base 1, weight 1 by default). @default - FARGATE base 1 weight 1 */
  capacityProviderStrategy?: CapacityProviderItem[];
  /** ACM certificate ARN: adds an HTTPS listener (TLS 1.3 policy) and makes HTTP redirect to it (HTTP only by default). @default - HTTP only */
  certificateArn?: string;
  /** ALB deletion protection (off by default). @default false */
  deletionProtection?: boolean;
  /** ALB idle timeout in seconds (60 by default). @default 60 */
  idleTimeoutSeconds?: number;
  /** S3 bucket for ALB access logs; its policy must let ELB write (no access logs by default). @default - no access logs */
  accessLogsBucket?: string;
  /** Key prefix of the access logs (empty by default). @default "" */
  accessLogsPrefix?: string;
}

/** The image a service runs: either `uri` (built and pushed elsewhere) or `context` (built here with Docker). */
export interface ServiceImage {
  /** Image URI pinned by digest (`…@sha256:<64 hex>`); set this or `context`. @default - build from `context` */
  uri?: string;
  /** Build context directory, relative to the program's working directory; set this or `uri`. @default - run `uri` */
  context?: string;
  /** Dockerfile path inside the context (`Dockerfile` by default). @default "Dockerfile" */
  dockerfile?: string;
  /** Dockerfile stage to build (the last stage by default). @default - the last stage */
  target?: string;
  /** Docker build args (none by default). @default {} */
  args?: { [key: string]: string };
}

/** The platform a service attaches to, as plain ids and ARNs (a `Platform`'s outputs, or another stack's). */
export interface PlatformAttachment {
  /** Environment name of the platform; with `project` it scopes the physical names. */
  environment: string;
  /** Pulumi project of the platform (the current project by default). @default - the current project */
  project?: string;
  /** AWS region of the platform. */
  region: string;
  /** AWS account id (`Platform.accountId`). */
  accountId: pulumi.Input<string>;
  /** AWS partition (`aws` by default). @default "aws" */
  partition?: pulumi.Input<string>;
  /** ECS cluster ARN (`Platform.clusterArn`). */
  clusterArn: pulumi.Input<string>;
  /** ECS cluster name (`Platform.clusterName`). */
  clusterName: pulumi.Input<string>;
  /** VPC id (`Platform.vpcId`). */
  vpcId: pulumi.Input<string>;
  /** VPC CIDR block (`Platform.vpcCidrBlock`). */
  vpcCidr: pulumi.Input<string>;
  /** Private subnets the tasks run in (`Platform.privateSubnetIds`). */
  privateSubnetIds: pulumi.Input<string[]>;
  /** Listener services attach rules to (`Platform.listenerArn`); needed for `routes` (none by default). @default - no load balancer */
  listenerArn?: pulumi.Input<string>;
  /** ALB ARN (`Platform.loadBalancerArn`), with `listenerArn`. @default - no load balancer */
  loadBalancerArn?: pulumi.Input<string>;
  /** ALB security group (`Platform.loadBalancerSecurityGroupId`), with `listenerArn`. @default - no load balancer */
  loadBalancerSecurityGroupId?: pulumi.Input<string>;
  /** ALB base URL (`Platform.baseUrl`), with `listenerArn`. @default - no load balancer */
  baseUrl?: pulumi.Input<string>;
  /** Cloud Map namespace id (`Platform.namespaceId`); needed for `discovery` (none by default). @default - no namespace */
  namespaceId?: pulumi.Input<string>;
  /** Cloud Map namespace name (`Platform.namespaceName`), with `namespaceId`. @default - no namespace */
  namespaceName?: pulumi.Input<string>;
}

/** How the platform's shared ALB listener routes to a service. */
export interface ServiceRoutes {
  /** Path patterns, e.g. `/movies*` (none by default; set these or `hostHeaders`). @default [] */
  pathPatterns?: string[];
  /** Host headers (none by default). @default [] */
  hostHeaders?: string[];
  /** Listener rule priority, 1–50000, unique on the listener. */
  priority: number;
}

/** Target-tracking autoscaling of the desired count. */
export interface ServiceAutoscaling {
  /** Minimum tasks. */
  min: number;
  /** Maximum tasks. */
  max: number;
  /** Average CPU target in percent (60 by default). @default 60 */
  cpuTargetPercent?: number;
  /** Average memory target in percent (80 by default). @default 80 */
  memoryTargetPercent?: number;
  /** ALB requests per target; needs `loadBalancer` (no request-count policy by default). @default - none */
  requestsPerTarget?: number;
}

/** One task-role statement: exact actions on exact resources. */
export interface TaskPolicyStatement {
  /** IAM actions, e.g. `s3:GetObject`; `*` and `<service>:*` are refused. */
  actions: string[];
  /** Exact resource ARNs; `*` is refused. */
  resources: string[];
}

/** Inputs of `FargateService`: one microservice on ECS Fargate attached to a platform. */
export interface FargateServiceInputs {
  /** The platform the service runs on. */
  platform: PlatformAttachment;
  /** The image to run. */
  image: ServiceImage;
  /** CPU architecture, `x86_64` or `arm64` (`x86_64` by default). @default "x86_64" */
  architecture?: string;
  /** Task CPU units, a Fargate size (256 by default). @default 256 */
  cpu?: number;
  /** Task memory in MiB, allowed for `cpu` (512 by default). @default 512 */
  memory?: number;
  /** Container port (8080 by default). @default 8080 */
  port?: number;
  /** Tasks to run, the initial count when autoscaling (1 by default). @default 1 */
  desiredCount?: number;
  /** Plain environment variables of the app container, never secrets (none by default). @default {} */
  environmentVariables?: { [key: string]: string };
  /** Environment variable → Secrets Manager or SSM parameter ARN; the execution role may read exactly these. @default {} */
  secrets?: { [key: string]: string };
  /** KMS keys that encrypt the secrets (none by default). @default [] */
  kmsKeyArns?: string[];
  /** Read-only root filesystem (true by default, false with ECS Exec). @default - true, false with `enableExecuteCommand` */
  readonlyRootFilesystem?: boolean;
  /** ECS Exec (off by default). @default false */
  enableExecuteCommand?: boolean;
  /** Seconds between SIGTERM and SIGKILL (30 by default). @default 30 */
  stopTimeoutSeconds?: number;
  /** Task role statements (none by default). @default [] */
  taskPolicy?: TaskPolicyStatement[];
  /** Route traffic from the platform's ALB listener (internal only by default). @default - internal only */
  routes?: ServiceRoutes;
  /** Target group health check path, with `routes` (`/health` by default). @default "/health" */
  healthCheckPath?: string;
  /** Register in Cloud Map (by default when the platform has a namespace). @default - true when the platform has a namespace */
  discovery?: boolean;
  /** Target-tracking autoscaling (a fixed desired count by default). @default - fixed desired count */
  autoscaling?: ServiceAutoscaling;
  /** Log retention in days (30 by default). @default 30 */
  logRetentionDays?: number;
  /** Let `pulumi destroy` delete the ECR repository with images in it (off by default). @default false */
  forceDeleteRepository?: boolean;
  /** Protect and retain the ECR repository and log group (off by default). @default false */
  protect?: boolean;
}
