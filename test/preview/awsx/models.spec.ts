/** The awsx component models on their own: awsx's defaults and branches, without running a program. */
import * as assert from "assert";
import { AwsxAnswers } from "../../../preview/capture/awsx";
import { imageModel, repositoryModel } from "../../../preview/capture/awsx/ecr";
import { applicationLoadBalancerModel } from "../../../preview/capture/awsx/load-balancer";
import type { ComponentModel, Finder, KnownWorld } from "../../../preview/capture/awsx/model";
import { ec2ServiceModel, fargateServiceModel, fargateTaskDefinitionModel } from "../../../preview/capture/awsx/service";
import { vpcModel } from "../../../preview/capture/awsx/vpc";
import { estimateCost } from "../../../preview/cost/estimate";
import type { AwsContext } from "../../../preview/mock/context";

const ctx: AwsContext = { region: "eu-west-1", accountId: "123456789012", partition: "aws", dnsSuffix: "amazonaws.com" };
const nothing: Finder = () => undefined;

function plan(model: ComponentModel, inputs: Record<string, unknown>, find: Finder = nothing, world: KnownWorld = {}) {
  const [, module, kind] = model.type.split(":");
  const result = model.plan(
    ctx,
    { type: model.type, name: "app", urn: `urn:pulumi:dev::p::${model.type}::app`, inputs, outputs: {} },
    find,
    world,
  );
  const of = (type: string) => result.children.map((c) => c.resource).filter((r) => r.type === type);
  return { ...result, of, label: `${module}.${kind}` };
}

describe("awsx models", () => {
  describe("Vpc", () => {
    it("by default: 3 AZs, one private and one public subnet each, a NAT gateway per AZ that its private subnet routes to", () => {
      const p = plan(vpcModel, {});
      const subnets = p.of("aws:ec2/subnet:Subnet");
      assert.deepStrictEqual(
        subnets.map((s) => s.name),
        ["app-public-1", "app-private-1", "app-public-2", "app-private-2", "app-public-3", "app-private-3"],
      );
      const nats = p.of("aws:ec2/natGateway:NatGateway");
      assert.deepStrictEqual(
        nats.map((n) => n.inputs["subnetId"]),
        subnets.filter((s) => s.name.includes("public")).map((s) => s.id),
      );
      const privateRoutes = p
        .of("aws:ec2/route:Route")
        .filter((r) => r.name.includes("private"))
        .map((r) => r.inputs["natGatewayId"]);
      assert.deepStrictEqual(
        privateRoutes,
        nats.map((n) => n.id),
        "each private subnet routes to its own zone's NAT gateway",
      );
      assert.deepStrictEqual(
        p.outputs["privateSubnetIds"],
        subnets.filter((s) => s.name.includes("private")).map((s) => s.id),
      );
      assert.deepStrictEqual(
        subnets.map((s) => s.outputs["arn"]),
        subnets.map((s) => `arn:aws:ec2:eu-west-1:123456789012:subnet/${s.id}`),
      );
      assert.deepStrictEqual(p.notEvaluated, []);
    });

    it("with NAT strategy None and public + isolated specs: no NAT gateway or EIP, isolated subnets without any route", () => {
      const p = plan(vpcModel, {
        numberOfAvailabilityZones: 2,
        natGateways: { strategy: "None" },
        subnetSpecs: [{ type: "Public" }, { type: "Isolated", name: "db" }],
      });
      assert.deepStrictEqual([p.of("aws:ec2/natGateway:NatGateway").length, p.of("aws:ec2/eip:Eip").length], [0, 0]);
      assert.deepStrictEqual(
        p.of("aws:ec2/route:Route").map((r) => r.name),
        ["app-public-1", "app-public-2"],
      );
      assert.deepStrictEqual(
        p.of("aws:ec2/subnet:Subnet").map((s) => [s.name, (s.inputs["tags"] as Record<string, string>)["SubnetType"]]),
        [
          ["app-public-1", "Public"],
          ["app-db-1", "Isolated"],
          ["app-public-2", "Public"],
          ["app-db-2", "Isolated"],
        ],
      );
      assert.deepStrictEqual(
        [(p.outputs["isolatedSubnetIds"] as string[]).length, (p.outputs["privateSubnetIds"] as string[]).length],
        [2, 0],
      );
    });

    it("lists a NAT strategy awsx would reject (no public subnet to host it) as not evaluated", () => {
      const p = plan(vpcModel, { subnetSpecs: [{ type: "Private" }] });
      assert.deepStrictEqual(
        p.notEvaluated.map((n) => n.what),
        ['awsx.ec2.Vpc "app" natGateways'],
      );
    });

    it("gives Auto interface endpoints one private subnet per AZ and a security group admitting 443 from the VPC", () => {
      const p = plan(vpcModel, {
        numberOfAvailabilityZones: 2,
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: "com.amazonaws.eu-west-1.ecr.api", vpcEndpointType: "Interface" }],
      });
      const [endpoint] = p.of("aws:ec2/vpcEndpoint:VpcEndpoint");
      assert.deepStrictEqual(endpoint.inputs["subnetIds"], p.outputs["privateSubnetIds"]);
      assert.strictEqual(endpoint.inputs["privateDnsEnabled"], true);
      const [rule] = p.of("aws:ec2/securityGroupRule:SecurityGroupRule");
      assert.deepStrictEqual(
        [rule.inputs["type"], rule.inputs["protocol"], rule.inputs["fromPort"], rule.inputs["cidrBlocks"]],
        ["ingress", "tcp", 443, ["10.0.0.0/16"]],
      );
    });
  });

  describe("FargateService / EC2Service / FargateTaskDefinition", () => {
    const container = { name: "web", image: "nginx:1.27", memory: 512 };

    it("lists a task definition ARN that is not created in the stack as not evaluated, and accepts one that is", () => {
      const external = "arn:aws:ecs:eu-west-1:123456789012:task-definition/other:3";
      const outside = plan(fargateServiceModel, {
        cluster: "c",
        taskDefinition: external,
        networkConfiguration: { subnets: ["subnet-1"] },
      });
      assert.deepStrictEqual(
        outside.notEvaluated.map((n) => n.what),
        ['awsx.ecs.FargateService "app" taskDefinition'],
      );
      assert.match(outside.notEvaluated[0].why, /is not created in this stack, so its containers cannot be judged/);
      const inside = plan(
        fargateServiceModel,
        { cluster: "c", taskDefinition: external, networkConfiguration: { subnets: ["subnet-1"] } },
        (k) => (k === external ? { arn: external } : undefined),
      );
      assert.deepStrictEqual(inside.notEvaluated, []);
      assert.strictEqual(inside.of("aws:ecs/service:Service")[0].inputs["taskDefinition"], external);
    });

    it("without networkConfiguration, in a known default VPC: its public subnets with assignPublicIp, awsx's error without", () => {
      const defaultVpc = { vpcId: "vpc-0default", publicSubnetIds: ["subnet-0a", "subnet-0b"], privateSubnetIds: [] };
      const open = plan(fargateServiceModel, { assignPublicIp: true, taskDefinitionArgs: { container } }, nothing, { defaultVpc });
      assert.deepStrictEqual(open.notEvaluated, []);
      const [service] = open.of("aws:ecs/service:Service");
      const [sg] = open.of("aws:ec2/securityGroup:SecurityGroup");
      assert.deepStrictEqual(service.inputs["networkConfiguration"], {
        assignPublicIp: true,
        securityGroups: [sg.id],
        subnets: ["subnet-0a", "subnet-0b"],
      });
      assert.strictEqual(sg.inputs["vpcId"], "vpc-0default");
      const closed = plan(fargateServiceModel, { taskDefinitionArgs: { container } }, nothing, { defaultVpc });
      assert.match(closed.notEvaluated[0].why, /^awsx rejects this at deploy time: the default VPC has no private subnets/);
      const lb = plan(applicationLoadBalancerModel, {}, nothing, { defaultVpc });
      assert.deepStrictEqual(
        [lb.notEvaluated, lb.of("aws:lb/loadBalancer:LoadBalancer")[0].inputs["subnets"]],
        [[], ["subnet-0a", "subnet-0b"]],
      );
    });

    it("resolves a target group passed as a resource (its id) to its port: the mapping and the service's load balancer", () => {
      const tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/raw/0123456789abcdef";
      const p = plan(
        fargateServiceModel,
        {
          networkConfiguration: { subnets: ["s"] },
          taskDefinitionArgs: { container: { ...container, portMappings: [{ targetGroup: tg }] } },
        },
        (k) => (k === tg ? { arn: tg, port: 8080 } : undefined),
      );
      const [def] = JSON.parse(String(p.of("aws:ecs/taskDefinition:TaskDefinition")[0].inputs["containerDefinitions"])) as Record<
        string,
        unknown
      >[];
      assert.deepStrictEqual(def["portMappings"], [{ containerPort: 8080, hostPort: 8080 }]);
      assert.deepStrictEqual(p.of("aws:ecs/service:Service")[0].inputs["loadBalancers"], [
        { containerName: "web", containerPort: 8080, targetGroupArn: tg },
      ]);
    });

    it("lists a container whose image is not known offline as not evaluated", () => {
      const p = plan(fargateServiceModel, {
        networkConfiguration: { subnets: ["s"] },
        taskDefinitionArgs: { containers: { api: { memory: 256 } } },
      });
      assert.deepStrictEqual(
        p.notEvaluated.map((n) => n.what),
        ['awsx.ecs.FargateService "app" taskDefinitionArgs.containers.api.image'],
      );
    });

    it("lists both networkConfiguration and assignPublicIp (which awsx rejects) as not evaluated", () => {
      const p = plan(fargateServiceModel, {
        assignPublicIp: false,
        networkConfiguration: { subnets: ["subnet-1"] },
        taskDefinitionArgs: { container },
      });
      assert.deepStrictEqual(
        p.notEvaluated.map((n) => n.what),
        ['awsx.ecs.FargateService "app" assignPublicIp'],
      );
    });

    it("EC2Service: launch type EC2, an EC2 task definition, no default desired count or network", () => {
      const p = plan(ec2ServiceModel, { cluster: "c", taskDefinitionArgs: { container } });
      const [service] = p.of("aws:ecs/service:Service");
      assert.deepStrictEqual(
        [service.inputs["launchType"], service.inputs["desiredCount"], service.inputs["networkConfiguration"]],
        ["EC2", undefined, undefined],
      );
      const [td] = p.of("aws:ecs/taskDefinition:TaskDefinition");
      assert.deepStrictEqual(
        [td.inputs["requiresCompatibilities"], td.inputs["networkMode"], td.inputs["cpu"]],
        [["EC2"], "awsvpc", undefined],
      );
      assert.deepStrictEqual(p.notEvaluated, []);
    });

    it("EC2Service tasks are not priced as Fargate tasks; FargateService tasks are", () => {
      const ec2 = estimateCost(
        plan(ec2ServiceModel, { taskDefinitionArgs: { container } }).children.map((c) => c.resource),
        "eu-west-1",
      );
      assert.deepStrictEqual(
        [ec2.services, ec2.notes[1]],
        [[], "app: runs on EC2 container instances (launchType EC2); instances are not priced here."],
      );
      const fargate = estimateCost(
        plan(fargateServiceModel, { networkConfiguration: { subnets: ["s"] }, taskDefinitionArgs: { container } }).children.map(
          (c) => c.resource,
        ),
        "us-east-1",
      );
      assert.deepStrictEqual(
        fargate.services.map((s) => [s.tasks, s.vcpu, s.memoryGiB]),
        [[1, 0.25, 0.5]],
      );
    });

    it("a capacity provider strategy drops the launch type, as ECS requires", () => {
      const p = plan(fargateServiceModel, {
        capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        networkConfiguration: { subnets: ["s"] },
        taskDefinitionArgs: { container },
      });
      assert.strictEqual(p.of("aws:ecs/service:Service")[0].inputs["launchType"], undefined);
    });

    it("FargateTaskDefinition: containers sorted by name; logGroup.skip means no group and no log configuration; roleArn uses that role", () => {
      const p = plan(fargateTaskDefinitionModel, {
        containers: {
          worker: { image: "w:1", memory: 256 },
          api: { image: "a:1", memory: 256, logConfiguration: { logDriver: "splunk" } },
        },
        logGroup: { skip: true },
        taskRole: { roleArn: "arn:aws:iam::123456789012:role/existing" },
      });
      assert.deepStrictEqual(p.of("aws:cloudwatch/logGroup:LogGroup"), []);
      assert.deepStrictEqual(
        p.of("aws:iam/role:Role").map((r) => r.name),
        ["app-execution"],
      );
      const [td] = p.of("aws:ecs/taskDefinition:TaskDefinition");
      const defs = JSON.parse(String(td.inputs["containerDefinitions"])) as Record<string, unknown>[];
      assert.deepStrictEqual(
        defs.map((d) => [d["name"], d["logConfiguration"]]),
        [
          ["api", { logDriver: "splunk" }],
          ["worker", undefined],
        ],
      );
      assert.strictEqual(td.inputs["taskRoleArn"], "arn:aws:iam::123456789012:role/existing");
      assert.deepStrictEqual([td.inputs["cpu"], td.inputs["memory"]], ["256", "512"]);
    });

    it("an existing log group by name: containers log there, no group is created", () => {
      const p = plan(fargateTaskDefinitionModel, { container, logGroup: { existing: { name: "/shared/app" } } });
      assert.deepStrictEqual(p.of("aws:cloudwatch/logGroup:LogGroup"), []);
      const [def] = JSON.parse(String(p.of("aws:ecs/taskDefinition:TaskDefinition")[0].inputs["containerDefinitions"])) as Record<
        string,
        unknown
      >[];
      assert.deepStrictEqual(def["logConfiguration"], {
        logDriver: "awslogs",
        options: { "awslogs-group": "/shared/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "web" },
      });
    });
  });

  describe("ApplicationLoadBalancer", () => {
    it("infers HTTPS from port 443 for the listener and the target group; given security groups replace awsx's open one", () => {
      const p = plan(applicationLoadBalancerModel, {
        subnetIds: ["subnet-a"],
        securityGroups: ["sg-given"],
        listener: { port: 443, certificateArn: "arn:aws:acm:eu-west-1:1:certificate/x" },
      });
      assert.deepStrictEqual(p.of("aws:ec2/securityGroup:SecurityGroup"), []);
      const [lb] = p.of("aws:lb/loadBalancer:LoadBalancer");
      assert.deepStrictEqual(
        [lb.inputs["securityGroups"], lb.inputs["subnets"], lb.inputs["loadBalancerType"]],
        [["sg-given"], ["subnet-a"], "application"],
      );
      const [tg] = p.of("aws:lb/targetGroup:TargetGroup");
      assert.deepStrictEqual([tg.inputs["port"], tg.inputs["protocol"]], [443, "HTTPS"]);
      const [listener] = p.of("aws:lb/listener:Listener");
      assert.deepStrictEqual([listener.name, listener.inputs["port"], listener.inputs["protocol"]], ["app-0", 443, "HTTPS"]);
    });

    it("with exactly one entry in listeners the target group gets no port or protocol (awsx's rule); skip creates no group", () => {
      const p = plan(applicationLoadBalancerModel, {
        subnetIds: ["subnet-a"],
        defaultSecurityGroup: { skip: true },
        listeners: [{ port: 8080 }],
      });
      assert.deepStrictEqual(p.of("aws:ec2/securityGroup:SecurityGroup"), []);
      const [tg] = p.of("aws:lb/targetGroup:TargetGroup");
      assert.deepStrictEqual([tg.inputs["port"], tg.inputs["protocol"]], [undefined, undefined]);
      assert.deepStrictEqual(
        p.of("aws:lb/listener:Listener").map((l) => [l.inputs["port"], l.inputs["protocol"]]),
        [[8080, "HTTP"]],
      );
    });

    it("without subnets lists the default-VPC placement as not evaluated", () => {
      const p = plan(applicationLoadBalancerModel, {});
      assert.deepStrictEqual(
        p.notEvaluated.map((n) => n.what),
        ['awsx.lb.ApplicationLoadBalancer "app" subnetIds'],
      );
    });
  });

  describe("Repository / Image", () => {
    it("orders lifecycle rules with the `any` rule last and numbers them; skip creates no policy", () => {
      const p = plan(repositoryModel, {
        lifecyclePolicy: {
          rules: [
            { tagStatus: "any", maximumNumberOfImages: 50 },
            { tagStatus: "tagged", tagPrefixList: ["v"], maximumAgeLimit: 90 },
          ],
        },
      });
      const [policy] = p.of("aws:ecr/lifecyclePolicy:LifecyclePolicy");
      assert.deepStrictEqual(policy.inputs["policy"], {
        rules: [
          {
            rulePriority: 1,
            selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "sinceImagePushed", countNumber: 90, countUnit: "days" },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
            action: { type: "expire" },
          },
        ],
      });
      assert.deepStrictEqual(plan(repositoryModel, { lifecyclePolicy: { skip: true } }).of("aws:ecr/lifecyclePolicy:LifecyclePolicy"), []);
    });

    it("pushes the image under its tag and reports <repository>@<digest>", () => {
      const p = plan(imageModel, { repositoryUrl: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app", imageTag: "v1", context: "./app" });
      const [image] = p.of("docker-build:index:Image");
      assert.deepStrictEqual(
        [image.name, image.inputs["tags"], image.inputs["push"]],
        ["v1", ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1"], true],
      );
      assert.strictEqual(p.outputs["imageUri"], `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@${String(image.outputs["digest"])}`);
    });
  });

  it("answers the mock with outputs that resolve across components (an ALB on a VPC's subnets reports that VPC)", () => {
    const answers = new AwsxAnswers(ctx);
    const vpc = answers.answer("awsx:ec2:Vpc", "net", { numberOfAvailabilityZones: 2 }).state;
    const lb = answers.answer("awsx:lb:ApplicationLoadBalancer", "web", { subnetIds: vpc["publicSubnetIds"] }).state;
    assert.match(String(vpc["vpcId"]), /^vpc-[0-9a-f]{17}$/);
    assert.strictEqual(lb["vpcId"], vpc["vpcId"]);
    assert.strictEqual((lb["defaultTargetGroup"] as Record<string, unknown>)["vpcId"], vpc["vpcId"]);
    assert.throws(() => answers.answer("awsx:lb:NetworkLoadBalancer", "x", {}), /no awsx model for awsx:lb:NetworkLoadBalancer/);
  });
});
