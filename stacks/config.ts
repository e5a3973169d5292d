/**
 * Reads and validates the stack's configuration. This is the only module that reads `pulumi.Config`; it
 * validates everything before the program registers a single resource and returns a deep-frozen StackConfig.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { deploymentAlbProblem, testRuleCollision } from "./deployment-checks";
import {
  describeProblem,
  firstNameProblem,
  platformPhysicalNames,
  platformProblems,
  resolveReadonlyRootFilesystem,
  serviceConnectProblems,
  serviceProblems,
  serviceSetProblems,
  suggestStackName,
  type NameScope,
  type PriorityBands,
  type Problem,
} from "../components/index";
import { ConfigError } from "./config-error";
import { AWS_REGIONS, regionPartition } from "./aws-regions";
import { configErrorFromIssue, pickIssue } from "./config-issue";
import { checkNamespaces } from "./config-namespace";
import { CONFIG_KEYS, configSchema, type ParsedConfig, type ParsedService } from "./config-schema";
import { contextProblem, dockerfileProblem } from "./image-paths";
import { maskSecrets } from "./mask";
import { checkCertificate } from "./platform-checks";
import { configLabel, configSegments, serviceEntry } from "./service-args";
import { closest } from "./suggest";
import type { ServiceConfig, StackConfig, UnresolvedService } from "./stack-config";

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
export function parseStackConfig(
  entries: Readonly<Record<string, string>>,
  stack: string,
  region: string | undefined,
  projectRoot = PROJECT_ROOT,
  project = NAMESPACE,
  options: ParseOptions = {},
): StackConfig {
  const file = `Pulumi.${stack}.yaml`;
  checkStackName(file, { project, stack });
  checkRegion(file, region, stack);
  const decoded: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(entries)) decoded[key] = decode(raw);
  for (const key of [...(options.secretKeys ?? [])].sort()) {
    const at = [key, ...(shownSecretPath(decoded[key]) ?? [])];
    throw ConfigError.field(
      file,
      fieldPath(at),
      SHOWN_SECRET,
      "plain values: no dockyard setting takes a secret (a `secure:` value under `environment` would be decrypted into the task definition's plain environment)",
      "store the secret in Secrets Manager or SSM and reference its ARN under `services.<name>.secrets.<VARIABLE>`",
    );
  }
  const result = configSchema.safeParse(decoded);
  if (!result.success) throw configErrorFromIssue(file, NAMESPACE, decoded, pickIssue(result.error.issues), Object.keys(CONFIG_KEYS));
  throwConfigProblem(
    file,
    undefined,
    platformProblems(stack, {
      environment: stack,
      project,
      network: result.data.network,
      cluster: result.data.cluster,
      discoveryNamespace: "",
    }),
  );
  checkCertificate(file, `${NAMESPACE}:loadBalancer.certificateArn`, result.data.loadBalancer.certificateArn, region, stack);
  const { mode, accessLogFormat, idleTimeoutSeconds, perRequestTimeoutSeconds, restartToken } = result.data.discovery;
  const discovery = { mode, accessLogFormat, idleTimeoutSeconds, perRequestTimeoutSeconds, restartToken };
  // Stack-wide, before the services (which get these settings as `serviceConnect` and run the same rule).
  throwConfigProblem(file, undefined, serviceConnectProblems(["discovery"], discovery));
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
    discovery,
    protect: result.data.protect,
    logRetentionDays: result.data.logRetentionDays,
    ecrKeepTaggedImages: result.data.ecrKeepTaggedImages,
    ecrForceDelete: result.data.ecrForceDelete,
    services,
  };
  if (config.protect && config.ecrForceDelete) {
    throw ConfigError.field(
      file,
      `${NAMESPACE}:ecrForceDelete`,
      true,
      "false when `dockyard:protect` is true",
      "remove `dockyard:ecrForceDelete` (protected stacks never force-delete repositories)",
    );
  }
  return deepFreeze(config);
}

/** `aws:region` must be a region AWS lists. */
export function checkRegion(file: string, region: string | undefined, stack: string): asserts region is string {
  if (region === undefined || regionPartition(region) === undefined) {
    const guess = region === undefined ? undefined : closest(region, AWS_REGIONS);
    throw ConfigError.field(
      file,
      "aws:region",
      region,
      region === undefined
        ? "an AWS region such as us-east-1"
        : `an AWS region (${AWS_REGIONS.length} in AWS's partitions.json, e.g. us-east-1, eu-west-1)`,
      `set it with \`pulumi config set aws:region ${guess ?? "us-east-1"} --stack ${stack}\`${guess === undefined ? "" : ` (did you mean ${guess}?)`}`,
    );
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
  throw ConfigError.field(
    file,
    "stack name",
    scope.stack,
    `a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (${problem})`,
    `use a stack such as "${suggestion}": \`pulumi stack rename ${suggestion}\` (or \`pulumi stack init ${suggestion}\` and rename ${file} to Pulumi.${suggestion}.yaml)`,
  );
}

function resolveServices(
  file: string,
  scope: NameScope,
  parsed: ParsedConfig,
  projectRoot: string,
  bands?: PriorityBands,
): ServiceConfig[] {
  const names = Object.keys(parsed.services).sort();
  for (const name of names) checkImage(file, name, parsed.services[name], projectRoot);
  const unresolved = names.map((name) => toServiceConfig(name, parsed.services[name]));
  const entries = Object.fromEntries(unresolved.map((svc) => [svc.name, serviceEntry(svc, parsed, projectRoot)]));
  // The component layer's rules, each service alone, then the set (priorities, routes, calls, target groups).
  const platform = {
    project: scope.project,
    environment: scope.stack,
    vpcCidr: parsed.network.cidrBlock,
    hasListener: true,
    hasDiscovery: true,
  };
  for (const name of names) throwConfigProblem(file, name, serviceProblems(name, { ...entries[name], platform }));
  const set = serviceSetProblems(entries, [], scope, parsed.network.cidrBlock, bands);
  throwConfigProblem(file, names[0], set.problems);
  // The ALB's capacity and the test rules' priorities (components/deployment), once every priority is known.
  const capacity = deploymentAlbProblem(
    names.map((name) => ({
      name,
      routed: parsed.services[name].routes !== undefined,
      strategy: parsed.services[name].deployment.strategy,
    })),
    parsed.loadBalancer.rulesQuota,
  );
  if (capacity !== undefined)
    throw ConfigError.field(file, `${NAMESPACE}:${capacity.field}`, capacity.value, capacity.allowed, capacity.fix);
  const testRule = testRuleCollision(
    names.map((name) => ({ name, strategy: parsed.services[name].deployment.strategy, priority: set.priorities.get(name) })),
  );
  if (testRule !== undefined)
    throw ConfigError.field(
      file,
      `${NAMESPACE}:services.${testRule.service}.${testRule.field}`,
      testRule.value,
      testRule.allowed,
      testRule.fix,
    );
  return unresolved.map((svc): ServiceConfig => ({
    ...svc,
    routes: svc.routes === undefined ? undefined : { ...svc.routes, priority: set.priorities.get(svc.name) ?? 0 },
    allowedCallers: names.filter((other) => parsed.services[other].calls.includes(svc.name)),
  }));
}

/** One parsed service in the program's terms (priorities not yet allocated, callers not yet known). */
function toServiceConfig(name: string, s: ParsedService): UnresolvedService {
  const { image, routes, sidecars, ...rest } = s;
  return {
    ...rest,
    name,
    image:
      image.uri !== undefined
        ? { kind: "prebuilt", uri: image.uri }
        : { kind: "build", context: image.context ?? "", dockerfile: image.dockerfile, target: image.target, args: image.args },
    routes:
      routes === undefined ? undefined : { pathPatterns: routes.pathPatterns, hostHeaders: routes.hostHeaders, priority: routes.priority },
    sidecars: Object.fromEntries(
      Object.keys(sidecars)
        .sort()
        .map((n) => [n, sidecars[n]]),
    ),
    calls: [...s.calls].sort(),
    readonlyRootFilesystem: resolveReadonlyRootFilesystem(s.readonlyRootFilesystem, s.enableExecuteCommand),
  };
}

/** Throws the first component problem as a `ConfigError` with its YAML path (the value masked when it may be a secret). */
export function throwConfigProblem(file: string, service: string | undefined, problems: readonly Problem[]): void {
  const [first] = problems;
  if (first === undefined) return;
  const owner = first.service ?? service;
  const masked = { ...first, value: maskSecrets(first.value, configSegments(first.field, owner)) };
  throw new ConfigError(`${file}: ${describeProblem(masked, configLabel(NAMESPACE), owner)}`);
}

/** Config-only: the build context and Dockerfile exist inside the project (the components never read files). */
function checkImage(file: string, name: string, s: ParsedService, projectRoot: string): void {
  const err = (field: string, value: unknown, allowed: string, fix: string) =>
    ConfigError.field(
      file,
      `${NAMESPACE}:services.${name}.${field}`,
      maskSecrets(value, ["services", name, ...field.split(".")]),
      allowed,
      fix,
    );
  const { context, uri, dockerfile } = s.image;
  if ((context === undefined) === (uri === undefined)) {
    throw err(
      "image",
      s.image,
      "exactly one of `context` (build from source) or `uri` (prebuilt, digest-pinned)",
      "Only one of `context` or `uri` can be provided: remove the other",
    );
  }
  if (context === undefined) return;
  const contextIs = contextProblem(projectRoot, context);
  if (contextIs === "outside the project root" || contextIs?.startsWith("a link")) {
    throw err(
      "image.context",
      context,
      `a directory inside the project root (this one is ${contextIs}: the whole context is hashed and sent to the builder)`,
      "point `image.context` at the service's source directory, e.g. services/movie-service",
    );
  }
  if (contextIs !== undefined) {
    throw err(
      "image.context",
      context,
      "a directory relative to the project root",
      `create ${context} or point \`image.context\` at the service's source directory`,
    );
  }
  const dockerfileIs = dockerfileProblem(path.resolve(projectRoot, context), dockerfile);
  if (dockerfileIs === "outside the build context" || dockerfileIs?.startsWith("a link") || dockerfileIs?.startsWith("an absolute")) {
    throw err(
      "image.dockerfile",
      dockerfile,
      `a file inside ${context} (this one is ${dockerfileIs})`,
      "move the Dockerfile into the context and set `image.dockerfile` relative to it, e.g. Dockerfile",
    );
  }
  if (dockerfileIs !== undefined) {
    throw err(
      "image.dockerfile",
      dockerfile,
      `a file inside ${context}`,
      `add ${path.posix.join(context, dockerfile)} or set \`image.dockerfile\``,
    );
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
