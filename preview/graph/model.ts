/**
 * The architecture read off the captured graph: internet → ALB → listeners → listener rules → target
 * groups → ECS services (task definition, containers and images, roles) → Cloud Map names, placed in the
 * VPC's public or private subnets. Links come from property dependencies, falling back to matching ARNs
 * in input values, so it works for any program that uses these AWS resource types.
 */
import type { CapturedResource } from "../../policy/engine/types";

export interface GraphNode {
  id: string;
  label: string;
  kind: "internet" | "alb" | "listener" | "rule" | "service" | "task" | "container" | "role" | "dns";
  /** Cluster path, outermost first, e.g. `["vpc", "private", "svc:api"]`. */
  cluster: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
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
};

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
    const svcId = add(svc.urn, `ECS service ${svc.name}\\n${desired ?? 1} task(s)${publicIp}`, "service", place);
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
        if (from !== callee) edges.push({ from, to: dnsOfService.get(callee) ?? callee, label: `calls :${String(rule.inputs["toPort"] ?? rule.inputs["fromPort"] ?? "")}` });
      }
    }
  }

  for (const alb of resources.filter((r) => T.alb.test(r.type))) {
    const place = alb.inputs["internal"] === true ? subnetCluster(alb.inputs["subnets"]) : [...inVpc, "public"].filter((c) => vpc || c !== "public");
    const albId = add(alb.urn, `ALB ${alb.name}${alb.inputs["internal"] === true ? " (internal)" : ""}`, "alb", place);
    if (alb.inputs["internal"] !== true) edges.push({ from: add("internet", "Internet", "internet", []), to: albId });
    for (const listener of resources.filter((r) => T.listener.test(r.type) && links.linked(r, "loadBalancerArn", T.alb).some((a) => a.urn === alb.urn))) {
      const lId = add(listener.urn, `listener ${str(listener.inputs["protocol"]) || "HTTP"} :${String(listener.inputs["port"] ?? "")}`, "listener", place);
      edges.push({ from: albId, to: lId });
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
