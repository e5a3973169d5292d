import type * as aws from "@pulumi/aws";
import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { DeploymentArgs } from "./deployment/deployment-args";
import type { DeclaredStatement } from "./iam";
import type { CapacityProviderStrategyItem, Transform } from "./platform";

/** Build the image from source with Docker and push it to the service's ECR repository. */
export interface BuildImage {
  kind: "build";
  /** Build context directory, relative to the program's working directory (the project root). */
  context: string;
  /** Absolute path of the same directory, used to hash the context's content. @default - `context` resolved against cwd */
  contextPath?: string;
  /** Dockerfile path inside the context. @default "Dockerfile" */
  dockerfile?: string;
  /** Dockerfile stage to build. @default - the last stage */
  target?: string;
  /** Build args. @default {} */
  args?: Readonly<Record<string, string>>;
}

/** Run an image that CI already built and pushed (promotion); it must be pinned by digest. */
export interface PrebuiltImage {
  kind: "prebuilt";
  /** Image URI pinned by digest, `…@sha256:<64 hex>`. */
  uri: string;
}

/** A sidecar container. */
export interface SidecarArgs {
  /** Container name (unique in the task). */
  name: string;
  /** Image URI (ECR URIs get pull permission on the execution role). */
  image: string;
  /** CPU units reserved for the sidecar. @default - unset */
  cpu?: number;
  /** Memory limit (MiB). @default - unset */
  memory?: number;
  /** Whether the task stops when this container stops. @default false */
  essential?: boolean;
  /** Port the sidecar listens on. @default - none */
  port?: number;
  /** Plain environment variables. @default {} */
  environment?: Readonly<Record<string, string>>;
  /** Env name → Secrets Manager / SSM ARN. @default {} */
  secrets?: Readonly<Record<string, string>>;
  /** Command override. @default - the image's */
  command?: readonly string[];
  /** Read-only root filesystem (a writable `/tmp` is mounted). @default true */
  readonlyRootFilesystem?: boolean;
}

/** ALB wiring of a service. */
export interface ServiceLoadBalancerArgs {
  /** Listener to add the rule to (`Platform.listenerArn`). */
  listenerArn: pulumi.Input<string>;
  /** ALB ARN, for the request-count scaling metric. */
  loadBalancerArn: pulumi.Input<string>;
  /** ALB security group (`Platform.loadBalancerSecurityGroupId`); gets an egress rule to the tasks. */
  securityGroupId: pulumi.Input<string>;
  /** ALB base URL, for the `url` output. */
  baseUrl: pulumi.Input<string>;
  /** Target group name (≤ 32 characters; see `naming.targetGroupName`). */
  targetGroupName: string;
  /** Path patterns, e.g. `["/movies*"]`. @default [] */
  pathPatterns?: readonly string[];
  /** Host headers. @default [] */
  hostHeaders?: readonly string[];
  /** Listener rule priority (1–50000, unique on the listener). */
  priority: number;
  /** Target group health check. @default - `/health`, every 5 s, timeout 4 s, healthy 2, unhealthy 3, matcher 200 */
  healthCheck?: { path?: string; intervalSeconds?: number; timeoutSeconds?: number; healthyThreshold?: number; unhealthyThreshold?: number; matcher?: string };
  /** Target deregistration (draining) delay. @default 30 */
  deregistrationDelaySeconds?: number;
  /** ECS ignores ALB health checks for this long after a task starts. @default 20 */
  healthCheckGracePeriodSeconds?: number;
}

/** Target-tracking autoscaling of the desired count. */
export interface ServiceAutoscalingArgs {
  /** Minimum tasks. */
  min: number;
  /** Maximum tasks. */
  max: number;
  /** Average CPU target in percent. @default 60 */
  cpuTargetPercent?: number;
  /** Average memory target in percent. @default 80 */
  memoryTargetPercent?: number;
  /** ALB requests per target (needs `loadBalancer`). @default - no request-count policy */
  requestsPerTarget?: number;
}

/** Arguments of a `FargateService`. */
export interface FargateServiceArgs {
  /**
   * Environment (stack) name. With `project` it scopes the physical names: task family `<scope>-<name>`, log
   * group `/ecs/<scope>/<name>`, repository `<scope>/<name>`, where `<scope>` is `<environment>-<hash of project
   * and environment>` (see `naming.scopeId`).
   */
  environment: string;
  /** Pulumi project name (see `environment`). @default - `pulumi.getProject()` */
  project?: string;
  /** AWS region (awslogs configuration). */
  region: string;
  /** AWS account id (trust policy condition; `Platform.accountId`). */
  accountId: pulumi.Input<string>;
  /** AWS partition. @default "aws" */
  partition?: pulumi.Input<string>;
  /** ECS cluster ARN. */
  clusterArn: pulumi.Input<string>;
  /** ECS cluster name (autoscaling resource id). */
  clusterName: pulumi.Input<string>;
  /** VPC id (security group, target group). */
  vpcId: pulumi.Input<string>;
  /** Private subnets the tasks run in. */
  privateSubnetIds: pulumi.Input<string[]>;
  /** Image to run. */
  image: BuildImage | PrebuiltImage;
  /** `x86_64` or `arm64`: sets both the Docker build platform and the task's runtime platform. @default "x86_64" */
  architecture?: "x86_64" | "arm64";
  /** Task CPU units (a Fargate size). @default 256 */
  cpu?: number;
  /** Task memory in MiB (allowed for `cpu`). @default 512 */
  memory?: number;
  /** Container port. @default 8080 */
  port?: number;
  /** Tasks to run (initial count when autoscaling). @default 1 */
  desiredCount?: number;
  /** Plain environment variables of the app container. @default {} */
  environmentVariables?: Readonly<Record<string, string>>;
  /** Env name → Secrets Manager (`…:json-key::` allowed) or SSM ARN; the execution role may read exactly these. @default {} */
  secrets?: Readonly<Record<string, string>>;
  /** KMS keys that encrypt the secrets (kms:Decrypt on the execution role). @default [] */
  kmsKeyArns?: readonly string[];
  /** Sidecars, emitted sorted by name after the app container. @default [] */
  sidecars?: readonly SidecarArgs[];
  /** Container health check. @default - wget of `http://127.0.0.1:<port><health path>` every 10 s */
  containerHealthCheck?: { command?: readonly string[]; intervalSeconds?: number; timeoutSeconds?: number; retries?: number; startPeriodSeconds?: number };
  /**
   * Read-only root filesystem for the app (a writable `/tmp` volume is mounted). `true` together with
   * `enableExecuteCommand: true` is rejected: ECS Exec's SSM agent needs a writable root filesystem.
   * @default - true, or false when `enableExecuteCommand` is true
   */
  readonlyRootFilesystem?: boolean;
  /** Seconds ECS waits after SIGTERM before SIGKILL. @default 30 */
  stopTimeoutSeconds?: number;
  /** Task role statements (exact actions and ARNs). @default [] */
  taskPolicy?: readonly DeclaredStatement[];
  /** ECS Exec (adds ssmmessages channels to the task role; makes the app's root filesystem writable by default). @default false */
  enableExecuteCommand?: boolean;
  /** Capacity provider strategy. @default - the cluster's default strategy */
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** Resources the ECS service must wait for (e.g. `Platform.capacityProviders`). @default [] */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Route traffic from the shared ALB listener. @default - internal only: no target group or listener rule */
  loadBalancer?: ServiceLoadBalancerArgs;
  /** Register in Cloud Map as `<name>.<namespaceName>`. @default - no service discovery */
  discovery?: { namespaceId: pulumi.Input<string>; namespaceName: string };
  /**
   * How ECS rolls out a new task definition (rolling, blue/green, canary, linear) and the alarms that roll it
   * back (see `components/deployment`). @default - rolling with circuit breaker and alarm rollback
   */
  deployment?: DeploymentArgs;
  /** Target-tracking autoscaling; Pulumi then ignores `desiredCount` drift. @default - fixed desired count */
  autoscaling?: ServiceAutoscalingArgs;
  /** Log retention in days. @default 30 */
  logRetentionDays?: number;
  /** Tagged images the ECR lifecycle policy keeps. @default 10 */
  keepTaggedImages?: number;
  /** Let `pulumi destroy` delete the ECR repository with images in it. @default false */
  forceDeleteRepository?: boolean;
  /** `protect` + `retainOnDelete` on the ECR repository and log group (prod). @default false */
  protect?: boolean;
  /** Patch a child's args before it is created. @default - no changes */
  transform?: {
    repository?: Transform<aws.ecr.RepositoryArgs>;
    /**
     * Changes made here are not in the content tag: a changed input rebuilds and pushes under the same tag, which
     * the immutable repository refuses. Prefer `image.args` / `image.target`, which are hashed.
     */
    image?: Transform<docker.ImageArgs>;
    logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
    securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
    targetGroup?: Transform<aws.lb.TargetGroupArgs>;
    listenerRule?: Transform<aws.lb.ListenerRuleArgs>;
    discoveryService?: Transform<aws.servicediscovery.ServiceArgs>;
    service?: Transform<aws.ecs.ServiceArgs>;
  };
}

/** Defaults, mirrored by the `@default` tags above. */
export const SERVICE_DEFAULTS = {
  architecture: "x86_64",
  cpu: 256,
  memory: 512,
  port: 8080,
  desiredCount: 1,
  healthCheckPath: "/health",
  healthCheckIntervalSeconds: 5,
  healthCheckTimeoutSeconds: 4,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  healthCheckMatcher: "200",
  deregistrationDelaySeconds: 30,
  healthCheckGracePeriodSeconds: 20,
  logRetentionDays: 30,
  keepTaggedImages: 10,
  stopTimeoutSeconds: 30,
  containerHealthCheck: { intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 },
  cpuTargetPercent: 60,
  memoryTargetPercent: 80,
} as const;
