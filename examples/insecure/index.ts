// A deliberately insecure ECS Fargate program, written with plain @pulumi/aws the way many first attempts
// look. It exists to prove the gate stops such programs: `npm run preview -- --cwd examples/insecure` must
// exit 1, and the policy suite asserts the exact set of findings (test/policy/stacks.spec.ts). Every
// anti-pattern is marked ANTI-PATTERN; never deploy this, and don't "fix" it without updating those tests.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const appPort = config.requireNumber("appPort");

const vpc = new awsx.ec2.Vpc("vpc", { numberOfAvailabilityZones: 2 });

// ANTI-PATTERN: the task security group is open to the whole internet on the app port; all-protocol egress.
const taskSg = new aws.ec2.SecurityGroup("task-sg", {
  vpcId: vpc.vpcId,
  description: "tasks",
  ingress: [{ protocol: "tcp", fromPort: appPort, toPort: appPort, cidrBlocks: ["0.0.0.0/0"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

// The public ALB's group, with standalone rule resources: 80 from anywhere is fine for an internet-facing ALB...
const albSg = new aws.ec2.SecurityGroup("alb-sg", {
  vpcId: vpc.vpcId,
  description: "alb",
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});
new aws.vpc.SecurityGroupIngressRule("alb-in-http", { securityGroupId: albSg.id, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" });
// ANTI-PATTERN: ...but SSH from anywhere is not (legacy aws.ec2.SecurityGroupRule resource).
new aws.ec2.SecurityGroupRule("alb-in-ssh", { type: "ingress", securityGroupId: albSg.id, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] });

// ANTI-PATTERN: mutable tags, no scan on push, no lifecycle policy, and a repository policy anyone can pull with.
const repo = new aws.ecr.Repository("app-repo", { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false } });
new aws.ecr.RepositoryPolicy("app-repo-policy", {
  repository: repo.name,
  policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }],
  }),
});

// ANTI-PATTERN: no retention, logs are kept (and billed) forever.
const logs = new aws.cloudwatch.LogGroup("app-logs", {});

const assumeEcsTasks = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

// ANTI-PATTERN: one role for everything, with a wildcard DynamoDB policy and an AWS-managed admin-ish policy.
const taskRole = new aws.iam.Role("task-role", { assumeRolePolicy: assumeEcsTasks });
new aws.iam.RolePolicy("task-role-dynamodb", {
  role: taskRole.id,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }] }),
});
new aws.iam.RolePolicyAttachment("task-role-secrets", {
  role: taskRole.name,
  policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
});

// ANTI-PATTERN: no Container Insights.
const cluster = new aws.ecs.Cluster("cluster", {});

const alb = new aws.lb.LoadBalancer("alb", {
  loadBalancerType: "application",
  subnets: vpc.publicSubnetIds,
  securityGroups: [albSg.id],
});
const targetGroup = new aws.lb.TargetGroup("app-tg", {
  port: appPort,
  protocol: "HTTP",
  targetType: "ip",
  vpcId: vpc.vpcId,
  healthCheck: { path: "/health" },
});
// ANTI-PATTERN: plain HTTP forwarded to the app instead of redirecting to HTTPS, and a rule forwarding around it.
const http = new aws.lb.Listener("http", {
  loadBalancerArn: alb.arn,
  port: 80,
  protocol: "HTTP",
  defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
});
new aws.lb.ListenerRule("app-rule", {
  listenerArn: http.arn,
  priority: 10,
  conditions: [{ pathPattern: { values: ["/api/*"] } }],
  actions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
});

// ANTI-PATTERN: an admin load balancer (aws.alb.* tokens) left internet-facing and serving port 8443 to
// everyone, with instance targets, no health check, an outdated TLS policy and an IAM certificate.
const adminSg = new aws.ec2.SecurityGroup("admin-sg", { vpcId: vpc.vpcId, description: "admin" });
new aws.vpc.SecurityGroupIngressRule("admin-in-8443", { securityGroupId: adminSg.id, ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "0.0.0.0/0" });
const admin = new aws.alb.LoadBalancer("admin", { internal: false, securityGroups: [adminSg.id], subnets: vpc.publicSubnetIds });
const adminTg = new aws.alb.TargetGroup("admin-tg", { port: appPort, protocol: "HTTP", vpcId: vpc.vpcId });
new aws.alb.Listener("admin-https", {
  loadBalancerArn: admin.arn,
  port: 8443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-2016-08",
  certificateArn: "arn:aws:iam::123456789012:server-certificate/admin",
  defaultActions: [{ type: "forward", targetGroupArn: adminTg.arn }],
});

// ANTI-PATTERN: service discovery in a public DNS namespace.
const publicNs = new aws.servicediscovery.PublicDnsNamespace("public-ns", { name: "example.com" });
const discovery = new aws.servicediscovery.Service("app-discovery", {
  name: "app",
  dnsConfig: { namespaceId: publicNs.id, dnsRecords: [{ type: "A", ttl: 10 }] },
});

const files = new aws.efs.FileSystem("app-files", { encrypted: true });

const taskDefinition = new aws.ecs.TaskDefinition("app-task", {
  family: "insecure-app",
  cpu: "256",
  memory: "512",
  networkMode: "awsvpc",
  requiresCompatibilities: ["FARGATE"],
  // ANTI-PATTERN: the same role pulls the image and runs the app.
  executionRoleArn: taskRole.arn,
  taskRoleArn: taskRole.arn,
  // ANTI-PATTERN: EFS without transit encryption.
  volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: files.id } }],
  containerDefinitions: pulumi.jsonStringify([
    {
      name: "app",
      image: pulumi.interpolate`${repo.repositoryUrl}:latest`,
      essential: true,
      portMappings: [{ containerPort: appPort, protocol: "tcp" }],
      // ANTI-PATTERN: secrets in plaintext: a sensitive name, and a random-looking token under a bland one.
      environment: [
        { name: "DB_PASSWORD", value: "hunter2" },
        { name: "UPSTREAM_AUTH", value: "q8Zr2LmX0vT4bN7wK1pY9sD3" },
      ],
      mountPoints: [{ sourceVolume: "data", containerPath: "/data" }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logs.name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
      },
    },
    // ANTI-PATTERN: a sidecar whose logs go nowhere.
    { name: "metrics", image: "public.ecr.aws/docker/library/busybox:latest", essential: false },
  ]),
});

// ANTI-PATTERN: tasks in public subnets with public IPs, and ECS Exec on.
new aws.ecs.Service("app", {
  cluster: cluster.arn,
  taskDefinition: taskDefinition.arn,
  desiredCount: 2,
  launchType: "FARGATE",
  enableExecuteCommand: true,
  networkConfiguration: { subnets: vpc.publicSubnetIds, securityGroups: [taskSg.id], assignPublicIp: true },
  loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: "app", containerPort: appPort }],
  serviceRegistries: { registryArn: discovery.arn },
});

export const url = pulumi.interpolate`http://${alb.dnsName}`;
