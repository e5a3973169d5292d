/**
 * Security groups: public ingress only to internet-facing load balancers on 80/443 (judged by what the group is
 * attached to, never by names), task security groups admit only other security groups, no all-protocol ingress
 * (all-protocol egress is advisory: it is the AWS default and Pulumi's own examples use it). Covers inline rules and the standalone
 * `aws.ec2.SecurityGroupRule` / `aws.vpc.SecurityGroupIngressRule` / `aws.vpc.SecurityGroupEgressRule` resources.
 */
import type * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { WEB_PORTS } from "./alb";
import { securityHub } from "./controls";
import { ECS_SERVICE, LOAD_BALANCER, SECURITY_GROUP, SG_EGRESS_RULE, SG_INGRESS_RULE, SG_RULE } from "./tokens";
import {
  eachDeferringUnknowns,
  field,
  items,
  num,
  ofTypes,
  path,
  PUBLIC_CIDRS,
  requireType,
  resourceIds,
  settings,
  strings,
  targetsOf,
  UnknownCollector,
  resourcesOfTypes,
} from "./util";

type Group = aws.ec2.SecurityGroupArgs;
type LegacyRule = aws.ec2.SecurityGroupRuleArgs;
type IngressRule = aws.vpc.SecurityGroupIngressRuleArgs;

/** One ingress rule, normalised from any of the three shapes. */
interface Ingress {
  /** The resource that declares the rule (the SG itself for inline rules). */
  owner: PolicyResource;
  /** The security group the rule admits traffic into, when it can be found in the stack. */
  groups: PolicyResource[];
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  prefixLists: string[];
  label: string;
}

function portLabel(protocol: string, from?: number, to?: number): string {
  if (protocol === "-1" || protocol === "all") {
    return "all traffic";
  }
  return from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
}

/** The ingress rules `resource` declares (inline on a security group, or a standalone rule resource). */
function ingressOf(resource: PolicyResource, all: PolicyResource[]): Ingress[] {
  if (SECURITY_GROUP.has(resource.type)) {
    return items(field<Group>(resource.props, "ingress")).map((rule) => {
      const protocol = String(field<Group["ingress"]>(rule, "protocol"));
      const fromPort = num(field<Group["ingress"]>(rule, "fromPort"));
      const toPort = num(field<Group["ingress"]>(rule, "toPort"));
      return {
        owner: resource,
        groups: [resource],
        protocol,
        fromPort,
        toPort,
        cidrs: [...strings(field<Group["ingress"]>(rule, "cidrBlocks")), ...strings(field<Group["ingress"]>(rule, "ipv6CidrBlocks"))],
        prefixLists: strings(field<Group["ingress"]>(rule, "prefixListIds")),
        label: `inline ingress ${portLabel(protocol, fromPort, toPort)}`,
      };
    });
  }
  const legacy = SG_RULE.has(resource.type);
  if (legacy && field<LegacyRule>(resource.props, "type") !== "ingress") {
    return [];
  }
  const props = resource.props;
  const protocol = String(legacy ? field<LegacyRule>(props, "protocol") : field<IngressRule>(props, "ipProtocol"));
  const fromPort = num(field<LegacyRule | IngressRule>(props, "fromPort"));
  const toPort = num(field<LegacyRule | IngressRule>(props, "toPort"));
  return [
    {
      owner: resource,
      groups: targetsOf(resource, "securityGroupId", all, SECURITY_GROUP),
      protocol,
      fromPort,
      toPort,
      cidrs: legacy
        ? [...strings(field<LegacyRule>(props, "cidrBlocks")), ...strings(field<LegacyRule>(props, "ipv6CidrBlocks"))]
        : [...strings(field<IngressRule>(props, "cidrIpv4")), ...strings(field<IngressRule>(props, "cidrIpv6"))],
      prefixLists: strings(legacy ? field<LegacyRule>(props, "prefixListIds") : field<IngressRule>(props, "prefixListId")),
      label: `ingress ${portLabel(protocol, fromPort, toPort)}`,
    },
  ];
}

const RULE_HOLDERS = new Set([...SECURITY_GROUP, ...SG_RULE, ...SG_INGRESS_RULE]);

const ingressDefaults = { allowedPublicPorts: [...WEB_PORTS] };

/** Which load balancers may be internet-facing at all is lb-internet-facing-allow-listed's one setting. */
function internetFacing(lb: PolicyResource): boolean {
  return field<aws.lb.LoadBalancerArgs>(lb.props, "internal") !== true;
}

export const securityGroupIngressRestricted: StackValidationPolicy = {
  name: "security-group-ingress-restricted",
  description:
    "Only internet-facing load balancers accept 0.0.0.0/0 or ::/0, on tcp 80/443 only; ECS task security groups admit only other security groups.",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("EC2.18", "EC2.19", "EC2.53", "EC2.54"),
  remediationSteps:
    "Admit tasks only from the load balancer's security group (aws.vpc.SecurityGroupIngressRule with referencedSecurityGroupId); open 0.0.0.0/0 only on tcp 80/443 of a security group attached only to internet-facing load balancers.",
  configSchema: {
    properties: {
      allowedPublicPorts: {
        type: "array",
        items: { type: "integer" },
        default: ingressDefaults.allowedPublicPorts,
        description: "Ports those load balancers may open to the internet.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = settings(args, ingressDefaults);
    const all = args.resources;
    const unknowns = new UnknownCollector();
    const publicLbGroups = new Set(
      ofTypes(args, LOAD_BALANCER).flatMap((lb) =>
        unknowns.attempt(() => (internetFacing(lb) ? targetsOf(lb, "securityGroups", all, SECURITY_GROUP) : []), []),
      ),
    );
    // Task groups from the graph (known during preview) and, for groups passed as literal ids, by id: a service's
    // networkConfiguration may depend on the VPC only. Unknown ids come from resources the graph already shows,
    // so they are not a reason to skip the policy.
    const ignoreUnknown = new UnknownCollector();
    const taskGroups = new Set(
      ofTypes(args, ECS_SERVICE).flatMap((svc) => [
        ...(svc.propertyDependencies.networkConfiguration ?? []).filter((d) => SECURITY_GROUP.has(d.type)),
        ...ignoreUnknown.attempt(() => {
          const ids = strings(path<aws.ecs.ServiceArgs>(svc.props, "networkConfiguration", "securityGroups"));
          // A group whose id is still unknown is being created, so a literal id cannot name it: not a match.
          const idsOf = (r: PolicyResource) => ignoreUnknown.attempt(() => resourceIds(r), []);
          return ids.length === 0 ? [] : resourcesOfTypes(all, SECURITY_GROUP).filter((r) => idsOf(r).some((id) => ids.includes(id)));
        }, []),
      ]),
    );
    const rules = all.filter((r) => RULE_HOLDERS.has(r.type)).flatMap((r) => unknowns.attempt(() => ingressOf(r, all), []));
    unknowns.attempt(
      () =>
        eachDeferringUnknowns(rules, (rule) => {
          const problems: string[] = [];
          const publicCidrs = rule.cidrs.filter((c) => PUBLIC_CIDRS.has(c));
          if (publicCidrs.length > 0) {
            const toLb = rule.groups.length > 0 && rule.groups.every((g) => publicLbGroups.has(g));
            const tcp = rule.protocol === "tcp" || rule.protocol === "6";
            const portsOk = rule.fromPort !== undefined && rule.fromPort === rule.toPort && cfg.allowedPublicPorts.includes(rule.fromPort);
            if (!toLb) {
              problems.push(
                `${rule.label} is open to ${publicCidrs.join(", ")} on a security group that does not belong to an internet-facing load balancer`,
              );
            } else if (!tcp || !portsOk) {
              problems.push(
                `${rule.label} is open to ${publicCidrs.join(", ")}; internet-facing load balancers may only open tcp ports ${cfg.allowedPublicPorts.join(", ")}`,
              );
            }
          }
          const task = rule.groups.filter((g) => taskGroups.has(g));
          const sources = [...rule.cidrs, ...rule.prefixLists];
          if (task.length > 0 && sources.length > 0) {
            problems.push(
              `${rule.label} admits ${sources.join(", ")} into ECS task security group ${task.map((g) => g.name).join(", ")}; task security groups may only admit other security groups`,
            );
          }
          if (problems.length > 0) {
            reportViolation(
              `${problems.join("; ")}. Fix: admit traffic from the load balancer's security group (referencedSecurityGroupId / sourceSecurityGroupId) instead of CIDRs.`,
              rule.owner.urn,
            );
          }
        }),
      undefined,
    );
    unknowns.rethrow();
  },
};

const ALL_PROTOCOLS = new Set(["-1", "all"]);

/** `ingress[0]`-style labels of the all-protocol rules `args` declares in one direction. */
function allProtocolRules(args: ResourceValidationArgs, direction: "ingress" | "egress"): string[] {
  if (SECURITY_GROUP.has(args.type)) {
    return items(field<Group>(args.props, direction)).flatMap((rule, i) =>
      ALL_PROTOCOLS.has(String(field<Group["ingress"] | Group["egress"]>(rule, "protocol"))) ? [`${direction}[${i}]`] : [],
    );
  }
  const legacy = SG_RULE.has(args.type);
  const ruleDirection = legacy ? field<LegacyRule>(args.props, "type") : SG_INGRESS_RULE.has(args.type) ? "ingress" : "egress";
  if (
    ruleDirection !== direction ||
    !ALL_PROTOCOLS.has(
      String(
        legacy
          ? field<LegacyRule>(args.props, "protocol")
          : field<IngressRule | aws.vpc.SecurityGroupEgressRuleArgs>(args.props, "ipProtocol"),
      ),
    )
  ) {
    return [];
  }
  return [legacy ? `this ${direction} rule` : "this rule"];
}

const ALL_RULE_TYPES = new Set([...SECURITY_GROUP, ...SG_RULE, ...SG_INGRESS_RULE, ...SG_EGRESS_RULE]);

function allProtocolPolicy(direction: "ingress" | "egress"): ResourceValidationPolicy["validateResource"] {
  return (args, reportViolation) => {
    requireType(args, ALL_RULE_TYPES);
    const found = allProtocolRules(args, direction);
    if (found.length > 0) {
      reportViolation(
        `${found.join(", ")} allow${found.length === 1 ? "s" : ""} all protocols and ports; set protocol tcp/udp and the exact ports instead of "-1".`,
      );
    }
  };
}

export const securityGroupNoAllProtocolRules: ResourceValidationPolicy = {
  name: "security-group-no-all-protocol-rules",
  description: "Security group ingress rules must name a protocol and ports, not all traffic (protocol -1).",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("EC2.18"),
  remediationSteps: 'Replace protocol "-1" with tcp/udp and the exact port range the workload needs.',
  validateResource: allProtocolPolicy("ingress"),
};

export const securityGroupNoAllProtocolEgress: ResourceValidationPolicy = {
  name: "security-group-no-all-protocol-egress",
  description: "Security group egress rules should name a protocol and ports rather than all traffic (protocol -1).",
  severity: "low",
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps:
    'Replace egress protocol "-1" with tcp 443 (and the ports the tasks call), or to VPC endpoint security groups; make it mandatory in a stack\'s policy config to enforce.',
  validateResource: allProtocolPolicy("egress"),
};

export const securityGroupPolicies = [securityGroupIngressRestricted, securityGroupNoAllProtocolRules, securityGroupNoAllProtocolEgress];
