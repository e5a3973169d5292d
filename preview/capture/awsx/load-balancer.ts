/**
 * `awsx.lb.ApplicationLoadBalancer` at deploy time: an `aws.lb.LoadBalancer` (type application, internet-facing
 * unless `internal`) in `subnetIds`/`subnets`/`subnetMappings` — the default VPC's public subnets when none are
 * given — with, unless `securityGroups` or `defaultSecurityGroup` say otherwise, a security group named like the
 * component that admits **all traffic from 0.0.0.0/0 and ::/0** and allows all TCP out; a default target group
 * (`targetType: "ip"`, the listener's port/protocol, overridable by `defaultTargetGroup`); and listeners
 * (`listener`, `listeners`, or one on port 80 HTTP) whose default action forwards to that target group.
 */
import type { AwsContext } from "../../mock/context";
import { Child, ComponentModel, ComponentPlan, ComponentRef, Finder, KnownWorld, Planner, arr, rec, view } from "./model";

const AWSX_ONLY = new Set([
  "subnetIds",
  "subnets",
  "defaultTargetGroup",
  "defaultTargetGroupPort",
  "defaultSecurityGroup",
  "listener",
  "listeners",
]);

const protocolFor = (port: unknown): string => (port === 443 ? "HTTPS" : "HTTP");
const portFor = (protocol: unknown): number => (protocol === "HTTPS" ? 443 : 80);

/** A listener's port and protocol, each inferred from the other when only one is given; 80/HTTP when neither. */
function listenerProtocol(listener: Record<string, unknown> | undefined, defaultPort?: unknown): { port: unknown; protocol: unknown } {
  const port = listener?.["port"];
  const protocol = listener?.["protocol"];
  if (port !== undefined || protocol !== undefined) return { port: port ?? portFor(protocol), protocol: protocol ?? protocolFor(port) };
  return { port: defaultPort ?? 80, protocol: "HTTP" };
}

/**
 * The target group's port and protocol. awsx takes them from `listener`, or from the first of two or more
 * `listeners`; with exactly one entry in `listeners` it sets neither (then `defaultTargetGroup` must).
 */
function defaultProtocol(inputs: Record<string, unknown>): { port: unknown; protocol: unknown } | undefined {
  const listeners = inputs["listeners"];
  if (Array.isArray(listeners)) {
    if (listeners.length === 1) return undefined;
    return listenerProtocol(listeners.length > 0 ? rec(listeners[0]) : undefined, inputs["defaultTargetGroupPort"]);
  }
  return listenerProtocol(inputs["listener"] === undefined ? undefined : rec(inputs["listener"]), inputs["defaultTargetGroupPort"]);
}

function plan(ctx: AwsContext, component: ComponentRef, find: Finder, world: KnownWorld = {}): ComponentPlan {
  const { name, inputs } = component;
  const p = new Planner(ctx, component, "");
  const lbArgs: Record<string, unknown> = Object.fromEntries(Object.entries(inputs).filter(([k]) => !AWSX_ONLY.has(k)));
  const subnetArgs = ["subnetIds", "subnets", "subnetMappings"].filter((k) => inputs[k] !== undefined);
  if (subnetArgs.length > 1) p.cannotEvaluate(subnetArgs.join("/"), "awsx accepts only one of `subnets`, `subnetIds` or `subnetMappings`");
  if (inputs["listener"] !== undefined && inputs["listeners"] !== undefined)
    p.cannotEvaluate("listener", "awsx accepts only one of `listener` and `listeners`");
  if (inputs["defaultTargetGroup"] !== undefined && inputs["defaultTargetGroupPort"] !== undefined) {
    p.cannotEvaluate("defaultTargetGroupPort", "awsx accepts only one of `defaultTargetGroup` and `defaultTargetGroupPort`");
  }

  let vpcId: unknown;
  if (inputs["subnets"] !== undefined) {
    const subnets = arr(inputs["subnets"]).map((s) => (typeof s === "string" ? { id: s, ...find(s) } : rec(s)));
    lbArgs["subnets"] = subnets.map((s) => s["id"]);
    vpcId = subnets[0]?.["vpcId"];
  } else if (inputs["subnetIds"] !== undefined) {
    lbArgs["subnets"] = inputs["subnetIds"];
    vpcId = find(String(arr(inputs["subnetIds"])[0]))?.["vpcId"];
  } else if (inputs["subnetMappings"] !== undefined) {
    vpcId = find(String(rec(arr(inputs["subnetMappings"])[0])["subnetId"]))?.["vpcId"];
  } else if (world.defaultVpc) {
    lbArgs["subnets"] = world.defaultVpc.publicSubnetIds;
    vpcId = world.defaultVpc.vpcId;
  } else {
    p.cannotEvaluate(
      "subnetIds",
      "without subnets awsx places the load balancer in the default VPC's public subnets, which are not in this stack; pass subnetIds from your VPC",
    );
  }

  let securityGroup: Child | undefined;
  const defaultGroup = rec(inputs["defaultSecurityGroup"]);
  if (lbArgs["securityGroups"] === undefined && defaultGroup["skip"] !== true) {
    if (defaultGroup["securityGroupId"] !== undefined) {
      lbArgs["securityGroups"] = [defaultGroup["securityGroupId"]];
    } else {
      const groupArgs =
        defaultGroup["args"] !== undefined
          ? rec(defaultGroup["args"])
          : {
              vpcId,
              ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
              egress: [{ fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            };
      securityGroup = p.add("aws:ec2/securityGroup:SecurityGroup", name, groupArgs, {
        argPath: "defaultSecurityGroup",
        props: { ingress: "defaultSecurityGroup.args.ingress", egress: "defaultSecurityGroup.args.egress" },
        ...(defaultGroup["args"] !== undefined ? { passThrough: "defaultSecurityGroup.args." } : {}),
      });
      lbArgs["securityGroups"] = [securityGroup.out("id")];
    }
  }
  lbArgs["loadBalancerType"] = "application";
  const loadBalancer = p.add("aws:lb/loadBalancer:LoadBalancer", name, lbArgs, {
    argPath: "",
    passThrough: "",
    props: { internal: "internal" },
  });

  const protocol = defaultProtocol(inputs);
  const targetGroup = p.add(
    "aws:lb/targetGroup:TargetGroup",
    name,
    { vpcId, targetType: "ip", ...protocol, ...rec(inputs["defaultTargetGroup"]) },
    {
      argPath: "defaultTargetGroup",
      passThrough: "defaultTargetGroup.",
      props: {
        healthCheck: "defaultTargetGroup.healthCheck",
        targetType: "defaultTargetGroup.targetType",
        port: "defaultTargetGroup.port",
      },
    },
  );
  const defaultActions = [{ type: "forward", targetGroupArn: targetGroup.out("arn") }];
  const listenerProps = (path: string) => ({
    protocol: `${path}.protocol`,
    sslPolicy: `${path}.sslPolicy`,
    defaultActions: `${path}.defaultActions`,
    port: `${path}.port`,
    certificateArn: `${path}.certificateArn`,
  });
  const listeners: Child[] = [];
  if (Array.isArray(inputs["listeners"])) {
    inputs["listeners"].map(rec).forEach((args, i) => {
      listeners.push(
        p.add(
          "aws:lb/listener:Listener",
          `${name}-${i}`,
          { defaultActions, ...listenerProtocol(args), ...args, loadBalancerArn: loadBalancer.out("arn") },
          {
            argPath: `listeners[${i}]`,
            passThrough: `listeners[${i}].`,
            props: listenerProps(`listeners[${i}]`),
          },
        ),
      );
    });
  } else {
    const args = inputs["listener"] === undefined ? {} : rec(inputs["listener"]);
    listeners.push(
      p.add(
        "aws:lb/listener:Listener",
        `${name}-0`,
        { defaultActions, ...protocol, ...args, loadBalancerArn: loadBalancer.out("arn") },
        {
          argPath: "listener",
          passThrough: "listener.",
          props: listenerProps("listener"),
        },
      ),
    );
  }
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    outputs: {
      loadBalancer: view(loadBalancer),
      defaultTargetGroup: view(targetGroup),
      listeners: listeners.map((l) => view(l)),
      defaultSecurityGroup: view(securityGroup),
      vpcId,
    },
  };
}

export const applicationLoadBalancerModel: ComponentModel = { type: "awsx:lb:ApplicationLoadBalancer", plan };
