import * as assert from "assert";
import { MockAws, UnmockedInvokeError } from "../../preview/mock-aws";
import { withSubnetEvidence } from "../../preview/mock/evidence";
import { derivedPolicyConfig } from "../../preview/mock/subnet-config";
import { MocksFileError, UserMocks, parseUserMocks, subnetEvidence } from "../../preview/mock/user-mocks";

const EXISTING = `
vpcs:
  - id: vpc-0a1b2c3d4e5f60718
    cidrBlock: 10.20.0.0/16
    tags: { Name: shared }
    routeTables:
      - { id: rtb-0aa00000000000001, main: true, routes: [{ cidrBlock: 0.0.0.0/0, gatewayId: igw-0bb00000000000001 }] }
      - { id: rtb-0aa00000000000002, routes: [{ cidrBlock: 0.0.0.0/0, natGatewayId: nat-0cc00000000000001 }] }
    subnets:
      - { id: subnet-0dd00000000000001, type: public, availabilityZone: us-east-1a, cidrBlock: 10.20.0.0/24, mapPublicIpOnLaunch: true, tags: { Tier: public } }
      - { id: subnet-0ee00000000000001, type: private, availabilityZone: us-east-1a, cidrBlock: 10.20.10.0/24, routeTableId: rtb-0aa00000000000002, tags: { Tier: private } }
    securityGroups:
      - { id: sg-0ff00000000000001, name: vpc-endpoints }
`;

const mocks = (text: string): UserMocks => parseUserMocks(text, "mocks.yaml");
const aws = (userMocks?: UserMocks) => {
  const mock = new MockAws({ region: "us-east-1", mocks: userMocks });
  return { mock, call: (token: string, inputs: Record<string, unknown> = {}) => mock.call({ token, inputs }) };
};

describe("embedded AWS: the default VPC as AWS makes it", () => {
  const { call } = aws();
  const vpc = call("aws:ec2/getVpc:getVpc", { default: true });

  it("172.31.0.0/16 with AWS-shaped ids, ARN, owner and a main route table", () => {
    assert.match(String(vpc["id"]), /^vpc-[0-9a-f]{17}$/);
    assert.strictEqual(vpc["cidrBlock"], "172.31.0.0/16");
    assert.strictEqual(vpc["default"], true);
    assert.strictEqual(vpc["arn"], `arn:aws:ec2:us-east-1:123456789012:vpc/${String(vpc["id"])}`);
    assert.match(String(vpc["mainRouteTableId"]), /^rtb-[0-9a-f]{17}$/);
    assert.deepStrictEqual(call("aws:ec2/getVpc:getVpc", { default: true }), vpc, "deterministic");
  });

  it("one public default /20 subnet per AZ that maps public IPs, routed 0.0.0.0/0 → igw", () => {
    const ids = call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: [vpc["id"]] }] })["ids"] as string[];
    assert.strictEqual(ids.length, 6, "us-east-1 has six AZs");
    const first = call("aws:ec2/getSubnet:getSubnet", { id: ids[0] });
    assert.deepStrictEqual(
      [first["cidrBlock"], first["availabilityZone"], first["mapPublicIpOnLaunch"], first["defaultForAz"], first["vpcId"]],
      ["172.31.0.0/20", "us-east-1a", true, true, vpc["id"]],
    );
    const table = call("aws:ec2/getRouteTable:getRouteTable", { subnetId: ids[0] });
    assert.strictEqual(table["id"], vpc["mainRouteTableId"]);
    assert.match(String((table["routes"] as { gatewayId: string }[])[0].gatewayId), /^igw-[0-9a-f]{17}$/);
    assert.strictEqual(call("aws:ec2/getSecurityGroup:getSecurityGroup", { vpcId: vpc["id"], name: "default" })["name"], "default");
  });

  it("filters with AWS semantics: every filter, any value, wildcards, tags; lookups that match nothing or too much fail closed", () => {
    assert.deepStrictEqual(
      call("aws:ec2/getSubnets:getSubnets", {
        filters: [
          { name: "vpc-id", values: [vpc["id"]] },
          { name: "availability-zone", values: ["us-east-1a", "us-east-1b"] },
        ],
      })["ids"],
      [
        call("aws:ec2/getSubnet:getSubnet", { availabilityZone: "us-east-1a", defaultForAz: true })["id"],
        call("aws:ec2/getSubnet:getSubnet", { availabilityZone: "us-east-1b", defaultForAz: true })["id"],
      ],
    );
    assert.strictEqual(
      (call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "availability-zone", values: ["us-east-1*"] }] })["ids"] as string[])
        .length,
      6,
    );
    assert.deepStrictEqual(call("aws:ec2/getSubnets:getSubnets", { tags: { Tier: "private" } })["ids"], []);
    assert.throws(
      () => call("aws:ec2/getSubnet:getSubnet", { filters: [{ name: "vpc-id", values: [vpc["id"]] }] }),
      /6 subnets match; AWS requires exactly one/,
    );
    assert.throws(
      () => call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: ["vpc-0123456789abcdef0"] }] }),
      UnmockedInvokeError,
    );
  });
});

describe("embedded AWS: account lookups and computed attributes in AWS's shapes", () => {
  const { mock, call } = aws();

  it("ACM, Route 53, ECR, IAM, SSM, Secrets Manager, KMS, AMI", () => {
    assert.match(
      String(call("aws:acm/getCertificate:getCertificate", { domain: "example.com" })["arn"]),
      /^arn:aws:acm:us-east-1:123456789012:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const zone = call("aws:route53/getZone:getZone", { name: "example.com" });
    assert.deepStrictEqual([zone["name"], (zone["nameServers"] as string[]).length], ["example.com.", 4]);
    assert.match(String(zone["zoneId"]), /^Z[0-9A-Z]{20}$/);
    assert.strictEqual(
      call("aws:ecr/getRepository:getRepository", { name: "api" })["repositoryUrl"],
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/api",
    );
    assert.match(
      String(call("aws:ecr/getImage:getImage", { repositoryName: "api", imageTag: "v1" })["imageDigest"]),
      /^sha256:[0-9a-f]{64}$/,
    );
    assert.strictEqual(call("aws:iam/getRole:getRole", { name: "deployer" })["arn"], "arn:aws:iam::123456789012:role/deployer");
    assert.strictEqual(
      call("aws:iam/getRole:getRole", { name: "deployer" })["assumeRolePolicy"],
      '{"Version":"2012-10-17","Statement":[]}',
      "never a made-up trust policy",
    );
    assert.strictEqual(
      call("aws:ssm/getParameter:getParameter", { name: "/app/url" })["arn"],
      "arn:aws:ssm:us-east-1:123456789012:parameter/app/url",
    );
    assert.match(
      String(call("aws:secretsmanager/getSecret:getSecret", { name: "db" })["arn"]),
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:db-[a-z0-9]{6}$/,
    );
    assert.match(
      String(call("aws:kms/getKey:getKey", { keyId: "alias/aws/secretsmanager" })["arn"]),
      /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/,
    );
    assert.match(String(call("aws:ec2/getAmi:getAmi", { mostRecent: true, owners: ["amazon"] })["id"]), /^ami-[0-9a-f]{17}$/);
  });

  it("RDS endpoints and the managed master-user secret; raw EC2 ids", () => {
    const db = mock.newResource({
      type: "aws:rds/instance:Instance",
      name: "db",
      inputs: { identifier: "orders", engine: "postgres", manageMasterUserPassword: true },
      custom: true,
    }).state;
    assert.match(String(db["endpoint"]), /^orders\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com:5432$/);
    assert.match(
      String((db["masterUserSecrets"] as { secretArn: string }[])[0].secretArn),
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/,
    );
    for (const [type, prefix] of [
      ["aws:ec2/vpc:Vpc", "vpc"],
      ["aws:ec2/subnet:Subnet", "subnet"],
      ["aws:ec2/internetGateway:InternetGateway", "igw"],
      ["aws:ec2/natGateway:NatGateway", "nat"],
      ["aws:ec2/routeTable:RouteTable", "rtb"],
    ]) {
      assert.match(
        String(mock.newResource({ type, name: "x", inputs: {}, custom: true }).id),
        new RegExp(`^${prefix}-[0-9a-f]{17}$`),
        type,
      );
    }
  });

  it("records unanswered invokes even when the caller would catch the error", () => {
    const { mock: fresh, call: callFresh } = aws();
    assert.throws(() => callFresh("aws:wafv2/getWebAcl:getWebAcl", { name: "x" }), UnmockedInvokeError);
    assert.deepStrictEqual(
      fresh.unanswered.map((u) => [u.token, u.inputs]),
      [["aws:wafv2/getWebAcl:getWebAcl", { name: "x" }]],
    );
  });
});

describe("mocks file", () => {
  it("answers lookups of an existing VPC from its facts, and states subnet privacy once as the pack's evidence", () => {
    const user = mocks(EXISTING);
    const { call } = aws(user);
    assert.deepStrictEqual(
      call("aws:ec2/getSubnets:getSubnets", {
        filters: [
          { name: "vpc-id", values: ["vpc-0a1b2c3d4e5f60718"] },
          { name: "tag:Tier", values: ["private"] },
        ],
      })["ids"],
      ["subnet-0ee00000000000001"],
    );
    assert.strictEqual(call("aws:ec2/getVpc:getVpc", { tags: { Name: "shared" } })["id"], "vpc-0a1b2c3d4e5f60718");
    assert.strictEqual(
      call("aws:ec2/getRouteTable:getRouteTable", { subnetId: "subnet-0ee00000000000001" })["id"],
      "rtb-0aa00000000000002",
    );
    assert.deepStrictEqual(subnetEvidence(user.vpcs), {
      privateSubnetIds: ["subnet-0ee00000000000001"],
      publicSubnetIds: ["subnet-0dd00000000000001"],
    });
    assert.deepStrictEqual(
      withSubnetEvidence({ "ecs-service-private-subnets-only": "mandatory" }, subnetEvidence(user.vpcs), "mocks.yaml"),
      {
        "ecs-service-private-subnets-only": { enforcementLevel: "mandatory", privateSubnetIds: ["subnet-0ee00000000000001"] },
        "ecs-service-no-known-public-subnets": { publicSubnetIds: ["subnet-0dd00000000000001"] },
      },
    );
  });

  it("Resource.get(name, id) of a known VPC or subnet reads its facts; an existing group's rules are never made up", () => {
    const { mock } = aws(mocks(EXISTING));
    const read = (type: string, id: string) => mock.newResource({ type, name: "x", inputs: {}, custom: true, id }).state;
    assert.strictEqual(read("aws:ec2/vpc:Vpc", "vpc-0a1b2c3d4e5f60718")["cidrBlock"], "10.20.0.0/16");
    assert.deepStrictEqual(
      [
        read("aws:ec2/subnet:Subnet", "subnet-0ee00000000000001")["cidrBlock"],
        read("aws:ec2/subnet:Subnet", "subnet-0ee00000000000001")["mapPublicIpOnLaunch"],
      ],
      ["10.20.10.0/24", false],
    );
    const group = read("aws:ec2/securityGroup:SecurityGroup", "sg-0ff00000000000001");
    assert.deepStrictEqual([group["name"], group["vpcId"], "ingress" in group], ["vpc-endpoints", "vpc-0a1b2c3d4e5f60718", false]);
  });

  it("invoke answers match on a subset of the arguments; resource outputs by type and/or name", () => {
    const user = mocks(
      "invokes:\n  - { token: aws:acm/getCertificate:getCertificate, args: { domain: a.example }, result: { arn: arn-a } }\nresources:\n  - { name: db, outputs: { endpoint: db.internal:5432 } }\n",
    );
    const { mock, call } = aws(user);
    assert.deepStrictEqual(call("aws:acm/getCertificate:getCertificate", { domain: "a.example", statuses: ["ISSUED"] }), { arn: "arn-a" });
    assert.notStrictEqual(call("aws:acm/getCertificate:getCertificate", { domain: "b.example" })["arn"], "arn-a");
    assert.strictEqual(
      mock.newResource({ type: "aws:rds/instance:Instance", name: "db", inputs: {}, custom: true }).state["endpoint"],
      "db.internal:5432",
    );
  });

  const rejects = (text: string, message: string): void => {
    assert.throws(
      () => mocks(text),
      (err: unknown) => {
        assert.ok(err instanceof MocksFileError);
        assert.strictEqual(err.message, message);
        return true;
      },
    );
  };

  it("rejects bad input naming file, field, value, what is allowed and the fix", () => {
    rejects(
      "vpc: []\n",
      'mocks.yaml: (top level).vpc is []; allowed: one of the keys invokes, resources, vpcs, stackReferences. Fix: remove or rename "vpc"',
    );
    rejects(
      "vpcs:\n  - { id: vpc-123, cidrBlock: 10.0.0.0/16 }\n",
      'mocks.yaml: vpcs[0].id is "vpc-123"; allowed: a string matching ^vpc-[0-9a-f]{8,17}$. Fix: e.g. id: vpc-0a1b2c3d4e5f60718',
    );
    rejects(
      "invokes:\n  - { token: getVpc, result: {} }\n",
      'mocks.yaml: invokes[0].token is "getVpc"; allowed: a string matching ^[a-zA-Z0-9-]+:[a-zA-Z0-9/._-]*:[a-zA-Z0-9]+$. Fix: e.g. token: aws:acm/getCertificate:getCertificate',
    );
    rejects(
      "resources:\n  - { outputs: {} }\n",
      'mocks.yaml: resources[0] is {"outputs":{}}; allowed: an entry with type and/or name. Fix: add type: <token> or name: <logical name>',
    );
    rejects(
      EXISTING.replace("routeTableId: rtb-0aa00000000000002, ", ""),
      'mocks.yaml: vpcs[0].subnets[1].type is "private"; allowed: public (its route table sends a default route to an internet gateway). Fix: route table rtb-0aa00000000000001 routes 0.0.0.0/0 to igw-0bb00000000000001: set type: public, or fix the route table facts',
    );
    rejects(
      EXISTING.replace("routeTableId: rtb-0aa00000000000002", "routeTableId: rtb-0aa00000000000009"),
      'mocks.yaml: vpcs[0].subnets[1].routeTableId is "rtb-0aa00000000000009"; allowed: a route table of this VPC (rtb-0aa00000000000001, rtb-0aa00000000000002). Fix: list rtb-0aa00000000000009 under vpcs[0].routeTables',
    );
    rejects(
      "vpcs: [\n",
      "mocks.yaml: invalid YAML/JSON at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax and run again.",
    );
  });

  it("derives the policy config for `pulumi preview --policy-pack` from the mocks file (one statement of subnet privacy)", () => {
    assert.deepStrictEqual(
      derivedPolicyConfig("test/fixtures/programs/existing-vpc/mocks.yaml", "policy/config/dev.json")["ecs-service-private-subnets-only"],
      {
        privateSubnetIds: ["subnet-0ee00000000000001", "subnet-0ee00000000000002"],
      },
    );
    assert.deepStrictEqual(derivedPolicyConfig("test/fixtures/programs/existing-vpc/mocks.yaml")["ecs-service-no-known-public-subnets"], {
      publicSubnetIds: ["subnet-0dd00000000000001", "subnet-0dd00000000000002"],
    });
    assert.strictEqual(
      derivedPolicyConfig("test/fixtures/programs/existing-vpc/mocks.yaml", "policy/config/dev.json")["lb-deletion-protection"],
      "advisory",
      "the rest of the config is kept",
    );
  });

  it("reads JSON too", () => {
    assert.deepStrictEqual(
      parseUserMocks(JSON.stringify({ resources: [{ type: "aws:ecs/cluster:Cluster", outputs: { name: "c" } }] }), "m.json").resources,
      [{ type: "aws:ecs/cluster:Cluster", outputs: { name: "c" } }],
    );
  });
});
