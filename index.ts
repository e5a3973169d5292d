// dockyard: `pulumi up` entry. Config is read and validated in stacks/, resources are built by components/.
import { dockyardProgram } from "./stacks/program";

const outputs = dockyardProgram();

export const vpcId = outputs.vpcId;
export const privateSubnetIds = outputs.privateSubnetIds;
export const publicSubnetIds = outputs.publicSubnetIds;
export const clusterArn = outputs.clusterArn;
export const clusterName = outputs.clusterName;
export const loadBalancerDnsName = outputs.loadBalancerDnsName;
export const listenerArn = outputs.listenerArn;
export const baseUrl = outputs.baseUrl;
export const namespaceId = outputs.namespaceId;
export const namespaceName = outputs.namespaceName;
export const services = outputs.services;
