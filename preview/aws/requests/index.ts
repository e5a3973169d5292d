/**
 * Resource type → the AWS requests the provider sends to create it. Each mapping reads the resource's
 * inputs through `Inputs`, so an input no mapping understands is reported (never silently dropped).
 */
import type { CapturedResource } from "../../../policy/engine/types";
import * as autoscaling from "./autoscaling";
import { VERIFICATION_TYPE } from "../../../components/deployment-verifier/type";
import * as cloudwatch from "./cloudwatch";
import { deploymentVerification } from "./deployment-verifier";
import * as ec2 from "./ec2";
import * as ecr from "./ecr";
import * as ecs from "./ecs";
import * as elb from "./elb";
import * as iam from "./iam";
import * as logs from "./logs";
import { Inputs, mapped, Mapped } from "./reader";
import * as servicediscovery from "./servicediscovery";

export type { ApiRequest, Mapped, PolicyInput } from "./reader";

type Mapping = (inputs: Inputs, resource: CapturedResource, out: Mapped) => void;

/** `aws:lb/*` and `aws:alb/*` are the same provider resources under two tokens. */
const both = (module: string, mapping: Mapping): [string, Mapping][] => [
  [`aws:lb/${module}`, mapping],
  [`aws:alb/${module}`, mapping],
];

export const MAPPINGS: ReadonlyMap<string, Mapping> = new Map<string, Mapping>([
  ["aws:ecs/cluster:Cluster", ecs.cluster],
  ["aws:ecs/capacityProvider:CapacityProvider", ecs.capacityProvider],
  ["aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", ecs.clusterCapacityProviders],
  ["aws:ecs/taskDefinition:TaskDefinition", ecs.taskDefinition],
  ["aws:ecs/service:Service", ecs.service],
  ...both("loadBalancer:LoadBalancer", elb.loadBalancer),
  ...both("targetGroup:TargetGroup", elb.targetGroup),
  ...both("listener:Listener", elb.listener),
  ...both("listenerRule:ListenerRule", elb.listenerRule),
  ["aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", servicediscovery.privateDnsNamespace],
  ["aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace", servicediscovery.publicDnsNamespace],
  ["aws:servicediscovery/httpNamespace:HttpNamespace", servicediscovery.httpNamespace],
  ["aws:servicediscovery/service:Service", servicediscovery.service],
  ["aws:ecr/repository:Repository", ecr.repository],
  ["aws:ecr/lifecyclePolicy:LifecyclePolicy", ecr.lifecyclePolicy],
  ["aws:ecr/repositoryPolicy:RepositoryPolicy", ecr.repositoryPolicy],
  ["aws:iam/role:Role", iam.role],
  ["aws:iam/rolePolicy:RolePolicy", iam.rolePolicy],
  ["aws:iam/policy:Policy", iam.policy],
  ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", iam.rolePolicyAttachment],
  ["aws:cloudwatch/logGroup:LogGroup", logs.logGroup],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", cloudwatch.metricAlarm],
  ["aws:appautoscaling/target:Target", autoscaling.target],
  ["aws:appautoscaling/policy:Policy", autoscaling.policy],
  ["aws:ec2/securityGroup:SecurityGroup", ec2.securityGroup],
  ["aws:ec2/securityGroupRule:SecurityGroupRule", ec2.securityGroupRule],
  ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", ec2.securityGroupIngressRule],
  ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", ec2.securityGroupEgressRule],
  ["aws:ec2/vpcEndpoint:VpcEndpoint", ec2.vpcEndpoint],
  ["aws:ec2/vpc:Vpc", ec2.vpc],
  ["aws:ec2/subnet:Subnet", ec2.subnet],
  [VERIFICATION_TYPE, deploymentVerification],
]);

/** The requests for one custom resource; `undefined` when no mapping covers its type. */
export function requestsFor(resource: CapturedResource): Mapped | undefined {
  const mapping = MAPPINGS.get(resource.type);
  if (mapping === undefined) return undefined;
  const inputs = new Inputs(resource.inputs);
  // Provider-level inputs every resource accepts (AWS provider 7's per-resource region selects the endpoint).
  inputs.local("region");
  const out = mapped();
  mapping(inputs, resource, out);
  for (const key of inputs.unmapped()) out.notChecked.push(`input ${key} is not mapped to an AWS request`);
  return out;
}
