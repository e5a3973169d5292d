/**
 * The architecture read off the captured graph: internet → internet gateway → ALB → listeners (an HTTP
 * listener that redirects points at the HTTPS one) → listener rules → target groups → ECS services (deployment
 * strategy, autoscaling range, task definition, containers and images, roles) → Cloud Map names, placed in the
 * VPC's public or private subnets, with NAT gateways and VPC endpoints for egress. Security-group rules are
 * dashed edges labelled with the port they open (ALB → service, caller → callee, internet → ALB). Links come
 * from property dependencies, falling back to matching ARNs in input values, so it works for any program that
 * uses these AWS resource types; an awsx VPC (a remote component with no children here) is drawn from its
 * inputs: its internet gateway and NAT gateways.
 */
import type { CapturedResource } from "../../policy/engine/types";
import { awsxVpcNat } from "../cost/estimate";
import { autoscaling, deploymentStrategy } from "./service-facts";

export interface GraphNode {
  id: string;
  label: string;
  kind: "internet" | "gateway" | "endpoint" | "alb" | "listener" | "rule" | "service" | "task" | "container" | "role" | "dns";
  /** Cluster path, outermost first, e.g. `["vpc", "private", "svc:api"]`. */
  cluster: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** Security-group relations are dashed: a permission, not a request path. */
  style?: "dashed";
}

export interface ArchitectureGraph {
  title: string;
  /** Cluster id → label. */
  clusters: Record<string, string>;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

type R = CapturedResource;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const tail = (urn: string): string => urn.split("::").pop() ?? urn;

class Links {
  private readonly byUrn: Map<string, R>;
  constructor(private readonly resources: R[]) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
  }
  /** Resources of `types` that `r`'s input `prop` came from, or whose ARN appears in that input. */
  linked(r: R, prop: string, types: RegExp): R[] {
    const found = new Map<string, R>();
    for (const urn of r.propertyDependencies[prop] ?? []) {
      const dep = this.byUrn.get(urn);
      if (dep && types.test(dep.type)) found.set(dep.urn, dep);
    }
    const text = JSON.stringify(r.inputs[prop] ?? null);
    for (const candidate of this.resources) {
      const arn = str(candidate.outputs["arn"]);
      if (types.test(candidate.type) && arn && text.includes(arn)) found.set(candidate.urn, candidate);
    }
    return [...found.values()];
  }
}

const T = {
  alb: /^aws:(lb|alb)\/loadBalancer:LoadBalancer$/,
  listener: /^aws:(lb|alb)\/listener:Listener$/,
  rule: /^aws:(lb|alb)\/listenerRule:ListenerRule$/,
  targetGroup: /^aws:(lb|alb)\/targetGroup:TargetGroup$/,
  service: /^aws:ecs\/service:Service$/,
  taskDef: /^aws:ecs\/taskDefinition:TaskDefinition$/,
  role: /^aws:iam\/role:Role$/,
  discovery: /^aws:servicediscovery\/service:Service$/,
  namespace: /^aws:servicediscovery\/(private|public)DnsNamespace:\w+$/,
  securityGroup: /^aws:ec2\/securityGroup:SecurityGroup$/,
  ingressRule: /^aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule$/,
  egressRule: /^aws:vpc\/securityGroupEgressRule:SecurityGroupEgressRule$/,
  internetGateway: /^aws:ec2\/internetGateway:InternetGateway$/,
  natGateway: /^aws:ec2\/natGateway:NatGateway$/,
  endpoint: /^aws:ec2\/vpcEndpoint:VpcEndpoint$/,
};

const port = (rule: R): string => {
  const from = rule.inputs["fromPort"];
  const to = rule.inputs["toPort"] ?? from;
  return from === undefined || from === to ? `:${String(to ?? "")}` : `:${String(from)}-${String(to)}`;
};
const fromAnywhere = (rule: R): boolean => rule.inputs["cidrIpv4"] === "0.0.0.0/0" || rule.inputs["cidrIpv6"] === "::/0";

/** An HTTP listener's redirect as a label, e.g. `301 → HTTPS :443`. */
function redirectOf(listener: R): { label: string; port: string } | undefined {
  const actions = Array.isArray(listener.inputs["defaultActions"]) ? (listener.inputs["defaultActions"] as Record<string, unknown>[]) : [];
  const redirect = actions.find((a) => a["type"] === "redirect")?.["redirect"] as Record<string, unknown> | undefined;
  if (!redirect) return undefined;
  const code = String(redirect["statusCode"] ?? "HTTP_301").replace(/^HTTP_/, "");
  const target = String(redirect["port"] ?? "#{port}");
  return { label: `${code} → ${String(redirect["protocol"] ?? "#{protocol}")} :${target}`, port: target };
}

function ruleLabel(rule: R): string {
  const parts: string[] = [];
  for (const c of (rule.inputs["conditions"] as Record<string, { values?: string[] }>[] | undefined) ?? []) {
    if (c["pathPattern"]) parts.push(`path ${(c["pathPattern"].values ?? []).join(", ")}`);
    if (c["hostHeader"]) parts.push(`host ${(c["hostHeader"].values ?? []).join(", ")}`);
  }
  const priority = rule.inputs["priority"];
  return `rule ${tail(rule.urn)}${priority !== undefined ? ` (priority ${String(priority)})` : ""}\\n${parts.join("\\n") || "any request"}`;
}

function containers(td: R): { name: string; image: string; ports: string }[] {
  try {
    const defs = JSON.parse(str(td.inputs["containerDefinitions"]) || "[]") as { name?: string; image?: string; portMappings?: { containerPort?: number }[] }[];
    return defs.map((d) => ({
      name: d.name ?? "container",
      image: (d.image ?? "").replace(/^[^/]+\//, "").replace(/@sha256:([0-9a-f]{12})[0-9a-f]+$/, "@sha256:$1…"),
      ports: (d.portMappings ?? []).map((p) => `:${p.containerPort}`).join(" "),
    }));
  } catch {
    return [];
  }
}

export function buildArchitecture(resources: R[], title: string): ArchitectureGraph {
  const links = new Links(resources);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const clusters: Record<string, string> = {};
  const ids = new Map<string, string>();
  const idOf = (key: string): string => {
    if (!ids.has(key)) ids.set(key, `n${ids.size}`);
    return ids.get(key)!;
  };
  const add = (key: string, label: string, kind: GraphNode["kind"], cluster: string[]): string => {
    const id = idOf(key);
    if (!nodes.some((n) => n.id === id)) nodes.push({ id, label, kind, cluster });
    return id;
  };

  const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
  const privateSubnets = new Set((vpc?.outputs["privateSubnetIds"] as string[] | undefined) ?? []);
  const publicSubnets = new Set((vpc?.outputs["publicSubnetIds"] as string[] | undefined) ?? []);
  const inVpc = vpc ? ["vpc"] : [];
  if (vpc) {
    const azs = (vpc.outputs["privateSubnetIds"] as string[] | undefined)?.length ?? 0;
    clusters["vpc"] = `VPC ${vpc.name} (${azs} AZs)`;
    clusters["public"] = "public subnets";
    clusters["private"] = "private subnets";
  }
  const subnetCluster = (subnets: unknown): string[] => {
    const list = Array.isArray(subnets) ? subnets.map(String) : [];
    if (list.some((s) => publicSubnets.has(s))) return [...inVpc, "public"];
    if (list.some((s) => privateSubnets.has(s))) return [...inVpc, "private"];
    return inVpc;
  };

  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const targetsToServices = new Map<string, string[]>();
  /** Security group URN → graph ids of the services running with it, and each service's Cloud Map name node. */
  const servicesBySg = new Map<string, string[]>();
  const dnsOfService = new Map<string, string>();
  resources.filter((r) => T.service.test(r.type)).forEach((svc, index) => {
    const net = (svc.inputs["networkConfiguration"] ?? {}) as Record<string, unknown>;
    const clusterKey = `svc${index}`;
    const place = [...subnetCluster(net["subnets"]), clusterKey];
    const owner = svc.parent ? byUrn.get(svc.parent) : undefined;
    clusters[clusterKey] = `service ${owner && owner.type !== "pulumi:pulumi:Stack" ? owner.name : svc.name}`;
    const desired = svc.inputs["desiredCount"];
    const publicIp = net["assignPublicIp"] === true ? ", public IP" : "";
    const scaling = autoscaling(svc, resources);
    const svcLabel = [`ECS service ${svc.name}`, `${desired ?? 1} task(s)${publicIp}`, ...(scaling ? [scaling] : []), `deploy: ${deploymentStrategy(svc)}`];
    const svcId = add(svc.urn, svcLabel.join("\\n"), "service", place);
    for (const sg of links.linked(svc, "networkConfiguration", T.securityGroup)) servicesBySg.set(sg.urn, [...(servicesBySg.get(sg.urn) ?? []), svcId]);
    for (const tg of links.linked(svc, "loadBalancers", T.targetGroup)) targetsToServices.set(tg.urn, [...(targetsToServices.get(tg.urn) ?? []), svcId]);
    for (const td of links.linked(svc, "taskDefinition", T.taskDef)) {
      const tdId = add(td.urn, `task ${str(td.inputs["family"]) || td.name}\\n${str(td.inputs["cpu"])} CPU / ${str(td.inputs["memory"])} MiB`, "task", place);
      edges.push({ from: svcId, to: tdId, label: "runs" });
      containers(td).forEach((c, i) => {
        const cId = add(`${td.urn}#${i}`, `container ${c.name}${c.ports ? ` ${c.ports}` : ""}\\n${c.image}`, "container", place);
        edges.push({ from: tdId, to: cId });
      });
      for (const [prop, label] of [["executionRoleArn", "execution role"], ["taskRoleArn", "task role"]] as const) {
        for (const role of links.linked(td, prop, T.role)) {
          edges.push({ from: tdId, to: add(role.urn, `${label}\\n${role.name}`, "role", place), label: label.split(" ")[0] });
        }
      }
    }
    for (const discovery of links.linked(svc, "serviceRegistries", T.discovery)) {
      const ns = links.linked(discovery, "dnsConfig", T.namespace)[0];
      const dns = `${str(discovery.inputs["name"]) || discovery.name}${ns ? `.${str(ns.inputs["name"])}` : ""}`;
      clusters["cloudmap"] = "Cloud Map (private DNS)";
      const dnsId = add(discovery.urn, dns, "dns", [...inVpc, "cloudmap"]);
      dnsOfService.set(svcId, dnsId);
      edges.push({ from: svcId, to: dnsId, label: "registers" });
    }
  });

  // Service-to-service calls: an ingress rule admitting one service's security group into another's.
  for (const rule of resources.filter((r) => T.ingressRule.test(r.type))) {
    const callers = links.linked(rule, "referencedSecurityGroupId", T.securityGroup).flatMap((sg) => servicesBySg.get(sg.urn) ?? []);
    const callees = links.linked(rule, "securityGroupId", T.securityGroup).flatMap((sg) => servicesBySg.get(sg.urn) ?? []);
    for (const from of callers) {
      for (const callee of callees) {
        if (from !== callee) edges.push({ from, to: dnsOfService.get(callee) ?? callee, label: `calls ${port(rule)}`, style: "dashed" });
      }
    }
  }

  // Gateways and endpoints: explicit resources, or what an awsx VPC creates at deploy time.
  const igws = resources.filter((r) => T.internetGateway.test(r.type));
  const igwId = igws.length > 0 || vpc ? add("igw", igws.length > 0 ? `internet gateway ${igws.map((g) => g.name).join(", ")}` : "internet gateway\\n(created by awsx)", "gateway", inVpc) : undefined;
  if (igwId) edges.push({ from: add("internet", "Internet", "internet", []), to: igwId });
  // NAT gateways drawn as resources under the awsx VPC (an expansion of the component) replace the count from its inputs.
  const explicitNats = resources.filter((r) => T.natGateway.test(r.type));
  const nat = vpc && !explicitNats.some((r) => r.parent === vpc.urn) ? awsxVpcNat(vpc) : undefined;
  const nats = explicitNats.length + (nat?.natGateways ?? 0);
  const natWhere = nat ? (nat.strategy === "Single" ? "single, one AZ" : `one per AZ, ${nat.zones} AZs`) : "";
  const natId = nats > 0 ? add("nat", `NAT gateway × ${nats}${natWhere ? `\\n(${natWhere})` : ""}`, "gateway", [...inVpc, "public"].filter((c) => vpc || c !== "public")) : undefined;
  if (natId && igwId) edges.push({ from: natId, to: igwId, label: "egress" });
  const endpoints = resources.filter((r) => T.endpoint.test(r.type));
  const short = (e: R): string => str(e.inputs["serviceName"]).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "") || e.name;
  const byKind = (kind: string): string[] => endpoints.filter((e) => (str(e.inputs["vpcEndpointType"]) || "Gateway") === kind).map(short);
  const endpointLines = [["interface", byKind("Interface")], ["gateway", byKind("Gateway")]].filter(([, list]) => list.length > 0).map(([kind, list]) => `${String(kind)}: ${(list as string[]).join(", ")}`);
  const endpointId = endpoints.length > 0 ? add("endpoints", ["VPC endpoints", ...endpointLines].join("\\n"), "endpoint", [...inVpc, "private"].filter((c) => vpc || c !== "private")) : undefined;
  // Egress a service's security group allows to anywhere: through the NAT gateways, or to the endpoints.
  for (const rule of resources.filter((r) => T.egressRule.test(r.type) && fromAnywhere(r))) {
    for (const svcId of links.linked(rule, "securityGroupId", T.securityGroup).flatMap((sg) => servicesBySg.get(sg.urn) ?? [])) {
      if (natId) edges.push({ from: svcId, to: natId, label: `egress ${port(rule)}`, style: "dashed" });
      if (endpointId) edges.push({ from: svcId, to: endpointId, label: `AWS APIs ${port(rule)}`, style: "dashed" });
    }
  }

  for (const alb of resources.filter((r) => T.alb.test(r.type))) {
    const place = alb.inputs["internal"] === true ? subnetCluster(alb.inputs["subnets"]) : [...inVpc, "public"].filter((c) => vpc || c !== "public");
    const albId = add(alb.urn, `ALB ${alb.name}${alb.inputs["internal"] === true ? " (internal)" : ""}`, "alb", place);
    const albSgs = links.linked(alb, "securityGroups", T.securityGroup);
    const sgRules = resources.filter((r) => T.ingressRule.test(r.type) && links.linked(r, "securityGroupId", T.securityGroup).some((sg) => albSgs.includes(sg)));
    const open = sgRules.filter(fromAnywhere).map(port);
    if (alb.inputs["internal"] !== true) {
      edges.push({ from: igwId ?? add("internet", "Internet", "internet", []), to: albId, ...(open.length ? { label: `SG: 0.0.0.0/0 ${open.join(" ")}`, style: "dashed" as const } : {}) });
    }
    // The ALB's security group admitted into a service's: the port the tasks accept from the ALB.
    for (const rule of resources.filter((r) => T.ingressRule.test(r.type) && links.linked(r, "referencedSecurityGroupId", T.securityGroup).some((sg) => albSgs.includes(sg)))) {
      for (const svcId of links.linked(rule, "securityGroupId", T.securityGroup).flatMap((sg) => servicesBySg.get(sg.urn) ?? [])) {
        edges.push({ from: albId, to: svcId, label: `SG: tcp ${port(rule)}`, style: "dashed" });
      }
    }
    const listeners = resources.filter((r) => T.listener.test(r.type) && links.linked(r, "loadBalancerArn", T.alb).some((a) => a.urn === alb.urn));
    const listenerId = (l: R): string => add(l.urn, `listener ${str(l.inputs["protocol"]) || "HTTP"} :${String(l.inputs["port"] ?? "")}${redirectOf(l) ? `\\nredirect ${redirectOf(l)!.label}` : ""}`, "listener", place);
    for (const listener of listeners) {
      const lId = listenerId(listener);
      edges.push({ from: albId, to: lId });
      const redirect = redirectOf(listener);
      const to = redirect && listeners.find((l) => l !== listener && String(l.inputs["port"] ?? "") === redirect.port);
      if (redirect && to) edges.push({ from: lId, to: listenerId(to), label: redirect.label });
      for (const tg of links.linked(listener, "defaultActions", T.targetGroup)) {
        for (const svcId of targetsToServices.get(tg.urn) ?? []) edges.push({ from: lId, to: svcId, label: `default → ${tg.name}` });
      }
      for (const rule of resources.filter((r) => T.rule.test(r.type) && links.linked(r, "listenerArn", T.listener).some((l) => l.urn === listener.urn))) {
        const ruleId = add(rule.urn, ruleLabel(rule), "rule", place);
        edges.push({ from: lId, to: ruleId });
        for (const tg of links.linked(rule, "actions", T.targetGroup)) {
          for (const svcId of targetsToServices.get(tg.urn) ?? []) edges.push({ from: ruleId, to: svcId, label: `forward ${tg.name}` });
        }
      }
    }
  }
  return { title, clusters, nodes, edges };
}
