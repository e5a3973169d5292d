import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildContainerDefinitions, TMP_VOLUME, type ContainerHealthCheck, type ContainerSpec } from "./container-definitions";
import { resolveReadonlyRootFilesystem } from "./ecs-exec";
import { SERVICE_DEFAULTS, type FargateServiceArgs, type SidecarArgs } from "./fargate-service-args";
import { logGroupName, taskFamily } from "./naming";
import { serviceScope } from "./service-scope";
import type { ServiceRoles } from "./service-iam";

/** What the task definition is built from, besides the args. */
export interface TaskInputs {
  port: number;
  /** Digest-pinned image of the app container. */
  imageUri: pulumi.Output<string>;
  logGroup: aws.cloudwatch.LogGroup;
  roles: ServiceRoles;
}

/** The service's log group `/ecs/<scope>/<name>`; protected and retained on delete when `protect` is set. */
export function createLogGroup(name: string, args: FargateServiceArgs, parent: pulumi.Resource): aws.cloudwatch.LogGroup {
  const logArgs: aws.cloudwatch.LogGroupArgs = {
    name: logGroupName(serviceScope(args), name),
    retentionInDays: args.logRetentionDays ?? SERVICE_DEFAULTS.logRetentionDays,
  };
  const protect = args.protect === true;
  return new aws.cloudwatch.LogGroup(`${name}-logs`, args.transform?.logGroup ? args.transform.logGroup(logArgs) : logArgs, { parent, protect, retainOnDelete: protect });
}

/** Task definition `<scope>-<name>`: the app container first, then the sidecars sorted by name. */
export function createTaskDefinition(name: string, args: FargateServiceArgs, inputs: TaskInputs, parent: pulumi.Resource): aws.ecs.TaskDefinition {
  const sidecars = (args.sidecars ?? []).map((s) => sidecarSpec(s, args));
  // Only strings are computed inside apply: the resource itself is created outside it.
  const containerDefinitions = pulumi.all([inputs.imageUri, inputs.logGroup.name]).apply(([image, logGroupName]) =>
    JSON.stringify(buildContainerDefinitions(appSpec(name, args, inputs.port, image), sidecars, { logGroupName, region: args.region })),
  );
  const tdArgs: aws.ecs.TaskDefinitionArgs = {
    family: taskFamily(serviceScope(args), name),
    cpu: String(args.cpu ?? SERVICE_DEFAULTS.cpu),
    memory: String(args.memory ?? SERVICE_DEFAULTS.memory),
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    runtimePlatform: { cpuArchitecture: (args.architecture ?? SERVICE_DEFAULTS.architecture) === "arm64" ? "ARM64" : "X86_64", operatingSystemFamily: "LINUX" },
    executionRoleArn: inputs.roles.executionRole.arn,
    taskRoleArn: inputs.roles.taskRole.arn,
    volumes: [{ name: TMP_VOLUME }],
    containerDefinitions,
  };
  return new aws.ecs.TaskDefinition(`${name}-task`, args.transform?.taskDefinition ? args.transform.taskDefinition(tdArgs) : tdArgs, { parent });
}

/** Path part of a service's URL: the first path pattern without its wildcard tail (`/movies*` → `/movies`). */
export function urlPath(pathPatterns: readonly string[]): string {
  const prefix = pathPatterns[0]?.replace(/\*.*$/, "") ?? "/";
  return prefix.startsWith("/") ? prefix : `/${prefix}`;
}

function appSpec(name: string, args: FargateServiceArgs, port: number, image: string): ContainerSpec {
  const healthPath = args.loadBalancer?.healthCheck?.path ?? SERVICE_DEFAULTS.healthCheckPath;
  const hc = args.containerHealthCheck ?? {};
  const d = SERVICE_DEFAULTS.containerHealthCheck;
  const healthCheck: ContainerHealthCheck = {
    // busybox wget ships with the Alpine base images; images without it pass their own `command`.
    command: hc.command ?? ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${port}${healthPath} || exit 1`],
    intervalSeconds: hc.intervalSeconds ?? d.intervalSeconds,
    timeoutSeconds: hc.timeoutSeconds ?? d.timeoutSeconds,
    retries: hc.retries ?? d.retries,
    startPeriodSeconds: hc.startPeriodSeconds ?? d.startPeriodSeconds,
  };
  return {
    name,
    image,
    essential: true,
    ports: [port],
    environment: args.environmentVariables ?? {},
    secrets: args.secrets ?? {},
    healthCheck,
    readonlyRootFilesystem: resolveReadonlyRootFilesystem(args.readonlyRootFilesystem, args.enableExecuteCommand === true),
    stopTimeoutSeconds: args.stopTimeoutSeconds ?? SERVICE_DEFAULTS.stopTimeoutSeconds,
  };
}

function sidecarSpec(s: SidecarArgs, args: FargateServiceArgs): ContainerSpec {
  return {
    name: s.name,
    image: s.image,
    cpu: s.cpu,
    memory: s.memory,
    essential: s.essential ?? false,
    ports: s.port === undefined ? [] : [s.port],
    environment: s.environment ?? {},
    secrets: s.secrets ?? {},
    readonlyRootFilesystem: s.readonlyRootFilesystem ?? true,
    stopTimeoutSeconds: args.stopTimeoutSeconds ?? SERVICE_DEFAULTS.stopTimeoutSeconds,
    command: s.command,
  };
}
