/**
 * Reads and validates the stack's configuration. This is the only module that reads `pulumi.Config`; it
 * validates everything before the program registers a single resource and returns a deep-frozen StackConfig.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { EXEC_NEEDS_WRITABLE_ROOT, resolveReadonlyRootFilesystem } from "../components/ecs-exec";
import { ConfigError } from "../components/errors";
import { checkTaskSize, describeAllowedMemory } from "../components/fargate-size";
import { checkDeclaredAction } from "../components/iam";
import { fargateTaskProblems, MAX_CONTAINERS_PER_TASK, ruleConditionProblems } from "../components/aws-rules";
import { deploymentAlbProblem, deploymentConfigProblem, testRuleCollision } from "./deployment-checks";
import { envName, firstNameProblem, platformPhysicalNames, servicePhysicalNames, suggestStackName, targetGroupName, type NameScope } from "../components/naming";
import { allocatePriorities, findRouteConflicts, findShadowedRoutes, type PriorityBands, type RouteClaim } from "../components/routes";
import { AWS_REGIONS, regionPartition } from "./aws-regions";
import { configErrorFromIssue, pickIssue } from "./config-issue";
import { checkNamespaces } from "./config-namespace";
import { CONFIG_KEYS, configSchema, type ParsedConfig, type ParsedService } from "./config-schema";
import { contextProblem, dockerfileProblem } from "./image-paths";
import { maskSecrets } from "./mask";
import { checkCapacityStrategy, checkCertificate } from "./platform-checks";
import { plaintextSecretReason } from "./plaintext-secrets";
import { findWildcardHostShadows, isAnyHost, reorderFix } from "./route-order";
import { closest } from "./suggest";
import { resourceWildcardProblem } from "./task-policy";
import type { ServiceConfig, StackConfig } from "./stack-config";

/** Config namespace of the project. */
export const NAMESPACE = "dockyard";
/** Project root: build contexts in config are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Reads `dockyard:*` and `aws:region` from the running Pulumi program's config and validates them. */
export function loadStackConfig(): StackConfig {
  const raw = readRawConfig();
  return parseStackConfig(raw.entries, raw.stack, raw.region, PROJECT_ROOT, raw.project, { secretKeys: raw.secretKeys });
}

/** The running program's `dockyard:*` entries (raw strings), which of them are secret, and `aws:region`. */
export interface RawConfig {
  stack: string;
  project: string;
  entries: Record<string, string>;
  secretKeys: string[];
  region: string | undefined;
}

/** Reads the running program's config (misspelt namespaces refused), without validating the values. */
export function readRawConfig(): RawConfig {
  const stack = pulumi.getStack();
  const entries: Record<string, string> = {};
  const secretKeys: string[] = [];
  const dockyard = new pulumi.Config(NAMESPACE);
  const fullKeys = Object.keys(pulumi.runtime.allConfig());
  checkNamespaces(`Pulumi.${stack}.yaml`, NAMESPACE, fullKeys);
  for (const fullKey of fullKeys) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    const value = dockyard.get(key);
    if (value !== undefined) entries[key] = value;
    if (isConfigSecret(fullKey)) secretKeys.push(key);
  }
  return { stack, project: pulumi.getProject(), entries, secretKeys, region: new pulumi.Config("aws").get("region") };
}

/** The SDK's own record of which keys came from `secure:` values (not in its typings: marked internal). */
function isConfigSecret(fullKey: string): boolean {
  const check = (runtimeConfig as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
  return check?.(fullKey) === true;
}

/** How the offline preview and `pulumi config` (without --show-secrets) show a secret value. */
const SHOWN_SECRET = "[secret]";

/** Where in a decoded value a secret is shown, if anywhere (`["movie-service", "environment", "DB"]`). */
function shownSecretPath(value: unknown, at: string[] = []): string[] | undefined {
  if (value === SHOWN_SECRET) return at;
  if (value === null || typeof value !== "object") return undefined;
  for (const [k, v] of Object.entries(value)) {
    const found = shownSecretPath(v, [...at, k]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Options of `parseStackConfig`. */
export interface ParseOptions {
  /**
   * `dockyard:*` keys (without namespace) whose value holds a `secure:` entry. No dockyard setting takes a
   * secret (secrets are referenced by ARN under `services.<name>.secrets`), so each is refused.
   * @default []
   */
  secretKeys?: readonly string[];
  /**
   * Where services without `routes.priority` get one: a service stack passes the bands inside its claim.
   * @default - the whole listener (`DEFAULT_PRIORITY_BANDS`)
   */
  priorityBands?: PriorityBands;
}

/**
 * Validates raw config values (`key` without namespace → string as the CLI passes it; structured values are
 * JSON) for `stack` of `project` (the config namespace is the project name). Throws one `ConfigError` naming the
 * file, field path, value, what is allowed and the fix.
 */
export function parseStackConfig(entries: Readonly<Record<string, string>>, stack: string, region: string | undefined, projectRoot = PROJECT_ROOT, project = NAMESPACE, options: ParseOptions = {}): StackConfig {
  const file = `Pulumi.${stack}.yaml`;
  checkStackName(file, { project, stack });
  checkRegion(file, region, stack);
  const decoded: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(entries)) decoded[key] = decode(raw);
  for (const key of [...(options.secretKeys ?? [])].sort()) {
    const at = [key, ...(shownSecretPath(decoded[key]) ?? [])];
    throw ConfigError.field(file, fieldPath(at), SHOWN_SECRET, "plain values: no dockyard setting takes a secret (a `secure:` value under `environment` would be decrypted into the task definition's plain environment)",
      "store the secret in Secrets Manager or SSM and reference its ARN under `services.<name>.secrets.<VARIABLE>`");
  }
  const result = configSchema.safeParse(decoded);
  if (!result.success) throw configErrorFromIssue(file, NAMESPACE, decoded, pickIssue(result.error.issues), Object.keys(CONFIG_KEYS));
  checkCapacityStrategy(file, `${NAMESPACE}:cluster.capacityProviderStrategy`, result.data.cluster.capacityProviderStrategy);
  checkCertificate(file, `${NAMESPACE}:loadBalancer.certificateArn`, result.data.loadBalancer.certificateArn, region, stack);
  const services = resolveServices(file, { project, stack }, result.data, projectRoot, options.priorityBands);
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

/** `aws:region` must be a region AWS lists. */
export function checkRegion(file: string, region: string | undefined, stack: string): asserts region is string {
  if (region === undefined || regionPartition(region) === undefined) {
    const guess = region === undefined ? undefined : closest(region, AWS_REGIONS);
    throw ConfigError.field(file, "aws:region", region, region === undefined ? "an AWS region such as us-east-1" : `an AWS region (${AWS_REGIONS.length} in AWS's partitions.json, e.g. us-east-1, eu-west-1)`,
      `set it with \`pulumi config set aws:region ${guess ?? "us-east-1"} --stack ${stack}\`${guess === undefined ? "" : ` (did you mean ${guess}?)`}`);
  }
}

/** The CLI passes every value as a string; structured values and numbers/booleans arrive JSON-encoded. */
export function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function fieldPath(segments: readonly string[]): string {
  return `${NAMESPACE}:${segments.join(".")}`;
}

/**
 * The stack name is part of every physical name (ALB, target groups, repositories, log groups, families, security
 * groups, the cluster): a name AWS would refuse for any of them is refused here, before anything is registered.
 */
export function checkStackName(file: string, scope: NameScope): void {
  const problem = firstNameProblem(platformPhysicalNames(scope));
  if (problem === undefined) return;
  const suggestion = suggestStackName(scope.stack);
  throw ConfigError.field(file, "stack name", scope.stack, `a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (${problem})`,
    `use a stack such as "${suggestion}": \`pulumi stack rename ${suggestion}\` (or \`pulumi stack init ${suggestion}\` and rename ${file} to Pulumi.${suggestion}.yaml)`);
}

function resolveServices(file: string, scope: NameScope, parsed: ParsedConfig, projectRoot: string, bands?: PriorityBands): ServiceConfig[] {
  const names = Object.keys(parsed.services).sort();
  const err = (service: string, field: string, value: unknown, allowed: string, fix: string) =>
    ConfigError.field(file, `${NAMESPACE}:services.${service}${field === "" ? "" : `.${field}`}`, maskSecrets(value, ["services", service, ...field.split(".")]), allowed, fix);

  for (const name of names) {
    checkService(file, name, parsed.services[name], parsed, projectRoot, err);
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
  const priorities = allocatePriorities(claims, bands);
  const taken = new Set(priorities.values());
  const testCollision = testRuleCollision(names.map((name) => ({ name, strategy: parsed.services[name].deployment.strategy, priority: priorities.get(name) })));
  if (testCollision !== undefined) throw err(testCollision.service, "routes.priority", testCollision.value, testCollision.allowed, testCollision.fix);
  const shadowed = findShadowedRoutes(claims, priorities)[0];
  if (shadowed !== undefined) {
    const { service, by, broad, narrow, priority, byPriority } = shadowed;
    throw err(service, "routes.priority", priority, `an order that evaluates this rule before service "${by}"'s (priority ${byPriority}): "${by}" routes "${broad}", which also matches "${narrow}", and ALB evaluates the lower priority first`,
      reorderFix(NAMESPACE, service, by, priority, byPriority, taken));
  }
  const wild = findWildcardHostShadows(claims, priorities)[0];
  if (wild !== undefined) {
    const { service, host, by, byHost, path: sharedPath, priority, byPriority, mutual } = wild;
    if (mutual) {
      throw err(service, "routes.hostHeaders", parsed.services[service].routes?.hostHeaders, `host patterns that cannot match the same host as another service's on the same path: "${by}" routes "${byHost}" and this service "${host}" on path "${sharedPath}", so whichever ALB evaluates first takes the other's requests`,
        `list exact hosts, or narrow "${host}" or "${by}"'s "${byHost}" so no host matches both`);
    }
    throw err(service, "routes.priority", priority, `an order that evaluates this rule before service "${by}"'s (priority ${byPriority}): "${by}" routes host "${byHost}", which also matches "${host}", on path "${sharedPath}", and ALB evaluates the lower priority first`,
      reorderFix(NAMESPACE, service, by, priority, byPriority, taken));
  }

  const capacity = deploymentAlbProblem(names.map((name) => ({ name, routed: parsed.services[name].routes !== undefined, strategy: parsed.services[name].deployment.strategy })), parsed.loadBalancer.rulesQuota);
  if (capacity !== undefined) throw ConfigError.field(file, `${NAMESPACE}:${capacity.field}`, capacity.value, capacity.allowed, capacity.fix);

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

function checkService(file: string, name: string, s: ParsedService, parsed: ParsedConfig, projectRoot: string, err: ErrFn): void {
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
  s.routes?.hostHeaders.forEach((host, i) => {
    if (isAnyHost(host)) {
      throw err(name, `routes.hostHeaders.${i}`, host, "a host name or a pattern with a fixed part such as *.example.com (a wildcard-only host matches every request and, being host-scoped, is evaluated before every any-host rule)",
        "remove it: a route without `hostHeaders` already matches any host, in the any-host band");
    }
  });
  for (const callee of s.calls) {
    const injected = `${envName(callee)}_URL`;
    for (const field of ["environment", "secrets"] as const) {
      if (Object.prototype.hasOwnProperty.call(s[field], injected)) {
        throw err(name, `${field}.${injected}`, s[field][injected], `a variable other than ${injected}: the platform sets it to "${callee}"'s Cloud Map URL because \`calls\` lists "${callee}"`,
          `remove \`${field}.${injected}\` (the injected URL is http://${callee}.<namespace>:<port>), or remove "${callee}" from \`calls\``);
      }
    }
  }
  const deployment = deploymentConfigProblem(s);
  if (deployment !== undefined) throw err(name, `deployment.${deployment.field}`, deployment.value, deployment.allowed, deployment.fix);
  if (s.capacityProviderStrategy !== undefined) checkCapacityStrategy(file, `${NAMESPACE}:services.${name}.capacityProviderStrategy`, s.capacityProviderStrategy);
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
      if (!resource.startsWith("arn:") && resource !== "*") throw err(name, `taskPolicy.${i}.resources`, resource, "exact resource ARNs (never `*`)", "list the ARNs of the resources the service uses");
      const problem = resourceWildcardProblem(resource);
      if (problem !== undefined) {
        throw err(name, `taskPolicy.${i}.resources`, resource, `exact resource ARNs (never \`*\`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): ${problem}`, "list the ARNs of the resources the service uses");
      }
    }
  });
}

function checkImage(name: string, s: ParsedService, projectRoot: string, err: ErrFn): void {
  const { context, uri, dockerfile } = s.image;
  if ((context === undefined) === (uri === undefined)) {
    throw err(name, "image", s.image, "exactly one of `context` (build from source) or `uri` (prebuilt, digest-pinned)", "Only one of `context` or `uri` can be provided: remove the other");
  }
  if (context === undefined) return;
  const contextIs = contextProblem(projectRoot, context);
  if (contextIs === "outside the project root" || contextIs?.startsWith("a link")) {
    throw err(name, "image.context", context, `a directory inside the project root (this one is ${contextIs}: the whole context is hashed and sent to the builder)`, "point `image.context` at the service's source directory, e.g. services/movie-service");
  }
  if (contextIs !== undefined) {
    throw err(name, "image.context", context, "a directory relative to the project root", `create ${context} or point \`image.context\` at the service's source directory`);
  }
  const dockerfileIs = dockerfileProblem(path.resolve(projectRoot, context), dockerfile);
  if (dockerfileIs === "outside the build context" || dockerfileIs?.startsWith("a link") || dockerfileIs?.startsWith("an absolute")) {
    throw err(name, "image.dockerfile", dockerfile, `a file inside ${context} (this one is ${dockerfileIs})`, "move the Dockerfile into the context and set `image.dockerfile` relative to it, e.g. Dockerfile");
  }
  if (dockerfileIs !== undefined) {
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
