/**
 * Config of the two multi-stack modes (`dockyard:mode`): a **platform** stack (VPC, cluster, ALB, namespace,
 * and the team claims it records under `dockyard:teams`) and a **services** stack (one team's services on a
 * platform stack read through a `StackReference`). Single-stack dev/prod never come here (`config.ts`).
 *
 * What is plain config is checked here, before anything is registered: the mode, the keys each mode owns, the
 * platform's claims against each other, the service stack's `platformStack` and `team`. What the service stack
 * can only know from the platform (its claim, the listener, the region) is checked in `team-program.ts` once the
 * reference resolves, still before any resource but the reference itself.
 */
import { z } from "zod";
import { claimProblems, platformProblems, QUALIFIED_STACK, type TeamClaim } from "../components/index";
import { ConfigError } from "./config-error";
import { checkRegion, checkStackName, decode, NAMESPACE, throwConfigProblem, type RawConfig } from "./config";
import { configErrorFromIssue, pickIssue } from "./config-issue";
import { CONFIG_KEYS } from "./config-schema";
import { checkCertificate } from "./platform-checks";
import type { StackConfig } from "./stack-config";

/** The multi-stack modes. */
export const MODES = ["platform", "services"] as const;
export type StackMode = (typeof MODES)[number];

/** Keys only a platform stack may set (a service stack attaches to the platform's). */
const PLATFORM_KEYS = ["network", "cluster", "loadBalancer", "discovery", "teams"] as const;
/** Keys only a service stack may set. */
const SERVICE_KEYS = ["services", "protect", "logRetentionDays", "ecrKeepTaggedImages", "ecrForceDelete", "platformStack", "team"] as const;

/** A validated platform stack. */
export interface PlatformStackConfig extends Pick<
  StackConfig,
  "stack" | "project" | "stackFile" | "region" | "network" | "cluster" | "loadBalancer" | "discoveryNamespace"
> {
  readonly mode: "platform";
  /** `<organization>/<project>/<stack>` of this stack. */
  readonly qualifiedStack: string;
  /** The claims of the service stacks it accepts, sorted by team. */
  readonly teams: readonly TeamClaim[];
}

/** A service stack's own settings; its services are validated once the platform's claim is known. */
export interface ServiceStackSettings {
  readonly mode: "services";
  readonly stack: string;
  readonly project: string;
  readonly stackFile: string;
  readonly region: string;
  /** `<organization>/<project>/<stack>` of this stack. */
  readonly qualifiedStack: string;
  /** The platform stack, `<organization>/<project>/<stack>`. */
  readonly platformStack: string;
  /** The team whose claim this stack uses. */
  readonly team: string;
  /** The remaining `dockyard:*` entries (services and their settings), for `parseStackConfig`. */
  readonly entries: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

const TEAM_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const file = (raw: RawConfig): string => `Pulumi.${raw.stack}.yaml`;
const field = (key: string): string => `${NAMESPACE}:${key}`;

/** `dockyard:mode`: required on this entry point (the repository root runs single-stack dev/prod). */
export function stackMode(raw: RawConfig): StackMode {
  const mode = raw.entries["mode"] === undefined ? undefined : decode(raw.entries["mode"]);
  if (mode === "platform" || mode === "services") return mode;
  throw ConfigError.field(
    file(raw),
    field("mode"),
    mode,
    "platform (a stack that owns the VPC, cluster, ALB and namespace) or services (a team's services on a platform stack)",
    "set `dockyard:mode: platform` in the platform stack's file and `dockyard:mode: services` in each team's; single-stack dev/prod run from the repository root instead",
  );
}

/** Refuses a key another mode owns: it would silently not apply. */
function refuseKeys(raw: RawConfig, mode: StackMode, keys: readonly string[], owner: string): void {
  for (const key of keys) {
    if (raw.entries[key] !== undefined) {
      const value = decode(raw.entries[key]);
      throw ConfigError.field(
        file(raw),
        field(key),
        value !== null && typeof value === "object" ? "{…}" : value,
        `no \`${field(key)}\` in a ${mode} stack (${owner})`,
        `remove \`${field(key)}\` from ${file(raw)}`,
      );
    }
  }
}

function refuseSecrets(raw: RawConfig): void {
  const [key] = [...raw.secretKeys].sort();
  if (key !== undefined) {
    throw ConfigError.field(
      file(raw),
      field(key),
      "[secret]",
      "plain values: no dockyard setting takes a secret",
      "store the secret in Secrets Manager or SSM and reference its ARN under `services.<name>.secrets.<VARIABLE>`",
    );
  }
}

const int = z.number({ error: "an integer from 1 to 50000" }).int("an integer from 1 to 50000");
const claimSchema = z.strictObject(
  {
    stack: z.string({ error: "a fully qualified stack name <organization>/<project>/<stack>" }),
    priorities: z.tuple([int, int], { error: "[first, last]: the listener rule priorities the team's stack may use" }),
    routePrefix: z.string({ error: "a literal path prefix such as /payments" }),
  },
  { error: (iss) => (iss.code === "unrecognized_keys" ? "known keys: stack, priorities, routePrefix" : undefined) },
);

const platformSchema = z.strictObject(
  {
    mode: z.literal("platform"),
    network: CONFIG_KEYS.network,
    cluster: CONFIG_KEYS.cluster,
    loadBalancer: CONFIG_KEYS.loadBalancer,
    discovery: CONFIG_KEYS.discovery,
    teams: z
      .record(z.string().regex(TEAM_NAME, 'a team name: lower-case letters, digits and "-", 2–32 characters'), claimSchema, {
        error: "a map of team name → { stack, priorities, routePrefix }",
      })
      .default({}),
  },
  { error: (iss) => (iss.code === "unrecognized_keys" ? "known keys: mode, network, cluster, loadBalancer, discovery, teams" : undefined) },
);

/** Validates a platform stack's config: the platform settings as in single-stack mode, and the team claims. */
export function parsePlatformStackConfig(raw: RawConfig, qualifiedStack: string): PlatformStackConfig {
  const f = file(raw);
  checkStackName(f, { project: raw.project, stack: raw.stack });
  checkRegion(f, raw.region, raw.stack);
  refuseSecrets(raw);
  refuseKeys(raw, "platform", SERVICE_KEYS, "services live in the team stacks that `dockyard:teams` lists");
  const decoded = Object.fromEntries(Object.entries(raw.entries).map(([k, v]) => [k, decode(v)]));
  const result = platformSchema.safeParse(decoded);
  if (!result.success) throw configErrorFromIssue(f, NAMESPACE, decoded, pickIssue(result.error.issues), Object.keys(platformSchema.shape));
  const data = result.data;
  throwConfigProblem(
    f,
    undefined,
    platformProblems(raw.stack, {
      environment: raw.stack,
      project: raw.project,
      network: data.network,
      cluster: data.cluster,
      discoveryNamespace: "",
    }),
  );
  checkCertificate(f, field("loadBalancer.certificateArn"), data.loadBalancer.certificateArn, raw.region, raw.stack);
  // Team stacks attach through the exported PlatformRef, which carries no namespace ARN and no mode (service
  // stacks cannot set `discovery`): refused, never ignored.
  const d = data.discovery;
  const connect: [string, unknown][] = [
    ["mode", d.mode === "cloudmap" ? undefined : d.mode],
    ["accessLogFormat", d.accessLogFormat],
    ["idleTimeoutSeconds", d.idleTimeoutSeconds],
    ["perRequestTimeoutSeconds", d.perRequestTimeoutSeconds],
    ["restartToken", d.restartToken],
  ];
  const setting = connect.find(([, value]) => value !== undefined);
  if (setting !== undefined) {
    throw ConfigError.field(
      f,
      field(`discovery.${setting[0]}`),
      setting[1],
      "unset in a platform stack (Service Connect is a single-stack option for now: team stacks attach through PlatformRef, which does not carry it)",
      `remove \`${field(`discovery.${setting[0]}`)}\`; services in a platform/team setup find each other through Cloud Map DNS`,
    );
  }
  const teams = Object.keys(data.teams)
    .sort()
    .map((team): TeamClaim => ({ team, ...data.teams[team] }));
  const [problem] = claimProblems(teams);
  if (problem !== undefined)
    throw ConfigError.field(f, field(`teams.${problem.subject}.${problem.field}`), problem.value, problem.allowed, problem.fix);
  const own = teams.find((t) => t.stack === qualifiedStack);
  if (own !== undefined)
    throw ConfigError.field(
      f,
      field(`teams.${own.team}.stack`),
      own.stack,
      "a service stack, not this platform stack",
      "name the team's own service stack",
    );
  return {
    mode: "platform",
    stack: raw.stack,
    project: raw.project,
    stackFile: f,
    region: raw.region,
    qualifiedStack,
    network: data.network,
    cluster: data.cluster,
    loadBalancer: data.loadBalancer,
    discoveryNamespace: data.discovery.namespace ?? `${raw.stack}.internal`,
    teams,
  };
}

/** Validates a service stack's own settings (`platformStack`, `team`); its services wait for the claim. */
export function parseServiceStackSettings(raw: RawConfig, qualifiedStack: string): ServiceStackSettings {
  const f = file(raw);
  checkStackName(f, { project: raw.project, stack: raw.stack });
  checkRegion(f, raw.region, raw.stack);
  refuseKeys(raw, "services", PLATFORM_KEYS, "the platform stack owns the network, cluster, load balancer, namespace and team claims");
  const platformStack = raw.entries["platformStack"] === undefined ? undefined : decode(raw.entries["platformStack"]);
  if (typeof platformStack !== "string" || !QUALIFIED_STACK.test(platformStack)) {
    throw ConfigError.field(
      f,
      field("platformStack"),
      platformStack,
      "the platform stack's fully qualified name <organization>/<project>/<stack>",
      "e.g. `dockyard:platformStack: organization/dockyard-platform/prod`",
    );
  }
  if (platformStack === qualifiedStack) {
    throw ConfigError.field(
      f,
      field("platformStack"),
      platformStack,
      "another stack (this one is the service stack)",
      "name the stack that runs with `dockyard:mode: platform`",
    );
  }
  const team = raw.entries["team"] === undefined ? undefined : decode(raw.entries["team"]);
  if (typeof team !== "string" || !TEAM_NAME.test(team)) {
    throw ConfigError.field(
      f,
      field("team"),
      team,
      `a team name recorded under \`dockyard:teams\` of platform stack ${platformStack} (lower-case letters, digits and "-")`,
      "e.g. `dockyard:team: payments`",
    );
  }
  const entries = Object.fromEntries(Object.entries(raw.entries).filter(([k]) => k !== "mode" && k !== "platformStack" && k !== "team"));
  return {
    mode: "services",
    stack: raw.stack,
    project: raw.project,
    stackFile: f,
    region: raw.region,
    qualifiedStack,
    platformStack,
    team,
    entries,
    secretKeys: raw.secretKeys,
  };
}
