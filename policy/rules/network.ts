/** Network placement: ECS tasks get no public IPs and run only in subnets proven private. */
import type * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  AWSX_VPC,
  DEFAULT_ROUTE_TABLE,
  EC2_VPC,
  ECS_SERVICE,
  ECS_TASK_SET,
  INTERNET_GATEWAY,
  MAIN_ROUTE_TABLE_ASSOCIATION,
  ROUTE,
  ROUTE_TABLE,
  ROUTE_TABLE_ASSOCIATION,
  SUBNET,
} from "./tokens";
import { securityHub } from "./controls";
import {
  eachDeferringUnknowns,
  field,
  items,
  ofTypes,
  path,
  refersTo,
  requireType,
  resourceIds,
  settings,
  strings,
  targetsOf,
  resourcesOfTypes,
} from "./util";

type Route = aws.ec2.RouteArgs;
type RouteTable = aws.ec2.RouteTableArgs;

const SERVICES_AND_TASK_SETS = new Set([...ECS_SERVICE, ...ECS_TASK_SET]);

/**
 * Reported, never remediated: forcing assignPublicIp false is only safe when the tasks still reach ECR and their
 * other dependencies through a NAT gateway or VPC endpoints, which a resource policy cannot see.
 */
export const ecsServiceNoPublicIp: ResourceValidationPolicy = {
  name: "ecs-service-no-public-ip",
  description: "ECS services and task sets must not assign public IP addresses to tasks.",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.2", "ECS.16"),
  remediationSteps:
    "Set networkConfiguration.assignPublicIp to false and run the service in private subnets with a NAT gateway or VPC endpoints (ECR api/dkr, S3, CloudWatch Logs) for egress; without them the tasks cannot pull their images.",
  validateResource: (args, reportViolation) => {
    requireType(args, SERVICES_AND_TASK_SETS);
    if (path<aws.ecs.ServiceArgs>(args.props, "networkConfiguration", "assignPublicIp") === true) {
      reportViolation(
        "networkConfiguration.assignPublicIp is true; set it to false and place the tasks in private subnets that reach ECR through a NAT gateway or VPC endpoints.",
      );
    }
  },
};

const knownPublicDefaults = { publicSubnetIds: [] as string[] };

export const ecsServiceNoKnownPublicSubnets: ResourceValidationPolicy = {
  name: "ecs-service-no-known-public-subnets",
  description: "ECS services must declare awsvpc networking and must not use subnets listed as public.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps: "Give the service networkConfiguration.subnets from private subnets (not in publicSubnetIds).",
  configSchema: {
    properties: {
      publicSubnetIds: {
        type: "array",
        items: { type: "string" },
        default: knownPublicDefaults.publicSubnetIds,
        description: "Subnet IDs known to be public (e.g. of an existing VPC).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_SERVICE);
    const cfg = settings(args, knownPublicDefaults);
    const network = field<aws.ecs.ServiceArgs>(args.props, "networkConfiguration");
    if (network === undefined) {
      reportViolation(
        "networkConfiguration is missing; Fargate services need awsvpc networking: set networkConfiguration.subnets to private subnets.",
      );
      return;
    }
    const listed = strings(field<aws.ecs.ServiceArgs["networkConfiguration"]>(network, "subnets")).filter((s) =>
      cfg.publicSubnetIds.includes(s),
    );
    if (listed.length > 0) {
      reportViolation(`subnets ${listed.join(", ")} are listed as public in policy config; use private subnets instead.`);
    }
  },
};

const privateDefaults = {
  privateSubnetIds: [] as string[],
  publicSubnetTagKey: "SubnetType",
  publicSubnetTagValues: ["Public", "public"],
};

function isInternetGatewayRoute(route: PolicyResource, all: PolicyResource[]): boolean {
  const v4 = field<Route>(route.props, "destinationCidrBlock");
  const v6 = field<Route>(route.props, "destinationIpv6CidrBlock");
  if (v4 !== "0.0.0.0/0" && v6 !== "::/0") {
    return false;
  }
  if (route.propertyDependencies.gatewayId?.some((d) => INTERNET_GATEWAY.has(d.type))) {
    return true;
  }
  const gateway = field<Route>(route.props, "gatewayId");
  return (
    typeof gateway === "string" &&
    (gateway.startsWith("igw-") || resourcesOfTypes(all, INTERNET_GATEWAY).some((r) => resourceIds(r).includes(gateway)))
  );
}

/** Why the route table sends traffic to an internet gateway (inline `routes` or standalone `aws.ec2.Route`s). */
function internetRoutes(table: PolicyResource, all: PolicyResource[]): string[] {
  const found: string[] = [];
  for (const inline of items(field<RouteTable>(table.props, "routes"))) {
    const dest =
      field<RouteTable["routes"]>(inline, "cidrBlock") === "0.0.0.0/0"
        ? "0.0.0.0/0"
        : field<RouteTable["routes"]>(inline, "ipv6CidrBlock") === "::/0"
          ? "::/0"
          : undefined;
    const gateway = field<RouteTable["routes"]>(inline, "gatewayId");
    if (
      dest &&
      typeof gateway === "string" &&
      (gateway.startsWith("igw-") || resourcesOfTypes(all, INTERNET_GATEWAY).some((r) => resourceIds(r).includes(gateway)))
    ) {
      found.push(`route table ${table.name} routes ${dest} to internet gateway ${gateway}`);
    }
  }
  for (const route of resourcesOfTypes(all, ROUTE).filter((r) => refersTo(r, "routeTableId", table))) {
    if (isInternetGatewayRoute(route, all)) {
      const dest = field<Route>(route.props, "destinationCidrBlock") === "0.0.0.0/0" ? "0.0.0.0/0" : "::/0";
      found.push(`route ${route.name} sends ${dest} of route table ${table.name} to an internet gateway`);
    }
  }
  return found;
}

/** Internet routes of the route tables that apply to `subnet`, or undefined when its routing is not in the stack. */
function routingReasons(subnet: PolicyResource, all: PolicyResource[]): string[] | undefined {
  const explicit = all
    .filter((a) => ROUTE_TABLE_ASSOCIATION.has(a.type) && refersTo(a, "subnetId", subnet))
    .flatMap((a) => targetsOf(a, "routeTableId", all, ROUTE_TABLE));
  if (explicit.length > 0) {
    return explicit.flatMap((t) => internetRoutes(t, all));
  }
  // No explicit association: the VPC's main route table applies. Find it the ways a program can manage it.
  const vpcId = field<aws.ec2.SubnetArgs>(subnet.props, "vpcId");
  const main = [
    ...all
      .filter((m) => MAIN_ROUTE_TABLE_ASSOCIATION.has(m.type) && field<aws.ec2.MainRouteTableAssociationArgs>(m.props, "vpcId") === vpcId)
      .flatMap((m) => targetsOf(m, "routeTableId", all, ROUTE_TABLE)),
    ...all.filter((d) => DEFAULT_ROUTE_TABLE.has(d.type) && field<aws.ec2.DefaultRouteTable>(d.props, "vpcId") === vpcId),
  ];
  if (main.length > 0) {
    return main.flatMap((t) => internetRoutes(t, all));
  }
  const vpc =
    (subnet.propertyDependencies.vpcId ?? []).find((v) => EC2_VPC.has(v.type)) ??
    all.find((v) => EC2_VPC.has(v.type) && typeof vpcId === "string" && resourceIds(v).includes(vpcId));
  if (!vpc) {
    return undefined;
  }
  // A VPC created here starts with a main table holding only the local route; only routes added to it matter.
  const mainTableId = field<aws.ec2.Vpc>(vpc.props, "defaultRouteTableId");
  return all
    .filter((r) => ROUTE.has(r.type) && mainTableId !== undefined && field<Route>(r.props, "routeTableId") === mainTableId)
    .filter((r) => isInternetGatewayRoute(r, all))
    .map(
      (r) =>
        `route ${r.name} sends ${field<Route>(r.props, "destinationCidrBlock") === "0.0.0.0/0" ? "0.0.0.0/0" : "::/0"} of VPC ${vpc.name}'s main route table to an internet gateway`,
    );
}

/**
 * Why a subnet in the stack is public (empty = private), or `unproven` when its routing lives outside the
 * stack (an existing VPC's main route table) and the subnet is not listed in privateSubnetIds.
 */
function publicReasons(
  subnet: PolicyResource,
  all: PolicyResource[],
  cfg: typeof privateDefaults,
): { reasons: string[]; unproven: boolean } {
  const reasons: string[] = [];
  if (field<aws.ec2.SubnetArgs>(subnet.props, "mapPublicIpOnLaunch") === true) {
    reasons.push("it maps public IPv4 addresses on launch (mapPublicIpOnLaunch)");
  }
  // Auto-assigned IPv6 addresses are public only with a ::/0 route to an internet gateway (found below);
  // behind an egress-only internet gateway they cannot be reached from outside.
  const tag = path<aws.ec2.SubnetArgs>(subnet.props, "tags", cfg.publicSubnetTagKey);
  if (typeof tag === "string" && cfg.publicSubnetTagValues.includes(tag)) {
    reasons.push(`it is tagged ${cfg.publicSubnetTagKey}=${tag}`);
  }
  const routing = routingReasons(subnet, all);
  reasons.push(...(routing ?? []));
  return { reasons, unproven: routing === undefined && !resourceIds(subnet).some((id) => cfg.privateSubnetIds.includes(id)) };
}

/**
 * The stack's subnets a service runs in, and the subnet ids it passes that match none of them. The engine gives
 * no resource ids to policies: a subnet is matched by the identifiers its outputs carry (`id` where the provider
 * returns it, the id inside its ARN) and, failing that, by the service's property dependencies: ids the graph
 * says came from subnets of this stack are those subnets' ids, however many of them could not be matched.
 */
function referencedSubnets(
  service: PolicyResource,
  ids: string[],
  subnets: PolicyResource[],
): { subnets: PolicyResource[]; unmatched: string[]; anonymous: number } {
  const fromGraph = (service.propertyDependencies.networkConfiguration ?? []).filter((d) => SUBNET.has(d.type));
  const byId = subnets.filter((s) => resourceIds(s).some((id) => ids.includes(id)));
  const matchedIds = new Set(byId.flatMap((s) => resourceIds(s)));
  const unmatched = ids.filter((id) => !matchedIds.has(id));
  // Graph subnets whose id we could not read account for as many of the unmatched ids (see the caller).
  const anonymous = fromGraph.filter((s) => !byId.includes(s)).length;
  return { subnets: [...new Set([...fromGraph, ...byId])], unmatched, anonymous };
}

export const ecsServicePrivateSubnetsOnly: StackValidationPolicy = {
  name: "ecs-service-private-subnets-only",
  description:
    "ECS services must run only in subnets proven private (no internet-gateway default route, no public IP mapping, not tagged public).",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("EC2.15"),
  remediationSteps:
    "Use the VPC's private subnets (awsx: vpc.privateSubnetIds) for networkConfiguration.subnets; for subnets of an existing VPC, list the ones you have verified private in privateSubnetIds.",
  configSchema: {
    properties: {
      privateSubnetIds: {
        type: "array",
        items: { type: "string" },
        default: privateDefaults.privateSubnetIds,
        description: "IDs of subnets outside the stack that are verified private.",
      },
      publicSubnetTagKey: {
        type: "string",
        default: privateDefaults.publicSubnetTagKey,
        description: "Tag key that marks subnet tiers (awsx uses SubnetType).",
      },
      publicSubnetTagValues: {
        type: "array",
        items: { type: "string" },
        default: privateDefaults.publicSubnetTagValues,
        description: "Values of that tag that mean public.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = settings(args, privateDefaults);
    const all = args.resources;
    const subnets = ofTypes(args, SUBNET);
    const vpcs = ofTypes(args, AWSX_VPC);
    // Services share subnets: each subnet's routing is traced once (a throw, e.g. an unknown value, is not kept).
    const traced = new Map<PolicyResource, ReturnType<typeof publicReasons>>();
    const reasonsOf = (subnet: PolicyResource) => traced.get(subnet) ?? traced.set(subnet, publicReasons(subnet, all, cfg)).get(subnet)!;
    eachDeferringUnknowns(ofTypes(args, ECS_SERVICE), (service) => {
      const ids = strings(path<aws.ecs.ServiceArgs>(service.props, "networkConfiguration", "subnets"));
      const { subnets: inStack, unmatched, anonymous } = referencedSubnets(service, ids, subnets);
      const problems: string[] = [];
      for (const subnet of inStack) {
        const { reasons, unproven } = reasonsOf(subnet);
        if (reasons.length > 0) {
          problems.push(`subnet ${subnet.name} is public: ${reasons.join("; ")}`);
        } else if (unproven) {
          problems.push(
            `cannot prove subnet ${subnet.name} private: it has no route table association here and its VPC's main route table is not in this stack; associate a route table in this stack or add the subnet id to privateSubnetIds in the policy config`,
          );
        }
      }
      const candidateVpcs = [
        ...new Set([...(service.propertyDependencies.networkConfiguration ?? []).filter((d) => AWSX_VPC.has(d.type)), ...vpcs]),
      ];
      const unexplained: string[] = [];
      for (const id of unmatched) {
        const vpc = candidateVpcs.find((v) =>
          [
            ...strings(field<awsx.ec2.Vpc>(v.props, "privateSubnetIds")),
            ...strings(field<awsx.ec2.Vpc>(v.props, "isolatedSubnetIds")),
            ...strings(field<awsx.ec2.Vpc>(v.props, "publicSubnetIds")),
          ].includes(id),
        );
        if (vpc) {
          if (strings(field<awsx.ec2.Vpc>(vpc.props, "publicSubnetIds")).includes(id)) {
            problems.push(`subnet ${id} is a public subnet of VPC ${vpc.name}`);
          }
        } else if (!cfg.privateSubnetIds.includes(id)) {
          unexplained.push(id);
        }
      }
      if (unexplained.length > anonymous) {
        problems.push(
          anonymous === 0
            ? unexplained
                .map(
                  (id) =>
                    `cannot prove subnet ${id} private: it is not in this stack; verify it and add it to privateSubnetIds in the policy config`,
                )
                .join(". ")
            : `cannot prove subnets ${unexplained.join(", ")} private: only ${anonymous} of them come from subnets in this stack; verify the others and add them to privateSubnetIds in the policy config`,
        );
      }
      if (problems.length > 0) {
        reportViolation(`${problems.join(". ")}. Run the service in private subnets (e.g. vpc.privateSubnetIds).`, service.urn);
      }
    });
  },
};

export const networkPolicies = [ecsServiceNoPublicIp, ecsServiceNoKnownPublicSubnets, ecsServicePrivateSubnetsOnly];
