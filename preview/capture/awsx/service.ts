/**
 * `awsx.ecs.FargateService` and `awsx.ecs.EC2Service` at deploy time: the task definition of
 * `taskDefinitionArgs` (see `task-definition.ts`) and an `aws.ecs.Service` with the service's args plus awsx's
 * defaults: `desiredCount: 1` (Fargate), `launchType` FARGATE/EC2 unless a capacity provider strategy is used,
 * `waitForSteadyState` unless `continueBeforeSteadyState`, load balancers from port mappings that name a target
 * group. A FargateService without `networkConfiguration` runs in the **default VPC** — its private subnets, or
 * its public ones with `assignPublicIp: true` — behind a security group `<name>-sg` that admits all traffic from
 * 0.0.0.0/0 and ::/0 and allows all TCP out.
 */
import type { AwsContext } from "../../mock/context";
import {
  ComponentModel,
  ComponentPlan,
  ComponentRef,
  Finder,
  KnownWorld,
  Planner,
  SERVICE_VIEW,
  TASK_DEFINITION_VIEW,
  rec,
  view,
} from "./model";
import { planTaskDefinition } from "./task-definition";

const AWSX_ONLY = new Set([
  "taskDefinitionArgs",
  "assignPublicIp",
  "continueBeforeSteadyState",
  "useClusterDefaultCapacityProviderStrategy",
]);

/** awsx's default security group for a service it places in the default VPC. */
function defaultServiceGroup(p: Planner, name: string, vpcId: string | undefined) {
  return p.add(
    "aws:ec2/securityGroup:SecurityGroup",
    `${name}-sg`,
    {
      vpcId,
      ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
      egress: [{ fromPort: 0, toPort: 65535, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
    },
    {
      argPath: "networkConfiguration.securityGroups",
      props: { ingress: "networkConfiguration.securityGroups", egress: "networkConfiguration.securityGroups" },
    },
  );
}

function planService(
  kind: "FARGATE" | "EC2",
  ctx: AwsContext,
  component: ComponentRef,
  find: Finder,
  world: KnownWorld = {},
): ComponentPlan {
  const { name, inputs } = component;
  const p = new Planner(ctx, component, "taskDefinitionArgs");
  if (inputs["taskDefinition"] !== undefined && inputs["taskDefinitionArgs"] !== undefined) {
    p.cannotEvaluate("taskDefinition", "awsx rejects both `taskDefinition` and `taskDefinitionArgs`; give one");
  }
  if (kind === "FARGATE" && inputs["networkConfiguration"] !== undefined && inputs["assignPublicIp"] !== undefined) {
    p.cannotEvaluate(
      "assignPublicIp",
      "awsx rejects both `networkConfiguration` and `assignPublicIp`; set networkConfiguration.assignPublicIp instead",
    );
  }
  const td =
    inputs["taskDefinitionArgs"] !== undefined
      ? planTaskDefinition(p, name, rec(inputs["taskDefinitionArgs"]), kind, "taskDefinitionArgs.", find)
      : undefined;
  let taskDefinition = td?.taskDefinition.out("arn");
  if (!td) {
    taskDefinition = inputs["taskDefinition"];
    if (taskDefinition === undefined) {
      p.cannotEvaluate("taskDefinition", "awsx requires `taskDefinition` or `taskDefinitionArgs`; give one");
    } else if (typeof taskDefinition !== "string" || find(taskDefinition) === undefined) {
      p.cannotEvaluate(
        "taskDefinition",
        `the task definition ${String(taskDefinition)} is not created in this stack, so its containers cannot be judged; define it here (taskDefinitionArgs or aws.ecs.TaskDefinition)`,
      );
    }
  }

  let networkConfiguration = inputs["networkConfiguration"];
  if (kind === "FARGATE" && networkConfiguration === undefined) {
    const defaultVpc = world.defaultVpc;
    const group = defaultServiceGroup(p, name, defaultVpc?.vpcId);
    const assignPublicIp = inputs["assignPublicIp"] ?? false;
    const subnets = defaultVpc ? (assignPublicIp === true ? defaultVpc.publicSubnetIds : defaultVpc.privateSubnetIds) : undefined;
    networkConfiguration = { assignPublicIp, securityGroups: [group.out("id")], subnets };
    if (!defaultVpc) {
      p.cannotEvaluate(
        "networkConfiguration",
        `without networkConfiguration awsx runs the tasks in the default VPC's ${assignPublicIp === true ? "public" : "private"} subnets, which are not in this stack (AWS creates default VPCs with public subnets only); pass networkConfiguration.subnets from your VPC (e.g. vpc.privateSubnetIds)`,
      );
    } else if (subnets?.length === 0) {
      p.cannotEvaluate(
        "networkConfiguration",
        "awsx rejects this at deploy time: the default VPC has no private subnets; pass networkConfiguration.subnets from your VPC (e.g. vpc.privateSubnetIds)",
      );
    }
  }
  const useStrategy = inputs["capacityProviderStrategies"] !== undefined || inputs["useClusterDefaultCapacityProviderStrategy"] === true;
  const passThrough = Object.fromEntries(Object.entries(inputs).filter(([k]) => !AWSX_ONLY.has(k)));
  const service = p.add(
    "aws:ecs/service:Service",
    name,
    {
      ...(kind === "FARGATE" ? { desiredCount: 1 } : {}),
      ...passThrough,
      networkConfiguration,
      launchType: useStrategy ? undefined : kind,
      loadBalancers: inputs["loadBalancers"] ?? (td && td.loadBalancers.length > 0 ? td.loadBalancers : undefined),
      waitForSteadyState: inputs["continueBeforeSteadyState"] !== true,
      taskDefinition,
    },
    {
      argPath: "networkConfiguration",
      passThrough: "",
      props: {
        networkConfiguration:
          inputs["networkConfiguration"] === undefined && kind === "FARGATE"
            ? "networkConfiguration (not set: awsx uses the default VPC)"
            : "networkConfiguration",
        assignPublicIp: inputs["assignPublicIp"] !== undefined ? "assignPublicIp" : "networkConfiguration.assignPublicIp",
        enableExecuteCommand: "enableExecuteCommand",
        loadBalancers: "taskDefinitionArgs.container.portMappings",
      },
    },
  );
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    outputs: { service: view(service, SERVICE_VIEW), taskDefinition: view(td?.taskDefinition, TASK_DEFINITION_VIEW) },
  };
}

/** `awsx.ecs.FargateTaskDefinition` / `EC2TaskDefinition` on their own. */
function planTaskDefinitionComponent(kind: "FARGATE" | "EC2", ctx: AwsContext, component: ComponentRef, find: Finder): ComponentPlan {
  const p = new Planner(ctx, component, "container");
  const td = planTaskDefinition(p, component.name, component.inputs, kind, "", find);
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    outputs: {
      taskDefinition: view(td.taskDefinition, TASK_DEFINITION_VIEW),
      logGroup: view(td.logGroup),
      taskRole: view(td.taskRole),
      executionRole: view(td.executionRole),
      loadBalancers: td.loadBalancers,
    },
  };
}

export const fargateServiceModel: ComponentModel = {
  type: "awsx:ecs:FargateService",
  plan: (ctx, c, find, world) => planService("FARGATE", ctx, c, find, world),
};
export const ec2ServiceModel: ComponentModel = { type: "awsx:ecs:EC2Service", plan: (ctx, c, find) => planService("EC2", ctx, c, find) };
export const fargateTaskDefinitionModel: ComponentModel = {
  type: "awsx:ecs:FargateTaskDefinition",
  plan: (ctx, c, find) => planTaskDefinitionComponent("FARGATE", ctx, c, find),
};
export const ec2TaskDefinitionModel: ComponentModel = {
  type: "awsx:ecs:EC2TaskDefinition",
  plan: (ctx, c, find) => planTaskDefinitionComponent("EC2", ctx, c, find),
};
