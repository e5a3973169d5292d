/**
 * The dockyard program: read and validate config once, then build the Platform and add the configured services
 * through the component package's entry point. Shared by `index.ts` (the CLI) and the Automation API's inline mode.
 */
import * as pulumi from "@pulumi/pulumi";
import { Platform, type FargateService } from "../components/index";
import { loadStackConfig, PROJECT_ROOT } from "./config";
import { serviceEntry } from "./service-args";
import type { StackConfig } from "./stack-config";

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
    region: config.region,
    network: config.network,
    cluster: config.cluster,
    loadBalancer: config.loadBalancer,
    discoveryNamespace: config.discoveryNamespace,
  });
  const services = platform.addServices(
    Object.fromEntries(config.services.map((svc) => [svc.name, serviceEntry(svc, config, PROJECT_ROOT)])),
  );
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
    services: Object.fromEntries(Object.entries(services).map(([name, s]) => [name, serviceOutputs(s)])),
  };
}

function serviceOutputs(s: FargateService): pulumi.Output<ServiceOutputs> {
  return pulumi.output({
    serviceName: s.serviceName,
    taskDefinitionArn: s.taskDefinitionArn,
    imageUri: s.imageUri,
    targetGroupArn: s.targetGroupArn,
    discoveryName: s.discoveryName,
    url: s.url,
  });
}
