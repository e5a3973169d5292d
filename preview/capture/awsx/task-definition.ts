/**
 * awsx's task definitions (`awsx.ecs.FargateTaskDefinition`, `awsx.ecs.EC2TaskDefinition`, and the
 * `taskDefinitionArgs` of its services) at deploy time:
 * - a CloudWatch log group named like the task definition, with no retention unless `logGroup.args` sets one
 *   (`logGroup.skip` creates none; `logGroup.existing` uses that group);
 * - a task role `<name>-task` (no policies) and an execution role `<name>-execution` with
 *   AmazonECSTaskExecutionRolePolicy, both trusting `ecs-tasks.amazonaws.com` without conditions
 *   (`roleArn` uses an existing role, `skip` none, `args` overrides);
 * - the task definition: containers sorted by name, each as given plus its name, port mappings resolved against
 *   their target group's port, and — when it sets none and a log group exists — an `awslogs` log configuration
 *   to that group with the container name as stream prefix. Fargate: `requiresCompatibilities: ["FARGATE"]`,
 *   `networkMode: "awsvpc"`, and when `cpu`/`memory` are not given the cheapest Fargate size that fits the
 *   containers' sums. EC2: `["EC2"]`, `networkMode` "awsvpc" unless given.
 */
import { createHash } from "crypto";
import { FARGATE_CPUS, allowedMemory } from "../../../policy/aws-rules";
import { PRICES } from "../../cost/prices";
import { hexId } from "../../mock/ids";
import { Child, Finder, Planner, arr, rec, str } from "./model";

export interface TaskDefinitionPlan {
  taskDefinition: Child;
  logGroup?: Child;
  taskRole?: Child;
  executionRole?: Child;
  /** Service load balancers from port mappings that name a target group. */
  loadBalancers: { containerName: string; containerPort: unknown; targetGroupArn: unknown }[];
}

/** AWS's own trust policy for ECS tasks, as awsx writes it (no `aws:SourceAccount` condition). */
const TASK_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" }, Effect: "Allow", Sid: "" }],
};
const EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

const AWSX_ONLY = new Set(["container", "containers", "logGroup", "taskRole", "executionRole"]);

/** Eight hex characters of SHA-1, the suffix awsx gives policy attachments and default families. */
const sha1Short = (text: string): string => createHash("sha1").update(text).digest("hex").slice(0, 8);

/** The cheapest Fargate size (x86 on-demand list price) with at least the containers' summed cpu and memory. */
export function fargateSizeFor(containers: Record<string, unknown>[]): { cpu: string; memory: string } {
  const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) || 0 : 0);
  const cpu = containers.reduce((n, c) => n + num(c["cpu"]), 0);
  const memory = containers.reduce((n, c) => n + (num(c["memoryReservation"]) || num(c["memory"])), 0);
  const rate = PRICES.fargate.X86_64.onDemand;
  const fits = FARGATE_CPUS.flatMap((c) => allowedMemory(c).map((m) => ({ cpu: c, memory: m })))
    .filter((size) => size.cpu >= cpu && size.memory >= memory)
    .sort(
      (a, b) =>
        (a.cpu / 1024) * rate.vcpuHour +
        (a.memory / 1024) * rate.gbHour -
        ((b.cpu / 1024) * rate.vcpuHour + (b.memory / 1024) * rate.gbHour),
    );
  const best = fits[0] ?? {
    cpu: FARGATE_CPUS[FARGATE_CPUS.length - 1],
    memory: Math.max(...allowedMemory(FARGATE_CPUS[FARGATE_CPUS.length - 1])),
  };
  return { cpu: String(best.cpu), memory: String(best.memory) };
}

/** A role awsx would create (or not) for `inputs` (`DefaultRoleWithPolicyArgs`). */
function planRole(p: Planner, name: string, inputs: unknown, policyArns: string[], argPath: string): { child?: Child; arn?: unknown } {
  const role = rec(inputs);
  if (role["skip"] === true) return {};
  if (role["roleArn"] !== undefined) return { arn: role["roleArn"] };
  const args: Record<string, unknown> = { assumeRolePolicy: TASK_TRUST_POLICY, ...rec(role["args"]) };
  const { policyArns: given, ...roleArgs } = args;
  const assume = roleArgs["assumeRolePolicy"];
  const child = p.add(
    "aws:iam/role:Role",
    name,
    { ...roleArgs, assumeRolePolicy: typeof assume === "string" ? assume : JSON.stringify(assume) },
    {
      argPath,
      passThrough: `${argPath}.args.`,
      props: {
        assumeRolePolicy: `${argPath}.args.assumeRolePolicy`,
        inlinePolicies: `${argPath}.args.inlinePolicies`,
        managedPolicyArns: `${argPath}.args.policyArns`,
      },
    },
  );
  const arns = given === undefined ? policyArns : arr(given).map(String);
  for (const policyArn of arns) {
    p.add(
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      `${name}-${sha1Short(policyArn)}`,
      { role: child.out("name"), policyArn },
      { argPath: `${argPath}.args.policyArns` },
    );
  }
  return { child, arn: child.out("arn") };
}

/** `{ logGroupName, region }` of the group containers log to, creating it unless skipped or existing. */
function planLogGroup(
  p: Planner,
  name: string,
  inputs: unknown,
  region: string,
  argPath: string,
): { child?: Child; group?: unknown; region?: unknown } {
  const log = rec(inputs);
  if (log["skip"] === true) return {};
  const existing = rec(log["existing"]);
  if (str(existing["arn"])) {
    const parts = String(existing["arn"]).split(":");
    return { group: parts[6], region: parts[3] };
  }
  if (existing["name"] !== undefined) return { group: existing["name"], region: existing["region"] ?? region };
  const child = p.add(
    "aws:cloudwatch/logGroup:LogGroup",
    name,
    { ...rec(log["args"]) },
    {
      argPath,
      passThrough: `${argPath}.args.`,
      props: { retentionInDays: `${argPath}.args.retentionInDays`, kmsKeyId: `${argPath}.args.kmsKeyId` },
    },
  );
  return { child, group: child.out("name"), region };
}

/** Containers keyed by name: `containers` as given, or the single `container` under its name ("container"). */
function containersOf(args: Record<string, unknown>): { byName: [string, Record<string, unknown>][]; argPath: (n: string) => string } {
  if (args["containers"] !== undefined) {
    return { byName: Object.entries(rec(args["containers"])).map(([n, c]) => [n, rec(c)]), argPath: (n) => `containers.${n}` };
  }
  const single = rec(args["container"]);
  return { byName: [[str(single["name"]) ?? "container", single]], argPath: () => "container" };
}

/**
 * Plans the task definition awsx creates for `args` under `name`. `prefix` is where those args sit in the
 * component's (`taskDefinitionArgs.` in a service, `` in a task definition component).
 */
export function planTaskDefinition(
  p: Planner,
  name: string,
  args: Record<string, unknown>,
  kind: "FARGATE" | "EC2",
  prefix: string,
  find: Finder,
): TaskDefinitionPlan {
  const at = (path: string): string => `${prefix}${path}`;
  if ((args["container"] === undefined) === (args["containers"] === undefined)) {
    p.cannotEvaluate(at("container"), "awsx requires exactly one of `container` or `containers`; give one");
  }
  const containers = containersOf(args);
  const logs = planLogGroup(p, name, args["logGroup"], p.ctx.region, at("logGroup"));
  const taskRole = planRole(p, `${name}-task`, args["taskRole"], [], at("taskRole"));
  const executionRole = planRole(p, `${name}-execution`, args["executionRole"], [EXECUTION_POLICY], at("executionRole"));

  const loadBalancers: TaskDefinitionPlan["loadBalancers"] = [];
  for (const [containerName, container] of containers.byName) {
    if (typeof container["image"] !== "string" || container["image"] === "") {
      p.cannotEvaluate(
        at(`${containers.argPath(containerName)}.image`),
        `container "${containerName}" has no image here: the value is not known offline (or not set), so what it runs cannot be judged`,
      );
    }
  }
  const definitions = [...containers.byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([containerName, container]) => {
      const mappings =
        container["portMappings"] === undefined
          ? undefined
          : arr(container["portMappings"]).map((m) => {
              const mapping = rec(m);
              const group = targetGroupOf(mapping["targetGroup"], find);
              if (group.arn !== undefined && group.port !== undefined)
                loadBalancers.push({ containerName, containerPort: group.port, targetGroupArn: group.arn });
              return {
                name: mapping["name"],
                containerPortRange: mapping["containerPortRange"],
                appProtocol: mapping["appProtocol"],
                containerPort: mapping["containerPort"] ?? mapping["hostPort"] ?? group.port,
                hostPort: mapping["hostPort"] ?? group.port ?? mapping["containerPort"],
                protocol: mapping["protocol"],
              };
            });
      const definition: Record<string, unknown> = { ...container, portMappings: mappings, name: containerName };
      if (definition["logConfiguration"] === undefined && logs.group !== undefined) {
        definition["logConfiguration"] = {
          logDriver: "awslogs",
          options: { "awslogs-group": logs.group, "awslogs-region": logs.region, "awslogs-stream-prefix": containerName },
        };
      }
      return definition;
    });
  const containerJson = JSON.stringify(definitions);
  const passThrough = Object.fromEntries(Object.entries(args).filter(([k]) => !AWSX_ONLY.has(k)));
  const size = kind === "FARGATE" && (args["cpu"] === undefined || args["memory"] === undefined) ? fargateSizeFor(definitions) : undefined;
  const containerPath = args["containers"] !== undefined ? at("containers") : at("container");
  const taskDefinition = p.add(
    "aws:ecs/taskDefinition:TaskDefinition",
    name,
    {
      ...(kind === "EC2" ? { networkMode: "awsvpc" } : {}),
      ...passThrough,
      ...(kind === "FARGATE" ? { cpu: args["cpu"] ?? size?.cpu, memory: args["memory"] ?? size?.memory, networkMode: "awsvpc" } : {}),
      requiresCompatibilities: [kind],
      taskRoleArn: taskRole.arn,
      executionRoleArn: executionRole.arn,
      // awsx hashes the stack and the containers into the family; a hash of the component is as unique and
      // keeps the mock's answer for the component and this expansion identical.
      family: args["family"] ?? `${name}-${hexId(`${p.component.type}::${p.component.name}`, 8)}`,
      containerDefinitions: containerJson,
    },
    {
      argPath: containerPath,
      passThrough: prefix,
      props: {
        containerDefinitions: containerPath,
        taskRoleArn: at("taskRole"),
        executionRoleArn: at("executionRole"),
        volumes: at("volumes"),
        pidMode: at("pidMode"),
        ipcMode: at("ipcMode"),
        networkMode: at("networkMode"),
        requiresCompatibilities: prefix === "" ? "" : prefix.replace(/\.$/, ""),
      },
    },
  );
  // Findings that name a container point at that container's args.
  taskDefinition.provenance.props["container"] = containerPath;
  for (const [containerName] of containers.byName)
    taskDefinition.provenance.props[`container "${containerName}"`] = at(containers.argPath(containerName));
  return { taskDefinition, logGroup: logs.child, taskRole: taskRole.child, executionRole: executionRole.child, loadBalancers };
}

/** A port mapping's `targetGroup`: the object awsx outputs carry, or a target group passed by id/ARN. */
function targetGroupOf(value: unknown, find: Finder): { arn?: unknown; port?: unknown } {
  if (value === undefined || value === null) return {};
  if (typeof value === "string") {
    const found = find(value);
    return { arn: found?.["arn"] ?? value, port: found?.["port"] };
  }
  const group = rec(value);
  return { arn: group["arn"], port: group["port"] };
}
