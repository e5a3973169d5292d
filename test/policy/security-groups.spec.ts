import * as assert from "assert";
import {
  securityGroupIngressRestricted,
  securityGroupNoAllProtocolEgress,
  securityGroupNoAllProtocolRules,
} from "../../policy/rules/security-groups";
import { details, flagged, res, run, UNKNOWN } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

/** Our design: ALB SG open on 80/443 (v4+v6), task SG admitting only the ALB SG; plus an endpoint SG open to the VPC CIDR. */
function design(lbType = "aws:lb/loadBalancer:LoadBalancer", lbName = "platform-alb") {
  const albSg = res(SG, "platform-alb-sg", {}, { outputs: { id: "sg-alb" } });
  const taskSg = res(SG, "api-sg", {}, { outputs: { id: "sg-task" } });
  const endpointSg = res(SG, "platform-endpoints-sg", {}, { outputs: { id: "sg-endpoints" } });
  const alb = res(lbType, lbName, { internal: false, securityGroups: ["sg-alb"] }, { propertyDependencies: { securityGroups: [albSg] } });
  const svc = res(
    "aws:ecs/service:Service",
    "api-svc",
    { networkConfiguration: { subnets: ["s"], securityGroups: ["sg-task"] } },
    { propertyDependencies: { networkConfiguration: [taskSg] } },
  );
  const on = (sg: typeof albSg) => ({ propertyDependencies: { securityGroupId: [sg] } });
  const rules = [
    res(INGRESS, "alb-in-80", { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" }, on(albSg)),
    res(
      INGRESS,
      "alb-in-443-v6",
      { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" },
      on(albSg),
    ),
    res(
      INGRESS,
      "api-in-alb",
      { securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, referencedSecurityGroupId: "sg-alb" },
      on(taskSg),
    ),
    res(
      EGRESS,
      "api-out-https",
      { securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" },
      on(taskSg),
    ),
    res(
      INGRESS,
      "endpoints-in-443",
      { securityGroupId: "sg-endpoints", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" },
      on(endpointSg),
    ),
  ];
  return { albSg, taskSg, endpointSg, alb, svc, on, resources: [albSg, taskSg, endpointSg, alb, svc, ...rules] };
}

describe("security-group-ingress-restricted", () => {
  it("passes our design (ALB 80/443 from the internet, tasks only from the ALB SG, endpoints from the VPC CIDR)", async () => {
    const report = await run(securityGroupIngressRestricted, design().resources);
    assert.deepStrictEqual([report.violations, report.skipped], [[], []]);
  });

  it("also accepts the aws:alb token for the load balancer", async () => {
    assert.deepStrictEqual(flagged(await run(securityGroupIngressRestricted, design("aws:alb/loadBalancer:LoadBalancer").resources)), []);
  });

  it("flags the seed anti-pattern: task SG open to 0.0.0.0/0 on the app port (standalone rule)", async () => {
    const d = design();
    const report = await run(securityGroupIngressRestricted, [
      ...d.resources,
      res(
        INGRESS,
        "api-in-world",
        { securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" },
        d.on(d.taskSg),
      ),
    ]);
    assert.deepStrictEqual(details(report), [
      "api-in-world: ingress tcp/8080 is open to 0.0.0.0/0 on a security group that does not belong to an internet-facing load balancer; ingress tcp/8080 admits 0.0.0.0/0 into ECS task security group api-sg; task security groups may only admit other security groups. Fix: admit traffic from the load balancer's security group (referencedSecurityGroupId / sourceSecurityGroupId) instead of CIDRs.",
    ]);
  });

  it("flags inline ingress and aws.ec2.SecurityGroupRule: public CIDRs, private CIDRs into task SGs, and non-80/443 ports on the ALB", async () => {
    const d = design();
    const inlineTask = res(
      SG,
      "worker-sg",
      { ingress: [{ protocol: "tcp", fromPort: 9000, toPort: 9000, cidrBlocks: ["10.0.0.0/8"] }] },
      { outputs: { id: "sg-worker", ingress: [{ protocol: "tcp", fromPort: 9000, toPort: 9000, cidrBlocks: ["10.0.0.0/8"] }] } },
    );
    const worker = res(
      "aws:ecs/service:Service",
      "worker-svc",
      {},
      { outputs: { networkConfiguration: { securityGroups: ["sg-worker"], subnets: ["s"] } } },
    );
    const sshAnywhere = res(
      SG,
      "bastion-sg",
      {},
      { outputs: { id: "sg-b", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } },
    );
    const albWide = res(
      RULE,
      "alb-8080",
      { type: "ingress", securityGroupId: "sg-alb", protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] },
      d.on(d.albSg),
    );
    const report = await run(securityGroupIngressRestricted, [...d.resources, inlineTask, worker, sshAnywhere, albWide]);
    assert.deepStrictEqual(flagged(report), ["alb-8080", "bastion-sg", "worker-sg"]);
    assert.deepStrictEqual(
      details(report).find((l) => l.startsWith("alb-8080")),
      "alb-8080: ingress tcp/8080 is open to 0.0.0.0/0; internet-facing load balancers may only open tcp ports 80, 443. Fix: admit traffic from the load balancer's security group (referencedSecurityGroupId / sourceSecurityGroupId) instead of CIDRs.",
    );
  });

  it("judges by what the group is attached to, never by name: internal load balancers are not exempt, any internet-facing one is", async () => {
    const internal = design();
    internal.alb.outputs.internal = true;
    assert.deepStrictEqual(flagged(await run(securityGroupIngressRestricted, internal.resources)), ["alb-in-443-v6", "alb-in-80"]);
    const renamed = design("aws:lb/loadBalancer:LoadBalancer", "frontend");
    assert.deepStrictEqual(flagged(await run(securityGroupIngressRestricted, renamed.resources)), []);
    // The name allow-list lives in one place (lb-internet-facing-allow-listed); this policy has no such setting.
    assert.deepStrictEqual(Object.keys(securityGroupIngressRestricted.configSchema?.properties ?? {}), ["allowedPublicPorts"]);
  });

  it("finds task security groups by id when the service's networkConfiguration only depends on the VPC", async () => {
    const vpc = res("awsx:ec2:Vpc", "vpc", {}, { outputs: { privateSubnetIds: ["s"] } });
    const taskSg = res(SG, "literal-sg", {}, { outputs: { id: "sg-literal" } });
    const svc = res(
      "aws:ecs/service:Service",
      "literal-svc",
      { networkConfiguration: { subnets: ["s"], securityGroups: ["sg-literal"] } },
      { propertyDependencies: { networkConfiguration: [vpc] } },
    );
    const rule = res(
      INGRESS,
      "literal-in-vpc-cidr",
      { securityGroupId: "sg-literal", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "10.0.0.0/16" },
      { propertyDependencies: { securityGroupId: [taskSg] } },
    );
    assert.deepStrictEqual(details(await run(securityGroupIngressRestricted, [vpc, taskSg, svc, rule])), [
      "literal-in-vpc-cidr: ingress tcp/8080 admits 10.0.0.0/16 into ECS task security group literal-sg; task security groups may only admit other security groups. Fix: admit traffic from the load balancer's security group (referencedSecurityGroupId / sourceSecurityGroupId) instead of CIDRs.",
    ]);
  });

  it("relies on the graph during preview: unknown security group ids do not hide a public task rule", async () => {
    const d = design();
    const pending = res(
      INGRESS,
      "api-in-world",
      { securityGroupId: UNKNOWN.string, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" },
      d.on(d.taskSg),
    );
    // Unknown service security-group ids too: the graph names the task group, so nothing is skipped.
    d.svc.outputs.networkConfiguration = { subnets: ["s"], securityGroups: UNKNOWN.array };
    const report = await run(securityGroupIngressRestricted, [...d.resources, pending]);
    assert.deepStrictEqual([flagged(report), report.skipped], [["api-in-world"], []]);
  });
});

describe("security-group-ingress-restricted during preview", () => {
  it("an unknown inline ingress list elsewhere does not hide a definite finding; the policy is still marked skipped", async () => {
    const d = design();
    const pendingSg = res(SG, "pending-sg", {}, { outputs: { id: UNKNOWN.string, ingress: UNKNOWN.array } });
    const report = await run(securityGroupIngressRestricted, [
      ...d.resources,
      pendingSg,
      res(INGRESS, "api-in-world", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" }, d.on(d.taskSg)),
    ]);
    assert.deepStrictEqual(flagged(report), ["api-in-world"]);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.reason),
      [
        `can't run policy 'security-group-ingress-restricted' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: Array value at .ingress can't be known during preview`,
      ],
    );
  });
});

describe("security-group-no-all-protocol-egress (advisory)", () => {
  it("reports all-protocol egress, inline and standalone, at advisory; ingress is not its concern", async () => {
    const report = await run(securityGroupNoAllProtocolEgress, [
      res(SG, "docs-example", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
      res(EGRESS, "egress-all", { ipProtocol: "-1", securityGroupId: "sg", cidrIpv4: "0.0.0.0/0" }),
      res(RULE, "legacy-egress", {
        type: "egress",
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        securityGroupId: "sg",
        cidrBlocks: ["0.0.0.0/0"],
      }),
      res(INGRESS, "ingress-all", { ipProtocol: "-1", securityGroupId: "sg", referencedSecurityGroupId: "sg2" }),
      res(EGRESS, "egress-443", { ipProtocol: "tcp", fromPort: 443, toPort: 443, securityGroupId: "sg", cidrIpv4: "0.0.0.0/0" }),
    ]);
    assert.deepStrictEqual(details(report), [
      'docs-example: egress[0] allows all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".',
      'egress-all: this rule allows all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".',
      'legacy-egress: this egress rule allows all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".',
    ]);
    assert.deepStrictEqual([...new Set(report.violations.map((v) => v.enforcementLevel))], ["advisory"]);
  });
});

describe("security-group-no-all-protocol-rules", () => {
  it("flags exactly the all-protocol rules across inline, ec2 and vpc rule resources", async () => {
    const report = await run(securityGroupNoAllProtocolRules, [
      res(SG, "pass-sg", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["sg-1"] }] }),
      res(SG, "fail-sg", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
      res(RULE, "fail-ec2-rule", {
        type: "ingress",
        protocol: "all",
        fromPort: 0,
        toPort: 65535,
        securityGroupId: "sg",
        sourceSecurityGroupId: "sg2",
      }),
      res(INGRESS, "fail-vpc-rule", { ipProtocol: "-1", securityGroupId: "sg", referencedSecurityGroupId: "sg2" }),
      res(EGRESS, "pass-egress", { ipProtocol: "tcp", fromPort: 443, toPort: 443, securityGroupId: "sg", cidrIpv4: "0.0.0.0/0" }),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail-ec2-rule: this ingress rule allows all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".',
      'fail-vpc-rule: this rule allows all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".',
    ]);
  });
});
