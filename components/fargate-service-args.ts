import type * as aws from "@pulumi/aws";
import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { DeclaredStatement } from "./iam";
import type { CapacityProviderStrategyItem } from "./platform-args";
import type { PlatformRef } from "./platform-ref";
import type { ServiceConnectArgs } from "./service-connect";
import type { Transform } from "./transform";

/** Build the image from source with Docker and push it to the service's ECR repository. */
export interface BuildImage {
  /** Build from source. */
  kind: "build";
  /**
   * Build context directory, relative to `contextRoot`. Its content is hashed into the image tag, so an unchanged
   * context never rebuilds.
   */
  context: string;
  /**
   * The directory `context` is relative to. The build is given the context relative to the working directory, so
   * the same layout always registers the same inputs.
   * @default - the program's working directory (Pulumi runs a program in its project directory)
   */
  contextRoot?: string;
  /** Dockerfile path inside the context. @default "Dockerfile" */
  dockerfile?: string;
  /** Dockerfile stage to build. @default - the last stage */
  target?: string;
  /** Build args. @default {} */
  args?: Readonly<Record<string, string>>;
}

/** Run an image that CI already built and pushed (promotion); it must be pinned by digest. */
export interface PrebuiltImage {
  /** Run a prebuilt image. */
  kind: "prebuilt";
  /** Image URI pinned by digest, `…@sha256:<64 hex>`. */
  uri: string;
}

/** A sidecar container. */
export interface SidecarArgs {
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

/** Where the shared ALB listener sends a service's traffic. */
export interface ServiceRoutesArgs {
  /** Path patterns, e.g. `["/movies*"]`. @default [] */
  pathPatterns?: readonly string[];
  /** Host headers, e.g. `["api.example.com"]`. @default [] */
  hostHeaders?: readonly string[];
  /**
   * Listener rule priority (1–50000, unique on the listener; ALB evaluates the lowest first).
   * @default - allocated from a hash of the service name when added through `Platform.addServices` or a
   *   `ServiceSet` (stable when other services come and go); required for a `FargateService` created directly
   */
  priority?: number;
}

/** Target group health check. */
export interface ServiceHealthCheckArgs {
  /** Path requested. @default "/health" */
  path?: string;
  /** Seconds between checks. @default 5 */
  intervalSeconds?: number;
  /** Seconds before a check fails (less than `intervalSeconds`). @default 4 */
  timeoutSeconds?: number;
  /** Successes before a target is healthy. @default 2 */
  healthyThreshold?: number;
  /** Failures before a target is unhealthy. @default 3 */
  unhealthyThreshold?: number;
  /** HTTP codes counted as healthy. @default "200" */
  matcher?: string;
}

/** The app container's health check (ECS runs it inside the container). */
export interface ContainerHealthCheckArgs {
  /** ECS health check command, e.g. `["CMD-SHELL", "…"]`. @default - wget of `http://127.0.0.1:<port><healthCheck.path>` */
  command?: readonly string[];
  /** Seconds between checks. @default 10 */
  intervalSeconds?: number;
  /** Seconds before a check fails. @default 5 */
  timeoutSeconds?: number;
  /** Failures before the container is unhealthy. @default 3 */
  retries?: number;
  /** Grace period after start in which failures do not count. @default 10 */
  startPeriodSeconds?: number;
}

/** A service whose tasks may call this one: its security group gets egress to this service's port. */
export interface ServiceCaller {
  /** Caller's service name (in the rules' names and descriptions). */
  name: string;
  /** Caller's task security group id. */
  securityGroupId: pulumi.Input<string>;
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
   * The platform to run on: cluster, network, listener and namespace as ids (`platform.ref`, or one read from a
   * platform stack). Its `environment` and `project` scope the physical names: task family `<scope>-<name>`, log
   * group `/ecs/<scope>/<name>`, repository `<scope>/<name>`, where `<scope>` is `<environment>-<hash of project
   * and environment>` (see `naming.scopeId`).
   */
  platform: PlatformRef;
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
  /** Tasks to run (initial count when autoscaling; within the autoscaling range). @default 1 */
  desiredCount?: number;
  /** Plain environment variables of the app container; never secrets (the pack's detector refuses them). @default {} */
  environmentVariables?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Env name → Secrets Manager (`…:json-key::` allowed) or SSM ARN; the execution role may read exactly these. @default {} */
  secrets?: Readonly<Record<string, string>>;
  /** KMS keys that encrypt the secrets (kms:Decrypt on the execution role). @default [] */
  kmsKeyArns?: readonly string[];
  /** Sidecars by container name, emitted sorted by name after the app container; their cpu and memory must total less than the task's. @default {} */
  sidecars?: Readonly<Record<string, SidecarArgs>>;
  /** Container health check. @default - wget of `http://127.0.0.1:<port><health path>` every 10 s */
  containerHealthCheck?: ContainerHealthCheckArgs;
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
  /**
   * Route traffic from the platform's shared ALB listener (the platform must have one): a target group named
   * from the service, port and VPC (see `naming.targetGroupName`) and a listener rule.
   * @default - internal only: no target group or listener rule
   */
  routes?: ServiceRoutesArgs;
  /** Target group health check (with `routes`). @default - `/health`, every 5 s, timeout 4 s, healthy 2, unhealthy 3, matcher 200 */
  healthCheck?: ServiceHealthCheckArgs;
  /** Target deregistration (draining) delay (with `routes`). @default 30 */
  deregistrationDelaySeconds?: number;
  /** ECS ignores ALB health checks for this long after a task starts (with `routes`). @default 20 */
  healthCheckGracePeriodSeconds?: number;
  /** Register in Cloud Map as `<name>.<namespace>` (the platform must have a namespace). @default - true when the platform has `discovery` */
  discovery?: boolean;
  /**
   * ECS Service Connect in the platform's namespace (`platform.discovery.namespaceArn`, which it then needs):
   * callers reach this service at the client alias `<name>.<namespace>` on `port` (see `service-connect.ts`).
   * With `discovery` too, both work (the migration step); with `discovery: false`, only Service Connect.
   * @default - no Service Connect
   */
  serviceConnect?: ServiceConnectArgs;
  /** Services whose tasks may call this one on its port (both security group rules are children of this service). @default [] */
  callers?: readonly ServiceCaller[];
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
  /** Change a child's args or options before it is created (see `Transform`). @default - no changes */
  transform?: FargateServiceTransforms;
}

/** One `Transform` per child of a `FargateService`. */
export interface FargateServiceTransforms {
  /** The ECR repository. @default - no changes */ repository?: Transform<aws.ecr.RepositoryArgs>;
  /** The repository's lifecycle policy. @default - no changes */ lifecyclePolicy?: Transform<aws.ecr.LifecyclePolicyArgs>;
  /**
   * Both images (the deployable tag and the build cache). Changes made here are not in the content tag: a changed
   * input rebuilds and pushes under the same tag, which the immutable repository refuses. Prefer `image.args` /
   * `image.target`, which are hashed.
   * @default - no changes
   */
  image?: Transform<docker.ImageArgs>;
  /** The log group. @default - no changes */ logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  /** Both roles (execution and task). @default - no changes */ role?: Transform<aws.iam.RoleArgs>;
  /** Both inline role policies. @default - no changes */ rolePolicy?: Transform<aws.iam.RolePolicyArgs>;
  /** The task definition. @default - no changes */ taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
  /** The task security group. @default - no changes */ securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  /** Every ingress rule (ALB and callers). @default - no changes */ ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
  /** Every egress rule (HTTPS out, ALB to tasks, callers to this service). @default - no changes */ egressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
  /** The target group. @default - no changes */ targetGroup?: Transform<aws.lb.TargetGroupArgs>;
  /** The listener rule. @default - no changes */ listenerRule?: Transform<aws.lb.ListenerRuleArgs>;
  /** The Cloud Map service. @default - no changes */ discoveryService?: Transform<aws.servicediscovery.ServiceArgs>;
  /** The ECS service. @default - no changes */ service?: Transform<aws.ecs.ServiceArgs>;
  /** The autoscaling target. @default - no changes */ scalingTarget?: Transform<aws.appautoscaling.TargetArgs>;
  /** Every scaling policy (cpu, memory, requests). @default - no changes */ scalingPolicy?: Transform<aws.appautoscaling.PolicyArgs>;
}

export { SERVICE_DEFAULTS } from "./defaults";
