// The @pulumi/aws modules the components use, each imported on its own. The package's index loads all of its
// ~260 service modules (~150 ms at every start, and every program using these components pays it); a service
// module registers its resource types for rehydration as the index does, so a resource reference in an output
// (awsx's VPC returns its subnets and route tables as aws.ec2 resources) still comes back as a resource.
// Components import `./aws`, never "@pulumi/aws" itself (eslint.config.mjs); types-only imports may.
export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as iam from "@pulumi/aws/iam";
export * as lb from "@pulumi/aws/lb";
export * as servicediscovery from "@pulumi/aws/servicediscovery";
export * as vpc from "@pulumi/aws/vpc";
export type * as types from "@pulumi/aws/types";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";
