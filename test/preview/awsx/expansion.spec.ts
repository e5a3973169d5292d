/**
 * awsx 3 components expanded into what awsx creates at deploy time: the children's inputs carry awsx's real
 * defaults, their ids are the ones the component's outputs report, and the graph links them as the engine would.
 */
import * as assert from "assert";
import { evaluatePolicies } from "../../../policy/engine/evaluate";
import type { CapturedResource } from "../../../policy/engine/types";
import { allPolicies } from "../../../policy/policies";
import { Provenance, argPathFor, expandAwsx } from "../../../preview/capture/awsx";
import { fargateSizeFor } from "../../../preview/capture/awsx/task-definition";
import { GateResult, runGate } from "../../../preview/gate";
import { program } from "./run-main";

const ofType = (rs: CapturedResource[], type: string): CapturedResource[] => rs.filter((r) => r.type === type);
const one = (rs: CapturedResource[], type: string, name: string): CapturedResource => {
  const found = rs.filter((r) => r.type === type && r.name === name);
  assert.strictEqual(found.length, 1, `exactly one ${type} named ${name}`);
  return found[0];
};

describe("awsx expansion", function () {
  this.timeout(120_000);
  let secure: GateResult;
  let defaults: GateResult;
  before(async () => {
    secure = await runGate({ projectDir: program("awsx-secure"), stack: "dev" });
    defaults = await runGate({ projectDir: program("awsx-defaults"), stack: "dev" });
  });
  const captured = (r: GateResult, type: string) => r.capture.recorded.map((x) => x.resource).find((x) => x.type === type)!;

  it("gives the awsx VPC's reported subnet ids to the subnets it expands into, public ones routed to the IGW, private to the NAT", () => {
    const rs = secure.expansion.synthesized;
    const vpc = captured(secure, "awsx:ec2:Vpc");
    const subnets = ofType(rs, "aws:ec2/subnet:Subnet");
    const ids = (type: string) =>
      subnets.filter((s) => (s.inputs["tags"] as Record<string, string>)["SubnetType"] === type).map((s) => s.id);
    assert.deepStrictEqual(vpc.outputs["privateSubnetIds"], ids("Private"));
    assert.deepStrictEqual(vpc.outputs["publicSubnetIds"], ids("Public"));
    assert.deepStrictEqual(
      subnets.map((s) => [s.name, s.inputs["availabilityZone"], s.inputs["mapPublicIpOnLaunch"], s.inputs["cidrBlock"]]),
      [
        ["shop-public-1", "us-east-1a", true, "10.0.32.0/20"],
        ["shop-private-1", "us-east-1a", false, "10.0.0.0/19"],
        ["shop-public-2", "us-east-1b", true, "10.0.160.0/20"],
        ["shop-private-2", "us-east-1b", false, "10.0.128.0/19"],
      ],
    );
    const igw = one(rs, "aws:ec2/internetGateway:InternetGateway", "shop");
    const nats = ofType(rs, "aws:ec2/natGateway:NatGateway");
    assert.deepStrictEqual(
      nats.map((n) => [n.name, n.inputs["subnetId"]]),
      [["shop-1", ids("Public")[0]]],
      "strategy Single: one NAT in the first public subnet",
    );
    const routes = ofType(rs, "aws:ec2/route:Route").map((r) => [r.name, r.inputs["gatewayId"] ?? r.inputs["natGatewayId"]]);
    assert.deepStrictEqual(routes, [
      ["shop-public-1", igw.id],
      ["shop-private-1", nats[0].id],
      ["shop-public-2", igw.id],
      ["shop-private-2", nats[0].id],
    ]);
    assert.ok(rs.every((r) => r.synthesizedFrom !== undefined));
  });

  it("runs the FargateService's aws.ecs.Service in those private subnets and links it to them and its security group in the graph", () => {
    const rs = secure.expansion.resources;
    const service = one(rs, "aws:ecs/service:Service", "shop");
    const vpc = captured(secure, "awsx:ec2:Vpc");
    const network = service.inputs["networkConfiguration"] as Record<string, unknown>;
    assert.deepStrictEqual(network["subnets"], vpc.outputs["privateSubnetIds"]);
    assert.strictEqual(network["assignPublicIp"], false);
    const deps = service.propertyDependencies["networkConfiguration"];
    for (const name of ["shop-private-1", "shop-private-2"]) assert.ok(deps.includes(one(rs, "aws:ec2/subnet:Subnet", name).urn), name);
    assert.ok(deps.includes(one(rs, "aws:ec2/securityGroup:SecurityGroup", "shop-tasks").urn));
    assert.strictEqual(service.synthesizedFrom, "urn:pulumi:dev::shop-awsx::awsx:ecs:FargateService::shop");
    assert.strictEqual(service.urn, "urn:pulumi:dev::shop-awsx::awsx:ecs:FargateService$aws:ecs/service:Service::shop");
    assert.deepStrictEqual(
      [service.inputs["desiredCount"], service.inputs["launchType"], service.inputs["waitForSteadyState"]],
      [2, "FARGATE", true],
    );
  });

  it("writes the container as awsx does: awslogs to its log group, port mapping from the target group, task size from the containers", () => {
    const rs = secure.expansion.synthesized;
    const td = one(rs, "aws:ecs/taskDefinition:TaskDefinition", "shop");
    const logGroup = one(rs, "aws:cloudwatch/logGroup:LogGroup", "shop");
    const [container] = JSON.parse(String(td.inputs["containerDefinitions"])) as Record<string, unknown>[];
    assert.deepStrictEqual(container["logConfiguration"], {
      logDriver: "awslogs",
      options: { "awslogs-group": logGroup.outputs["name"], "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web" },
    });
    assert.deepStrictEqual(container["portMappings"], [{ containerPort: 8080, hostPort: 8080 }]);
    assert.deepStrictEqual([container["user"], container["readonlyRootFilesystem"]], ["1000:1000", true]);
    assert.deepStrictEqual(
      [td.inputs["cpu"], td.inputs["memory"], td.inputs["networkMode"], td.inputs["requiresCompatibilities"]],
      ["512", "1024", "awsvpc", ["FARGATE"]],
    );
    assert.deepStrictEqual(logGroup.inputs, { retentionInDays: 30 });
    assert.ok(td.propertyDependencies["containerDefinitions"].includes(logGroup.urn), "the containers log to the group awsx creates");
    const lb = captured(secure, "awsx:lb:ApplicationLoadBalancer");
    const tg = one(rs, "aws:lb/targetGroup:TargetGroup", "shop-alb");
    assert.strictEqual((lb.outputs["defaultTargetGroup"] as Record<string, unknown>)["arn"], tg.outputs["arn"]);
    assert.deepStrictEqual(one(secure.expansion.resources, "aws:ecs/service:Service", "shop").inputs["loadBalancers"], [
      { containerName: "web", containerPort: 8080, targetGroupArn: tg.outputs["arn"] },
    ]);
  });

  it("reports to the program the outputs of the children it expands into (repository URL, image URI, load balancer)", () => {
    const rs = secure.expansion.synthesized;
    const repo = one(rs, "aws:ecr/repository:Repository", "shop");
    assert.strictEqual(captured(secure, "awsx:ecr:Repository").outputs["url"], repo.outputs["repositoryUrl"]);
    const image = ofType(rs, "docker-build:index:Image")[0];
    assert.strictEqual(
      captured(secure, "awsx:ecr:Image").outputs["imageUri"],
      `${String(repo.outputs["repositoryUrl"])}@${String(image.outputs["digest"])}`,
    );
    const lb = one(rs, "aws:lb/loadBalancer:LoadBalancer", "shop-alb");
    assert.strictEqual(secure.capture.stackOutputs["url"], `https://${String(lb.outputs["dnsName"])}`);
  });

  it("applies awsx's defaults: open load balancer security group, HTTP listener, AWS repository defaults, log group without retention", () => {
    const rs = defaults.expansion.synthesized;
    const sg = one(rs, "aws:ec2/securityGroup:SecurityGroup", "hello");
    assert.deepStrictEqual(sg.inputs["ingress"], [
      { fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    ]);
    assert.deepStrictEqual(sg.inputs["egress"], [
      { fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    ]);
    const tg = one(rs, "aws:lb/targetGroup:TargetGroup", "hello");
    assert.deepStrictEqual(
      [tg.inputs["port"], tg.inputs["protocol"], tg.inputs["targetType"], tg.inputs["healthCheck"]],
      [80, "HTTP", "ip", undefined],
    );
    const listener = one(rs, "aws:lb/listener:Listener", "hello-0");
    assert.deepStrictEqual(
      [listener.inputs["port"], listener.inputs["protocol"], listener.inputs["defaultActions"]],
      [80, "HTTP", [{ type: "forward", targetGroupArn: tg.outputs["arn"] }]],
    );
    assert.deepStrictEqual(one(rs, "aws:ecr/repository:Repository", "hello").inputs, { forceDelete: true });
    assert.deepStrictEqual(one(rs, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "hello").inputs["policy"], {
      rules: [
        {
          rulePriority: 1,
          description: "remove untagged images",
          selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    });
    assert.deepStrictEqual(one(rs, "aws:cloudwatch/logGroup:LogGroup", "hello").inputs, {});
    assert.deepStrictEqual(
      ofType(rs, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs["policyArn"]),
      ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
    );
    const td = one(rs, "aws:ecs/taskDefinition:TaskDefinition", "hello");
    assert.deepStrictEqual([td.inputs["cpu"], td.inputs["memory"]], ["256", "512"]);
    // Three zones and one NAT gateway per zone by default.
    assert.strictEqual(ofType(rs, "aws:ec2/natGateway:NatGateway").length, 3);
    assert.strictEqual(ofType(rs, "aws:ec2/subnet:Subnet").length, 6);
  });

  it("is what judges an awsx program: without the expansion the pack misses the public subnets and misreads the ALB's group (negative control)", async () => {
    const result = await runGate({ projectDir: program("awsx-public-ip"), stack: "dev" });
    const mandatory = (rs: CapturedResource[]) =>
      evaluatePolicies(allPolicies, { resources: rs }).then((r) =>
        r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy),
      );
    // Without the load balancer awsx creates, its security group's 80/443 from the internet look unowned.
    assert.deepStrictEqual(await mandatory(result.capture.recorded.map((r) => r.resource)), [
      "security-group-ingress-restricted",
      "security-group-ingress-restricted",
    ]);
    assert.deepStrictEqual(await mandatory(result.expansion.resources), ["ecs-service-no-public-ip", "ecs-service-private-subnets-only"]);
  });

  it("is deterministic: two expansions of the same capture are byte-identical", () => {
    const resources = secure.capture.recorded.map((r) => r.resource);
    assert.strictEqual(
      JSON.stringify(expandAwsx(resources, secure.capture.aws)),
      JSON.stringify(expandAwsx(resources, secure.capture.aws)),
    );
  });
});

describe("awsx expansion helpers", () => {
  const component = (type: string, name: string, parent?: string): CapturedResource => ({
    type,
    name,
    urn: `urn:pulumi:dev::p::${type}::${name}`,
    custom: false,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      aliases: [],
      additionalSecretOutputs: [],
    },
    ...(parent ? { parent } : {}),
  });
  const ctx = { region: "us-east-1", accountId: "123456789012", partition: "aws", dnsSuffix: "amazonaws.com" };

  it("lists remote awsx components it does not model as not evaluated, but not awsx.classic ones (local, their children are captured)", () => {
    const nlb = component("awsx:lb:NetworkLoadBalancer", "edge");
    const classic = component("awsx:x:ec2:Vpc", "old");
    const classicChild = { ...component("aws:ec2/vpc:Vpc", "old", classic.urn), custom: true };
    const expansion = expandAwsx([nlb, classic, classicChild], ctx);
    assert.deepStrictEqual(
      expansion.notEvaluated.map((n) => [n.urn, n.what]),
      [[nlb.urn, 'awsx:lb:NetworkLoadBalancer "edge"']],
    );
    assert.deepStrictEqual(expansion.synthesized, []);
  });

  it("sizes a Fargate task like awsx: the cheapest supported size that fits the containers' sums", () => {
    assert.deepStrictEqual(fargateSizeFor([{}]), { cpu: "256", memory: "512" });
    assert.deepStrictEqual(fargateSizeFor([{ memory: 512 }, { memory: 1024 }]), { cpu: "256", memory: "2048" });
    assert.deepStrictEqual(fargateSizeFor([{ cpu: 512, memory: 3000 }]), { cpu: "512", memory: "3072" });
    assert.deepStrictEqual(fargateSizeFor([{ cpu: 256, memoryReservation: 3000, memory: 8000 }]), { cpu: "512", memory: "3072" });
  });

  it("names the awsx argument to change: a property the finding names, a passed-through one, else the resource's own", () => {
    const provenance = new Map<string, Provenance>([
      [
        "urn:td",
        {
          component: "urn:c",
          argPath: "taskDefinitionArgs.container",
          props: { 'container "web"': "taskDefinitionArgs.containers.web" },
          passThrough: "taskDefinitionArgs.",
          inputKeys: ["pidMode"],
        },
      ],
      ["urn:lb", { component: "urn:c", argPath: "", props: {}, passThrough: "", inputKeys: ["subnets"] }],
    ]);
    const at = (urn: string, detail: string) => argPathFor({ urn, detail, message: detail }, provenance)?.path;
    assert.strictEqual(at("urn:td", 'container "web" sets DB_PASSWORD in plaintext'), "taskDefinitionArgs.containers.web");
    assert.strictEqual(at("urn:td", 'pidMode is "host"; remove host access.'), "taskDefinitionArgs.pidMode");
    assert.strictEqual(at("urn:lb", "enableDeletionProtection is not true"), "enableDeletionProtection");
    assert.strictEqual(at("urn:lb", 'load balancer "x" is internet-facing'), "");
    assert.strictEqual(at("urn:other", "anything"), undefined);
  });
});
