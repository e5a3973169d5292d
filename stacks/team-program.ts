/**
 * The multi-stack program: one **platform** stack owns the VPC, cluster, ALB and namespace and exports them as a
 * `PlatformRef` with the team claims it records; each **services** stack reads both through a `StackReference`,
 * checks its services against its team's claim, and adds them to the platform. `dockyard:mode` picks the role;
 * single-stack dev/prod keep running `program.ts` from the repository root.
 *
 * A service stack registers nothing before its config, the platform's outputs and the claim all check out: it
 * awaits the reference (a read, not a resource it creates), validates, then creates every resource at once.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { serviceClaimProblems, type TeamClaim } from "../components/claims";
import { ConfigError } from "../components/errors";
import { testRuleOutsideClaim } from "./deployment-checks";
import { FargateService } from "../components/fargate-service";
import type { FargateServiceArgs } from "../components/fargate-service-args";
import { envName, targetGroupName } from "../components/naming";
import { Platform } from "../components/platform";
import type { PlatformRef } from "../components/platform-ref";
import { PLATFORM_REF_OUTPUT, platformRefOf, readPlatformRef, readStackOutputs, readTeamClaims, TEAMS_OUTPUT, teamsOutput, type RefSource, type ResolvedPlatformRef } from "../components/platform-ref-io";
import { PrioritiesExhaustedError, priorityBandsWithin } from "../components/routes";
import { decode, NAMESPACE, parseStackConfig, PROJECT_ROOT, readRawConfig } from "./config";
import type { ServiceOutputs } from "./program";
import type { ServiceConfig, StackConfig } from "./stack-config";
import { parsePlatformStackConfig, parseServiceStackSettings, stackMode, type PlatformStackConfig, type ServiceStackSettings } from "./team-config";

/** Outputs of a platform stack. */
export interface PlatformStackOutputs {
  /** What service stacks attach to (read by `readPlatformRef`). */
  platformRef: PlatformRef;
  /** The team claims this platform records (read by `readTeamClaims`). */
  teams: Record<string, Omit<TeamClaim, "team">>;
  baseUrl: pulumi.Output<string>;
}

/** Outputs of a service stack. */
export interface ServicesStackOutputs {
  platformStack: string;
  team: string;
  services: Record<string, pulumi.Output<ServiceOutputs>>;
}

/**
 * `<organization>/<project>/<stack>` of the running stack. The CLI always knows the organization; the offline
 * gate's mocks may not, and then it is `organization`, the name the CLI's self-managed backends use.
 */
export function qualifiedStackName(): string {
  let organization = "organization";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // Mocks without an organization: keep the self-managed backends' name.
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** Entry point of a platform or service stack (`dockyard:mode`). */
export async function teamStackProgram(): Promise<PlatformStackOutputs | ServicesStackOutputs> {
  const raw = readRawConfig();
  const qualified = qualifiedStackName();
  return stackMode(raw) === "platform" ? platformStack(parsePlatformStackConfig(raw, qualified)) : servicesStack(parseServiceStackSettings(raw, qualified));
}

/** Creates only the Platform and exports its `PlatformRef` and the team claims. */
export function platformStack(config: PlatformStackConfig): PlatformStackOutputs {
  const platform = new Platform(config.stack, {
    environment: config.stack,
    project: config.project,
    network: config.network,
    cluster: config.cluster,
    loadBalancer: config.loadBalancer,
    discoveryNamespace: config.discoveryNamespace,
  });
  return {
    platformRef: platformRefOf(platform, { environment: config.stack, project: config.project, region: config.region }),
    teams: teamsOutput(config.teams),
    baseUrl: platform.baseUrl,
  };
}

/** Reads the platform stack, checks this stack's services against its team's claim, then adds them. */
export async function servicesStack(settings: ServiceStackSettings): Promise<ServicesStackOutputs> {
  const reference = new pulumi.StackReference(settings.platformStack);
  const outputs = await readStackOutputs(reference, [PLATFORM_REF_OUTPUT, TEAMS_OUTPUT]);
  const src: RefSource = { platformStack: settings.platformStack, readBy: settings.qualifiedStack };
  const ref = readPlatformRef(outputs[PLATFORM_REF_OUTPUT], src);
  const config = resolveServiceStack(settings, ref, readTeamClaims(outputs[TEAMS_OUTPUT], src));
  const services = addTeamServices(config, ref);
  return { platformStack: settings.platformStack, team: settings.team, services: serviceOutputs(services) };
}

/**
 * Validates a service stack against what its platform stack recorded: the team's claim exists and names this
 * stack, the region matches, the services parse (priorities allocated inside the claim's range), and every route
 * stays inside the claim. Each refusal names this stack's file and both stacks.
 */
export function resolveServiceStack(settings: ServiceStackSettings, ref: ResolvedPlatformRef, claims: readonly TeamClaim[]): StackConfig {
  const f = settings.stackFile;
  const platform = settings.platformStack;
  const claim = claims.find((c) => c.team === settings.team);
  if (claim === undefined) {
    throw ConfigError.field(f, `${NAMESPACE}:team`, settings.team, `a team platform stack ${platform} records under \`dockyard:teams\` (${claims.map((c) => c.team).join(", ") || "none"})`,
      `add \`dockyard:teams.${settings.team}\` (stack ${settings.qualifiedStack}, a priority range and a route prefix) to the platform stack and run \`pulumi up --stack ${platform}\`, or correct \`dockyard:team\``);
  }
  if (claim.stack !== settings.qualifiedStack) {
    throw ConfigError.field(f, `${NAMESPACE}:team`, settings.team, `a team whose claim names this stack: platform stack ${platform} records team "${claim.team}" for stack ${claim.stack}, not ${settings.qualifiedStack}`,
      `run team "${claim.team}"'s services from ${claim.stack}, or change \`dockyard:teams.${claim.team}.stack\` of the platform stack to ${settings.qualifiedStack}`);
  }
  if (ref.region !== settings.region) {
    throw ConfigError.field(f, "aws:region", settings.region, `${ref.region}, the region of platform stack ${platform} (services attach to its VPC, cluster and listener)`, `set \`aws:region: ${ref.region}\``);
  }
  const config = parseInClaim(settings, claim);
  const routed = config.services.flatMap((s) => (s.routes === undefined ? [] : [{ service: s.name, ...s.routes }]));
  const [problem] = serviceClaimProblems(claim, routed, claims, platform);
  if (problem !== undefined) throw ConfigError.field(f, `${NAMESPACE}:services.${problem.subject}.${problem.field}`, problem.value, problem.allowed, problem.fix);
  const testRule = testRuleOutsideClaim(config.services.map((s) => ({ name: s.name, strategy: s.deployment.strategy, priority: s.routes?.priority })), claim.priorities);
  if (testRule !== undefined) throw ConfigError.field(f, `${NAMESPACE}:services.${testRule.service}.${testRule.field}`, testRule.value, testRule.allowed, testRule.fix);
  const routedService = config.services.find((s) => s.routes !== undefined);
  if (routedService !== undefined && ref.listener === undefined) {
    throw ConfigError.field(f, `${NAMESPACE}:services.${routedService.name}.routes`, routedService.routes, `no routes: platform stack ${platform} has no load balancer listener`, "remove `routes` (an internal-only service), or give the platform a load balancer");
  }
  const caller = config.services.find((s) => s.calls.length > 0);
  if (caller !== undefined && ref.discovery === undefined) {
    throw ConfigError.field(f, `${NAMESPACE}:services.${caller.name}.calls`, caller.calls, `no calls: platform stack ${platform} has no Cloud Map namespace`, "remove `calls`, or give the platform a namespace");
  }
  return config;
}

/** The stack's services, unset priorities allocated inside the claim; a claim too small for them is refused. */
function parseInClaim(settings: ServiceStackSettings, claim: TeamClaim): StackConfig {
  try {
    return parseStackConfig(settings.entries, settings.stack, settings.region, PROJECT_ROOT, settings.project, { secretKeys: settings.secretKeys, priorityBands: priorityBandsWithin(claim.priorities) });
  } catch (err) {
    if (!(err instanceof PrioritiesExhaustedError)) throw err;
    const services = decode(settings.entries["services"] ?? "{}") as Record<string, { routes?: unknown } | undefined>;
    throw ConfigError.field(settings.stackFile, `${NAMESPACE}:services.${err.service}.routes`, services[err.service]?.routes,
      `a route that fits team "${claim.team}"'s claim [${claim.priorities[0]}, ${claim.priorities[1]}] (recorded by platform stack ${settings.platformStack}): its ${err.band.slots} priorities for rules like this one from ${err.band.first} are taken`,
      "set explicit `routes.priority` values inside the range, or have the platform stack widen the claim");
  }
}

/**
 * The one place a service stack attaches its services to a referenced platform (at merge: `addService` on a
 * service set built from the `PlatformRef`). Physical names are scoped by this stack (project and stack), so two
 * teams' services of the same name never share an AWS name.
 */
export function addTeamServices(config: StackConfig, ref: ResolvedPlatformRef): Map<string, FargateService> {
  const services = new Map(config.services.map((svc) => [svc.name, new FargateService(svc.name, refServiceArgs(config, svc, ref))]));
  for (const svc of config.services) {
    for (const caller of svc.allowedCallers) {
      const callee = services.get(svc.name);
      const from = services.get(caller);
      if (callee === undefined || from === undefined) throw new Error(`internal: service "${svc.name}" or "${caller}" was validated but not created`);
      callee.allowCallsFrom(from);
    }
  }
  return services;
}

/** A service's args on a referenced platform (the single-stack mapping is `serviceArgs` in program.ts). */
function refServiceArgs(config: StackConfig, svc: ServiceConfig, ref: ResolvedPlatformRef): FargateServiceArgs {
  const namespace = ref.discovery?.namespaceName;
  const callEnv = Object.fromEntries(svc.calls.map((callee) => [`${envName(callee)}_URL`, `http://${callee}.${namespace}:${config.services.find((s) => s.name === callee)?.port ?? 8080}`]));
  const listener = ref.listener;
  return {
    environment: config.stack,
    project: config.project,
    region: config.region,
    accountId: ref.accountId,
    partition: ref.partition,
    clusterArn: ref.cluster.arn,
    clusterName: ref.cluster.name,
    vpcId: ref.network.vpcId,
    privateSubnetIds: ref.network.privateSubnetIds,
    image: svc.image.kind === "prebuilt" ? svc.image : { ...svc.image, contextPath: path.resolve(PROJECT_ROOT, svc.image.context) },
    architecture: svc.architecture,
    cpu: svc.cpu,
    memory: svc.memory,
    port: svc.port,
    desiredCount: svc.desiredCount,
    environmentVariables: { ...svc.environment, ...callEnv },
    secrets: svc.secrets,
    kmsKeyArns: svc.kmsKeyArns,
    sidecars: svc.sidecars,
    containerHealthCheck: svc.containerHealthCheck,
    readonlyRootFilesystem: svc.readonlyRootFilesystem,
    stopTimeoutSeconds: svc.stopTimeoutSeconds,
    taskPolicy: svc.taskPolicy,
    enableExecuteCommand: svc.enableExecuteCommand,
    // Unset: the platform cluster's default strategy applies (a team sets its own per service).
    capacityProviderStrategy: svc.capacityProviderStrategy,
    loadBalancer: svc.routes === undefined || listener === undefined ? undefined : {
      listenerArn: listener.arn,
      loadBalancerArn: listener.loadBalancerArn,
      securityGroupId: listener.securityGroupId,
      baseUrl: listener.baseUrl,
      targetGroupName: targetGroupName({ project: config.project, stack: config.stack }, svc.name, { port: svc.port, vpcCidr: ref.network.vpcCidr }),
      pathPatterns: svc.routes.pathPatterns,
      hostHeaders: svc.routes.hostHeaders,
      priority: svc.routes.priority,
      healthCheck: svc.healthCheck,
      deregistrationDelaySeconds: svc.deregistrationDelaySeconds,
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    },
    discovery: ref.discovery === undefined ? undefined : { namespaceId: ref.discovery.namespaceId, namespaceName: ref.discovery.namespaceName },
    autoscaling: svc.autoscaling,
    deployment: svc.deployment,
    logRetentionDays: config.logRetentionDays,
    keepTaggedImages: config.ecrKeepTaggedImages,
    forceDeleteRepository: config.ecrForceDelete,
    protect: config.protect,
  };
}

function serviceOutputs(services: ReadonlyMap<string, FargateService>): Record<string, pulumi.Output<ServiceOutputs>> {
  return Object.fromEntries([...services].map(([name, s]) => [name, pulumi.output({
    serviceName: s.serviceName,
    taskDefinitionArn: s.taskDefinitionArn,
    imageUri: s.imageUri,
    targetGroupArn: s.targetGroupArn,
    discoveryName: s.discoveryName,
    url: s.url,
  })]));
}
