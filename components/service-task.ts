import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import { buildContainerDefinitions, TMP_VOLUME, type ContainerHealthCheck, type ContainerSpec } from "./container-definitions";
import { resolveReadonlyRootFilesystem } from "./ecs-exec";
import { SERVICE_DEFAULTS } from "./defaults";
import type { FargateServiceArgs, SidecarArgs } from "./fargate-service-args";
import { logGroupName, taskFamily } from "./naming";
import { serviceScope } from "./service-scope";
import type { ServiceRoles } from "./service-iam";
import { transform } from "./transform";

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
  const protect = args.protect ?? SERVICE_DEFAULTS.protect;
  return new aws.cloudwatch.LogGroup(
    ...transform(
      args.transform?.logGroup,
      `${name}-logs`,
      {
        name: logGroupName(serviceScope(args.platform), name),
        retentionInDays: args.logRetentionDays ?? SERVICE_DEFAULTS.logRetentionDays,
      },
      { parent, protect, retainOnDelete: protect },
    ),
  );
}

/** Task definition `<scope>-<name>`: the app container first, then the sidecars sorted by name. */
export function createTaskDefinition(
  name: string,
  args: FargateServiceArgs,
  inputs: TaskInputs,
  parent: pulumi.Resource,
): aws.ecs.TaskDefinition {
  const sidecarArgs = args.sidecars ?? {};
  const sidecars = Object.keys(sidecarArgs)
    .sort()
    .map((n) => sidecarSpec(n, sidecarArgs[n], args));
  // Only strings are computed inside apply: the resource itself is created outside it. Variables may be outputs
  // (callee URLs of a platform read from another stack).
  const containerDefinitions = pulumi
    .all([inputs.imageUri, inputs.logGroup.name, pulumi.output(args.environmentVariables ?? {})])
    .apply(([image, logGroupName, environment]) =>
      JSON.stringify(
        buildContainerDefinitions(appSpec(name, args, inputs.port, image, environment), sidecars, {
          logGroupName,
          region: args.platform.region,
        }),
      ),
    );
  return new aws.ecs.TaskDefinition(
    ...transform(
      args.transform?.taskDefinition,
      `${name}-task`,
      {
        family: taskFamily(serviceScope(args.platform), name),
        cpu: String(args.cpu ?? SERVICE_DEFAULTS.cpu),
        memory: String(args.memory ?? SERVICE_DEFAULTS.memory),
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        runtimePlatform: {
          cpuArchitecture: (args.architecture ?? SERVICE_DEFAULTS.architecture) === "arm64" ? "ARM64" : "X86_64",
          operatingSystemFamily: "LINUX",
        },
        executionRoleArn: inputs.roles.executionRole.arn,
        taskRoleArn: inputs.roles.taskRole.arn,
        volumes: [{ name: TMP_VOLUME }],
        containerDefinitions,
      },
      { parent },
    ),
  );
}

/** Path part of a service's URL: the first path pattern without its wildcard tail (`/movies*` → `/movies`). */
export function urlPath(pathPatterns: readonly string[]): string {
  const prefix = pathPatterns[0]?.replace(/\*.*$/, "") ?? "/";
  return prefix.startsWith("/") ? prefix : `/${prefix}`;
}

function appSpec(
  name: string,
  args: FargateServiceArgs,
  port: number,
  image: string,
  environment: Readonly<Record<string, string>>,
): ContainerSpec {
  const healthPath = args.healthCheck?.path ?? SERVICE_DEFAULTS.healthCheckPath;
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
    environment,
    secrets: args.secrets ?? {},
    healthCheck,
    readonlyRootFilesystem: resolveReadonlyRootFilesystem(
      args.readonlyRootFilesystem,
      args.enableExecuteCommand ?? SERVICE_DEFAULTS.enableExecuteCommand,
    ),
    stopTimeoutSeconds: args.stopTimeoutSeconds ?? SERVICE_DEFAULTS.stopTimeoutSeconds,
  };
}

function sidecarSpec(name: string, s: SidecarArgs, args: FargateServiceArgs): ContainerSpec {
  return {
    name,
    image: s.image,
    cpu: s.cpu,
    memory: s.memory,
    essential: s.essential ?? SERVICE_DEFAULTS.sidecar.essential,
    ports: s.port === undefined ? [] : [s.port],
    environment: s.environment ?? {},
    secrets: s.secrets ?? {},
    readonlyRootFilesystem: s.readonlyRootFilesystem ?? SERVICE_DEFAULTS.sidecar.readonlyRootFilesystem,
    stopTimeoutSeconds: args.stopTimeoutSeconds ?? SERVICE_DEFAULTS.stopTimeoutSeconds,
    command: s.command,
  };
}
