/** Each resource → request mapping: the exact requests the provider would send, and nothing silently dropped. */
import * as assert from "node:assert/strict";
import { MAPPINGS, requestsFor } from "../../preview/aws/requests";
import { res } from "../policy/harness";

const ACCOUNT = "123456789012";
const requests = (type: string, name: string, inputs: Record<string, unknown>, outputs?: Record<string, unknown>) => {
  const out = requestsFor(res(type, name, inputs, outputs ? { outputs } : {}))!;
  return {
    calls: out.requests.map((r) => [`${r.service}:${r.operation}`, r.params]),
    notChecked: out.notChecked,
    policies: out.policies.map((p) => `${p.kind} ${p.input}`),
  };
};

describe("resource → AWS request mappings", () => {
  it("covers the resources ECS programs register, under both aws:lb and aws:alb tokens", () => {
    for (const type of [
      "aws:ecs/cluster:Cluster",
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:ecs/service:Service",
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:alb/loadBalancer:LoadBalancer",
      "aws:lb/targetGroup:TargetGroup",
      "aws:alb/targetGroup:TargetGroup",
      "aws:lb/listener:Listener",
      "aws:alb/listener:Listener",
      "aws:lb/listenerRule:ListenerRule",
      "aws:alb/listenerRule:ListenerRule",
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
      "aws:servicediscovery/service:Service",
      "aws:ecr/repository:Repository",
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "aws:ecr/repositoryPolicy:RepositoryPolicy",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:iam/policy:Policy",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:appautoscaling/target:Target",
      "aws:appautoscaling/policy:Policy",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:ec2/securityGroupRule:SecurityGroupRule",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
      "aws:ec2/vpcEndpoint:VpcEndpoint",
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
    ]) {
      assert.ok(MAPPINGS.has(type), type);
    }
    assert.equal(MAPPINGS.get("aws:lb/listenerRule:ListenerRule"), MAPPINGS.get("aws:alb/listenerRule:ListenerRule"));
  });

  it("an input the mapping does not understand is reported, nested ones with their path; provider-only inputs are not", () => {
    const out = requests("aws:ecs/service:Service", "svc", {
      name: "api",
      waitForSteadyState: true,
      futureInput: { enabled: true },
      networkConfiguration: { subnets: ["s"], futureField: 1 },
    });
    assert.deepEqual(out.notChecked, [
      "input futureInput is not mapped to an AWS request",
      "input networkConfiguration.futureField is not mapped to an AWS request",
    ]);
  });

  it("ECS: cluster, capacity providers, task definition (containerDefinitions JSON → structure), service", () => {
    assert.deepEqual(
      requests(
        "aws:ecs/cluster:Cluster",
        "c",
        { settings: [{ name: "containerInsights", value: "enhanced" }], tags: { team: "a" } },
        { name: "c-1234567" },
      ).calls,
      [
        [
          "ecs:CreateCluster",
          { clusterName: "c-1234567", settings: [{ name: "containerInsights", value: "enhanced" }], tags: [{ key: "team", value: "a" }] },
        ],
      ],
    );
    assert.deepEqual(
      requests("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "cp", {
        clusterName: "c",
        capacityProviders: ["FARGATE"],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 2 }],
      }).calls,
      [
        [
          "ecs:PutClusterCapacityProviders",
          {
            cluster: "c",
            capacityProviders: ["FARGATE"],
            defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 2 }],
          },
        ],
      ],
    );
    const td = requests("aws:ecs/taskDefinition:TaskDefinition", "td", {
      family: "f",
      containerDefinitions: JSON.stringify([
        { name: "app", Image: "i", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/x" } } },
      ]),
      volumes: [
        { name: "tmp" },
        { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "ENABLED" } },
        { name: "h", hostPath: "/x" },
      ],
      ephemeralStorage: { sizeInGib: 30 },
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
      skipDestroy: true,
    });
    assert.deepEqual(td.calls, [
      [
        "ecs:RegisterTaskDefinition",
        {
          family: "f",
          // Field names are matched case-insensitively by the provider's JSON decoding; map keys are kept.
          containerDefinitions: [
            { name: "app", image: "i", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/x" } } },
          ],
          volumes: [
            { name: "tmp" },
            { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "ENABLED" } },
            { name: "h", host: { sourcePath: "/x" } },
          ],
          ephemeralStorage: { sizeInGiB: 30 },
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        },
      ],
    ]);
    assert.deepEqual(td.notChecked, []);
    assert.deepEqual(requests("aws:ecs/taskDefinition:TaskDefinition", "bad", { family: "f", containerDefinitions: "[{" }).notChecked, [
      "containerDefinitions is not valid JSON (Expected property name or '}' in JSON at position 2)",
    ]);
    const svc = requests(
      "aws:ecs/service:Service",
      "svc",
      {
        cluster: "arn:c",
        taskDefinition: "arn:td",
        desiredCount: 2,
        deploymentMaximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        networkConfiguration: { subnets: ["s1"], securityGroups: ["sg-1"], assignPublicIp: false },
        serviceRegistries: { registryArn: "arn:sd" },
        loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "app", containerPort: 80 }],
        enableEcsManagedTags: true,
        forceNewDeployment: true,
      },
      { name: "svc-1234567" },
    );
    assert.deepEqual(svc.calls, [
      [
        "ecs:CreateService",
        {
          serviceName: "svc-1234567",
          cluster: "arn:c",
          taskDefinition: "arn:td",
          desiredCount: 2,
          deploymentConfiguration: { maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
          enableECSManagedTags: true,
          loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "app", containerPort: 80 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: ["s1"], securityGroups: ["sg-1"], assignPublicIp: "DISABLED" } },
          serviceRegistries: [{ registryArn: "arn:sd" }],
        },
      ],
    ]);
  });

  it("ELB: load balancer + attributes, target group + attributes, listener, rule (conditions → Field + config)", () => {
    const lb = requests(
      "aws:lb/loadBalancer:LoadBalancer",
      "alb",
      {
        name: "prod-alb",
        internal: false,
        loadBalancerType: "application",
        subnets: ["s1"],
        idleTimeout: 60,
        dropInvalidHeaderFields: true,
        accessLogs: { bucket: "logs", enabled: true },
      },
      { arn: "arn:lb" },
    );
    assert.deepEqual(lb.calls, [
      ["elbv2:CreateLoadBalancer", { Name: "prod-alb", Subnets: ["s1"], Scheme: "internet-facing", Type: "application" }],
      [
        "elbv2:ModifyLoadBalancerAttributes",
        {
          LoadBalancerArn: "arn:lb",
          Attributes: [
            { Key: "idle_timeout.timeout_seconds", Value: "60" },
            { Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" },
            { Key: "access_logs.s3.enabled", Value: "true" },
            { Key: "access_logs.s3.bucket", Value: "logs" },
          ],
        },
      ],
    ]);
    const tg = requests(
      "aws:alb/targetGroup:TargetGroup",
      "tg",
      {
        port: 8080,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: "vpc-1",
        deregistrationDelay: 30,
        healthCheck: { path: "/health", matcher: "200", interval: 5 },
        stickiness: { enabled: false, type: "lb_cookie" },
      },
      { name: "tg-1234567", arn: "arn:tg" },
    );
    assert.deepEqual(tg.calls, [
      [
        "elbv2:CreateTargetGroup",
        {
          Name: "tg-1234567",
          Protocol: "HTTP",
          Port: 8080,
          VpcId: "vpc-1",
          TargetType: "ip",
          HealthCheckPath: "/health",
          HealthCheckIntervalSeconds: 5,
          Matcher: { HttpCode: "200" },
        },
      ],
      [
        "elbv2:ModifyTargetGroupAttributes",
        {
          TargetGroupArn: "arn:tg",
          Attributes: [
            { Key: "deregistration_delay.timeout_seconds", Value: "30" },
            { Key: "stickiness.enabled", Value: "false" },
            { Key: "stickiness.type", Value: "lb_cookie" },
          ],
        },
      ],
    ]);
    assert.deepEqual(
      requests("aws:lb/listener:Listener", "l", {
        loadBalancerArn: "arn:lb",
        port: 443,
        protocol: "HTTPS",
        certificateArn: "arn:cert",
        sslPolicy: "p",
        defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
      }).calls,
      [
        [
          "elbv2:CreateListener",
          {
            LoadBalancerArn: "arn:lb",
            Protocol: "HTTPS",
            Port: 443,
            SslPolicy: "p",
            Certificates: [{ CertificateArn: "arn:cert" }],
            DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { ContentType: "text/plain", StatusCode: "404" } }],
          },
        ],
      ],
    );
    const rule = requests("aws:lb/listenerRule:ListenerRule", "r", {
      listenerArn: "arn:l",
      priority: 10,
      conditions: [{ pathPattern: { values: ["/api/*"] } }, { hostHeader: { values: ["a.example.com"] } }],
      actions: [{ type: "forward", targetGroupArn: "arn:tg" }],
    });
    assert.deepEqual(rule.calls, [
      [
        "elbv2:CreateRule",
        {
          ListenerArn: "arn:l",
          Priority: 10,
          Conditions: [
            { Field: "path-pattern", PathPatternConfig: { Values: ["/api/*"] } },
            { Field: "host-header", HostHeaderConfig: { Values: ["a.example.com"] } },
          ],
          Actions: [{ Type: "forward", TargetGroupArn: "arn:tg" }],
        },
      ],
    ]);
    assert.deepEqual(
      requests("aws:lb/listenerRule:ListenerRule", "r", {
        listenerArn: "arn:l",
        priority: 1,
        conditions: [{ pathPattern: { values: ["/a"] }, hostHeader: { values: ["h"] } }],
        actions: [],
      }).notChecked,
      ["conditions[0] sets 2 condition kinds; the provider requires exactly one per block"],
    );
    const noPriority = requestsFor(res("aws:lb/listenerRule:ListenerRule", "r", { listenerArn: "arn:l", conditions: [], actions: [] }))!;
    assert.deepEqual(noPriority.requests[0].providerFills, ["Priority"]);
  });

  it("Cloud Map, ECR (with the repository policy for the IAM check), logs", () => {
    assert.deepEqual(
      requests("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "ns", { name: "prod.internal", vpc: "vpc-1" }).calls,
      [["servicediscovery:CreatePrivateDnsNamespace", { Name: "prod.internal", Vpc: "vpc-1" }]],
    );
    assert.deepEqual(
      requests("aws:servicediscovery/service:Service", "sd", {
        name: "api",
        namespaceId: "ns-1",
        dnsConfig: { namespaceId: "ns-1", dnsRecords: [{ ttl: 10, type: "A" }], routingPolicy: "MULTIVALUE" },
        healthCheckCustomConfig: { failureThreshold: 1 },
        forceDestroy: true,
      }).calls,
      [
        [
          "servicediscovery:CreateService",
          {
            Name: "api",
            NamespaceId: "ns-1",
            DnsConfig: { NamespaceId: "ns-1", RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 10 }] },
            HealthCheckCustomConfig: { FailureThreshold: 1 },
          },
        ],
      ],
    );
    assert.deepEqual(
      requests("aws:ecr/repository:Repository", "repo", {
        name: "prod/api",
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: false,
      }).calls,
      [
        [
          "ecr:CreateRepository",
          {
            repositoryName: "prod/api",
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfiguration: { encryptionType: "AES256" },
          },
        ],
      ],
    );
    const policy = requests("aws:ecr/repositoryPolicy:RepositoryPolicy", "rp", { repository: "prod/api", policy: "{}" });
    assert.deepEqual(
      [policy.calls, policy.policies],
      [[["ecr:SetRepositoryPolicy", { repositoryName: "prod/api", policyText: "{}" }]], ["resource policy"]],
    );
    assert.deepEqual(requests("aws:ecr/lifecyclePolicy:LifecyclePolicy", "lp", { repository: "prod/api", policy: '{"rules":[]}' }).calls, [
      ["ecr:PutLifecyclePolicy", { repositoryName: "prod/api", lifecyclePolicyText: '{"rules":[]}' }],
    ]);
    assert.deepEqual(
      requests("aws:cloudwatch/logGroup:LogGroup", "lg", { name: "/ecs/prod/api", retentionInDays: 90, tags: { a: "b" } }).calls,
      [
        ["logs:CreateLogGroup", { logGroupName: "/ecs/prod/api", tags: { a: "b" } }],
        ["logs:PutRetentionPolicy", { logGroupName: "/ecs/prod/api", retentionInDays: 90 }],
      ],
    );
    assert.deepEqual(requests("aws:cloudwatch/logGroup:LogGroup", "lg", { name: "/x", retentionInDays: 0 }).calls, [
      ["logs:CreateLogGroup", { logGroupName: "/x" }],
    ]);
  });

  it("IAM: a role with inline and managed policies; role policy; policy; attachment — every document goes to the IAM check", () => {
    const role = requests(
      "aws:iam/role:Role",
      "role",
      {
        assumeRolePolicy: "{trust}",
        inlinePolicies: [{ name: "inline", policy: "{doc}" }],
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      },
      { name: "role-1234567" },
    );
    assert.deepEqual(role.calls, [
      ["iam:CreateRole", { RoleName: "role-1234567", AssumeRolePolicyDocument: "{trust}" }],
      ["iam:PutRolePolicy", { RoleName: "role-1234567", PolicyName: "inline", PolicyDocument: "{doc}" }],
      ["iam:AttachRolePolicy", { RoleName: "role-1234567", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
    ]);
    assert.deepEqual(role.policies, ["trust assumeRolePolicy", "identity inlinePolicies[0].policy"]);
    assert.deepEqual(
      requests("aws:iam/rolePolicy:RolePolicy", "rp", { role: "role-1234567", policy: "{doc}" }, { name: "rp-7654321" }).calls,
      [["iam:PutRolePolicy", { RoleName: "role-1234567", PolicyName: "rp-7654321", PolicyDocument: "{doc}" }]],
    );
    // A document object is sent as JSON text, as the provider does.
    const object = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
    assert.deepEqual(requests("aws:iam/rolePolicy:RolePolicy", "rp", { role: "r", name: "n", policy: object }).calls, [
      ["iam:PutRolePolicy", { RoleName: "r", PolicyName: "n", PolicyDocument: JSON.stringify(object) }],
    ]);
    assert.deepEqual(requests("aws:iam/policy:Policy", "p", { name: "p", path: "/app/", policy: "{doc}" }).calls, [
      ["iam:CreatePolicy", { PolicyName: "p", Path: "/app/", PolicyDocument: "{doc}" }],
    ]);
    assert.deepEqual(requests("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", { role: "r", policyArn: "arn:p" }).calls, [
      ["iam:AttachRolePolicy", { RoleName: "r", PolicyArn: "arn:p" }],
    ]);
  });

  it("Application Auto Scaling and CloudWatch alarms", () => {
    assert.deepEqual(
      requests("aws:appautoscaling/target:Target", "t", {
        serviceNamespace: "ecs",
        resourceId: "service/c/s",
        scalableDimension: "ecs:service:DesiredCount",
        minCapacity: 2,
        maxCapacity: 10,
      }).calls,
      [
        [
          "application-autoscaling:RegisterScalableTarget",
          {
            ServiceNamespace: "ecs",
            ResourceId: "service/c/s",
            ScalableDimension: "ecs:service:DesiredCount",
            MinCapacity: 2,
            MaxCapacity: 10,
          },
        ],
      ],
    );
    const step = requests("aws:appautoscaling/policy:Policy", "p", {
      name: "p",
      serviceNamespace: "ecs",
      resourceId: "service/c/s",
      scalableDimension: "ecs:service:DesiredCount",
      policyType: "StepScaling",
      stepScalingPolicyConfiguration: {
        adjustmentType: "ChangeInCapacity",
        stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
      },
    });
    assert.deepEqual(step.calls, [
      [
        "application-autoscaling:PutScalingPolicy",
        {
          PolicyName: "p",
          ServiceNamespace: "ecs",
          ResourceId: "service/c/s",
          ScalableDimension: "ecs:service:DesiredCount",
          PolicyType: "StepScaling",
          StepScalingPolicyConfiguration: {
            AdjustmentType: "ChangeInCapacity",
            StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
          },
        },
      ],
    ]);
    assert.deepEqual(
      requests("aws:cloudwatch/metricAlarm:MetricAlarm", "a", {
        name: "cpu",
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 2,
        metricName: "CPUUtilization",
        namespace: "AWS/ECS",
        period: 60,
        statistic: "Average",
        threshold: 80,
        dimensions: { ClusterName: "c" },
      }).calls,
      [
        [
          "cloudwatch:PutMetricAlarm",
          {
            AlarmName: "cpu",
            ComparisonOperator: "GreaterThanThreshold",
            EvaluationPeriods: 2,
            MetricName: "CPUUtilization",
            Namespace: "AWS/ECS",
            Period: 60,
            Statistic: "Average",
            Threshold: 80,
            Dimensions: [{ Name: "ClusterName", Value: "c" }],
          },
        ],
      ],
    );
  });

  it("EC2: a security group with inline rules (self → its own id), legacy and vpc rule resources, endpoints, VPC and subnet", () => {
    const arn = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0abc`;
    const sg = requests(
      "aws:ec2/securityGroup:SecurityGroup",
      "sg",
      {
        vpcId: "vpc-1",
        ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"], self: true, description: "web" }],
        egress: [],
      },
      { name: "sg-1234567", arn },
    );
    assert.deepEqual(sg.calls, [
      ["ec2:CreateSecurityGroup", { GroupName: "sg-1234567", Description: "Managed by Pulumi", VpcId: "vpc-1" }],
      [
        "ec2:AuthorizeSecurityGroupIngress",
        {
          GroupId: "sg-0abc",
          IpPermissions: [
            {
              IpProtocol: "tcp",
              FromPort: 80,
              ToPort: 80,
              IpRanges: [{ CidrIp: "10.0.0.0/16", Description: "web" }],
              UserIdGroupPairs: [{ GroupId: "sg-0abc", Description: "web" }],
            },
          ],
        },
      ],
    ]);
    assert.deepEqual(
      requests("aws:ec2/securityGroupRule:SecurityGroupRule", "r", {
        type: "egress",
        securityGroupId: "sg-1",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["0.0.0.0/0"],
      }).calls,
      [
        [
          "ec2:AuthorizeSecurityGroupEgress",
          { GroupId: "sg-1", IpPermissions: [{ IpProtocol: "-1", FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] },
        ],
      ],
    );
    assert.deepEqual(
      requests("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", {
        securityGroupId: "sg-1",
        ipProtocol: "tcp",
        fromPort: 8080,
        toPort: 8080,
        referencedSecurityGroupId: "sg-2",
        description: "from alb",
      }).calls,
      [
        [
          "ec2:AuthorizeSecurityGroupIngress",
          {
            GroupId: "sg-1",
            IpPermissions: [
              { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: "sg-2", Description: "from alb" }] },
            ],
          },
        ],
      ],
    );
    const endpoint = requests("aws:ec2/vpcEndpoint:VpcEndpoint", "e", {
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.ecr.api",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      subnetIds: ["s1"],
      securityGroupIds: ["sg-1"],
      policy: "{doc}",
    });
    assert.deepEqual(
      [endpoint.calls, endpoint.policies],
      [
        [
          [
            "ec2:CreateVpcEndpoint",
            {
              VpcId: "vpc-1",
              ServiceName: "com.amazonaws.us-east-1.ecr.api",
              VpcEndpointType: "Interface",
              PolicyDocument: "{doc}",
              PrivateDnsEnabled: true,
              SubnetIds: ["s1"],
              SecurityGroupIds: ["sg-1"],
            },
          ],
        ],
        ["resource policy"],
      ],
    );
    const vpc = requests("aws:ec2/vpc:Vpc", "v", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, tags: { Name: "v" } });
    assert.deepEqual(vpc.calls, [
      ["ec2:CreateVpc", { CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "v" }] }] }],
    ]);
    assert.deepEqual(vpc.notChecked, ["enableDnsHostnames is sent with ModifyVpcAttribute, which the shipped models do not cover"]);
    assert.deepEqual(
      requests("aws:ec2/subnet:Subnet", "s", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" }).calls,
      [["ec2:CreateSubnet", { VpcId: "vpc-1", CidrBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a" }]],
    );
  });
});
