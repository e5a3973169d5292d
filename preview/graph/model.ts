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
  anyNamespace: /^aws:servicediscovery\/(privateDnsNamespace|publicDnsNamespace|httpNamespace):\w+$/,
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
  for (const c of (rule.inputs["conditions"] as Record<string, { values?: string[]; httpHeaderName?: string }>[] | undefined) ?? []) {
    if (c["pathPattern"]) parts.push(`path ${(c["pathPattern"].values ?? []).join(", ")}`);
    if (c["hostHeader"]) parts.push(`host ${(c["hostHeader"].values ?? []).join(", ")}`);
    if (c["httpHeader"]) parts.push(`header ${String(c["httpHeader"].httpHeaderName)}: ${(c["httpHeader"].values ?? []).join(", ")}`);
  }
  const priority = rule.inputs["priority"];
  return `rule ${tail(rule.urn)}${priority !== undefined ? ` (priority ${String(priority)})` : ""}\\n${parts.join("\\n") || "any request"}`;
}

function containers(td: R): { name: string; image: string; ports: string }[] {
  try {
    const defs = JSON.parse(str(td.inputs["containerDefinitions"]) || "[]") as {
      name?: string;
      image?: string;
      portMappings?: { containerPort?: number }[];
    }[];
    return defs.map((d) => ({
      name: d.name ?? "container",
      image: (d.image ?? "").replace(/^[^/]+\//, "").replace(/@sha256:([0-9a-f]{12})[0-9a-f]+$/, "@sha256:$1…"),
      ports: (d.portMappings ?? []).map((p) => `:${p.containerPort}`).join(" "),
    }));
  } catch {
    return [];
  }
}

/** The graph under construction, and what later steps need from earlier ones. */
class Builder {
  readonly links: Links;
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly clusters: Record<string, string> = {};
  private readonly ids = new Map<string, string>();
  private readonly byUrn: Map<string, R>;
  readonly vpc: R | undefined;
  readonly inVpc: string[];
  private readonly privateSubnets: Set<string>;
  private readonly publicSubnets: Set<string>;
  /** Target group URN → graph ids of the services behind it. */
  readonly targetsToServices = new Map<string, string[]>();
  /** Security group URN → graph ids of the services running with it. */
  readonly servicesBySg = new Map<string, string[]>();
  /** Service graph id → its Cloud Map name's graph id. */
  readonly dnsOfService = new Map<string, string>();
  /** Service graph id → its Service Connect client alias's graph id (callers' requests go there first). */
  readonly aliasOfService = new Map<string, string>();
  igwId: string | undefined;

  constructor(readonly resources: R[]) {
    this.links = new Links(resources);
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    this.vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
    this.privateSubnets = new Set((this.vpc?.outputs["privateSubnetIds"] as string[] | undefined) ?? []);
    this.publicSubnets = new Set((this.vpc?.outputs["publicSubnetIds"] as string[] | undefined) ?? []);
    this.inVpc = this.vpc ? ["vpc"] : [];
    if (this.vpc) {
      const azs = (this.vpc.outputs["privateSubnetIds"] as string[] | undefined)?.length ?? 0;
      this.clusters["vpc"] = `VPC ${this.vpc.name} (${azs} AZs)`;
      this.clusters["public"] = "public subnets";
      this.clusters["private"] = "private subnets";
    }
  }

  add(key: string, label: string, kind: GraphNode["kind"], cluster: string[]): string {
    if (!this.ids.has(key)) this.ids.set(key, `n${this.ids.size}`);
    const id = this.ids.get(key)!;
    if (!this.nodes.some((n) => n.id === id)) this.nodes.push({ id, label, kind, cluster });
    return id;
  }

  /** The VPC's public or private subnets cluster (inside the VPC, when there is one). */
  subnet(kind: "public" | "private"): string[] {
    return this.vpc ? [...this.inVpc, kind] : [];
  }

  subnetCluster(subnets: unknown): string[] {
    const list = Array.isArray(subnets) ? subnets.map(String) : [];
    if (list.some((s) => this.publicSubnets.has(s))) return this.subnet("public");
    if (list.some((s) => this.privateSubnets.has(s))) return this.subnet("private");
    return this.inVpc;
  }

  owner(r: R): R | undefined {
    return r.parent ? this.byUrn.get(r.parent) : undefined;
  }

  /** Graph ids of the services whose security group is the rule's `prop` (`securityGroupId` or `referencedSecurityGroupId`). */
  servicesOf(rule: R, prop: string): string[] {
    return this.links.linked(rule, prop, T.securityGroup).flatMap((sg) => this.servicesBySg.get(sg.urn) ?? []);
  }
}

/** Each ECS service with its deployment and scaling, task definition, containers, roles and Cloud Map name. */
function addServices(b: Builder): void {
  b.resources
    .filter((r) => T.service.test(r.type))
    .forEach((svc, index) => {
      const net = (svc.inputs["networkConfiguration"] ?? {}) as Record<string, unknown>;
      const clusterKey = `svc${index}`;
      const place = [...b.subnetCluster(net["subnets"]), clusterKey];
      const owner = b.owner(svc);
      b.clusters[clusterKey] = `service ${owner && owner.type !== "pulumi:pulumi:Stack" ? owner.name : svc.name}`;
      const desired = svc.inputs["desiredCount"];
      const publicIp = net["assignPublicIp"] === true ? ", public IP" : "";
      const scaling = autoscaling(svc, b.resources);
      const svcLabel = [
        `ECS service ${svc.name}`,
        `${desired ?? 1} task(s)${publicIp}`,
        ...(scaling ? [scaling] : []),
        `deploy: ${deploymentStrategy(svc)}`,
      ];
      const svcId = b.add(svc.urn, svcLabel.join("\\n"), "service", place);
      for (const sg of b.links.linked(svc, "networkConfiguration", T.securityGroup))
        b.servicesBySg.set(sg.urn, [...(b.servicesBySg.get(sg.urn) ?? []), svcId]);
      for (const tg of b.links.linked(svc, "loadBalancers", T.targetGroup))
        b.targetsToServices.set(tg.urn, [...(b.targetsToServices.get(tg.urn) ?? []), svcId]);
      for (const td of b.links.linked(svc, "taskDefinition", T.taskDef)) {
        const tdId = b.add(
          td.urn,
          `task ${str(td.inputs["family"]) || td.name}\\n${str(td.inputs["cpu"])} CPU / ${str(td.inputs["memory"])} MiB`,
          "task",
          place,
        );
        b.edges.push({ from: svcId, to: tdId, label: "runs" });
        containers(td).forEach((c, i) => {
          const cId = b.add(`${td.urn}#${i}`, `container ${c.name}${c.ports ? ` ${c.ports}` : ""}\\n${c.image}`, "container", place);
          b.edges.push({ from: tdId, to: cId });
        });
        for (const [prop, label] of [
          ["executionRoleArn", "execution role"],
          ["taskRoleArn", "task role"],
        ] as const) {
          for (const role of b.links.linked(td, prop, T.role)) {
            b.edges.push({ from: tdId, to: b.add(role.urn, `${label}\\n${role.name}`, "role", place), label: label.split(" ")[0] });
          }
        }
      }
      for (const discovery of b.links.linked(svc, "serviceRegistries", T.discovery)) {
        const ns = b.links.linked(discovery, "dnsConfig", T.namespace)[0];
        const dns = `${str(discovery.inputs["name"]) || discovery.name}${ns ? `.${str(ns.inputs["name"])}` : ""}`;
        b.clusters["cloudmap"] = "Cloud Map (private DNS)";
        const dnsId = b.add(discovery.urn, dns, "dns", [...b.inVpc, "cloudmap"]);
        b.dnsOfService.set(svcId, dnsId);
        b.edges.push({ from: svcId, to: dnsId, label: "registers" });
      }
      addServiceConnect(b, svc, svcId);
    });
}

/** A service's Service Connect client aliases (the names its callers' proxies resolve), in the namespace's cluster. */
function addServiceConnect(b: Builder, svc: R, svcId: string): void {
  const connect = svc.inputs["serviceConnectConfiguration"] as
    | {
        enabled?: unknown;
        services?: { clientAlias?: { dnsName?: unknown; port?: unknown }[]; discoveryName?: unknown; portName?: unknown }[];
      }
    | undefined;
  if (connect?.enabled !== true) return;
  const ns = b.links.linked(svc, "serviceConnectConfiguration", T.anyNamespace)[0];
  b.clusters["serviceconnect"] = `Service Connect${ns ? ` (${str(ns.inputs["name"]) || ns.name})` : ""}`;
  for (const [i, s] of (connect.services ?? []).entries()) {
    for (const [j, alias] of (s.clientAlias ?? []).entries()) {
      const name = str(alias.dnsName) || `${str(s.discoveryName) || str(s.portName)}${ns ? `.${str(ns.inputs["name"])}` : ""}`;
      const aliasId = b.add(`${svc.urn}#connect${i}.${j}`, `${name}:${String(alias.port)}\\n(Service Connect)`, "dns", [
        ...b.inVpc,
        "serviceconnect",
      ]);
      if (!b.aliasOfService.has(svcId)) b.aliasOfService.set(svcId, aliasId);
      b.edges.push({ from: svcId, to: aliasId, label: "serves" });
    }
  }
}

/** Service-to-service calls: an ingress rule admitting one service's security group into another's. */
function addCalls(b: Builder): void {
  for (const rule of b.resources.filter((r) => T.ingressRule.test(r.type))) {
    for (const from of b.servicesOf(rule, "referencedSecurityGroupId")) {
      for (const callee of b.servicesOf(rule, "securityGroupId")) {
        if (from !== callee)
          b.edges.push({
            from,
            to: b.aliasOfService.get(callee) ?? b.dnsOfService.get(callee) ?? callee,
            label: `calls ${port(rule)}`,
            style: "dashed",
          });
      }
    }
  }
}

/** Internet and NAT gateways and VPC endpoints: explicit resources, or what an awsx VPC creates at deploy time. */
function addGateways(b: Builder): void {
  const { vpc } = b;
  const igws = b.resources.filter((r) => T.internetGateway.test(r.type));
  if (igws.length > 0 || vpc) {
    b.igwId = b.add(
      "igw",
      igws.length > 0 ? `internet gateway ${igws.map((g) => g.name).join(", ")}` : "internet gateway\\n(created by awsx)",
      "gateway",
      b.inVpc,
    );
    b.edges.push({ from: b.add("internet", "Internet", "internet", []), to: b.igwId });
  }
  // NAT gateways drawn as resources under the awsx VPC (an expansion of the component) replace the count from its inputs.
  const explicitNats = b.resources.filter((r) => T.natGateway.test(r.type));
  const nat = vpc && !explicitNats.some((r) => r.parent === vpc.urn) ? awsxVpcNat(vpc) : undefined;
  const nats = explicitNats.length + (nat?.natGateways ?? 0);
  const natWhere = nat ? (nat.strategy === "Single" ? "single, one AZ" : `one per AZ, ${nat.zones} AZs`) : "";
  const natId =
    nats > 0 ? b.add("nat", `NAT gateway × ${nats}${natWhere ? `\\n(${natWhere})` : ""}`, "gateway", b.subnet("public")) : undefined;
  if (natId && b.igwId) b.edges.push({ from: natId, to: b.igwId, label: "egress" });
  const endpoints = b.resources.filter((r) => T.endpoint.test(r.type));
  const short = (e: R): string => str(e.inputs["serviceName"]).replace(/^com\.amazonaws\.[a-z0-9-]+\./, "") || e.name;
  const byKind = (kind: string): string[] => endpoints.filter((e) => (str(e.inputs["vpcEndpointType"]) || "Gateway") === kind).map(short);
  const endpointLines = (["Interface", "Gateway"] as const)
    .filter((k) => byKind(k).length > 0)
    .map((k) => `${k.toLowerCase()}: ${byKind(k).join(", ")}`);
  const endpointId =
    endpoints.length > 0 ? b.add("endpoints", ["VPC endpoints", ...endpointLines].join("\\n"), "endpoint", b.subnet("private")) : undefined;
  // Egress a service's security group allows to anywhere: through the NAT gateways, or to the endpoints.
  for (const rule of b.resources.filter((r) => T.egressRule.test(r.type) && fromAnywhere(r))) {
    for (const svcId of b.servicesOf(rule, "securityGroupId")) {
      if (natId) b.edges.push({ from: svcId, to: natId, label: `egress ${port(rule)}`, style: "dashed" });
      if (endpointId) b.edges.push({ from: svcId, to: endpointId, label: `AWS APIs ${port(rule)}`, style: "dashed" });
    }
  }
}

/** Each ALB: what its security group admits, its listeners (a redirect points at its target), rules and targets. */
function addLoadBalancers(b: Builder): void {
  for (const alb of b.resources.filter((r) => T.alb.test(r.type))) {
    const internal = alb.inputs["internal"] === true;
    const place = internal ? b.subnetCluster(alb.inputs["subnets"]) : b.subnet("public");
    const albId = b.add(alb.urn, `ALB ${alb.name}${internal ? " (internal)" : ""}`, "alb", place);
    const albSgs = b.links.linked(alb, "securityGroups", T.securityGroup);
    const onAlb = (r: R, prop: string): boolean =>
      T.ingressRule.test(r.type) && b.links.linked(r, prop, T.securityGroup).some((sg) => albSgs.includes(sg));
    const open = b.resources.filter((r) => onAlb(r, "securityGroupId") && fromAnywhere(r)).map(port);
    if (!internal) {
      const sg = open.length ? { label: `SG: 0.0.0.0/0 ${open.join(" ")}`, style: "dashed" as const } : {};
      b.edges.push({ from: b.igwId ?? b.add("internet", "Internet", "internet", []), to: albId, ...sg });
    }
    // The ALB's security group admitted into a service's: the port the tasks accept from the ALB.
    for (const rule of b.resources.filter((r) => onAlb(r, "referencedSecurityGroupId"))) {
      for (const svcId of b.servicesOf(rule, "securityGroupId"))
        b.edges.push({ from: albId, to: svcId, label: `SG: tcp ${port(rule)}`, style: "dashed" });
    }
    const listeners = b.resources.filter(
      (r) => T.listener.test(r.type) && b.links.linked(r, "loadBalancerArn", T.alb).some((a) => a.urn === alb.urn),
    );
    const listenerId = (l: R): string => {
      const redirect = redirectOf(l);
      return b.add(
        l.urn,
        `listener ${str(l.inputs["protocol"]) || "HTTP"} :${String(l.inputs["port"] ?? "")}${redirect ? `\\nredirect ${redirect.label}` : ""}`,
        "listener",
        place,
      );
    };
    for (const listener of listeners) {
      const lId = listenerId(listener);
      b.edges.push({ from: albId, to: lId });
      const redirect = redirectOf(listener);
      const to = redirect && listeners.find((l) => l !== listener && String(l.inputs["port"] ?? "") === redirect.port);
      if (redirect && to) b.edges.push({ from: lId, to: listenerId(to), label: redirect.label });
      for (const tg of b.links.linked(listener, "defaultActions", T.targetGroup)) {
        for (const svcId of b.targetsToServices.get(tg.urn) ?? []) b.edges.push({ from: lId, to: svcId, label: `default → ${tg.name}` });
      }
      for (const rule of b.resources.filter(
        (r) => T.rule.test(r.type) && b.links.linked(r, "listenerArn", T.listener).some((l) => l.urn === listener.urn),
      )) {
        const ruleId = b.add(rule.urn, ruleLabel(rule), "rule", place);
        b.edges.push({ from: lId, to: ruleId });
        for (const tg of b.links.linked(rule, "actions", T.targetGroup)) {
          for (const svcId of b.targetsToServices.get(tg.urn) ?? []) b.edges.push({ from: ruleId, to: svcId, label: `forward ${tg.name}` });
        }
      }
    }
  }
}

export function buildArchitecture(resources: R[], title: string): ArchitectureGraph {
  const b = new Builder(resources);
  addServices(b);
  addCalls(b);
  addGateways(b);
  addLoadBalancers(b);
  return { title, clusters: b.clusters, nodes: b.nodes, edges: b.edges };
}
