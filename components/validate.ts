/**
 * Every rule about one service's args, as data (`Problem`s). `FargateService` throws the first as a
 * `ComponentArgsError`; the stack config loader runs the same functions and labels the fields with YAML paths,
 * so both say the same thing. Cross-service rules live in `service-set-validate.ts`.
 */
import { deploymentProblems } from "./deployment/problems";
import { isDigestPinned } from "./arns";
import { fargateTaskProblems, isRulePriority, MAX_CONTAINERS_PER_TASK, ruleConditionProblems } from "./aws-rules";
import { capacityStrategyProblems } from "./capacity-strategy";
import { SERVICE_DEFAULTS } from "./defaults";
import { EXEC_NEEDS_WRITABLE_ROOT } from "./ecs-exec";
import type { FargateServiceArgs } from "./fargate-service-args";
import type { PlatformRef } from "./platform-ref";
import { allowedMemory, describeAllowedMemory, FARGATE_CPUS } from "./aws-rules";
import { checkDeclaredAction } from "./iam";
import { firstNameProblem, servicePhysicalNames } from "./naming";
import { throwProblems } from "./errors";
import type { Problem } from "./problems";
import { isAnyHost } from "./route-order";
import { serviceConnectProblems } from "./service-connect";
import { serviceScope } from "./service-scope";
import { resourceWildcardProblem } from "./task-policy";
import { secretReason } from "../policy/rules/secrets";

/** What the value of a plaintext variable that looks like a secret is shown as. */
export const REDACTED = "[redacted]";

/** What the service rules need to know of the platform. */
export interface PlatformFacts {
  /** `PlatformRef.project`. */
  project: string;
  /** `PlatformRef.environment`. */
  environment: string;
  /** `PlatformRef.network.vpcCidr` when known as a string (it names target groups). @default - a stand-in of the same length */
  vpcCidr?: string;
  /** Whether the platform has a listener (`routes` need one). */
  hasListener: boolean;
  /** Whether the platform has a Cloud Map namespace (`discovery` needs one). */
  hasDiscovery: boolean;
  /** Whether the platform's namespace has a known ARN (`serviceConnect` needs one). @default - `hasDiscovery` */
  hasServiceConnectNamespace?: boolean;
}

/** The facts of `platform` the rules use. */
export function platformFacts(platform: PlatformRef): PlatformFacts {
  const cidr = platform.network.vpcCidr;
  return {
    project: platform.project,
    environment: platform.environment,
    vpcCidr: typeof cidr === "string" ? cidr : undefined,
    hasListener: platform.listener !== undefined,
    hasDiscovery: platform.discovery !== undefined,
    hasServiceConnectNamespace: platform.discovery?.namespaceArn !== undefined,
  };
}

/** The args a service is validated from: without `platform`, the checks that need one are skipped. */
export type ServiceArgsToCheck = Omit<FargateServiceArgs, "platform" | "callers"> & { platform?: PlatformFacts };

/**
 * Every problem of `args` for a service called `name`, in a stable order. Without `args.platform` the checks
 * that need it (names, listener, namespace) are skipped.
 */
export function serviceProblems(name: string, args: ServiceArgsToCheck): Problem[] {
  return [
    ...sizeProblems(args),
    ...nameProblems(name, args),
    ...portAndImageProblems(args),
    ...sidecarProblems(name, args),
    ...routeProblems(args),
    ...connectProblems(args),
    ...capacityProblems(args),
    ...healthCheckProblems(args),
    ...execProblems(args),
    ...scalingProblems(args),
    ...deploymentArgProblems(args),
    ...plaintextSecretProblems(args),
    ...taskPolicyProblems(args),
  ];
}

/** Checks `FargateServiceArgs` before any child exists; throws one `ComponentArgsError` (`FargateService "api": …`). */
export function validateFargateServiceArgs(name: string, args: FargateServiceArgs): void {
  const problems = serviceProblems(name, { ...args, platform: platformFacts(args.platform) });
  if (args.routes !== undefined && args.routes.priority === undefined) {
    problems.push({
      field: ["routes", "priority"],
      value: undefined,
      allowed: "an integer from 1 to 50000 that no other rule of the listener uses",
      fix: "set {{routes.priority}}, or add the service through `platform.addServices()` or a `ServiceSet`, which allocate one",
    });
  }
  throwProblems("FargateService", name, problems);
}

function sizeProblems(args: ServiceArgsToCheck): Problem[] {
  const cpu = args.cpu ?? SERVICE_DEFAULTS.cpu;
  const memory = args.memory ?? SERVICE_DEFAULTS.memory;
  if (!FARGATE_CPUS.includes(cpu))
    return [{ field: ["cpu"], value: cpu, allowed: FARGATE_CPUS.join(", "), fix: "pick one of the Fargate cpu values" }];
  if (!allowedMemory(cpu).includes(memory)) {
    return [
      {
        field: ["memory"],
        value: memory,
        allowed: `for cpu ${cpu}: ${describeAllowedMemory(cpu)}`,
        fix: `pick a memory value allowed for cpu ${cpu}, or change {{cpu}}`,
      },
    ];
  }
  return [];
}

function nameProblems(name: string, args: ServiceArgsToCheck): Problem[] {
  if (args.platform === undefined) return [];
  // The CIDR only feeds the target group name's hash, which has a fixed length: a stand-in checks the same.
  const targetGroup =
    args.routes === undefined ? undefined : { port: args.port ?? SERVICE_DEFAULTS.port, vpcCidr: args.platform.vpcCidr ?? "10.0.0.0/16" };
  const problem = firstNameProblem(servicePhysicalNames(serviceScope(args.platform), name, targetGroup));
  if (problem === undefined) return [];
  return [
    {
      field: [],
      value: name,
      allowed: `a service name that forms valid AWS names (${problem})`,
      fix: "rename the service: lower-case letters, digits and single hyphens",
    },
  ];
}

function portAndImageProblems(args: ServiceArgsToCheck): Problem[] {
  const problems: Problem[] = [];
  const port = args.port ?? SERVICE_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    problems.push({
      field: ["port"],
      value: port,
      allowed: "an integer from 1 to 65535",
      fix: "set {{port}} to the port the app listens on",
    });
  if (args.image.kind === "prebuilt" && !isDigestPinned(args.image.uri)) {
    problems.push({
      field: ["image", "uri"],
      value: args.image.uri,
      allowed: "a prebuilt image URI, pinned by digest (…@sha256:<64 hex>)",
      fix: "push the image and use its digest",
    });
  }
  return problems;
}

function sidecarProblems(name: string, args: ServiceArgsToCheck): Problem[] {
  const sidecars = args.sidecars ?? {};
  const names = Object.keys(sidecars);
  const [tooMany] = fargateTaskProblems({ containers: 1 + names.length });
  if (tooMany !== undefined) {
    return [
      {
        field: ["sidecars"],
        value: names.length,
        allowed: `at most ${MAX_CONTAINERS_PER_TASK - 1} sidecars (${tooMany})`,
        fix: "move some sidecars into a service of their own",
      },
    ];
  }
  if (names.includes(name)) {
    return [
      {
        field: ["sidecars", name],
        value: name,
        allowed: "a container name other than the service's own (the app container is named after the service)",
        fix: "rename the sidecar",
      },
    ];
  }
  const cpu = args.cpu ?? SERVICE_DEFAULTS.cpu;
  const memory = args.memory ?? SERVICE_DEFAULTS.memory;
  const sidecarCpu = Object.values(sidecars).reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const sidecarMemory = Object.values(sidecars).reduce((sum, c) => sum + (c.memory ?? 0), 0);
  if (sidecarCpu >= cpu)
    return [
      {
        field: ["sidecars"],
        value: sidecarCpu,
        allowed: `sidecar cpu totalling less than the task's ${cpu}`,
        fix: "lower the sidecars' cpu or raise the task cpu",
      },
    ];
  if (sidecarMemory >= memory)
    return [
      {
        field: ["sidecars"],
        value: sidecarMemory,
        allowed: `sidecar memory totalling less than the task's ${memory} MiB`,
        fix: "lower the sidecars' memory or raise the task memory",
      },
    ];
  return [];
}

function routeProblems(args: ServiceArgsToCheck): Problem[] {
  const problems: Problem[] = [];
  const routes = args.routes;
  if (args.discovery === true && args.platform !== undefined && !args.platform.hasDiscovery) {
    problems.push({
      field: ["discovery"],
      value: true,
      allowed: "false or unset: the platform has no Cloud Map namespace",
      fix: "remove {{discovery}}, or use a platform with `discovery`",
    });
  }
  if (routes === undefined) return problems;
  const pathPatterns = routes.pathPatterns ?? [];
  const hostHeaders = routes.hostHeaders ?? [];
  // Shown with its defaults, as the config layer shows it.
  const shown = { pathPatterns, hostHeaders, priority: routes.priority };
  if (args.platform !== undefined && !args.platform.hasListener) {
    return [
      ...problems,
      {
        field: ["routes"],
        value: shown,
        allowed: "no `routes`: the platform has no load balancer listener",
        fix: "remove {{routes}}, or use a platform with a `listener`",
      },
    ];
  }
  if (pathPatterns.length === 0 && hostHeaders.length === 0) {
    return [
      {
        field: ["routes"],
        value: shown,
        allowed: "at least one of `pathPatterns` or `hostHeaders`",
        fix: "add a path pattern such as /movies*, or remove `routes` for an internal-only service",
      },
    ];
  }
  const [condition] = ruleConditionProblems({ pathPatterns, hostHeaders });
  if (condition !== undefined) {
    if (condition.index === undefined) {
      return [
        {
          field: ["routes"],
          value: { pathPatterns, hostHeaders },
          allowed: condition.allowed,
          fix: "route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service's routes",
        },
      ];
    }
    const field = ["routes", condition.field, String(condition.index)];
    return [{ field, value: condition.value, allowed: condition.allowed, fix: `correct the value in {{${field.join(".")}}}` }];
  }
  for (const [i, host] of hostHeaders.entries()) {
    if (isAnyHost(host)) {
      return [
        {
          field: ["routes", "hostHeaders", String(i)],
          value: host,
          allowed:
            "a host name or a pattern with a fixed part such as *.example.com (a wildcard-only host matches every request and, being host-scoped, is evaluated before every any-host rule)",
          fix: "remove it: a route without `hostHeaders` already matches any host, in the any-host band",
        },
      ];
    }
  }
  if (routes.priority !== undefined && !isRulePriority(routes.priority)) {
    return [
      {
        field: ["routes", "priority"],
        value: routes.priority,
        allowed: "an integer from 1 to 50000",
        fix: "pick a priority no other rule of the listener uses, or leave it unset in a service set",
      },
    ];
  }
  return problems;
}

function connectProblems(args: ServiceArgsToCheck): Problem[] {
  const connect = args.serviceConnect;
  if (connect === undefined) return [];
  const platform = args.platform;
  if (platform !== undefined && !(platform.hasServiceConnectNamespace ?? platform.hasDiscovery)) {
    return [
      {
        field: ["serviceConnect"],
        value: connect,
        allowed: "unset: the platform has no Cloud Map namespace ARN (`discovery.namespaceArn`) for Service Connect",
        fix: "remove {{serviceConnect}}, or use a platform whose `discovery` has a `namespaceArn`",
      },
    ];
  }
  return serviceConnectProblems(["serviceConnect"], connect);
}

function capacityProblems(args: ServiceArgsToCheck): Problem[] {
  return args.capacityProviderStrategy === undefined
    ? []
    : capacityStrategyProblems(["capacityProviderStrategy"], args.capacityProviderStrategy);
}

function healthCheckProblems(args: ServiceArgsToCheck): Problem[] {
  const interval = args.healthCheck?.intervalSeconds ?? SERVICE_DEFAULTS.healthCheckIntervalSeconds;
  const timeout = args.healthCheck?.timeoutSeconds ?? SERVICE_DEFAULTS.healthCheckTimeoutSeconds;
  if (timeout < interval) return [];
  return [
    {
      field: ["healthCheck", "timeoutSeconds"],
      value: timeout,
      allowed: `less than healthCheck.intervalSeconds (${interval})`,
      fix: "lower the timeout or raise the interval",
    },
  ];
}

function execProblems(args: ServiceArgsToCheck): Problem[] {
  if (args.enableExecuteCommand !== true || args.readonlyRootFilesystem !== true) return [];
  return [
    {
      field: ["readonlyRootFilesystem"],
      value: true,
      allowed: `false or unset while \`enableExecuteCommand\` is true: ${EXEC_NEEDS_WRITABLE_ROOT}`,
      fix: "remove `readonlyRootFilesystem` (it then defaults to false while ECS Exec is on), or set `enableExecuteCommand: false`",
    },
  ];
}

/** `deployment` (components/deployment), its fields under `deployment`. */
function deploymentArgProblems(args: ServiceArgsToCheck): Problem[] {
  const routes =
    args.routes === undefined
      ? undefined
      : { pathPatterns: args.routes.pathPatterns ?? [], hostHeaders: args.routes.hostHeaders ?? [], priority: args.routes.priority };
  return deploymentProblems(args.deployment, { routes })
    .slice(0, 1)
    .map((p) => ({ field: ["deployment", ...p.field.split(".")], value: p.value, allowed: p.allowed, fix: p.fix }));
}

function scalingProblems(args: ServiceArgsToCheck): Problem[] {
  const scaling = args.autoscaling;
  if (scaling === undefined) return [];
  if (scaling.min > scaling.max)
    return [
      {
        field: ["autoscaling", "min"],
        value: scaling.min,
        allowed: `at most autoscaling.max (${scaling.max})`,
        fix: "lower min or raise max",
      },
    ];
  const desired = args.desiredCount ?? SERVICE_DEFAULTS.desiredCount;
  if (desired < scaling.min || desired > scaling.max) {
    return [
      {
        field: ["desiredCount"],
        value: desired,
        allowed: `between autoscaling.min (${scaling.min}) and autoscaling.max (${scaling.max})`,
        fix: "set desiredCount inside the autoscaling range",
      },
    ];
  }
  if (scaling.requestsPerTarget !== undefined && args.routes === undefined) {
    return [
      {
        field: ["autoscaling", "requestsPerTarget"],
        value: scaling.requestsPerTarget,
        allowed: "unset while the service has no `routes` (the request count is the load balancer's)",
        fix: "add `routes`, or remove {{autoscaling.requestsPerTarget}}",
      },
    ];
  }
  return [];
}

/** Plain variables judged by the pack's detector (`policy/rules/secrets.ts`): what config load refuses, the gate fails. */
function plaintextSecretProblems(args: ServiceArgsToCheck): Problem[] {
  const containers: [string[], Readonly<Record<string, unknown>>][] = [
    [["environmentVariables"], args.environmentVariables ?? {}],
    ...Object.keys(args.sidecars ?? {})
      .sort()
      .map((n): [string[], Readonly<Record<string, unknown>>] => [["sidecars", n, "environment"], args.sidecars?.[n]?.environment ?? {}]),
  ];
  for (const [at, env] of containers) {
    for (const [key, value] of Object.entries(env)) {
      // Computed values (outputs) are the platform's own (callee URLs), never user secrets.
      if (typeof value !== "string") continue;
      const reason = secretReason(key, value);
      if (reason !== undefined) {
        const secretsAt = [...at.slice(0, -1), "secrets", key].join(".");
        return [
          {
            field: [...at, key],
            value: REDACTED,
            allowed: `non-secret values only (${reason})`,
            fix: `store the value in Secrets Manager or SSM and reference it under {{.${secretsAt}}}`,
          },
        ];
      }
    }
  }
  return [];
}

function taskPolicyProblems(args: ServiceArgsToCheck): Problem[] {
  for (const [i, statement] of (args.taskPolicy ?? []).entries()) {
    for (const action of statement.actions) {
      const problem = checkDeclaredAction(action);
      if (problem !== undefined)
        return [
          {
            field: ["taskPolicy", String(i), "actions"],
            value: action,
            allowed: `specific actions such as s3:GetObject (${problem})`,
            fix: "list the exact actions the service calls",
          },
        ];
    }
    for (const resource of statement.resources) {
      const field = ["taskPolicy", String(i), "resources"];
      if (!resource.startsWith("arn:") && resource !== "*")
        return [
          { field, value: resource, allowed: "exact resource ARNs (never `*`)", fix: "list the ARNs of the resources the service uses" },
        ];
      const problem = resourceWildcardProblem(resource);
      if (problem !== undefined) {
        return [
          {
            field,
            value: resource,
            allowed: `exact resource ARNs (never \`*\`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): ${problem}`,
            fix: "list the ARNs of the resources the service uses",
          },
        ];
      }
    }
  }
  return [];
}
