import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import type { PlatformTransforms } from "./platform-args";
import { transform } from "./transform";

/** Interface endpoints tasks need to start without a NAT gateway. */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] as const;

/** Where the endpoints go. */
export interface VpcEndpointsArgs {
  /** VPC the endpoints belong to. */
  vpcId: pulumi.Input<string>;
  /** VPC CIDR block: HTTPS from it may reach the interface endpoints. */
  cidrBlock: string;
  /** Subnets for the interface endpoints; their route tables get the S3 gateway route. */
  privateSubnetIds: pulumi.Input<string[]>;
}

/**
 * Creates a security group (HTTPS from inside the VPC), the interface endpoints with private DNS in the private
 * subnets, and an S3 gateway endpoint on the private subnets' route tables (ECR stores image layers in S3).
 */
export function createVpcEndpoints(name: string, args: VpcEndpointsArgs, t: PlatformTransforms, parent: pulumi.Resource): void {
  const region = aws.getRegionOutput({}, { parent });
  const sg = new aws.ec2.SecurityGroup(
    ...transform(
      t.securityGroup,
      `${name}-endpoints-sg`,
      {
        vpcId: args.vpcId,
        description: "VPC interface endpoints: HTTPS from inside the VPC",
      },
      { parent },
    ),
  );
  new aws.vpc.SecurityGroupIngressRule(
    ...transform(
      t.ingressRule,
      `${name}-endpoints-in-443`,
      {
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: args.cidrBlock,
        description: "HTTPS from tasks in the VPC",
      },
      { parent },
    ),
  );
  for (const service of INTERFACE_ENDPOINTS) {
    new aws.ec2.VpcEndpoint(
      ...transform(
        t.vpcEndpoint,
        `${name}-endpoint-${service.replace(".", "-")}`,
        {
          vpcId: args.vpcId,
          serviceName: pulumi.interpolate`com.amazonaws.${region.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: args.privateSubnetIds,
          securityGroupIds: [sg.id],
        },
        { parent },
      ),
    );
  }
  const routeTables = aws.ec2.getRouteTablesOutput(
    {
      vpcId: args.vpcId,
      filters: [{ name: "association.subnet-id", values: args.privateSubnetIds }],
    },
    { parent },
  );
  new aws.ec2.VpcEndpoint(
    ...transform(
      t.vpcEndpoint,
      `${name}-endpoint-s3`,
      {
        vpcId: args.vpcId,
        serviceName: pulumi.interpolate`com.amazonaws.${region.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: routeTables.ids,
      },
      { parent },
    ),
  );
}
