/**
 * Reads and validates the stack's configuration. This is the only module that reads `pulumi.Config`; it
 * validates everything before the program registers a single resource and returns a deep-frozen StackConfig.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { EXEC_NEEDS_WRITABLE_ROOT, resolveReadonlyRootFilesystem } from "../components/ecs-exec";
import { ConfigError } from "../components/errors";
import { checkTaskSize, describeAllowedMemory } from "../components/fargate-size";
import { checkDeclaredAction } from "../components/iam";
import { fargateTaskProblems, MAX_CONTAINERS_PER_TASK, ruleConditionProblems } from "../components/aws-rules";
import { firstNameProblem, platformPhysicalNames, servicePhysicalNames, suggestStackName, targetGroupName, type NameScope } from "../components/naming";
import { allocatePriorities, findRouteConflicts, findShadowedRoutes, type RouteClaim } from "../components/routes";
import { CONFIG_KEYS, configSchema, type ParsedConfig, type ParsedService } from "./config-schema";
import { plaintextSecretReason } from "./plaintext-secrets";
import type { ServiceConfig, StackConfig } from "./stack-config";

/** Config namespace of the project. */
export const NAMESPACE = "dockyard";
/** Project root: build contexts in config are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Reads `dockyard:*` and `aws:region` from the running Pulumi program's config and validates them. */
export function loadStackConfig(): StackConfig {
  const stack = pulumi.getStack();
  const entries: Record<string, string> = {};
  const dockyard = new pulumi.Config(NAMESPACE);
  for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    const value = dockyard.get(key);
    if (value !== undefined) entries[key] = value;
  }
  const region = new pulumi.Config("aws").get("region");
  return parseStackConfig(entries, stack, region, PROJECT_ROOT, pulumi.getProject());
}

/**
 * Validates raw config values (`key` without namespace → string as the CLI passes it; structured values are
 * JSON) for `stack` of `project` (the config namespace is the project name). Throws one `ConfigError` naming the
 * file, field path, value, what is allowed and the fix.
 */
export function parseStackConfig(entries: Readonly<Record<string, string>>, stack: string, region: string | undefined, projectRoot = PROJECT_ROOT, project = NAMESPACE): StackConfig {
  const file = `Pulumi.${stack}.yaml`;
  checkStackName(file, { project, stack });
  if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw ConfigError.field(file, "aws:region", region, "an AWS region such as us-east-1", `set it with \`pulumi config set aws:region us-east-1 --stack ${stack}\``);
  }
  const decoded: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(entries)) decoded[key] = decode(raw);
  const result = configSchema.safeParse(decoded);
  if (!result.success) throw fromIssue(file, decoded, result.error.issues[0]);
  const services = resolveServices(file, { project, stack }, result.data, projectRoot);
  const config: StackConfig = {
    stack,
    project,
    stackFile: file,
    region,
    network: result.data.network,
    cluster: result.data.cluster,
    loadBalancer: result.data.loadBalancer,
    discoveryNamespace: result.data.discovery.namespace ?? `${stack}.internal`,
    protect: result.data.protect,
    logRetentionDays: result.data.logRetentionDays,
    ecrKeepTaggedImages: result.data.ecrKeepTaggedImages,
    ecrForceDelete: result.data.ecrForceDelete,
    services,
  };
  if (config.protect && config.ecrForceDelete) {
    throw ConfigError.field(file, `${NAMESPACE}:ecrForceDelete`, true, "false when `dockyard:protect` is true", "remove `dockyard:ecrForceDelete` (protected stacks never force-delete repositories)");
  }
  return deepFreeze(config);
}

/** The CLI passes every value as a string; structured values and numbers/booleans arrive JSON-encoded. */
function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function fromIssue(file: string, decoded: Record<string, unknown>, issue: z.core.$ZodIssue): ConfigError {
  let segments = issue.path.map(String);
  let allowed = issue.message;
  let fix: string;
  if (issue.code === "unrecognized_keys") {
    segments = [...segments, issue.keys[0]];
    fix = "remove the key or correct its spelling";
  } else if (issue.code === "invalid_key") {
    allowed = issue.issues[0]?.message ?? issue.message;
    fix = "rename the key";
  } else {
    fix = `set \`${fieldPath(segments)}\` to an allowed value in ${file} (see "Configuration" in README.md)`;
  }
  if (segments.length === 1 && issue.code === "unrecognized_keys") allowed = `known keys: ${Object.keys(CONFIG_KEYS).map((k) => `${NAMESPACE}:${k}`).join(", ")}`;
  // A bad map key is reported by name; the value under it is not the problem.
  const value = issue.code === "invalid_key" ? segments[segments.length - 1] : valueAt(decoded, segments);
  return ConfigError.field(file, fieldPath(segments), value, allowed, fix);
}

function fieldPath(segments: readonly string[]): string {
  return `${NAMESPACE}:${segments.join(".")}`;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

/**
 * The stack name is part of every physical name (ALB, target groups, repositories, log groups, families, security
 * groups, the cluster): a name AWS would refuse for any of them is refused here, before anything is registered.
 */
function checkStackName(file: string, scope: NameScope): void {
  const problem = firstNameProblem(platformPhysicalNames(scope));
  if (problem === undefined) return;
  const suggestion = suggestStackName(scope.stack);
  throw ConfigError.field(file, "stack name", scope.stack, `a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (${problem})`,
    `use a stack such as "${suggestion}": \`pulumi stack rename ${suggestion}\` (or \`pulumi stack init ${suggestion}\` and rename ${file} to Pulumi.${suggestion}.yaml)`);
}

function resolveServices(file: string, scope: NameScope, parsed: ParsedConfig, projectRoot: string): ServiceConfig[] {
  const names = Object.keys(parsed.services).sort();
  const err = (service: string, field: string, value: unknown, allowed: string, fix: string) =>
    ConfigError.field(file, `${NAMESPACE}:services.${service}${field === "" ? "" : `.${field}`}`, value, allowed, fix);

  for (const name of names) {
    checkService(name, parsed.services[name], parsed, projectRoot, err);
    const s = parsed.services[name];
    const problem = firstNameProblem(servicePhysicalNames(scope, name, s.routes === undefined ? undefined : { port: s.port, vpcCidr: parsed.network.cidrBlock }));
    if (problem !== undefined) throw err(name, "", name, `a service name that forms valid AWS names (${problem})`, "rename the service: lower-case letters, digits and single hyphens");
  }

  const claims: RouteClaim[] = names.flatMap((name) => {
    const r = parsed.services[name].routes;
    return r === undefined ? [] : [{ service: name, pathPatterns: r.pathPatterns, hostHeaders: r.hostHeaders, priority: r.priority }];
  });
  const conflict = findRouteConflicts(claims)[0];
  if (conflict !== undefined) {
    throw err(conflict.service, `routes.${conflict.field}`, conflict.value, `a ${conflict.field === "priority" ? "priority" : "route"} no other service uses (${conflict.message})`, "give one of the two services a different value");
  }
  const priorities = allocatePriorities(claims);
  const shadowed = findShadowedRoutes(claims, priorities)[0];
  if (shadowed !== undefined) {
    const { service, by, broad, narrow, priority, byPriority } = shadowed;
    throw err(service, "routes.priority", priority, `a priority below ${byPriority}: service "${by}" routes "${broad}", which also matches "${narrow}", and ALB evaluates the lower priority first`,
      `set \`${NAMESPACE}:services.${service}.routes.priority\` below ${byPriority} (or give "${by}" a priority above ${priority})`);
  }

  const seenTg = new Map<string, string>();
  for (const name of names) {
    const tg = targetGroupName(scope, name, { port: parsed.services[name].port, vpcCidr: parsed.network.cidrBlock });
    if (seenTg.has(tg)) throw err(name, "", name, `a name whose target group name differs from service "${seenTg.get(tg)}"`, "shorten or rename one of the services");
    seenTg.set(tg, name);
  }

  return names.map((name): ServiceConfig => {
    const s = parsed.services[name];
    const { image, routes, sidecars, ...rest } = s;
    return {
      ...rest,
      name,
      image: image.uri !== undefined
        ? { kind: "prebuilt", uri: image.uri }
        : { kind: "build", context: image.context ?? "", dockerfile: image.dockerfile, target: image.target, args: image.args },
      routes: routes === undefined ? undefined : { pathPatterns: routes.pathPatterns, hostHeaders: routes.hostHeaders, priority: priorities.get(name) ?? 0 },
      sidecars: Object.keys(sidecars).sort().map((n) => ({ ...sidecars[n], name: n })),
      calls: [...s.calls].sort(),
      readonlyRootFilesystem: resolveReadonlyRootFilesystem(s.readonlyRootFilesystem, s.enableExecuteCommand),
      allowedCallers: names.filter((other) => parsed.services[other].calls.includes(name)),
    };
  });
}

type ErrFn = (service: string, field: string, value: unknown, allowed: string, fix: string) => ConfigError;

function checkService(name: string, s: ParsedService, parsed: ParsedConfig, projectRoot: string, err: ErrFn): void {
  const sizeProblem = checkTaskSize(s.cpu, s.memory);
  if (sizeProblem !== undefined) {
    if (sizeProblem.startsWith("cpu")) throw err(name, "cpu", s.cpu, "256, 512, 1024, 2048, 4096, 8192, 16384", "pick one of the Fargate cpu values");
    throw err(name, "memory", s.memory, `for cpu ${s.cpu}: ${describeAllowedMemory(s.cpu)}`, `pick a memory value allowed for cpu ${s.cpu}, or change \`${NAMESPACE}:services.${name}.cpu\``);
  }
  checkImage(name, s, projectRoot, err);
  const [containerProblem] = fargateTaskProblems({ containers: 1 + Object.keys(s.sidecars).length });
  if (containerProblem !== undefined) throw err(name, "sidecars", Object.keys(s.sidecars).length, `at most ${MAX_CONTAINERS_PER_TASK - 1} sidecars (${containerProblem})`, "move some sidecars into a service of their own");
  const sidecarCpu = Object.values(s.sidecars).reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const sidecarMemory = Object.values(s.sidecars).reduce((sum, c) => sum + (c.memory ?? 0), 0);
  if (sidecarCpu >= s.cpu) throw err(name, "sidecars", sidecarCpu, `sidecar cpu totalling less than the task's ${s.cpu}`, "lower the sidecars' cpu or raise the task cpu");
  if (sidecarMemory >= s.memory) throw err(name, "sidecars", sidecarMemory, `sidecar memory totalling less than the task's ${s.memory} MiB`, "lower the sidecars' memory or raise the task memory");
  for (const callee of s.calls) {
    if (callee === name || parsed.services[callee] === undefined) {
      throw err(name, "calls", s.calls, `names of other services in this stack: ${Object.keys(parsed.services).filter((n) => n !== name).sort().join(", ") || "(none)"}`, `remove "${callee}" from the list or add that service`);
    }
  }
  if (s.routes !== undefined && s.routes.pathPatterns.length === 0 && s.routes.hostHeaders.length === 0) {
    throw err(name, "routes", s.routes, "at least one of `pathPatterns` or `hostHeaders`", "add a path pattern such as /movies*, or remove `routes` for an internal-only service");
  }
  if (s.routes !== undefined) {
    const [condition] = ruleConditionProblems(s.routes);
    if (condition !== undefined) {
      const field = condition.index === undefined ? "routes" : `routes.${condition.field}.${condition.index}`;
      const fix = condition.index === undefined
        ? "route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service's routes"
        : `correct the value in \`${NAMESPACE}:services.${name}.${field}\``;
      throw err(name, field, condition.index === undefined ? { pathPatterns: s.routes.pathPatterns, hostHeaders: s.routes.hostHeaders } : condition.value, condition.allowed, fix);
    }
  }
  if (s.healthCheck.timeoutSeconds >= s.healthCheck.intervalSeconds) {
    throw err(name, "healthCheck.timeoutSeconds", s.healthCheck.timeoutSeconds, `less than healthCheck.intervalSeconds (${s.healthCheck.intervalSeconds})`, "lower the timeout or raise the interval");
  }
  if (s.enableExecuteCommand && s.readonlyRootFilesystem === true) {
    throw err(name, "readonlyRootFilesystem", true, `false or unset while \`enableExecuteCommand\` is true: ${EXEC_NEEDS_WRITABLE_ROOT}`, "remove `readonlyRootFilesystem` (it then defaults to false while ECS Exec is on), or set `enableExecuteCommand: false`");
  }
  if (s.autoscaling !== undefined) {
    if (s.autoscaling.min > s.autoscaling.max) throw err(name, "autoscaling.min", s.autoscaling.min, `at most autoscaling.max (${s.autoscaling.max})`, "lower min or raise max");
    if (s.desiredCount < s.autoscaling.min || s.desiredCount > s.autoscaling.max) {
      throw err(name, "desiredCount", s.desiredCount, `between autoscaling.min (${s.autoscaling.min}) and autoscaling.max (${s.autoscaling.max})`, "set desiredCount inside the autoscaling range");
    }
  }
  const containers: [string, Record<string, string>][] = [["environment", s.environment], ...Object.entries(s.sidecars).map(([n, c]): [string, Record<string, string>] => [`sidecars.${n}.environment`, c.environment])];
  for (const [field, env] of containers) {
    for (const [key, value] of Object.entries(env)) {
      const reason = plaintextSecretReason(key, value);
      if (reason !== undefined) {
        throw err(name, `${field}.${key}`, "[redacted]", `non-secret values only (${reason})`, `store the value in Secrets Manager or SSM and reference it under \`${field.replace(/environment$/, "secrets")}.${key}\``);
      }
    }
  }
  s.taskPolicy.forEach((stmt, i) => {
    for (const action of stmt.actions) {
      const problem = checkDeclaredAction(action);
      if (problem !== undefined) throw err(name, `taskPolicy.${i}.actions`, action, `specific actions such as s3:GetObject (${problem})`, "list the exact actions the service calls");
    }
    for (const resource of stmt.resources) {
      if (!resource.startsWith("arn:")) throw err(name, `taskPolicy.${i}.resources`, resource, "exact resource ARNs (never `*`)", "list the ARNs of the resources the service uses");
    }
  });
}

function checkImage(name: string, s: ParsedService, projectRoot: string, err: ErrFn): void {
  const { context, uri, dockerfile } = s.image;
  if ((context === undefined) === (uri === undefined)) {
    throw err(name, "image", s.image, "exactly one of `context` (build from source) or `uri` (prebuilt, digest-pinned)", "Only one of `context` or `uri` can be provided: remove the other");
  }
  if (context === undefined) return;
  const dir = path.resolve(projectRoot, context);
  if (path.isAbsolute(context) || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw err(name, "image.context", context, "a directory relative to the project root", `create ${context} or point \`image.context\` at the service's source directory`);
  }
  if (!fs.existsSync(path.join(dir, dockerfile))) {
    throw err(name, "image.dockerfile", dockerfile, `a file inside ${context}`, `add ${path.posix.join(context, dockerfile)} or set \`image.dockerfile\``);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
