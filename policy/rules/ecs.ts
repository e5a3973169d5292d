/** ECS clusters, services and task definitions. */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { ECS_CLUSTER, ECS_SERVICE, ECS_TASK_DEFINITION } from "./tokens";
import { field, items, parseJsonish, requireType, settings } from "./util";

/** Container definitions arrive as a JSON string (the provider's input type) or, from some tools, an array. */
function containers(args: ResourceValidationArgs): unknown[] {
  return items(parseJsonish(field(args.props, "containerDefinitions")));
}

function containerName(c: unknown, i: number): string {
  const name = field(c, "name");
  return typeof name === "string" ? `container "${name}"` : `container ${i + 1}`;
}

export const ecsTaskDefinitionFargateAwsvpc: ResourceValidationPolicy = {
  name: "ecs-task-definition-fargate-awsvpc",
  description: "Task definitions must target FARGATE with awsvpc networking.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Set requiresCompatibilities: [\"FARGATE\"] and networkMode: \"awsvpc\".",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const problems: string[] = [];
    const compat = items(field(args.props, "requiresCompatibilities"));
    if (!compat.includes("FARGATE")) {
      problems.push(`requiresCompatibilities is ${JSON.stringify(compat)}; include "FARGATE"`);
    }
    const mode = field(args.props, "networkMode");
    if (mode !== "awsvpc") {
      problems.push(`networkMode is ${mode === undefined ? "not set" : `"${String(mode)}"`}; set networkMode: "awsvpc"`);
    }
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}.`);
    }
  },
};

const loggingDefaults = { allowedLogDrivers: ["awslogs", "awsfirelens"] };

export const ecsTaskDefinitionContainerLogging: ResourceValidationPolicy = {
  name: "ecs-task-definition-container-logging",
  description: "Every container must send its logs to CloudWatch Logs (awslogs with a log group) or FireLens.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediationSteps: "Give each container logConfiguration { logDriver: \"awslogs\", options: { \"awslogs-group\": <log group>, \"awslogs-region\": <region>, \"awslogs-stream-prefix\": <name> } }.",
  configSchema: {
    properties: {
      allowedLogDrivers: { type: "array", items: { type: "string" }, default: loggingDefaults.allowedLogDrivers, description: "Log drivers that ship logs somewhere retained." },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const cfg = settings(args, loggingDefaults);
    const problems: string[] = [];
    containers(args).forEach((c, i) => {
      const log = field(c, "logConfiguration");
      const driver = field(log, "logDriver");
      if (typeof driver !== "string" || !cfg.allowedLogDrivers.includes(driver)) {
        problems.push(`${containerName(c, i)} has ${driver === undefined ? "no logConfiguration" : `log driver "${String(driver)}"`}; use one of ${cfg.allowedLogDrivers.join(", ")}`);
      } else if (driver === "awslogs" && typeof field(field(log, "options"), "awslogs-group") !== "string") {
        problems.push(`${containerName(c, i)} uses awslogs without options["awslogs-group"]; set it to the service's log group`);
      }
    });
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}.`);
    }
  },
};

const secretDefaults = {
  sensitiveNamePattern: "(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|DSN)",
  allowedNames: [] as string[],
  minSecretLength: 20,
  entropyThreshold: 4.0,
};

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Looks like a credential: an AWS access key id, or a long token-alphabet string that is random enough. */
function looksSecret(value: string, cfg: typeof secretDefaults): boolean {
  if (/^(AKIA|ASIA)[0-9A-Z]{16}$/.test(value)) {
    return true;
  }
  return value.length >= cfg.minSecretLength && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value)
    && entropy(value) >= cfg.entropyThreshold;
}

export const ecsTaskDefinitionNoPlaintextSecrets: ResourceValidationPolicy = {
  name: "ecs-task-definition-no-plaintext-secrets",
  description: "Container environment variables must not carry secrets (sensitive names or high-entropy values).",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps: "Move the value to Secrets Manager or SSM Parameter Store and reference it in the container's secrets: [{ name, valueFrom: <ARN> }].",
  configSchema: {
    properties: {
      sensitiveNamePattern: { type: "string", default: secretDefaults.sensitiveNamePattern, description: "Case-insensitive regex for variable names that hold secrets." },
      allowedNames: { type: "array", items: { type: "string" }, default: secretDefaults.allowedNames, description: "Variable names exempt from both checks." },
      minSecretLength: { type: "integer", minimum: 8, default: secretDefaults.minSecretLength, description: "Shortest value the entropy check considers." },
      entropyThreshold: { type: "number", minimum: 0, default: secretDefaults.entropyThreshold, description: "Bits per character at or above which a value looks random." },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const cfg = settings(args, secretDefaults);
    const sensitive = new RegExp(cfg.sensitiveNamePattern, "i");
    const found: string[] = [];
    containers(args).forEach((c, i) => {
      for (const env of items(field(c, "environment"))) {
        const name = String(field(env, "name"));
        const value = field(env, "value");
        // An ARN is a pointer to a secret, not the secret itself.
        if (cfg.allowedNames.includes(name) || typeof value !== "string" || value === "" || value.startsWith("arn:")) {
          continue;
        }
        if (sensitive.test(name)) {
          found.push(`${containerName(c, i)} sets ${name} (a sensitive name) in plaintext`);
        } else if (looksSecret(value, cfg)) {
          found.push(`${containerName(c, i)} sets ${name} to a value that looks like a credential`);
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
  description: "Task definitions must not run privileged containers or share the host's PID/IPC namespaces.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps: "Remove privileged: true from containers and pidMode/ipcMode \"host\" from the task definition.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const problems: string[] = [];
    for (const mode of ["pidMode", "ipcMode"]) {
      if (field(args.props, mode) === "host") {
        problems.push(`${mode} is "host"`);
      }
    }
    containers(args).forEach((c, i) => {
      if (field(c, "privileged") === true) {
        problems.push(`${containerName(c, i)} is privileged`);
      }
    });
    if (problems.length > 0) {
      reportViolation(`${problems.join("; ")}; remove host access.`);
    }
  },
};

export const ecsTaskDefinitionEfsTransitEncryption: ResourceValidationPolicy = {
  name: "ecs-task-definition-efs-transit-encryption",
  description: "EFS volumes in task definitions must use transit encryption.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Set efsVolumeConfiguration.transitEncryption: \"ENABLED\" (and use an access point with IAM authorization).",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const bad = items(field(args.props, "volumes"))
      .filter((v) => field(v, "efsVolumeConfiguration") !== undefined && field(field(v, "efsVolumeConfiguration"), "transitEncryption") !== "ENABLED")
      .map((v) => String(field(v, "name")));
    if (bad.length > 0) {
      reportViolation(`EFS volume${bad.length > 1 ? "s" : ""} ${bad.join(", ")} without transit encryption; set efsVolumeConfiguration.transitEncryption: "ENABLED".`);
    }
  },
};

export const ecsTaskDefinitionReadOnlyRoot: ResourceValidationPolicy = {
  name: "ecs-task-definition-read-only-root",
  description: "Containers should run with a read-only root filesystem.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps: "Set readonlyRootFilesystem: true and mount writable paths (e.g. /tmp) as volumes.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const writable = containers(args).map((c, i) => (field(c, "readonlyRootFilesystem") === true ? undefined : containerName(c, i))).filter((n): n is string => n !== undefined);
    if (writable.length > 0) {
      reportViolation(`${writable.join(", ")} ${writable.length > 1 ? "have" : "has"} a writable root filesystem; set readonlyRootFilesystem: true.`);
    }
  },
};

export const ecsTaskDefinitionSeparateRoles: ResourceValidationPolicy = {
  name: "ecs-task-definition-separate-roles",
  description: "A task definition's task role must differ from its execution role.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Create a dedicated execution role (image pull, logs, secrets) and a separate task role for the application's own AWS calls.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_TASK_DEFINITION);
    const task = field(args.props, "taskRoleArn");
    if (task !== undefined && task === field(args.props, "executionRoleArn")) {
      reportViolation(`taskRoleArn and executionRoleArn are both ${String(task)}; use separate roles.`);
    }
  },
};

export const ecsClusterContainerInsights: ResourceValidationPolicy = {
  name: "ecs-cluster-container-insights",
  description: "ECS clusters must enable Container Insights.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps: "Add settings: [{ name: \"containerInsights\", value: \"enabled\" }] (or \"enhanced\") to the cluster.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_CLUSTER);
    const setting = items(field(args.props, "settings")).find((s) => field(s, "name") === "containerInsights");
    const value = field(setting, "value");
    if (value !== "enabled" && value !== "enhanced") {
      reportViolation(`containerInsights is ${value === undefined ? "not set" : `"${String(value)}"`}; add settings [{ name: "containerInsights", value: "enabled" }].`);
    }
  },
};

const execDefaults = { allowExecuteCommand: false, environmentTagKey: "environment", productionEnvironments: ["prod", "production"] };

export const ecsServiceExecDisabled: ResourceValidationPolicy = {
  name: "ecs-service-exec-disabled",
  description: "ECS Exec (enableExecuteCommand) must be off unless the stack allows it; never in production.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: "Set enableExecuteCommand: false (the stacks drive it from config; prod keeps it off). For dev, set allowExecuteCommand: true in the policy config.",
  configSchema: {
    properties: {
      allowExecuteCommand: { type: "boolean", default: execDefaults.allowExecuteCommand, description: "Whether this stack may enable ECS Exec." },
      environmentTagKey: { type: "string", default: execDefaults.environmentTagKey, description: "Stack tag naming the environment." },
      productionEnvironments: { type: "array", items: { type: "string" }, default: execDefaults.productionEnvironments, description: "Values of that tag where ECS Exec is always forbidden." },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_SERVICE);
    if (field(args.props, "enableExecuteCommand") !== true) {
      return;
    }
    const cfg = settings(args, execDefaults);
    const env = args.stackTags.get(cfg.environmentTagKey);
    if (env !== undefined && cfg.productionEnvironments.includes(env)) {
      reportViolation(`enableExecuteCommand is true in a ${env} stack (stack tag ${cfg.environmentTagKey}=${env}); set enableExecuteCommand: false.`);
    } else if (!cfg.allowExecuteCommand) {
      reportViolation("enableExecuteCommand is true but this stack's policy config does not allow ECS Exec; set enableExecuteCommand: false or allowExecuteCommand: true.");
    }
  },
};

export const ecsPolicies = [
  ecsTaskDefinitionFargateAwsvpc, ecsTaskDefinitionContainerLogging, ecsTaskDefinitionNoPlaintextSecrets, ecsTaskDefinitionNoHostAccess,
  ecsTaskDefinitionEfsTransitEncryption, ecsTaskDefinitionReadOnlyRoot, ecsTaskDefinitionSeparateRoles, ecsClusterContainerInsights,
  ecsServiceExecDisabled,
];
