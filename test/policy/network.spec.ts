import * as assert from "assert";
import { ecsServiceNoKnownPublicSubnets, ecsServiceNoPublicIp, ecsServicePrivateSubnetsOnly } from "../../policy/rules/network";
import type { CapturedResource } from "../../policy/engine/types";
import { details, flagged, res, run, skipped, UNKNOWN } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const SERVICE = "aws:ecs/service:Service";
const service = (name: string, network: Record<string, unknown> | undefined, deps: CapturedResource[] = []) =>
  res(SERVICE, name, network === undefined ? {} : { networkConfiguration: network }, {
    propertyDependencies: deps.length ? { networkConfiguration: deps } : {},
  });

describe("ecs-service-no-public-ip", () => {
  const resources = [
    service("pass-false", { subnets: ["subnet-a"], assignPublicIp: false }),
    service("pass-absent", { subnets: ["subnet-a"] }),
    service("fail", { subnets: ["subnet-a"], assignPublicIp: true }),
    res("aws:ecs/taskSet:TaskSet", "fail-task-set", { networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: true } }),
    res("aws:ec2/instance:Instance", "other", { associatePublicIpAddress: true }),
  ];

  it("flags exactly the service and task set that assign public IPs (ECS.2, ECS.16), at mandatory by default", async () => {
    const report = await run(ecsServiceNoPublicIp, resources);
    const fix =
      "networkConfiguration.assignPublicIp is true; set it to false and place the tasks in private subnets that reach ECR through a NAT gateway or VPC endpoints.";
    assert.deepStrictEqual(details(report), [`fail-task-set: ${fix}`, `fail: ${fix}`]);
    assert.deepStrictEqual(
      report.violations.map((v) => v.enforcementLevel),
      ["mandatory", "mandatory"],
    );
  });

  it("never remediates: turning public IPs off without a NAT or endpoints would leave the tasks unable to pull images", async () => {
    assert.strictEqual(ecsServiceNoPublicIp.remediateResource, undefined);
    const report = await run(ecsServiceNoPublicIp, resources, { config: { "ecs-service-no-public-ip": "remediate" } });
    assert.deepStrictEqual([report.remediations, flagged(report)], [[], ["fail", "fail-task-set"]]);
  });
});

describe("ecs-service-no-known-public-subnets", () => {
  it("flags a service without networkConfiguration and one on a listed public subnet", async () => {
    const report = await run(
      ecsServiceNoKnownPublicSubnets,
      [
        service("pass", { subnets: ["subnet-private"] }),
        service("fail-listed", { subnets: ["subnet-private", "subnet-public"] }),
        service("fail-missing", undefined),
      ],
      { config: { "ecs-service-no-known-public-subnets": { publicSubnetIds: ["subnet-public"] } } },
    );
    assert.deepStrictEqual(details(report), [
      "fail-listed: subnets subnet-public are listed as public in policy config; use private subnets instead.",
      "fail-missing: networkConfiguration is missing; Fargate services need awsvpc networking: set networkConfiguration.subnets to private subnets.",
    ]);
  });
});

describe("ecs-service-private-subnets-only (stack graph)", () => {
  /** A VPC with one public subnet (IGW default route) and one private subnet (NAT default route). */
  function vpcGraph() {
    const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-1" }, { outputs: { id: "igw-0abc" } });
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", {}, { outputs: { id: "nat-0abc" } });
    const publicSubnet = res("aws:ec2/subnet:Subnet", "public-a", { vpcId: "vpc-1" }, { outputs: { id: "subnet-pub", vpcId: "vpc-1" } });
    const privateSubnet = res("aws:ec2/subnet:Subnet", "private-a", { vpcId: "vpc-1" }, { outputs: { id: "subnet-priv", vpcId: "vpc-1" } });
    const publicRt = res("aws:ec2/routeTable:RouteTable", "public-rt", {}, { outputs: { id: "rtb-pub" } });
    const privateRt = res("aws:ec2/routeTable:RouteTable", "private-rt", {}, { outputs: { id: "rtb-priv" } });
    const igwRoute = res(
      "aws:ec2/route:Route",
      "public-default",
      {},
      {
        outputs: { routeTableId: "rtb-pub", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-0abc" },
        propertyDependencies: { routeTableId: [publicRt], gatewayId: [igw] },
      },
    );
    const natRoute = res(
      "aws:ec2/route:Route",
      "private-default",
      {},
      {
        outputs: { routeTableId: "rtb-priv", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-0abc" },
        propertyDependencies: { routeTableId: [privateRt], natGatewayId: [nat] },
      },
    );
    const pubAssoc = res(
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "public-a-assoc",
      {},
      {
        outputs: { subnetId: "subnet-pub", routeTableId: "rtb-pub" },
        propertyDependencies: { subnetId: [publicSubnet], routeTableId: [publicRt] },
      },
    );
    const privAssoc = res(
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "private-a-assoc",
      {},
      {
        outputs: { subnetId: "subnet-priv", routeTableId: "rtb-priv" },
        propertyDependencies: { subnetId: [privateSubnet], routeTableId: [privateRt] },
      },
    );
    return {
      igw,
      nat,
      publicSubnet,
      privateSubnet,
      base: [igw, nat, publicSubnet, privateSubnet, publicRt, privateRt, igwRoute, natRoute, pubAssoc, privAssoc],
    };
  }

  it("follows service → subnet → route table association → route → internet gateway", async () => {
    const g = vpcGraph();
    const report = await run(ecsServicePrivateSubnetsOnly, [
      ...g.base,
      service("pass", { subnets: ["subnet-priv"] }, [g.privateSubnet]),
      service("fail", { subnets: ["subnet-pub"] }, [g.publicSubnet]),
    ]);
    assert.deepStrictEqual(details(report), [
      "fail: subnet public-a is public: route public-default sends 0.0.0.0/0 of route table public-rt to an internet gateway. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("matches subnets by id when there is no graph edge, and sees inline IPv6 routes to an IGW", async () => {
    const subnet = res("aws:ec2/subnet:Subnet", "v6", {}, { outputs: { id: "subnet-v6" } });
    const rt = res(
      "aws:ec2/routeTable:RouteTable",
      "v6-rt",
      {},
      { outputs: { id: "rtb-v6", routes: [{ ipv6CidrBlock: "::/0", gatewayId: "igw-9" }] } },
    );
    const assoc = res(
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "v6-assoc",
      {},
      { outputs: { subnetId: "subnet-v6", routeTableId: "rtb-v6" } },
    );
    const report = await run(ecsServicePrivateSubnetsOnly, [subnet, rt, assoc, service("fail", { subnets: ["subnet-v6"] })]);
    assert.deepStrictEqual(details(report), [
      "fail: subnet v6 is public: route table v6-rt routes ::/0 to internet gateway igw-9. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("flags subnets that map public IPs or are tagged public; IPv6 auto-assign alone (no IGW route) is not public", async () => {
    // A VPC created in the stack: its main route table holds only the local route, so routing is private.
    const vpc = res("aws:ec2/vpc:Vpc", "vpc", {}, { outputs: { id: "vpc-1", defaultRouteTableId: "rtb-main" } });
    const subnet = (name: string, outputs: Record<string, unknown>) =>
      res("aws:ec2/subnet:Subnet", name, {}, { outputs: { vpcId: "vpc-1", ...outputs } });
    const mapping = subnet("mapping", { id: "s-map", mapPublicIpOnLaunch: true });
    const v6 = subnet("v6auto", { id: "s-v6", assignIpv6AddressOnCreation: true });
    const tagged = subnet("tagged", { id: "s-tag", tags: { SubnetType: "Public" } });
    const fine = subnet("fine", { id: "s-ok", mapPublicIpOnLaunch: false, tags: { SubnetType: "Private" } });
    const report = await run(ecsServicePrivateSubnetsOnly, [
      vpc,
      mapping,
      v6,
      tagged,
      fine,
      service("a", { subnets: ["s-map"] }),
      service("b", { subnets: ["s-v6"] }),
      service("c", { subnets: ["s-tag"] }),
      service("ok", { subnets: ["s-ok"] }),
    ]);
    assert.deepStrictEqual(details(report), [
      "a: subnet mapping is public: it maps public IPv4 addresses on launch (mapPublicIpOnLaunch). Run the service in private subnets (e.g. vpc.privateSubnetIds).",
      "c: subnet tagged is public: it is tagged SubnetType=Public. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("IPv6 auto-assign behind an egress-only internet gateway is private; behind an internet gateway it is public", async () => {
    const eigw = res("aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "eigw", {}, { outputs: { id: "eigw-1" } });
    const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", {}, { outputs: { id: "igw-1" } });
    const subnet = (name: string) =>
      res("aws:ec2/subnet:Subnet", name, {}, { outputs: { id: `s-${name}`, assignIpv6AddressOnCreation: true } });
    const table = (name: string, route: Record<string, unknown>) =>
      res("aws:ec2/routeTable:RouteTable", name, {}, { outputs: { id: `rtb-${name}`, routes: [route] } });
    const assoc = (s: CapturedResource, t: CapturedResource) =>
      res(
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        `${s.name}-assoc`,
        {},
        {
          outputs: { subnetId: s.outputs.id, routeTableId: t.outputs.id },
          propertyDependencies: { subnetId: [s], routeTableId: [t] },
        },
      );
    const v6Private = subnet("v6-private");
    const v6Public = subnet("v6-public");
    const eigwRt = table("eigw-rt", { ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" });
    const igwRt = table("igw-rt", { ipv6CidrBlock: "::/0", gatewayId: "igw-1" });
    const report = await run(ecsServicePrivateSubnetsOnly, [
      eigw,
      igw,
      v6Private,
      v6Public,
      eigwRt,
      igwRt,
      assoc(v6Private, eigwRt),
      assoc(v6Public, igwRt),
      service("ok", { subnets: ["s-v6-private"] }, [v6Private]),
      service("bad", { subnets: ["s-v6-public"] }, [v6Public]),
    ]);
    assert.deepStrictEqual(details(report), [
      "bad: subnet v6-public is public: route table igw-rt routes ::/0 to internet gateway igw-1. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("identifies subnets without an id output (as the engine and the offline capture pass them): by ARN, else by the graph", async () => {
    const g = vpcGraph();
    // Captured resources carry no `id` output: strip it, keep the ARN the provider returns.
    for (const r of g.base) {
      delete r.outputs.id;
    }
    g.publicSubnet.outputs.arn = "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-pub";
    delete g.privateSubnet.outputs.arn;
    const report = await run(ecsServicePrivateSubnetsOnly, [
      ...g.base,
      service("private-by-graph", { subnets: ["subnet-priv"] }, [g.privateSubnet]),
      service("public-by-arn", { subnets: ["subnet-pub"] }),
      // Negative control: two ids but only one subnet in the graph, so one id is unaccounted for.
      service("extra-id", { subnets: ["subnet-priv", "subnet-elsewhere"] }, [g.privateSubnet]),
    ]);
    assert.deepStrictEqual(details(report), [
      "extra-id: cannot prove subnets subnet-priv, subnet-elsewhere private: only 1 of them come from subnets in this stack; verify the others and add them to privateSubnetIds in the policy config. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
      "public-by-arn: subnet public-a is public: route public-default sends 0.0.0.0/0 of route table public-rt to an internet gateway. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("follows unassociated subnets to their VPC's main route table: MainRouteTableAssociation, DefaultRouteTable, or routes on defaultRouteTableId", async () => {
    const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", {}, { outputs: { id: "igw-1" } });
    const vpc = (n: number) => res("aws:ec2/vpc:Vpc", `vpc${n}`, {}, { outputs: { id: `vpc-${n}`, defaultRouteTableId: `rtb-main${n}` } });
    const subnet = (n: number) => res("aws:ec2/subnet:Subnet", `subnet${n}`, {}, { outputs: { id: `s-${n}`, vpcId: `vpc-${n}` } });
    const mainRt = res(
      "aws:ec2/routeTable:RouteTable",
      "main-rt",
      {},
      { outputs: { id: "rtb-m1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] } },
    );
    const mainAssoc = res(
      "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
      "main-assoc",
      {},
      {
        outputs: { vpcId: "vpc-1", routeTableId: "rtb-m1" },
        propertyDependencies: { routeTableId: [mainRt] },
      },
    );
    const defaultRt = res(
      "aws:ec2/defaultRouteTable:DefaultRouteTable",
      "default-rt",
      {},
      { outputs: { id: "rtb-main2", vpcId: "vpc-2", routes: [{ ipv6CidrBlock: "::/0", gatewayId: "igw-1" }] } },
    );
    const routeOnMain = res(
      "aws:ec2/route:Route",
      "main3-default",
      {},
      {
        outputs: { routeTableId: "rtb-main3", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
        propertyDependencies: { gatewayId: [igw] },
      },
    );
    const report = await run(ecsServicePrivateSubnetsOnly, [
      igw,
      vpc(1),
      vpc(2),
      vpc(3),
      vpc(4),
      subnet(1),
      subnet(2),
      subnet(3),
      subnet(4),
      mainRt,
      mainAssoc,
      defaultRt,
      routeOnMain,
      ...[1, 2, 3, 4].map((n) => service(`svc${n}`, { subnets: [`s-${n}`] })),
    ]);
    const fix = "Run the service in private subnets (e.g. vpc.privateSubnetIds).";
    assert.deepStrictEqual(details(report), [
      `svc1: subnet subnet1 is public: route table main-rt routes 0.0.0.0/0 to internet gateway igw-1. ${fix}`,
      `svc2: subnet subnet2 is public: route table default-rt routes ::/0 to internet gateway igw-1. ${fix}`,
      `svc3: subnet subnet3 is public: route main3-default sends 0.0.0.0/0 of VPC vpc3's main route table to an internet gateway. ${fix}`,
    ]);
  });

  it("cannot prove a subnet private when it is in the stack but its VPC (and so its main route table) is not, unless listed", async () => {
    const subnet = res("aws:ec2/subnet:Subnet", "in-existing-vpc", {}, { outputs: { id: "s-ext", vpcId: "vpc-existing" } });
    const resources = [subnet, service("svc", { subnets: ["s-ext"] }, [subnet])];
    assert.deepStrictEqual(details(await run(ecsServicePrivateSubnetsOnly, resources)), [
      "svc: cannot prove subnet in-existing-vpc private: it has no route table association here and its VPC's main route table is not in this stack; associate a route table in this stack or add the subnet id to privateSubnetIds in the policy config. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
    const listed = await run(ecsServicePrivateSubnetsOnly, resources, {
      config: { "ecs-service-private-subnets-only": { privateSubnetIds: ["s-ext"] } },
    });
    assert.deepStrictEqual(flagged(listed), []);
  });

  it("uses the awsx VPC component's private/public subnet outputs (remote component, no children)", async () => {
    const vpc = res(
      "awsx:ec2:Vpc",
      "platform-vpc",
      {},
      {
        outputs: {
          vpcId: "vpc-1",
          privateSubnetIds: ["subnet-p1", "subnet-p2"],
          publicSubnetIds: ["subnet-u1", "subnet-u2"],
          isolatedSubnetIds: [],
        },
      },
    );
    const report = await run(ecsServicePrivateSubnetsOnly, [
      vpc,
      service("pass", { subnets: ["subnet-p1", "subnet-p2"], securityGroups: ["sg-1"] }, [vpc]),
      service("fail", { subnets: ["subnet-p1", "subnet-u2"] }, [vpc]),
    ]);
    assert.deepStrictEqual(details(report), [
      "fail: subnet subnet-u2 is a public subnet of VPC platform-vpc. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
  });

  it("reports subnets outside the stack as 'cannot prove private' unless listed in privateSubnetIds", async () => {
    const resources = [service("existing", { subnets: ["subnet-ext1", "subnet-ext2"] })];
    const unlisted = await run(ecsServicePrivateSubnetsOnly, resources, {
      config: { "ecs-service-private-subnets-only": { privateSubnetIds: ["subnet-ext1"] } },
    });
    assert.deepStrictEqual(details(unlisted), [
      "existing: cannot prove subnet subnet-ext2 private: it is not in this stack; verify it and add it to privateSubnetIds in the policy config. Run the service in private subnets (e.g. vpc.privateSubnetIds).",
    ]);
    const listed = await run(ecsServicePrivateSubnetsOnly, resources, {
      config: { "ecs-service-private-subnets-only": { privateSubnetIds: ["subnet-ext1", "subnet-ext2"] } },
    });
    assert.deepStrictEqual(flagged(listed), []);
  });

  it("during preview (unknown subnets) reports definite findings and skips the policy as the engine does", async () => {
    const report = await run(ecsServicePrivateSubnetsOnly, [
      service("pending", { subnets: UNKNOWN.array }),
      service("known-bad", { subnets: ["subnet-elsewhere"] }),
    ]);
    assert.deepStrictEqual(flagged(report), ["known-bad"]);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.reason),
      [
        `can't run policy 'ecs-service-private-subnets-only' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: Array value at .networkConfiguration.subnets can't be known during preview`,
      ],
    );
    assert.deepStrictEqual(skipped(report), [""]);
  });
});
