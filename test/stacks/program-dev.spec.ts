import * as assert from "node:assert/strict";
import { promiseOf } from "../support/promise-of";
import { awsApiProblems } from "../support/aws-api";
import { one, ofType, type ProgramRun, type RecordedResource } from "../support/run-program";
import { captured } from "../support/captured";

const T = {
  vpc: "awsx:ec2:Vpc",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  rule: "aws:lb/listenerRule:ListenerRule",
  tg: "aws:lb/targetGroup:TargetGroup",
  service: "aws:ecs/service:Service",
  task: "aws:ecs/taskDefinition:TaskDefinition",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  repo: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  image: "docker:index/image:Image",
  logs: "aws:cloudwatch/logGroup:LogGroup",
  discovery: "aws:servicediscovery/service:Service",
  namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  cluster: "aws:ecs/cluster:Cluster",
  capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
} as const;

/** The id a mock resource got, looked up by the value of its registered `id` (via the resource's URN). */
function str(r: RecordedResource, key: string): string {
  const v = r.inputs[key];
  assert.equal(typeof v, "string", `${r.name}.${key}`);
  return v as string;
}

/** `<stack>-<hash of project "dockyard" and stack "dev">`: the scope of every explicit physical name. */
const SCOPE = "dev-a66f6c";
/** Target group name suffix: hash of project, stack, protocol, target type and VPC CIDR. */
const TG = "9bbf";

describe("program: dev stack under MockAws", () => {
  let run: ProgramRun;
  let privateSubnets: string[];
  let publicSubnets: string[];
  before(async () => {
    run = await captured("dev");
    privateSubnets = await promiseOf(run.outputs.privateSubnetIds);
    publicSubnets = await promiseOf(run.outputs.publicSubnetIds);
  });

  it("registers exactly the expected resources", () => {
    const perService = (s: string) => [
      `${T.egress} ${s}-alb-out`,
      `${T.egress} ${s}-out-https`,
      `${T.image} ${s}-image`,
      `${T.image} ${s}-image-cache`,
      `${T.ingress} ${s}-in-alb`,
      `${T.logs} ${s}-logs`,
      `${T.repo} ${s}-repo`,
      `${T.lifecycle} ${s}-repo-lifecycle`,
      `${T.role} ${s}-exec-role`,
      `${T.role} ${s}-task-role`,
      `${T.rolePolicy} ${s}-exec-policy`,
      `${T.rolePolicy} ${s}-task-policy`,
      `${T.sg} ${s}-sg`,
      `${T.tg} ${s}-tg`,
      `${T.rule} ${s}-rule`,
      `${T.discovery} ${s}-discovery`,
      `${T.service} ${s}-svc`,
      `${T.task} ${s}-task`,
      `dockyard:index:FargateService ${s}`,
      `aws:cloudwatch/metricAlarm:MetricAlarm ${s}-5xx-alarm`,
      `aws:cloudwatch/metricAlarm:MetricAlarm ${s}-latency-alarm`,
      `pulumi-nodejs:dynamic/dockyard:DeploymentVerification ${s}-verify`,
    ];
    const expected = [
      "dockyard:index:Platform dev",
      `${T.vpc} dev-vpc`,
      `${T.cluster} dev-cluster`,
      `${T.capacity} dev-capacity`,
      `${T.sg} dev-alb-sg`,
      `${T.ingress} dev-alb-in-80`,
      `${T.alb} dev-alb`,
      `${T.listener} dev-http`,
      `${T.namespace} dev-namespace`,
      ...perService("customer-service"),
      ...perService("movie-service"),
      `${T.ingress} movie-service-in-customer-service`,
      `${T.egress} movie-service-out-from-customer-service`,
    ].sort();
    assert.deepEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), expected);
  });

  it("parents every child to its component; components are top-level (the stack, under the CLI)", () => {
    const components = run.resources.filter((r) => r.type.startsWith("dockyard:"));
    assert.deepEqual(components.map((c) => [c.type, c.parent]).sort(), [
      ["dockyard:index:FargateService", undefined],
      ["dockyard:index:FargateService", undefined],
      ["dockyard:index:Platform", undefined],
    ]);
    const platform = one(run, "dockyard:index:Platform", "dev");
    for (const r of run.resources.filter((x) => !x.type.startsWith("dockyard:"))) {
      const owner = r.name.startsWith("dev-")
        ? platform
        : components.find((c) => r.name.startsWith(`${c.name}-`) && c.type === "dockyard:index:FargateService");
      assert.equal(r.parent, owner?.urn, `${r.type} ${r.name}`);
    }
  });

  it("calls only the provider functions it needs: identity and partition once, one ECR token per built image", () => {
    assert.deepEqual(run.invokes.map((i) => i.token).sort(), [
      "aws:ecr/getAuthorizationToken:getAuthorizationToken",
      "aws:ecr/getAuthorizationToken:getAuthorizationToken",
      "aws:index/getCallerIdentity:getCallerIdentity",
      "aws:index/getPartition:getPartition",
    ]);
    const tokens = run.invokes
      .filter((i) => i.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken")
      .map((i) => i.inputs["registryId"]);
    assert.deepEqual(tokens, ["123456789012", "123456789012"]);
  });

  it("every dockyard component registers exactly its public outputs (not the SDK's automatic `{}`)", () => {
    const components = run.resources.filter((r) => r.type.startsWith("dockyard:"));
    const service = [
      "discoveryName",
      "imageUri",
      "port",
      "repositoryUrl",
      "securityGroupId",
      "serviceName",
      "targetGroupArn",
      "taskDefinitionArn",
      "url",
    ];
    assert.deepEqual(components.map((c) => [c.name, Object.keys(c.outputs).sort()]).sort(), [
      ["customer-service", service],
      [
        "dev",
        [
          "accountId",
          "baseUrl",
          "clusterArn",
          "clusterName",
          "listenerArn",
          "loadBalancerArn",
          "loadBalancerDnsName",
          "loadBalancerSecurityGroupId",
          "namespaceArn",
          "namespaceId",
          "namespaceName",
          "partition",
          "privateSubnetIds",
          "publicSubnetIds",
          "ref",
          "region",
          "vpcCidrBlock",
          "vpcId",
        ],
      ],
      ["movie-service", service],
    ]);
    assert.deepEqual(components.filter((c) => run.outputsRegistered.includes(c.urn)).length, 3);
    const movie = one(run, "dockyard:index:FargateService", "movie-service").outputs;
    assert.equal(movie["discoveryName"], "movie-service.dev.internal");
    assert.match(String(movie["url"]), /^http:\/\/dev-a66f6c-845d-alb-[0-9a-f]+\.us-east-1\.elb\.amazonaws\.com\/movies$/);
  });

  it("builds a 2-AZ VPC with one NAT gateway and a Container Insights cluster with spot-heavy capacity", () => {
    const vpc = one(run, T.vpc, "dev-vpc").inputs;
    assert.equal(vpc["numberOfAvailabilityZones"], 2);
    assert.deepEqual(vpc["natGateways"], { strategy: "Single" });
    assert.equal(privateSubnets.length, 2);
    assert.deepEqual(one(run, T.cluster, "dev-cluster").inputs["settings"], [{ name: "containerInsights", value: "enabled" }]);
    assert.deepEqual(one(run, T.capacity, "dev-capacity").inputs["defaultCapacityProviderStrategies"], [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
  });

  it("puts one internet-facing ALB in the public subnets, HTTP only with a fixed 404, port 80 open to the internet only", () => {
    const alb = one(run, T.alb, "dev-alb").inputs;
    assert.deepEqual(alb["subnets"], publicSubnets);
    assert.equal(alb["internal"], false);
    assert.equal(alb["dropInvalidHeaderFields"], true);
    assert.equal(alb["enableDeletionProtection"], false);
    assert.equal(alb["name"], `${SCOPE}-845d-alb`);
    const listeners = ofType(run, T.listener);
    assert.equal(listeners.length, 1);
    assert.deepEqual(
      { ...listeners[0].inputs, loadBalancerArn: undefined },
      {
        loadBalancerArn: undefined,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"error":"not found"}' },
          },
        ],
      },
    );
    const cidrIngress = ofType(run, T.ingress).filter((r) => r.inputs["cidrIpv4"] === "0.0.0.0/0");
    assert.deepEqual(
      cidrIngress.map((r) => [r.name, r.inputs["fromPort"], r.inputs["toPort"], r.inputs["ipProtocol"]]),
      [["dev-alb-in-80", 80, 80, "tcp"]],
    );
  });

  for (const svc of ["customer-service", "movie-service"]) {
    it(`${svc}: ECS service in private subnets, no public IP, own SG, circuit breaker, steady state, Exec on`, () => {
      const s = one(run, T.service, `${svc}-svc`).inputs;
      const sgId = one(run, T.sg, `${svc}-sg`);
      assert.deepEqual(s["networkConfiguration"], {
        subnets: privateSubnets,
        securityGroups: [ingressTarget(run, svc)],
        assignPublicIp: false,
      });
      assert.equal(sgId.inputs["description"], `Tasks of dev/${svc}`);
      assert.deepEqual(s["deploymentCircuitBreaker"], { enable: true, rollback: true });
      assert.equal(s["deploymentMinimumHealthyPercent"], 100);
      assert.equal(s["deploymentMaximumPercent"], 200);
      assert.equal(s["waitForSteadyState"], true);
      assert.equal(s["enableExecuteCommand"], true);
      assert.equal(s["propagateTags"], "SERVICE");
      assert.equal(s["desiredCount"], 1);
      assert.equal(s["healthCheckGracePeriodSeconds"], 20);
      assert.deepEqual(s["capacityProviderStrategies"], [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
      ]);
      assert.deepEqual(s["loadBalancers"], [{ targetGroupArn: tgArn(run, svc), containerName: svc, containerPort: 8080 }]);
      assert.deepEqual(one(run, T.service, `${svc}-svc`).ignoreChanges, []);
    });

    it(`${svc}: second deploys are safe: forceNewDeployment with a capacity strategy, waits for its policies and rules`, () => {
      const service = one(run, T.service, `${svc}-svc`);
      // The AWS provider refuses a capacity-strategy change unless forceNewDeployment is true.
      assert.equal(service.inputs["forceNewDeployment"], true);
      const urn = (type: string, name: string) => one(run, type, name).urn;
      const needed = [
        urn(T.rolePolicy, `${svc}-exec-policy`),
        urn(T.rolePolicy, `${svc}-task-policy`),
        urn(T.egress, `${svc}-out-https`),
        urn(T.ingress, `${svc}-in-alb`),
        urn(T.egress, `${svc}-alb-out`),
        urn(T.rule, `${svc}-rule`),
        urn(T.capacity, "dev-capacity"),
      ];
      for (const u of needed) assert.ok(service.dependencies.includes(u), `${svc}-svc waits for ${u}`);
    });

    it(`${svc}: security group named by a scoped prefix (never by its logical name), Cloud Map service deleted before replacement`, () => {
      assert.equal(one(run, T.sg, `${svc}-sg`).inputs["namePrefix"], `${SCOPE}-${svc}-`);
      assert.equal(one(run, T.discovery, `${svc}-discovery`).deleteBeforeReplace, true);
      assert.equal(one(run, T.service, `${svc}-svc`).deleteBeforeReplace, false);
    });

    it(`${svc}: the layer cache is a real, pushed image: the mutable buildcache tag, rebuilt with the same inputs`, () => {
      const image = one(run, T.image, `${svc}-image`);
      const cache = one(run, T.image, `${svc}-image-cache`);
      const repoUrl = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${SCOPE}/${svc}`;
      assert.deepEqual((image.inputs["build"] as Record<string, unknown>)["cacheFrom"], { images: [`${repoUrl}:buildcache`] });
      assert.equal(cache.inputs["imageName"], `${repoUrl}:buildcache`);
      assert.deepEqual(cache.inputs["build"], image.inputs["build"]);
      assert.ok(cache.dependencies.includes(image.urn), "pushed after the deployable tag");
      assert.notEqual(image.inputs["imageName"], cache.inputs["imageName"]);
    });

    it(`${svc}: task SG ingress only from security groups (ALB${svc === "movie-service" ? " + customer-service" : ""}), egress HTTPS + nothing open`, () => {
      const sg = ingressTarget(run, svc);
      const ingress = ofType(run, T.ingress).filter((r) => r.inputs["securityGroupId"] === sg);
      const albSg = ingressTarget(run, "alb");
      const expected = [[`${svc}-in-alb`, albSg]];
      if (svc === "movie-service") expected.push(["movie-service-in-customer-service", ingressTarget(run, "customer-service")]);
      assert.deepEqual(
        ingress.map((r) => [r.name, r.inputs["referencedSecurityGroupId"]]),
        expected,
      );
      for (const r of ingress) {
        assert.equal(r.inputs["cidrIpv4"], undefined);
        assert.deepEqual([r.inputs["ipProtocol"], r.inputs["fromPort"], r.inputs["toPort"]], ["tcp", 8080, 8080]);
        assert.ok(typeof r.inputs["description"] === "string" && r.inputs["description"] !== "");
      }
    });

    it(`${svc}: target group type ip with fast health checks, listener rule on the shared listener`, () => {
      const tg = one(run, T.tg, `${svc}-tg`).inputs;
      assert.deepEqual(
        { ...tg, vpcId: undefined },
        {
          vpcId: undefined,
          name: `dev-${svc}-8080-${TG}`,
          port: 8080,
          protocol: "HTTP",
          targetType: "ip",
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            path: "/health",
            port: "traffic-port",
            protocol: "HTTP",
            interval: 5,
            timeout: 4,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
            matcher: "200",
          },
        },
      );
      const rule = one(run, T.rule, `${svc}-rule`).inputs;
      assert.equal(rule["priority"], svc === "customer-service" ? 34250 : 25220);
      assert.deepEqual(rule["conditions"], [{ pathPattern: { values: [svc === "customer-service" ? "/customers*" : "/movies*"] } }]);
      assert.deepEqual(rule["actions"], [{ type: "forward", targetGroupArn: tgArn(run, svc) }]);
    });

    it(`${svc}: ECR repo scan-on-push, immutable, lifecycle, force-delete allowed in dev, not protected`, () => {
      const repo = one(run, T.repo, `${svc}-repo`);
      assert.deepEqual(repo.inputs, {
        name: `${SCOPE}/${svc}`,
        // Every deployable tag is immutable; only the build cache tag may be overwritten.
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: [{ filter: "buildcache", filterType: "WILDCARD" }],
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: true,
      });
      assert.equal(repo.protect, false);
      const policy = JSON.parse(str(one(run, T.lifecycle, `${svc}-repo-lifecycle`), "policy"));
      assert.deepEqual(
        policy.rules.map((r: { selection: object }) => r.selection),
        [
          { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
          { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 10 },
        ],
      );
    });

    it(`${svc}: builds for linux/amd64 from services/${svc} with a content tag, registry auth from ECR`, () => {
      const image = one(run, T.image, `${svc}-image`).inputs;
      const build = image["build"] as Record<string, unknown>;
      assert.deepEqual(
        { ...build, cacheFrom: undefined },
        {
          context: `services/${svc}`,
          dockerfile: `services/${svc}/Dockerfile`,
          platform: "linux/amd64",
          args: { BUILDKIT_INLINE_CACHE: "1" },
          cacheFrom: undefined,
        },
      );
      assert.match(
        str(one(run, T.image, `${svc}-image`), "imageName"),
        new RegExp(`^123456789012\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/${SCOPE}/${svc}:sha-[0-9a-f]{20}$`),
      );
      // The ECR token reaches the engine as a secret (never printed, encrypted in state).
      assert.deepEqual(one(run, T.image, `${svc}-image`).redactedInputs["registry"], {
        password: "[secret]",
        server: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${SCOPE}/${svc}`,
        username: "AWS",
      });
      const registry = image["registry"] as Record<string, unknown>;
      assert.match(String(registry["password"]), /^mock-ecr-token-/);
      assert.equal(registry["server"], `123456789012.dkr.ecr.us-east-1.amazonaws.com/${SCOPE}/${svc}`);
      assert.equal(registry["username"], "AWS");
    });

    it(`${svc}: task definition pins the image by digest, logs to its group, writable root for ECS Exec, valid for the ECS API`, async () => {
      const td = one(run, T.task, `${svc}-task`).inputs;
      assert.equal(td["family"], `${SCOPE}-${svc}`);
      assert.deepEqual([td["cpu"], td["memory"], td["networkMode"], td["requiresCompatibilities"]], ["256", "512", "awsvpc", ["FARGATE"]]);
      assert.deepEqual(td["runtimePlatform"], { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" });
      assert.notEqual(td["taskRoleArn"], td["executionRoleArn"]);
      const [app] = JSON.parse(str(one(run, T.task, `${svc}-task`), "containerDefinitions"));
      const digest = await promiseOf(run.outputs.services[svc]);
      assert.match(app.image, new RegExp(`^123456789012\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/${SCOPE}/${svc}@sha256:[0-9a-f]{64}$`));
      assert.equal(app.image, digest.imageUri);
      assert.deepEqual(app.logConfiguration, {
        logDriver: "awslogs",
        options: { "awslogs-group": `/ecs/${SCOPE}/${svc}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": svc },
      });
      // ECS Exec is on in dev, and its SSM agent needs a writable root filesystem.
      assert.equal(app.readonlyRootFilesystem, false);
      assert.deepEqual(app.mountPoints, [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
      assert.deepEqual(app.linuxParameters, { initProcessEnabled: true });
      assert.deepEqual(
        app.environment,
        svc === "customer-service" ? [{ name: "MOVIE_SERVICE_URL", value: "http://movie-service.dev.internal:8080" }] : [],
      );
      assert.deepEqual(awsApiProblems(one(run, T.task, `${svc}-task`)), []);
      assert.deepEqual(one(run, T.logs, `${svc}-logs`).inputs, { name: `/ecs/${SCOPE}/${svc}`, retentionInDays: 7 });
    });

    it(`${svc}: execution role scoped to its repo and log group; task role only the Exec channels`, () => {
      const exec = JSON.parse(str(one(run, T.rolePolicy, `${svc}-exec-policy`), "policy"));
      assert.deepEqual(
        exec.Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]),
        [
          ["EcrAuth", "*"],
          ["EcrPull", [`arn:aws:ecr:us-east-1:123456789012:repository/${SCOPE}/${svc}`]],
          ["WriteLogs", [`arn:aws:logs:us-east-1:123456789012:log-group:/ecs/${SCOPE}/${svc}:*`]],
        ],
      );
      const task = JSON.parse(str(one(run, T.rolePolicy, `${svc}-task-policy`), "policy"));
      assert.deepEqual(
        task.Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource]),
        [["EcsExec", "*"]],
      );
      for (const role of [`${svc}-exec-role`, `${svc}-task-role`]) {
        const trust = JSON.parse(str(one(run, T.role, role), "assumeRolePolicy"));
        assert.deepEqual(trust.Statement[0].Principal, { Service: "ecs-tasks.amazonaws.com" });
        assert.deepEqual(trust.Statement[0].Condition.StringEquals, { "aws:SourceAccount": "123456789012" });
        assert.deepEqual(
          trust.Statement[0].Condition.ArnLike,
          role.endsWith("-task-role") ? { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" } : undefined,
        );
        assert.equal(one(run, T.role, role).inputs["managedPolicyArns"], undefined);
      }
    });

    it(`${svc}: Cloud Map A record TTL 10, MULTIVALUE, custom health check`, () => {
      const d = one(run, T.discovery, `${svc}-discovery`).inputs;
      const ns = d["namespaceId"];
      assert.deepEqual(d, {
        name: svc,
        namespaceId: ns,
        dnsConfig: { namespaceId: ns, dnsRecords: [{ type: "A", ttl: 10 }], routingPolicy: "MULTIVALUE" },
        healthCheckCustomConfig: { failureThreshold: 1 },
        forceDestroy: true,
      });
      assert.equal(one(run, T.namespace, "dev-namespace").inputs["name"], "dev.internal");
    });
  }
});

/** The security group id of `svc`'s tasks (or the ALB's for "alb"), read from the ingress rules that target it. */
function ingressTarget(run: ProgramRun, svc: string): string {
  const name = svc === "alb" ? "dev-alb-in-80" : `${svc}-in-alb`;
  const id = one(run, T.ingress, name).inputs["securityGroupId"];
  assert.equal(typeof id, "string");
  return id as string;
}

function tgArn(run: ProgramRun, svc: string): string {
  const rule = one(run, T.rule, `${svc}-rule`).inputs["actions"] as { targetGroupArn: string }[];
  assert.match(rule[0].targetGroupArn, new RegExp(`:targetgroup/dev-${svc}-8080-${TG}/`));
  return rule[0].targetGroupArn;
}
