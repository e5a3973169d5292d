import * as assert from "node:assert/strict";
import {
  readPlatformRef,
  readTeamClaims,
  StackReferenceError,
  teamsOutput,
  type ResolvedPlatformRef,
} from "../../components/platform-ref-io";

const SRC = { platformStack: "organization/dockyard-platform/prod", readBy: "organization/dockyard-services/payments" };
const AT = "platform stack organization/dockyard-platform/prod (read by organization/dockyard-services/payments)";
const REF: ResolvedPlatformRef = {
  environment: "prod",
  project: "dockyard-platform",
  region: "us-east-1",
  accountId: "123456789012",
  partition: "aws",
  cluster: { arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod-cluster", name: "prod-cluster" },
  network: { vpcId: "vpc-0a1b2c3d", vpcCidr: "10.0.0.0/16", privateSubnetIds: ["subnet-0a", "subnet-0b"] },
  listener: {
    arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2",
    loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1",
    securityGroupId: "sg-0a",
    baseUrl: "http://x",
  },
  discovery: { namespaceId: "ns-0a", namespaceName: "prod.internal" },
};
const TEAMS = { payments: { stack: "organization/dockyard-services/payments", priorities: [1000, 1999], routePrefix: "/payments" } };

/** A deep copy of REF with one path set (undefined deletes it). */
function withField(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(REF)) as Record<string, unknown>;
  const keys = path.split(".");
  let cur = copy;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
  return copy;
}

describe("platform-ref-io: a PlatformRef read back from a platform stack's outputs", () => {
  it("returns a complete output unchanged (the control), listener and discovery optional", () => {
    assert.deepEqual(readPlatformRef(JSON.parse(JSON.stringify(REF)), SRC), REF);
    const bare = readPlatformRef(withField("listener", undefined), SRC);
    assert.equal(bare.listener, undefined);
  });

  it("refuses a missing output, naming both stacks and how to produce it", () => {
    assert.throws(
      () => readPlatformRef(undefined, SRC),
      (err: unknown) => {
        assert.ok(err instanceof StackReferenceError);
        assert.equal(
          err.message,
          `${AT}: output \`platformRef\` is missing; allowed: a map. Fix: the platform stack exports \`platformRef\` when it runs with \`dockyard:mode: platform\`: run \`pulumi up --stack organization/dockyard-platform/prod\` first, and check \`dockyard:platformStack\` names it (offline: give its outputs under \`stackReferences\` in the --mocks file)`,
        );
        return true;
      },
    );
  });

  it("refuses each missing or malformed field by its output path", () => {
    const cases: [string, unknown, string][] = [
      ["network.vpcCidr", undefined, "`platformRef.network.vpcCidr` is missing; allowed: a non-empty string, e.g. 10.0.0.0/16"],
      ["cluster.arn", "", '`platformRef.cluster.arn` got ""; allowed: a non-empty string, e.g. arn:aws:ecs:…:cluster/…'],
      ["network.privateSubnetIds", [], "`platformRef.network.privateSubnetIds` got []; allowed: a non-empty list of subnet ids"],
      [
        "network.privateSubnetIds",
        ["subnet-0a", 7],
        "`platformRef.network.privateSubnetIds.1` got 7; allowed: a non-empty string, e.g. subnet-0a1b2c3d",
      ],
      [
        "listener.securityGroupId",
        undefined,
        "`platformRef.listener.securityGroupId` is missing; allowed: a non-empty string, e.g. sg-0a1b2c3d",
      ],
      ["cluster", "prod-cluster", '`platformRef.cluster` got "prod-cluster"; allowed: a map'],
    ];
    for (const [path, value, expected] of cases) {
      assert.throws(
        () => readPlatformRef(withField(path, value), SRC),
        (err: unknown) => err instanceof StackReferenceError && err.message.startsWith(`${AT}: output ${expected}. Fix: `),
        path,
      );
    }
  });

  it("reads the team claims and refuses claims the platform could not have accepted", () => {
    assert.deepEqual(readTeamClaims(TEAMS, SRC), [
      { team: "payments", stack: "organization/dockyard-services/payments", priorities: [1000, 1999], routePrefix: "/payments" },
    ]);
    assert.deepEqual(teamsOutput(readTeamClaims(TEAMS, SRC)), TEAMS);
    assert.throws(
      () =>
        readTeamClaims(
          { ...TEAMS, orders: { stack: "organization/dockyard-services/orders", priorities: [1900, 2999], routePrefix: "/orders" } },
          SRC,
        ),
      {
        message:
          /^platform stack organization\/dockyard-platform\/prod \(read by organization\/dockyard-services\/payments\): output `teams\.payments\.priorities` got \[1000,1999\]; allowed: a priority range no other team's claim overlaps/,
      },
    );
    assert.throws(() => readTeamClaims({ payments: { ...TEAMS.payments, priorities: "1000-1999" } }, SRC), {
      message: `${AT}: output \`teams.payments.priorities\` got "1000-1999"; allowed: [first, last]. Fix: re-run \`pulumi up --stack organization/dockyard-platform/prod\``,
    });
    assert.throws(() => readTeamClaims(undefined, SRC), { message: /output `teams` is missing/ });
  });
});
