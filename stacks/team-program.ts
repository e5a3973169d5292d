/**
 * The multi-stack program: one **platform** stack owns the VPC, cluster, ALB and namespace and exports them as a
 * `PlatformRef` with the team claims it records; each **services** stack reads both through a `StackReference`,
 * checks its services against its team's claim, and adds them to the platform. `dockyard:mode` picks the role;
 * single-stack dev/prod keep running `program.ts` from the repository root.
 *
 * A service stack registers nothing before its config, the platform's outputs and the claim all check out: it
 * awaits the reference (a read, not a resource it creates), validates, then creates every resource at once.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  serviceClaimProblems,
  type TeamClaim,
  type FargateService,
  Platform,
  ServiceSet,
  type PlatformRef,
  PLATFORM_REF_OUTPUT,
  platformRefOf,
  readPlatformRef,
  readStackOutputs,
  readTeamClaims,
  TEAMS_OUTPUT,
  teamsOutput,
  type RefSource,
  type ResolvedPlatformRef,
  PrioritiesExhaustedError,
  priorityBandsWithin,
} from "../components/index";
import { ConfigError } from "./config-error";
import { testRuleOutsideClaim } from "./deployment-checks";
import { decode, NAMESPACE, parseStackConfig, PROJECT_ROOT, readRawConfig } from "./config";
import { serviceEntry } from "./service-args";
import type { ServiceOutputs } from "./program";
import type { StackConfig } from "./stack-config";
import {
  parsePlatformStackConfig,
  parseServiceStackSettings,
  stackMode,
  type PlatformStackConfig,
  type ServiceStackSettings,
} from "./team-config";

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
  return stackMode(raw) === "platform"
    ? platformStack(parsePlatformStackConfig(raw, qualified))
    : servicesStack(parseServiceStackSettings(raw, qualified));
}

/** Creates only the Platform and exports its `PlatformRef` and the team claims. */
export function platformStack(config: PlatformStackConfig): PlatformStackOutputs {
  const platform = new Platform(config.stack, {
    environment: config.stack,
    project: config.project,
    region: config.region,
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
    throw ConfigError.field(
      f,
      `${NAMESPACE}:team`,
      settings.team,
      `a team platform stack ${platform} records under \`dockyard:teams\` (${claims.map((c) => c.team).join(", ") || "none"})`,
      `add \`dockyard:teams.${settings.team}\` (stack ${settings.qualifiedStack}, a priority range and a route prefix) to the platform stack and run \`pulumi up --stack ${platform}\`, or correct \`dockyard:team\``,
    );
  }
  if (claim.stack !== settings.qualifiedStack) {
    throw ConfigError.field(
      f,
      `${NAMESPACE}:team`,
      settings.team,
      `a team whose claim names this stack: platform stack ${platform} records team "${claim.team}" for stack ${claim.stack}, not ${settings.qualifiedStack}`,
      `run team "${claim.team}"'s services from ${claim.stack}, or change \`dockyard:teams.${claim.team}.stack\` of the platform stack to ${settings.qualifiedStack}`,
    );
  }
  if (ref.region !== settings.region) {
    throw ConfigError.field(
      f,
      "aws:region",
      settings.region,
      `${ref.region}, the region of platform stack ${platform} (services attach to its VPC, cluster and listener)`,
      `set \`aws:region: ${ref.region}\``,
    );
  }
  const config = parseInClaim(settings, claim);
  const routed = config.services.flatMap((s) => (s.routes === undefined ? [] : [{ service: s.name, ...s.routes }]));
  const [problem] = serviceClaimProblems(claim, routed, claims, platform);
  if (problem !== undefined)
    throw ConfigError.field(f, `${NAMESPACE}:services.${problem.subject}.${problem.field}`, problem.value, problem.allowed, problem.fix);
  const testRule = testRuleOutsideClaim(
    config.services.map((s) => ({ name: s.name, strategy: s.deployment.strategy, priority: s.routes?.priority })),
    claim.priorities,
  );
  if (testRule !== undefined)
    throw ConfigError.field(
      f,
      `${NAMESPACE}:services.${testRule.service}.${testRule.field}`,
      testRule.value,
      testRule.allowed,
      testRule.fix,
    );
  const routedService = config.services.find((s) => s.routes !== undefined);
  if (routedService !== undefined && ref.listener === undefined) {
    throw ConfigError.field(
      f,
      `${NAMESPACE}:services.${routedService.name}.routes`,
      routedService.routes,
      `no routes: platform stack ${platform} has no load balancer listener`,
      "remove `routes` (an internal-only service), or give the platform a load balancer",
    );
  }
  const caller = config.services.find((s) => s.calls.length > 0);
  if (caller !== undefined && ref.discovery === undefined) {
    throw ConfigError.field(
      f,
      `${NAMESPACE}:services.${caller.name}.calls`,
      caller.calls,
      `no calls: platform stack ${platform} has no Cloud Map namespace`,
      "remove `calls`, or give the platform a namespace",
    );
  }
  return config;
}

/** The stack's services, unset priorities allocated inside the claim; a claim too small for them is refused. */
function parseInClaim(settings: ServiceStackSettings, claim: TeamClaim): StackConfig {
  try {
    return parseStackConfig(settings.entries, settings.stack, settings.region, PROJECT_ROOT, settings.project, {
      secretKeys: settings.secretKeys,
      priorityBands: priorityBandsWithin(claim.priorities),
    });
  } catch (err) {
    if (!(err instanceof PrioritiesExhaustedError)) throw err;
    const services = decode(settings.entries["services"] ?? "{}") as Record<string, { routes?: unknown } | undefined>;
    throw ConfigError.field(
      settings.stackFile,
      `${NAMESPACE}:services.${err.service}.routes`,
      services[err.service]?.routes,
      `a route that fits team "${claim.team}"'s claim [${claim.priorities[0]}, ${claim.priorities[1]}] (recorded by platform stack ${settings.platformStack}): its ${err.band.slots} priorities for rules like this one from ${err.band.first} are taken`,
      "set explicit `routes.priority` values inside the range, or have the platform stack widen the claim",
    );
  }
}

/**
 * The one place a service stack attaches its services to a referenced platform: a `ServiceSet` on the
 * `PlatformRef`, with the priorities already allocated inside the team's claim. Physical names are scoped by this
 * stack (project and stack), so two teams' services of the same name never share an AWS name.
 */
export function addTeamServices(config: StackConfig, ref: ResolvedPlatformRef): Map<string, FargateService> {
  const scoped: PlatformRef = { ...ref, environment: config.stack, project: config.project };
  const set = new ServiceSet(scoped);
  const added = set.add(Object.fromEntries(config.services.map((svc) => [svc.name, serviceEntry(svc, config, PROJECT_ROOT)])));
  return new Map(config.services.map((svc) => [svc.name, added[svc.name]]));
}

function serviceOutputs(services: ReadonlyMap<string, FargateService>): Record<string, pulumi.Output<ServiceOutputs>> {
  return Object.fromEntries(
    [...services].map(([name, s]) => [
      name,
      pulumi.output({
        serviceName: s.serviceName,
        taskDefinitionArn: s.taskDefinitionArn,
        imageUri: s.imageUri,
        targetGroupArn: s.targetGroupArn,
        discoveryName: s.discoveryName,
        url: s.url,
      }),
    ]),
  );
}
