// A deliberately insecure ECS Fargate program, written with plain @pulumi/aws the way many first attempts
// look. It exists to prove the offline gate stops such programs: `npm run preview -- --cwd examples/insecure`
// must exit 1. Every anti-pattern is marked ANTI-PATTERN; never deploy this.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const appPort = config.requireNumber("appPort");

const vpc = new awsx.ec2.Vpc("vpc", { numberOfAvailabilityZones: 2 });

// ANTI-PATTERN: the task security group is open to the whole internet on the app port.
const taskSg = new aws.ec2.SecurityGroup("task-sg", {
  vpcId: vpc.vpcId,
  description: "tasks",
  ingress: [{ protocol: "tcp", fromPort: appPort, toPort: appPort, cidrBlocks: ["0.0.0.0/0"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const albSg = new aws.ec2.SecurityGroup("alb-sg", {
  vpcId: vpc.vpcId,
  description: "alb",
  ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

// ANTI-PATTERN: mutable tags and no scan on push.
const repo = new aws.ecr.Repository("app-repo", { imageTagMutability: "MUTABLE", imageScanningConfiguration: { scanOnPush: false } });

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
// ANTI-PATTERN: plain HTTP forwarded to the app instead of redirecting to HTTPS.
new aws.lb.Listener("http", {
  loadBalancerArn: alb.arn,
  port: 80,
  protocol: "HTTP",
  defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
});

const taskDefinition = new aws.ecs.TaskDefinition("app-task", {
  family: "insecure-app",
  cpu: "256",
  memory: "512",
  networkMode: "awsvpc",
  requiresCompatibilities: ["FARGATE"],
  executionRoleArn: taskRole.arn,
  taskRoleArn: taskRole.arn,
  containerDefinitions: pulumi.jsonStringify([
    {
      name: "app",
      image: pulumi.interpolate`${repo.repositoryUrl}:latest`,
      essential: true,
      portMappings: [{ containerPort: appPort, protocol: "tcp" }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": logs.name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
      },
    },
  ]),
});

// ANTI-PATTERN: tasks in public subnets with public IPs.
new aws.ecs.Service("app", {
  cluster: cluster.arn,
  taskDefinition: taskDefinition.arn,
  desiredCount: 2,
  launchType: "FARGATE",
  networkConfiguration: { subnets: vpc.publicSubnetIds, securityGroups: [taskSg.id], assignPublicIp: true },
  loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: "app", containerPort: appPort }],
});

export const url = pulumi.interpolate`http://${alb.dnsName}`;
