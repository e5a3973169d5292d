/** PlatformRefs for component tests: plain ids, as a platform stack would export them. */
import type { PlatformRef } from "../../components/platform-ref";

/** A platform without a listener or namespace: services on it are internal only. */
export function bareRef(environment: string, privateSubnetIds: string[] = ["subnet-a", "subnet-b"]): PlatformRef {
  return {
    environment,
    project: "dockyard",
    region: "us-east-1",
    accountId: "123456789012",
    partition: "aws",
    cluster: { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/c", name: "c" },
    network: { vpcId: "vpc-1", vpcCidr: "10.0.0.0/16", privateSubnetIds },
  };
}

/** The same platform with a listener (on `prod-alb`) and a Cloud Map namespace `<environment>.internal` (with its ARN, for Service Connect). */
export function fullRef(environment: string): PlatformRef {
  return {
    ...bareRef(environment),
    listener: {
      arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/prod-alb/abc/def",
      loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prod-alb/abc",
      securityGroupId: "sg-alb",
      baseUrl: "https://example.com",
    },
    discovery: {
      namespaceId: "ns-1",
      namespaceName: `${environment}.internal`,
      namespaceArn: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1",
    },
  };
}
