/** ECS clusters, services and task definitions. */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import { ECS_CLUSTER, ECS_SERVICE, ECS_TASK_DEFINITION } from "./tokens";
import { SECRET_DEFAULTS, secretReason } from "./secrets";
import { securityHub } from "./controls";
import { field, items, parseJsonish, path, requireType, settings, strings } from "./util";

type TaskDef = aws.ecs.TaskDefinitionArgs;
type Container = aws.ecs.ContainerDefinition;

/** Container definitions arrive as a JSON string (the provider's input type) or, from some tools, an array. */
function containers(args: ResourceValidationArgs): unknown[] {
  return items(parseJsonish(field<TaskDef>(args.props, "containerDefinitions")));
}

function containerName(c: unknown, i: number): string {
  const name = field<Container>(c, "name");
  return typeof name === "string" ? `container "${name}"` : `container ${i + 1}`;
}

export const ecsTaskDefinitionFargateAwsvpc: ResourceValidationPolicy = {
  name: "ecs-task-definition-fargate-awsvpc",
  description: "Task definitions must target FARGATE with awsvpc networking.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.17"),
  remediationSteps: 'Set requiresCompatibilities: ["FARGATE"] and networkMode: "awsvpc".',
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const problems: string[] = [];
    const compat = items(field<TaskDef>(args.props, "requiresCompatibilities"));
    if (!compat.includes("FARGATE")) {
      problems.push(`requiresCompatibilities is ${JSON.stringify(compat)}; include "FARGATE"`);
    }
    const mode = field<TaskDef>(args.props, "networkMode");
    if (mode !== "awsvpc") {
      problems.push(`networkMode is ${mode === undefined ? "not set" : `"${String(mode)}"`}; set networkMode: "awsvpc"`);
    }
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}.`);
    }
  },
};

const loggingDefaults = { allowedLogDrivers: [] as string[] };

export const ecsTaskDefinitionContainerLogging: ResourceValidationPolicy = {
  name: "ecs-task-definition-container-logging",
  description: "Every container must have a log configuration (any log driver, as Security Hub ECS.9 accepts).",
  severity: "medium",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.9"),
  remediationSteps:
    'Give each container logConfiguration, e.g. { logDriver: "awslogs", options: { "awslogs-group": <log group>, "awslogs-region": <region>, "awslogs-stream-prefix": <name> } }; to restrict drivers, list them in allowedLogDrivers.',
  configSchema: {
    properties: {
      allowedLogDrivers: {
        type: "array",
        items: { type: "string" },
        default: loggingDefaults.allowedLogDrivers,
        description: "Opt-in restriction: the only log drivers accepted ([] = any configured driver).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const cfg = settings(args, loggingDefaults);
    const problems: string[] = [];
    containers(args).forEach((c, i) => {
      const log = field<Container>(c, "logConfiguration");
      const driver = field<Container["logConfiguration"]>(log, "logDriver");
      if (typeof driver !== "string" || driver === "") {
        problems.push(`${containerName(c, i)} has no logConfiguration; set logConfiguration.logDriver (e.g. "awslogs")`);
      } else if (cfg.allowedLogDrivers.length > 0 && !cfg.allowedLogDrivers.includes(driver)) {
        problems.push(`${containerName(c, i)} has log driver "${driver}"; this stack allows only ${cfg.allowedLogDrivers.join(", ")}`);
      } else if (driver === "awslogs" && typeof path<Container>(c, "logConfiguration", "options", "awslogs-group") !== "string") {
        problems.push(`${containerName(c, i)} uses awslogs without options["awslogs-group"]; set it to the service's log group`);
      }
    });
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}.`);
    }
  },
};

export const ecsTaskDefinitionNoPlaintextSecrets: ResourceValidationPolicy = {
  name: "ecs-task-definition-no-plaintext-secrets",
  description: "Container environment variables must not carry secrets (credential values or names that hold a secret).",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.8"),
  remediationSteps:
    "Move the value to Secrets Manager or SSM Parameter Store and reference it in the container's secrets: [{ name, valueFrom: <ARN> }].",
  configSchema: {
    properties: {
      sensitiveNamePattern: {
        type: "string",
        default: SECRET_DEFAULTS.sensitiveNamePattern,
        description: 'Extra case-insensitive regex for variable names that hold secrets, on top of the built-in words ("" = none).',
      },
      allowedNames: {
        type: "array",
        items: { type: "string" },
        default: SECRET_DEFAULTS.allowedNames,
        description: "Variable names exempt from every check.",
      },
      minSecretLength: {
        type: "integer",
        minimum: 8,
        default: SECRET_DEFAULTS.minSecretLength,
        description: "Shortest value the entropy check considers.",
      },
      entropyThreshold: {
        type: "number",
        minimum: 0,
        default: SECRET_DEFAULTS.entropyThreshold,
        description: "Bits per character at or above which a value looks random.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const cfg = settings(args, SECRET_DEFAULTS);
    const found: string[] = [];
    containers(args).forEach((c, i) => {
      for (const env of items(field<Container>(c, "environment"))) {
        const value = field<Container["environment"]>(env, "value");
        const reason =
          typeof value === "string" ? secretReason(String(field<Container["environment"]>(env, "name")), value, cfg) : undefined;
        if (reason !== undefined) {
          found.push(`${containerName(c, i)} sets ${String(field<Container["environment"]>(env, "name"))} in plaintext: ${reason}`);
        }
      }
    });
    if (found.length > 0) {
      reportViolation(`${found.join("; ")}. Move these to the container's secrets (Secrets Manager/SSM valueFrom).`);
    }
  },
};

export const ecsTaskDefinitionNoHostAccess: ResourceValidationPolicy = {
  name: "ecs-task-definition-no-host-access",
  description: "Task definitions must not run privileged containers, add Linux capabilities or share the host's PID/IPC namespaces.",
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.3", "ECS.4"),
  remediationSteps:
    'Remove privileged: true and linuxParameters.capabilities.add from containers (dropping capabilities is fine), and pidMode/ipcMode "host" from the task definition.',
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const problems: string[] = [];
    for (const mode of ["pidMode", "ipcMode"] as const) {
      if (field<TaskDef>(args.props, mode) === "host") {
        problems.push(`${mode} is "host"`);
      }
    }
    containers(args).forEach((c, i) => {
      if (field<Container>(c, "privileged") === true) {
        problems.push(`${containerName(c, i)} is privileged`);
      }
      const added = strings(path<Container>(c, "linuxParameters", "capabilities", "add"));
      if (added.length > 0) {
        problems.push(`${containerName(c, i)} adds Linux capabilit${added.length > 1 ? "ies" : "y"} ${added.join(", ")}`);
      }
    });
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}; remove host access.`);
    }
  },
};

const ROOT_USERS = /^(root|0)(:(root|0))?$/;
const nonRootDefaults = { requireUser: false };

export const ecsTaskDefinitionNonRootUser: ResourceValidationPolicy = {
  name: "ecs-task-definition-non-root-user",
  description: 'Containers must not run as root (user "root", "0" or "0:0"); optionally every container must name its user.',
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.20"),
  remediationSteps:
    'Set the container\'s user to an unprivileged uid (e.g. user: "1000:1000") or drop the root user; set requireUser: true to also require an explicit user, as ECS.20 does.',
  configSchema: {
    properties: {
      requireUser: {
        type: "boolean",
        default: nonRootDefaults.requireUser,
        description: "Also report containers without an explicit user (the image's USER then applies, which may be root).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const cfg = settings(args, nonRootDefaults);
    const problems: string[] = [];
    containers(args).forEach((c, i) => {
      const user = field<Container>(c, "user");
      if (typeof user === "string" && ROOT_USERS.test(user.trim())) {
        problems.push(`${containerName(c, i)} runs as user "${user}" (root)`);
      } else if (user === undefined && cfg.requireUser) {
        problems.push(`${containerName(c, i)} sets no user (the image's USER applies)`);
      }
    });
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}; set user to an unprivileged uid such as "1000:1000".`);
    }
  },
};

export const ecsTaskDefinitionEfsTransitEncryption: ResourceValidationPolicy = {
  name: "ecs-task-definition-efs-transit-encryption",
  description: "EFS volumes in task definitions must use transit encryption.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ECS.18"),
  remediationSteps: 'Set efsVolumeConfiguration.transitEncryption: "ENABLED" (and use an access point with IAM authorization).',
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const bad = items(field<TaskDef>(args.props, "volumes"))
      .filter(
        (v) =>
          field<TaskDef["volumes"]>(v, "efsVolumeConfiguration") !== undefined &&
          path<TaskDef["volumes"]>(v, "efsVolumeConfiguration", "transitEncryption") !== "ENABLED",
      )
      .map((v) => String(field<TaskDef["volumes"]>(v, "name")));
    if (bad.length > 0) {
      reportViolation(
        `EFS volume${bad.length > 1 ? "s" : ""} ${bad.join(", ")} without transit encryption; set efsVolumeConfiguration.transitEncryption: "ENABLED".`,
      );
    }
  },
};

export const ecsTaskDefinitionReadOnlyRoot: ResourceValidationPolicy = {
  name: "ecs-task-definition-read-only-root",
  description: "Containers should run with a read-only root filesystem.",
  severity: "low",
  enforcementLevel: "advisory",
  ...securityHub("ECS.5"),
  remediationSteps: "Set readonlyRootFilesystem: true and mount writable paths (e.g. /tmp) as volumes.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const writable = containers(args)
      .map((c, i) => (field<Container>(c, "readonlyRootFilesystem") === true ? undefined : containerName(c, i)))
      .filter((n): n is string => n !== undefined);
    if (writable.length > 0) {
      reportViolation(
        `${writable.join(", ")} ${writable.length > 1 ? "have" : "has"} a writable root filesystem; set readonlyRootFilesystem: true.`,
      );
    }
  },
};

export const ecsTaskDefinitionSeparateRoles: ResourceValidationPolicy = {
  name: "ecs-task-definition-separate-roles",
  description: "A task definition's task role must differ from its execution role.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    "Create a dedicated execution role (image pull, logs, secrets) and a separate task role for the application's own AWS calls.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const task = field<TaskDef>(args.props, "taskRoleArn");
    if (task !== undefined && task === field<TaskDef>(args.props, "executionRoleArn")) {
      reportViolation(`taskRoleArn and executionRoleArn are both ${String(task)}; use separate roles.`);
    }
  },
};

export const ecsClusterContainerInsights: ResourceValidationPolicy = {
  name: "ecs-cluster-container-insights",
  description: "ECS clusters must enable Container Insights.",
  severity: "low",
  enforcementLevel: "advisory",
  ...securityHub("ECS.12"),
  remediationSteps: 'Add settings: [{ name: "containerInsights", value: "enabled" }] (or "enhanced") to the cluster.',
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_CLUSTER);
    const setting = items(field<aws.ecs.ClusterArgs>(args.props, "settings")).find(
      (s) => field<aws.ecs.ClusterArgs["settings"]>(s, "name") === "containerInsights",
    );
    const value = field<aws.ecs.ClusterArgs["settings"]>(setting, "value");
    if (value !== "enabled" && value !== "enhanced") {
      reportViolation(
        `containerInsights is ${value === undefined ? "not set" : `"${String(value)}"`}; add settings [{ name: "containerInsights", value: "enabled" }].`,
      );
    }
  },
};

const execDefaults = { allowExecuteCommand: false, environmentTagKey: "environment", productionEnvironments: ["prod", "production"] };

export const ecsServiceExecDisabled: ResourceValidationPolicy = {
  name: "ecs-service-exec-disabled",
  description: "ECS Exec (enableExecuteCommand) must be off unless the stack allows it; never in production.",
  severity: "medium",
  enforcementLevel: "advisory",
  ...securityHub(),
  remediationSteps:
    "Set enableExecuteCommand: false (the stacks drive it from config; prod keeps it off). For dev, set allowExecuteCommand: true in the policy config.",
  configSchema: {
    properties: {
      allowExecuteCommand: {
        type: "boolean",
        default: execDefaults.allowExecuteCommand,
        description: "Whether this stack may enable ECS Exec.",
      },
      environmentTagKey: { type: "string", default: execDefaults.environmentTagKey, description: "Stack tag naming the environment." },
      productionEnvironments: {
        type: "array",
        items: { type: "string" },
        default: execDefaults.productionEnvironments,
        description: "Values of that tag where ECS Exec is always forbidden.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_SERVICE);
    if (field<aws.ecs.ServiceArgs>(args.props, "enableExecuteCommand") !== true) {
      return;
    }
    const cfg = settings(args, execDefaults);
    const env = args.stackTags.get(cfg.environmentTagKey);
    if (env !== undefined && cfg.productionEnvironments.includes(env)) {
      reportViolation(
        `enableExecuteCommand is true in a ${env} stack (stack tag ${cfg.environmentTagKey}=${env}); set enableExecuteCommand: false.`,
      );
    } else if (!cfg.allowExecuteCommand) {
      reportViolation(
        "enableExecuteCommand is true but this stack's policy config does not allow ECS Exec; set enableExecuteCommand: false or allowExecuteCommand: true.",
      );
    }
  },
};

export const ecsPolicies = [
  ecsTaskDefinitionFargateAwsvpc,
  ecsTaskDefinitionContainerLogging,
  ecsTaskDefinitionNoPlaintextSecrets,
  ecsTaskDefinitionNoHostAccess,
  ecsTaskDefinitionNonRootUser,
  ecsTaskDefinitionEfsTransitEncryption,
  ecsTaskDefinitionReadOnlyRoot,
  ecsTaskDefinitionSeparateRoles,
  ecsClusterContainerInsights,
  ecsServiceExecDisabled,
];
