/**
 * The dockyard program: read and validate config once, then build the Platform and one FargateService per
 * configured service. Shared by `index.ts` (the CLI) and the Automation API's inline mode.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FargateService } from "../components/fargate-service";
import type { FargateServiceArgs } from "../components/fargate-service-args";
import { envName, targetGroupName } from "../components/naming";
import { Platform } from "../components/platform";
import { loadStackConfig, PROJECT_ROOT } from "./config";
import type { ServiceConfig, StackConfig } from "./stack-config";

/** Stack outputs. */
export interface DockyardOutputs {
  vpcId: pulumi.Output<string>;
  privateSubnetIds: pulumi.Output<string[]>;
  publicSubnetIds: pulumi.Output<string[]>;
  clusterArn: pulumi.Output<string>;
  clusterName: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  listenerArn: pulumi.Output<string>;
  baseUrl: pulumi.Output<string>;
  namespaceId: pulumi.Output<string>;
  namespaceName: string;
  /** Per service: name, task definition, image (digest), target group, discovery name and URL. */
  services: Record<string, pulumi.Output<ServiceOutputs>>;
}

/** Outputs of one service. */
export interface ServiceOutputs {
  serviceName: string;
  taskDefinitionArn: string;
  imageUri: string;
  targetGroupArn?: string;
  discoveryName?: string;
  url?: string;
}

/** Runs the program for the current stack (synchronous: every error is thrown before any resource exists). */
export function dockyardProgram(): DockyardOutputs {
  return buildStack(loadStackConfig());
}

/** Builds every resource of a validated stack config. */
export function buildStack(config: StackConfig): DockyardOutputs {
  const platform = new Platform(config.stack, {
    environment: config.stack,
    project: config.project,
    network: config.network,
    cluster: config.cluster,
    loadBalancer: config.loadBalancer,
    discoveryNamespace: config.discoveryNamespace,
  });

  const services = new Map<string, FargateService>();
  for (const svc of config.services) {
    services.set(svc.name, new FargateService(svc.name, serviceArgs(config, svc, platform)));
  }
  for (const svc of config.services) {
    for (const caller of svc.allowedCallers) services.get(svc.name)?.allowCallsFrom(getService(services, caller));
  }

  const outputs: Record<string, pulumi.Output<ServiceOutputs>> = {};
  for (const [name, s] of services) {
    outputs[name] = pulumi.output({
      serviceName: s.serviceName,
      taskDefinitionArn: s.taskDefinitionArn,
      imageUri: s.imageUri,
      targetGroupArn: s.targetGroupArn,
      discoveryName: s.discoveryName,
      url: s.url,
    });
  }
  return {
    vpcId: platform.vpcId,
    privateSubnetIds: platform.privateSubnetIds,
    publicSubnetIds: platform.publicSubnetIds,
    clusterArn: platform.clusterArn,
    clusterName: platform.clusterName,
    loadBalancerDnsName: platform.loadBalancerDnsName,
    listenerArn: platform.listenerArn,
    baseUrl: platform.baseUrl,
    namespaceId: platform.namespaceId,
    namespaceName: platform.namespaceName,
    services: outputs,
  };
}

/** Maps one service's config onto the component's args. */
export function serviceArgs(config: StackConfig, svc: ServiceConfig, platform: Platform): FargateServiceArgs {
  // Callees are reachable by Cloud Map name; the URL is injected so services never hard-code the namespace.
  const callEnv = Object.fromEntries(svc.calls.map((callee) => {
    const port = config.services.find((s) => s.name === callee)?.port ?? 8080;
    return [`${envName(callee)}_URL`, `http://${callee}.${config.discoveryNamespace}:${port}`];
  }));
  return {
    environment: config.stack,
    project: config.project,
    region: config.region,
    accountId: platform.accountId,
    partition: platform.partition,
    clusterArn: platform.clusterArn,
    clusterName: platform.clusterName,
    vpcId: platform.vpcId,
    privateSubnetIds: platform.privateSubnetIds,
    image: svc.image.kind === "prebuilt"
      ? svc.image
      : { ...svc.image, contextPath: path.resolve(PROJECT_ROOT, svc.image.context) },
    architecture: svc.architecture,
    cpu: svc.cpu,
    memory: svc.memory,
    port: svc.port,
    desiredCount: svc.desiredCount,
    environmentVariables: { ...svc.environment, ...callEnv },
    secrets: svc.secrets,
    kmsKeyArns: svc.kmsKeyArns,
    sidecars: svc.sidecars,
    containerHealthCheck: svc.containerHealthCheck,
    readonlyRootFilesystem: svc.readonlyRootFilesystem,
    stopTimeoutSeconds: svc.stopTimeoutSeconds,
    taskPolicy: svc.taskPolicy,
    enableExecuteCommand: svc.enableExecuteCommand,
    capacityProviderStrategy: svc.capacityProviderStrategy ?? config.cluster.capacityProviderStrategy,
    dependsOn: [platform.capacityProviders],
    loadBalancer: svc.routes === undefined ? undefined : {
      listenerArn: platform.listenerArn,
      loadBalancerArn: platform.loadBalancerArn,
      securityGroupId: platform.loadBalancerSecurityGroupId,
      baseUrl: platform.baseUrl,
      targetGroupName: targetGroupName({ project: config.project, stack: config.stack }, svc.name, { port: svc.port, vpcCidr: config.network.cidrBlock }),
      pathPatterns: svc.routes.pathPatterns,
      hostHeaders: svc.routes.hostHeaders,
      priority: svc.routes.priority,
      healthCheck: svc.healthCheck,
      deregistrationDelaySeconds: svc.deregistrationDelaySeconds,
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    },
    discovery: { namespaceId: platform.namespaceId, namespaceName: config.discoveryNamespace },
    autoscaling: svc.autoscaling,
    deployment: svc.deployment,
    logRetentionDays: config.logRetentionDays,
    keepTaggedImages: config.ecrKeepTaggedImages,
    forceDeleteRepository: config.ecrForceDelete,
    protect: config.protect,
  };
}

function getService(services: Map<string, FargateService>, name: string): FargateService {
  const s = services.get(name);
  if (s === undefined) throw new Error(`internal: service "${name}" was validated but not created`);
  return s;
}
