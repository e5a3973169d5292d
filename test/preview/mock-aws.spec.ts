import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MockAws, UnmockedInvokeError } from "../../preview/mock-aws";

const mock = new MockAws({ region: "eu-west-1" });
const create = (type: string, name: string, inputs: Record<string, unknown> = {}) => mock.newResource({ type, name, inputs, custom: true });

describe("MockAws resources", () => {
  it("answers an ECR repository with a lowercase autoname, ARN and repository URL in the stack's region", () => {
    const { id, state } = create("aws:ecr/repository:Repository", "Api-Repo", { imageTagMutability: "IMMUTABLE" });
    assert.match(String(id), /^api-repo-[0-9a-f]{7}$/);
    assert.deepStrictEqual(state, {
      imageTagMutability: "IMMUTABLE",
      name: id,
      arn: `arn:aws:ecr:eu-west-1:123456789012:repository/${id}`,
      registryId: "123456789012",
      repositoryUrl: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${id}`,
    });
  });

  it("is deterministic: the same registration gets the same answer", () => {
    assert.deepStrictEqual(create("aws:lb/loadBalancer:LoadBalancer", "alb"), create("aws:lb/loadBalancer:LoadBalancer", "alb"));
  });

  it("answers an ALB with an app ARN, a 32-char-capped name and an elb DNS name; aws:alb answers alike", () => {
    const { id, state } = create("aws:lb/loadBalancer:LoadBalancer", "a-very-long-load-balancer-logical-name");
    const name = String(state["name"]);
    assert.ok(name.length <= 32, name);
    assert.match(String(id), new RegExp(`^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/${name}/[0-9a-f]{16}$`));
    assert.match(String(state["dnsName"]), new RegExp(`^${name}-\\d{10}\\.eu-west-1\\.elb\\.amazonaws\\.com$`));
    assert.strictEqual(state["arnSuffix"], String(id).split(":loadbalancer/")[1]);
    assert.deepStrictEqual(create("aws:alb/loadBalancer:LoadBalancer", "x").state["arn"]?.toString().split(":")[2], "elasticloadbalancing");
  });

  it("nests listener and rule ARNs under their load balancer, and names target groups by namePrefix", () => {
    const lb = create("aws:lb/loadBalancer:LoadBalancer", "alb").state;
    const listener = create("aws:lb/listener:Listener", "http", { loadBalancerArn: lb["arn"] }).state;
    const rule = create("aws:lb/listenerRule:ListenerRule", "api-rule", { listenerArn: listener["arn"] }).state;
    const lbPath = String(lb["arn"]).split(":loadbalancer/")[1];
    assert.match(String(listener["arn"]), new RegExp(`:listener/${lbPath}/[0-9a-f]{16}$`));
    assert.match(String(rule["arn"]), new RegExp(`:listener-rule/${String(listener["arn"]).split(":listener/")[1]}/[0-9a-f]{16}$`));
    const tg = create("aws:lb/targetGroup:TargetGroup", "api-tg", { namePrefix: "api-" }).state;
    assert.match(String(tg["name"]), /^api-[0-9a-f]{26}$/);
    assert.strictEqual(String(tg["name"]).length, 30);
    assert.match(
      String(tg["arn"]),
      new RegExp(`^arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${tg["name"]}/[0-9a-f]{16}$`),
    );
  });

  it("pins docker images by a digest of the build inputs, ignoring the registry password", () => {
    const base = { imageName: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:latest", build: { context: "services/api" } };
    const a = create("docker:index/image:Image", "api-image", { ...base, registry: { password: "one" } }).state;
    const b = create("docker:index/image:Image", "api-image", { ...base, registry: { password: "two" } }).state;
    const c = create("docker:index/image:Image", "api-image", { ...base, build: { context: "services/web" } }).state;
    assert.match(String(a["repoDigest"]), /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/api@sha256:[0-9a-f]{64}$/);
    assert.strictEqual(a["repoDigest"], b["repoDigest"]);
    assert.notStrictEqual(a["repoDigest"], c["repoDigest"]);
    assert.strictEqual(a["imageName"], base.imageName);
  });

  it("gives the awsx VPC one public and one private subnet per requested AZ, and no isolated ones by default", () => {
    const { state } = mock.newResource({ type: "awsx:ec2:Vpc", name: "vpc", inputs: { numberOfAvailabilityZones: 2 }, custom: false });
    assert.match(String(state["vpcId"]), /^vpc-[0-9a-f]{17}$/);
    assert.strictEqual((state["publicSubnetIds"] as string[]).length, 2);
    assert.strictEqual((state["privateSubnetIds"] as string[]).length, 2);
    assert.deepStrictEqual(state["isolatedSubnetIds"], []);
    const three = mock.newResource({ type: "awsx:ec2:Vpc", name: "vpc3", inputs: {}, custom: false }).state;
    assert.strictEqual((three["privateSubnetIds"] as string[]).length, 3);
    const isolated = mock.newResource({
      type: "awsx:ec2:Vpc",
      name: "iso",
      inputs: { subnetSpecs: [{ type: "Isolated" }] },
      custom: false,
    }).state;
    assert.deepStrictEqual([(isolated["publicSubnetIds"] as string[]).length, (isolated["isolatedSubnetIds"] as string[]).length], [0, 3]);
  });

  it("answers task definitions with a revisioned ARN and services with a cluster-scoped ARN", () => {
    const td = create("aws:ecs/taskDefinition:TaskDefinition", "api-task", { family: "api" });
    assert.deepStrictEqual(
      [td.id, td.state["arn"], td.state["revision"]],
      ["api", "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:1", 1],
    );
    const svc = create("aws:ecs/service:Service", "api-svc", { name: "api", cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/main" });
    assert.strictEqual(svc.id, "arn:aws:ecs:eu-west-1:123456789012:service/main/api");
  });

  it("puts IAM ARNs in no region, and copies tags to tagsAll", () => {
    const role = create("aws:iam/role:Role", "api-task-role", { tags: { team: "core" } }).state;
    assert.match(String(role["arn"]), /^arn:aws:iam::123456789012:role\/api-task-role-[0-9a-f]{7}$/);
    assert.deepStrictEqual(role["tagsAll"], { team: "core" });
  });

  it("gives unknown aws types an id from the name and an ARN from the service module; local components nothing", () => {
    const { id, state } = create("aws:sqs/queue:Queue", "jobs");
    assert.match(String(id), /^jobs-[0-9a-f]{8}$/);
    assert.strictEqual(state["arn"], `arn:aws:sqs:eu-west-1:123456789012:queue/${id}`);
    assert.deepStrictEqual(mock.newResource({ type: "dockyard:x:Thing", name: "t", inputs: {}, custom: false }), {
      id: undefined,
      state: {},
    });
  });

  it("honours a custom account and partition", () => {
    const cn = new MockAws({ region: "cn-north-1", accountId: "210987654321", partition: "aws-cn" });
    const repo = cn.newResource({ type: "aws:ecr/repository:Repository", name: "r", inputs: { name: "r" }, custom: true }).state;
    assert.deepStrictEqual(
      [repo["arn"], repo["repositoryUrl"]],
      ["arn:aws-cn:ecr:cn-north-1:210987654321:repository/r", "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/r"],
    );
  });
});

describe("MockAws invokes", () => {
  const call = (token: string, inputs: Record<string, unknown> = {}) => mock.call({ token, inputs });

  it("answers caller identity, region, partition and availability zones", () => {
    assert.strictEqual(call("aws:index/getCallerIdentity:getCallerIdentity")["accountId"], "123456789012");
    assert.strictEqual(call("aws:index/getRegion:getRegion")["region"], "eu-west-1");
    assert.deepStrictEqual(call("aws:index/getPartition:getPartition")["dnsSuffix"], "amazonaws.com");
    const zones = call("aws:index/getAvailabilityZones:getAvailabilityZones");
    assert.deepStrictEqual(
      [zones["names"], zones["zoneIds"]],
      [
        ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        ["euw1-az1", "euw1-az2", "euw1-az3"],
      ],
    );
  });

  it("answers an ECR token whose authorizationToken decodes to AWS:<password>", () => {
    const token = call("aws:ecr/getAuthorizationToken:getAuthorizationToken");
    assert.strictEqual(Buffer.from(String(token["authorizationToken"]), "base64").toString(), `AWS:${token["password"]}`);
    assert.strictEqual(token["proxyEndpoint"], "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com");
  });

  it("renders IAM policy documents to the provider's JSON", () => {
    const doc = call("aws:iam/getPolicyDocument:getPolicyDocument", {
      statements: [
        { actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] },
        {
          sid: "Logs",
          actions: ["logs:PutLogEvents", "logs:CreateLogStream"],
          resources: ["arn:aws:logs:*"],
          conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
        },
      ],
    });
    assert.deepStrictEqual(JSON.parse(String(doc["json"])), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } },
        {
          Sid: "Logs",
          Effect: "Allow",
          Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
          Resource: "arn:aws:logs:*",
          Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ],
    });
    assert.strictEqual(doc["minifiedJson"], JSON.stringify(JSON.parse(String(doc["json"]))));
  });

  it("refuses invokes it has no answer for, naming the token and the fix", () => {
    assert.throws(
      () => call("aws:wafv2/getWebAcl:getWebAcl"),
      (err: unknown) => {
        assert.ok(err instanceof UnmockedInvokeError);
        assert.strictEqual(err.message, 'the embedded AWS has no answer for the provider function "aws:wafv2/getWebAcl:getWebAcl"');
        assert.strictEqual(
          err.fix,
          'answer it in a mocks file (--mocks FILE with invokes: [{ token: "aws:wafv2/getWebAcl:getWebAcl", args: {…}, result: {…} }]), or run the real `pulumi preview` with credentials',
        );
        return true;
      },
    );
  });
});

describe("MockAws under setMocks", () => {
  before(() => pulumi.runtime.setMocks(new MockAws({ region: "us-east-1" }), "dockyard", "dev", false));

  it("feeds real SDK resources and invokes", async () => {
    const repo = new aws.ecr.Repository("api", {});
    const url = await new Promise<string>((resolve) => repo.repositoryUrl.apply(resolve));
    assert.match(url, /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/api-[0-9a-f]{7}$/);
    const identity = await aws.getCallerIdentity();
    assert.strictEqual(identity.accountId, "123456789012");
    const doc = await aws.iam.getPolicyDocument({ statements: [{ actions: ["ecr:GetAuthorizationToken"], resources: ["*"] }] });
    assert.deepStrictEqual(JSON.parse(doc.json), {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }],
    });
  });
});
