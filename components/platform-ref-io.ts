/**
 * A `PlatformRef` across stacks: what a platform stack exports (`platformRef`, and the team claims it records as
 * `teams`) and how a service stack reads both back through a `StackReference`, checked field by field. A bad or
 * missing output is one error naming the platform stack, the stack reading it, the output path, the value and
 * the fix, before the service stack registers anything but the reference itself.
 */
import * as pulumi from "@pulumi/pulumi";
import { claimProblems, type TeamClaim } from "./claims";
import { describeValue } from "./describe-value";
import type { Platform } from "./platform";
import type { PlatformRef } from "./platform-ref";

/** Stack output holding the `PlatformRef`. */
export const PLATFORM_REF_OUTPUT = "platformRef";
/** Stack output holding the team claims the platform stack records (team → claim without `team`). */
export const TEAMS_OUTPUT = "teams";

/** A `PlatformRef` read back from a stack output: every value plain. */
export interface ResolvedPlatformRef extends PlatformRef {
  readonly accountId: string;
  readonly partition: string;
  readonly cluster: { readonly arn: string; readonly name: string };
  readonly network: { readonly vpcId: string; readonly vpcCidr: string; readonly privateSubnetIds: string[] };
  /** @default - no load balancer: services cannot take routes */
  readonly listener?: {
    readonly arn: string;
    readonly loadBalancerArn: string;
    readonly securityGroupId: string;
    readonly baseUrl: string;
  };
  /** @default - no discovery: services cannot be called by name */
  readonly discovery?: { readonly namespaceId: string; readonly namespaceName: string };
}

/** A platform stack's output that is missing or malformed: a user error (message only, no stack trace). */
export class StackReferenceError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "StackReferenceError";
  }
}

/** Where a platform stack's name goes in messages: which stack was read, and by whom. */
export interface RefSource {
  /** The platform stack, `<organization>/<project>/<stack>`. */
  readonly platformStack: string;
  /** The stack reading it. */
  readonly readBy: string;
}

/**
 * The `PlatformRef` of a `Platform` built in this program, for the `platformRef` stack output.
 * (Replaced by `platform.ref` once `Platform` provides one.)
 */
export function platformRefOf(platform: Platform, scope: { environment: string; project: string; region: string }): PlatformRef {
  return {
    environment: scope.environment,
    project: scope.project,
    region: scope.region,
    accountId: platform.accountId,
    partition: platform.partition,
    cluster: { arn: platform.clusterArn, name: platform.clusterName },
    network: { vpcId: platform.vpcId, vpcCidr: platform.vpcCidrBlock, privateSubnetIds: platform.privateSubnetIds },
    listener: {
      arn: platform.listenerArn,
      loadBalancerArn: platform.loadBalancerArn,
      securityGroupId: platform.loadBalancerSecurityGroupId,
      baseUrl: platform.baseUrl,
    },
    discovery: { namespaceId: platform.namespaceId, namespaceName: platform.namespaceName },
  };
}

/** Team claims as a stack output: team → `{ stack, priorities, routePrefix }`, sorted by team. */
export function teamsOutput(claims: readonly TeamClaim[]): Record<string, Omit<TeamClaim, "team">> {
  return Object.fromEntries([...claims].sort((a, b) => a.team.localeCompare(b.team)).map(({ team, ...rest }) => [team, rest]));
}

/** Reads stack outputs by name (secret or not: ids and claims are not secrets, but a secret wrapper is accepted). */
export async function readStackOutputs(ref: pulumi.StackReference, names: readonly string[]): Promise<Record<string, unknown>> {
  const details = await Promise.all(names.map((n) => ref.getOutputDetails(n)));
  return Object.fromEntries(names.map((n, i) => [n, details[i].value ?? details[i].secretValue]));
}

const fail = (src: RefSource, output: string, value: unknown, allowed: string, fix: string): never => {
  throw new StackReferenceError(
    `platform stack ${src.platformStack} (read by ${src.readBy}): output \`${output}\` ${describeValue(value)}; allowed: ${allowed}. Fix: ${fix}`,
  );
};

const notExported = (src: RefSource, output: string): string =>
  `the platform stack exports \`${output}\` when it runs with \`dockyard:mode: platform\`: run \`pulumi up --stack ${src.platformStack}\` first, and check \`dockyard:platformStack\` names it (offline: give its outputs under \`stackReferences\` in the --mocks file)`;

function map(src: RefSource, value: unknown, output: string): Record<string, unknown> {
  if (value === undefined) fail(src, output, value, "a map", notExported(src, output));
  if (value === null || typeof value !== "object" || Array.isArray(value))
    fail(src, output, value, "a map", `re-run \`pulumi up --stack ${src.platformStack}\` with this version of dockyard`);
  return value as Record<string, unknown>;
}

function text(src: RefSource, value: unknown, output: string, example: string): string {
  if (typeof value !== "string" || value === "")
    fail(
      src,
      output,
      value,
      `a non-empty string, e.g. ${example}`,
      `re-run \`pulumi up --stack ${src.platformStack}\` with this version of dockyard (older platforms did not export it)`,
    );
  return value as string;
}

/** Checks a `platformRef` output field by field and returns it with plain values. */
export function readPlatformRef(value: unknown, src: RefSource): ResolvedPlatformRef {
  const o = PLATFORM_REF_OUTPUT;
  const ref = map(src, value, o);
  const cluster = map(src, ref["cluster"], `${o}.cluster`);
  const network = map(src, ref["network"], `${o}.network`);
  const subnets = network["privateSubnetIds"];
  if (!Array.isArray(subnets) || subnets.length === 0)
    fail(
      src,
      `${o}.network.privateSubnetIds`,
      subnets,
      "a non-empty list of subnet ids",
      `re-run \`pulumi up --stack ${src.platformStack}\``,
    );
  const listener = ref["listener"] === undefined ? undefined : map(src, ref["listener"], `${o}.listener`);
  const discovery = ref["discovery"] === undefined ? undefined : map(src, ref["discovery"], `${o}.discovery`);
  return {
    environment: text(src, ref["environment"], `${o}.environment`, "prod"),
    project: text(src, ref["project"], `${o}.project`, "dockyard-platform"),
    region: text(src, ref["region"], `${o}.region`, "us-east-1"),
    accountId: text(src, ref["accountId"], `${o}.accountId`, "123456789012"),
    partition: text(src, ref["partition"], `${o}.partition`, "aws"),
    cluster: {
      arn: text(src, cluster["arn"], `${o}.cluster.arn`, "arn:aws:ecs:…:cluster/…"),
      name: text(src, cluster["name"], `${o}.cluster.name`, "prod-cluster"),
    },
    network: {
      vpcId: text(src, network["vpcId"], `${o}.network.vpcId`, "vpc-0a1b2c3d"),
      vpcCidr: text(src, network["vpcCidr"], `${o}.network.vpcCidr`, "10.0.0.0/16"),
      privateSubnetIds: (subnets as unknown[]).map((s, i) => text(src, s, `${o}.network.privateSubnetIds.${i}`, "subnet-0a1b2c3d")),
    },
    ...(listener === undefined
      ? {}
      : {
          listener: {
            arn: text(src, listener["arn"], `${o}.listener.arn`, "arn:aws:elasticloadbalancing:…:listener/…"),
            loadBalancerArn: text(
              src,
              listener["loadBalancerArn"],
              `${o}.listener.loadBalancerArn`,
              "arn:aws:elasticloadbalancing:…:loadbalancer/…",
            ),
            securityGroupId: text(src, listener["securityGroupId"], `${o}.listener.securityGroupId`, "sg-0a1b2c3d"),
            baseUrl: text(src, listener["baseUrl"], `${o}.listener.baseUrl`, "https://…"),
          },
        }),
    ...(discovery === undefined
      ? {}
      : {
          discovery: {
            namespaceId: text(src, discovery["namespaceId"], `${o}.discovery.namespaceId`, "ns-0a1b2c3d"),
            namespaceName: text(src, discovery["namespaceName"], `${o}.discovery.namespaceName`, "prod.internal"),
          },
        }),
  };
}

/** Checks a `teams` output: each claim's shape, then the claims together (as the platform checked them). */
export function readTeamClaims(value: unknown, src: RefSource): TeamClaim[] {
  const teams = map(src, value, TEAMS_OUTPUT);
  const claims = Object.keys(teams)
    .sort()
    .map((team): TeamClaim => {
      const at = `${TEAMS_OUTPUT}.${team}`;
      const c = map(src, teams[team], at);
      const p = c["priorities"];
      if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === "number"))
        fail(src, `${at}.priorities`, p, "[first, last]", `re-run \`pulumi up --stack ${src.platformStack}\``);
      const [first, last] = p as number[];
      return {
        team,
        stack: text(src, c["stack"], `${at}.stack`, "organization/dockyard-services/payments"),
        priorities: [first, last],
        routePrefix: text(src, c["routePrefix"], `${at}.routePrefix`, "/payments"),
      };
    });
  const [problem] = claimProblems(claims);
  if (problem !== undefined)
    fail(
      src,
      `${TEAMS_OUTPUT}.${problem.subject}.${problem.field}`,
      problem.value,
      problem.allowed,
      `fix \`dockyard:teams\` of the platform stack and run \`pulumi up --stack ${src.platformStack}\`: ${problem.fix}`,
    );
  return claims;
}
