import * as assert from "node:assert/strict";
import { awsResourceLimits, lbListenerRulePrioritiesUnique } from "../../policy/rules/aws-limits";
import { res, run } from "./harness";

const details = async (type: string, inputs: Record<string, unknown>): Promise<string[]> =>
  (await run(awsResourceLimits, [res(type, "r", inputs)])).violations.map((v) => v.detail ?? "");

const containers = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: "x" })));

describe("aws-resource-limits (AWS rules the API models do not encode, for any program)", () => {
  const bad: [string, string, Record<string, unknown>, string[]][] = [
    [
      "an ALB name with an underscore",
      "aws:lb/loadBalancer:LoadBalancer",
      { name: "Prod_EU-alb" },
      [
        'name: load balancer name "Prod_EU-alb" contains "_"; allowed: 1–32 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).',
      ],
    ],
    [
      "an ALB name starting with internal-",
      "aws:alb/loadBalancer:LoadBalancer",
      { name: "internal-alb" },
      [
        'name: load balancer name "internal-alb" begins with "internal-"; allowed: 1–32 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).',
      ],
    ],
    [
      "a target group name ending with a hyphen",
      "aws:lb/targetGroup:TargetGroup",
      { name: "dev-api-" },
      [
        'name: target group name "dev-api-" begins or ends with a hyphen; allowed: 1–32 letters, digits and hyphens, not beginning or ending with a hyphen (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html).',
      ],
    ],
    [
      "a task family with a dot",
      "aws:ecs/taskDefinition:TaskDefinition",
      { family: "eu.prod-api", containerDefinitions: containers(1), requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512" },
      [
        'family: task definition family "eu.prod-api" contains "."; allowed: 1–255 letters, digits, hyphens and underscores (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).',
      ],
    ],
    [
      "11 containers, 20 GiB ephemeral storage and 256/4096",
      "aws:ecs/taskDefinition:TaskDefinition",
      {
        family: "dev-api",
        containerDefinitions: containers(11),
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "4096",
        ephemeralStorage: { sizeInGib: 20 },
      },
      [
        "memory 4096 is not allowed with cpu 256; allowed memory for cpu 256: 512, 1024, 2048 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).",
        "11 containers; a task definition holds at most 10 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).",
        "ephemeralStorage.sizeInGiB 20; Fargate allows an integer from 21 to 200 (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html).",
      ],
    ],
    [
      "a security group named sg-…",
      "aws:ec2/securityGroup:SecurityGroup",
      { name: "sg-api-sg-1a2b3c4" },
      [
        'name: security group name "sg-api-sg-1a2b3c4" begins with "sg-"; allowed: 1–255 of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not beginning with "sg-" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).',
      ],
    ],
    [
      "a security group name prefix sg-…",
      "aws:ec2/securityGroup:SecurityGroup",
      { namePrefix: "sg-api-" },
      [
        'namePrefix: security group name "sg-api-" + the provider\'s suffix begins with "sg-"; allowed: 1–255 of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not beginning with "sg-" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).',
      ],
    ],
    [
      "a log group under aws/",
      "aws:cloudwatch/logGroup:LogGroup",
      { name: "aws/ecs/api" },
      [
        'name: log group name "aws/ecs/api" begins with "aws/"; allowed: 1–512 letters, digits and ._-/#, not beginning with "aws/" (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html).',
      ],
    ],
    [
      "6 condition values on a listener rule",
      "aws:lb/listenerRule:ListenerRule",
      {
        conditions: [
          { pathPattern: { values: ["/a*", "/b*", "/c*"] } },
          { hostHeader: { values: ["a.example.com", "b.example.com"] } },
          { httpRequestMethod: { values: ["GET"] } },
        ],
      },
      [
        "conditions got 6; allowed: at most 5 condition values per rule in total across path patterns, host headers and other conditions; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).",
      ],
    ],
    [
      "a bad host header",
      "aws:alb/listenerRule:ListenerRule",
      { conditions: [{ hostHeader: { values: ["localhost"] } }] },
      [
        'hostHeader.values[0] got "localhost"; allowed: a host name: at least one "." (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html).',
      ],
    ],
    [
      "an ECS resource id without the service",
      "aws:appautoscaling/target:Target",
      { serviceNamespace: "ecs", resourceId: "service/dev-cluster" },
      [
        'resourceId: ECS resource id "service/dev-cluster" is not service/<cluster-name>/<service-name> (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).',
      ],
    ],
    [
      "a request-count label that is a full ARN",
      "aws:appautoscaling/policy:Policy",
      {
        serviceNamespace: "ecs",
        resourceId: "service/c/s",
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1",
          },
        },
      },
      [
        'predefinedMetricSpecification.resourceLabel: ALBRequestCountPerTarget resource label "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1" is not app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id> (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html).',
      ],
    ],
  ];
  for (const [title, type, inputs, expected] of bad) {
    it(`reports ${title}`, async () => assert.deepEqual(await details(type, inputs), expected));
  }

  const good: [string, string, Record<string, unknown>][] = [
    ["a valid ALB name", "aws:lb/loadBalancer:LoadBalancer", { name: "prod-1e0db6-845d-alb" }],
    ["an ALB name containing internal later", "aws:lb/loadBalancer:LoadBalancer", { name: "dev-internal-alb" }],
    ["a valid target group name", "aws:lb/targetGroup:TargetGroup", { name: "dev-api-8080-9bbf" }],
    [
      "a valid Fargate task at the limits",
      "aws:ecs/taskDefinition:TaskDefinition",
      {
        family: "dev_api-1",
        containerDefinitions: containers(10),
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "2048",
        ephemeralStorage: { sizeInGib: 200 },
      },
    ],
    [
      "an EC2 task definition (Fargate limits do not apply)",
      "aws:ecs/taskDefinition:TaskDefinition",
      { family: "dev-api", containerDefinitions: containers(11), requiresCompatibilities: ["EC2"], cpu: "256", memory: "4096" },
    ],
    ["a security group prefix that only contains sg-", "aws:ec2/securityGroup:SecurityGroup", { namePrefix: "dev-sg-api-" }],
    // The charset is in the CloudWatch Logs API model: validated against the models elsewhere, not duplicated here.
    ["a log group the model (not the docs) refuses", "aws:cloudwatch/logGroup:LogGroup", { name: "/ecs/dev api" }],
    [
      "5 condition values with 5 wildcards",
      "aws:lb/listenerRule:ListenerRule",
      { conditions: [{ pathPattern: { values: ["/a*", "/b*", "/c*"] } }, { hostHeader: { values: ["*.example.com", "*.example.org"] } }] },
    ],
    [
      "an ECS resource id",
      "aws:appautoscaling/target:Target",
      { serviceNamespace: "ecs", resourceId: "service/dev-cluster-1a2b3c4/api-svc-5d6e7f8" },
    ],
    [
      "a request-count label from the two ARNs",
      "aws:appautoscaling/policy:Policy",
      {
        serviceNamespace: "ecs",
        resourceId: "service/c/s",
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: "app/prod-alb/3b4785d99a110639/targetgroup/prod-api-8080-c093/6447e48cac0bc09a",
          },
        },
      },
    ],
  ];
  for (const [title, type, inputs] of good) {
    it(`passes ${title} (negative control)`, async () => assert.deepEqual(await details(type, inputs), []));
  }
});

describe("lb-listener-rule-priorities-unique", () => {
  const listener = res("aws:lb/listener:Listener", "http", { port: 80 });
  const other = res("aws:lb/listener:Listener", "https", { port: 443 });
  const rule = (name: string, priority: number, l = listener) =>
    res(
      "aws:lb/listenerRule:ListenerRule",
      name,
      { listenerArn: `${l.name}-arn`, priority },
      { propertyDependencies: { listenerArn: [l] } },
    );

  it("reports the second rule with a priority in use on the same listener, not the same priority on another listener", async () => {
    const report = await run(lbListenerRulePrioritiesUnique, [
      listener,
      other,
      rule("a", 10),
      rule("b", 10),
      rule("c", 10, other),
      rule("d", 11),
    ]);
    assert.deepEqual(
      report.violations.map((v) => [v.urn, v.detail, v.enforcementLevel]),
      [
        [
          "urn:pulumi:test::dockyard::aws:lb/listenerRule:ListenerRule::b",
          "listener rule b has priority 10, already used by a on the same listener; AWS refuses it (PriorityInUse).",
          "mandatory",
        ],
      ],
    );
  });

  it("matches listeners by ARN value when the graph has no property dependency", async () => {
    const byArn = (name: string) =>
      res("aws:alb/listenerRule:ListenerRule", name, {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:1:listener/app/a/1/2",
        priority: 7,
      });
    assert.equal((await run(lbListenerRulePrioritiesUnique, [byArn("x"), byArn("y")])).violations.length, 1);
    assert.equal((await run(lbListenerRulePrioritiesUnique, [rule("a", 1), rule("b", 2)])).violations.length, 0);
  });
});
