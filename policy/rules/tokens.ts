/** Type tokens the rules match. `aws:lb/*` and `aws:alb/*` are distinct tokens for the same AWS resources. */
const set = (...t: string[]): ReadonlySet<string> => new Set(t);

export const LOAD_BALANCER = set("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer");
export const LISTENER = set("aws:lb/listener:Listener", "aws:alb/listener:Listener");
export const LISTENER_RULE = set("aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule");
export const TARGET_GROUP = set("aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup");

export const ECS_SERVICE = set("aws:ecs/service:Service");
export const ECS_TASK_DEFINITION = set("aws:ecs/taskDefinition:TaskDefinition");
export const ECS_CLUSTER = set("aws:ecs/cluster:Cluster");
export const ECS_TASK_SET = set("aws:ecs/taskSet:TaskSet");

export const SUBNET = set("aws:ec2/subnet:Subnet");
export const EC2_VPC = set("aws:ec2/vpc:Vpc");
export const AWSX_VPC = set("awsx:ec2:Vpc");
export const ROUTE_TABLE = set("aws:ec2/routeTable:RouteTable");
export const ROUTE = set("aws:ec2/route:Route");
export const ROUTE_TABLE_ASSOCIATION = set("aws:ec2/routeTableAssociation:RouteTableAssociation");
export const DEFAULT_ROUTE_TABLE = set("aws:ec2/defaultRouteTable:DefaultRouteTable");
export const MAIN_ROUTE_TABLE_ASSOCIATION = set("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation");
export const INTERNET_GATEWAY = set("aws:ec2/internetGateway:InternetGateway");

export const SECURITY_GROUP = set("aws:ec2/securityGroup:SecurityGroup");
export const SG_RULE = set("aws:ec2/securityGroupRule:SecurityGroupRule");
export const SG_INGRESS_RULE = set("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
export const SG_EGRESS_RULE = set("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");

export const ECR_REPOSITORY = set("aws:ecr/repository:Repository");
export const ECR_LIFECYCLE_POLICY = set("aws:ecr/lifecyclePolicy:LifecyclePolicy");
export const ECR_REPOSITORY_POLICY = set("aws:ecr/repositoryPolicy:RepositoryPolicy");
export const ECR_PUBLIC_REPOSITORY = set("aws:ecrpublic/repository:Repository");

export const IAM_ROLE = set("aws:iam/role:Role");
export const IAM_ROLE_POLICY = set("aws:iam/rolePolicy:RolePolicy");
export const IAM_POLICY = set("aws:iam/policy:Policy");
export const IAM_ROLE_POLICY_ATTACHMENT = set("aws:iam/rolePolicyAttachment:RolePolicyAttachment");
export const IAM_POLICY_ATTACHMENT = set("aws:iam/policyAttachment:PolicyAttachment");
export const IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE = set("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive");

export const LOG_GROUP = set("aws:cloudwatch/logGroup:LogGroup");

export const SD_PRIVATE_NAMESPACE = set("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace");
export const SD_PUBLIC_NAMESPACE = set("aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace");
export const SD_HTTP_NAMESPACE = set("aws:servicediscovery/httpNamespace:HttpNamespace");
export const SD_SERVICE = set("aws:servicediscovery/service:Service");
export const METRIC_ALARM = set("aws:cloudwatch/metricAlarm:MetricAlarm");
