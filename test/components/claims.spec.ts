import * as assert from "node:assert/strict";
import { claimProblems, serviceClaimProblems, type TeamClaim } from "../../components/claims";
import { allocatePriorities, priorityBandsWithin } from "../../components/routes";

const PLATFORM = "organization/dockyard-platform/prod";
const payments: TeamClaim = {
  team: "payments",
  stack: "organization/dockyard-services/payments",
  priorities: [1000, 1999],
  routePrefix: "/payments",
};
const orders: TeamClaim = {
  team: "orders",
  stack: "organization/dockyard-services/orders",
  priorities: [2000, 2999],
  routePrefix: "/orders",
};
const PAY = 'team "payments" (stack organization/dockyard-services/payments)';
const ORD = 'team "orders" (stack organization/dockyard-services/orders)';
const ORDERS_CLAIM = `team "orders"'s claim (recorded by platform stack ${PLATFORM} for stack organization/dockyard-services/orders)`;

describe("claims: team claims on a shared listener", () => {
  it("accepts disjoint ranges and prefixes (the control for every refusal below)", () => {
    assert.deepEqual(claimProblems([payments, orders]), []);
    assert.deepEqual(claimProblems([payments, { ...orders, priorities: [2000, 2000] }]), []);
    // Prefixes ending in "/" are disjoint even when one name starts with the other.
    assert.deepEqual(
      claimProblems([
        { ...payments, routePrefix: "/pay/" },
        { ...orders, routePrefix: "/payments/" },
      ]),
      [],
    );
  });

  it("refuses overlapping priority ranges, naming both teams and both stacks", () => {
    assert.deepEqual(claimProblems([payments, { ...orders, priorities: [1500, 2499] }]), [
      {
        subject: "payments",
        field: "priorities",
        value: [1000, 1999],
        allowed: `a priority range no other team's claim overlaps: ${ORD} holds [1500, 2499], ${PAY} asks for [1000, 1999], both include [1500, 1999]`,
        fix: `move team "payments"'s range past 2499 (e.g. [2500, 3499]) or shrink team "orders"'s`,
      },
    ]);
    // Touching ranges share their end.
    assert.equal(claimProblems([payments, { ...orders, priorities: [1999, 2999] }])[0]?.field, "priorities");
  });

  it("refuses a prefix that starts another team's, and two teams on one stack", () => {
    assert.deepEqual(claimProblems([payments, { ...orders, routePrefix: "/pay" }]), [
      {
        subject: "payments",
        field: "routePrefix",
        value: "/payments",
        allowed: `a route prefix that neither starts with nor is the start of another team's: ${ORD} has "/pay", which also matches every path under "/payments" of ${PAY}`,
        fix: 'end team "orders"\'s prefix with "/" (/pay/) so it stops matching "/payments", or give one of the two teams another prefix',
      },
    ]);
    assert.equal(
      claimProblems([payments, { ...orders, routePrefix: "/payments" }])[0]?.fix,
      'give team "payments" a prefix outside "/payments", e.g. /payments/',
    );
    assert.deepEqual(
      claimProblems([payments, { ...orders, stack: payments.stack }]).map((p) => [p.subject, p.field, p.allowed]),
      [["payments", "stack", 'a stack no other team claims (team "orders" already claims organization/dockyard-services/payments)']],
    );
  });

  it('refuses malformed claims on their own: range, prefix with a wildcard or "/", short stack name', () => {
    assert.deepEqual(
      claimProblems([
        { ...payments, priorities: [0, 10] },
        { ...orders, routePrefix: "/ord*" },
        { ...orders, team: "x", stack: "dockyard-services/x", routePrefix: "/" },
      ]).map((p) => [p.subject, p.field]),
      [
        ["orders", "routePrefix"],
        ["payments", "priorities"],
        ["x", "stack"],
        ["x", "routePrefix"],
      ],
    );
    assert.equal(
      claimProblems([{ ...payments, priorities: [1999, 1000] }])[0]?.allowed,
      "[first, last]: integers with 1 <= first <= last <= 50000 (ALB listener rule priorities)",
    );
    assert.deepEqual(claimProblems([{ ...payments, priorities: [1, 50000] }]), []);
  });

  it("accepts services inside their claim, refuses priorities and paths outside it, naming the stack that holds them", () => {
    const claims = [payments, orders];
    assert.deepEqual(
      serviceClaimProblems(
        orders,
        [{ service: "orders-api", pathPatterns: ["/orders*"], hostHeaders: ["shop.example.com"], priority: 2100 }],
        claims,
        PLATFORM,
      ),
      [],
    );
    assert.deepEqual(
      serviceClaimProblems(
        orders,
        [{ service: "orders-api", pathPatterns: ["/orders*", "/payments/refunds*"], hostHeaders: [], priority: 1500 }],
        claims,
        PLATFORM,
      ),
      [
        {
          subject: "orders-api",
          field: "routes.priority",
          value: 1500,
          allowed: `a priority in [2000, 2999], per ${ORDERS_CLAIM}; 1500 belongs to ${PAY}, range [1000, 1999]`,
          fix: "set a priority from 2000 to 2999, or remove `routes.priority` to have one allocated in that range",
        },
        {
          subject: "orders-api",
          field: "routes.pathPatterns.1",
          value: "/payments/refunds*",
          allowed: `a path pattern starting with "/orders", per ${ORDERS_CLAIM}; "/payments/refunds*" lies under the prefix "/payments" of ${PAY}`,
          fix: "route under /orders, or move the service to stack organization/dockyard-services/payments",
        },
      ],
    );
  });

  it("refuses a route without path patterns (it matches every path) and a path nobody claims", () => {
    assert.deepEqual(
      serviceClaimProblems(
        orders,
        [{ service: "web", pathPatterns: [], hostHeaders: ["shop.example.com"], priority: 2001 }],
        [orders],
        PLATFORM,
      ),
      [
        {
          subject: "web",
          field: "routes.pathPatterns",
          value: [],
          allowed: `at least one path pattern under "/orders" (a route without path patterns matches every path, other stacks' too), per ${ORDERS_CLAIM}`,
          fix: "add a path pattern such as /orders*",
        },
      ],
    );
    assert.deepEqual(
      serviceClaimProblems(
        orders,
        [{ service: "web", pathPatterns: ["/static*"], hostHeaders: [], priority: 2001 }],
        [orders],
        PLATFORM,
      ).map((p) => [p.field, p.fix]),
      [["routes.pathPatterns.0", "route under /orders, e.g. /orders/static*"]],
    );
  });
});

describe("routes: priorities allocated inside a claim", () => {
  it("splits a range into a host-scoped lower half and an any-host upper half, every priority usable", () => {
    assert.deepEqual(priorityBandsWithin([1000, 1999]), {
      hostScoped: { first: 1000, slots: 500, step: 1 },
      anyHost: { first: 1500, slots: 500, step: 1 },
    });
    assert.deepEqual(priorityBandsWithin([7, 7]), {
      hostScoped: { first: 7, slots: 1, step: 1 },
      anyHost: { first: 7, slots: 1, step: 1 },
    });
  });

  it("allocates inside the range, keeps explicit ones, and is deterministic", () => {
    const claims = [
      { service: "payments-api", pathPatterns: ["/payments*"], hostHeaders: [] },
      { service: "payments-admin", pathPatterns: ["/payments/admin*"], hostHeaders: ["admin.example.com"] },
      { service: "payments-web", pathPatterns: ["/payments/web*"], hostHeaders: [], priority: 1001 },
    ];
    const bands = priorityBandsWithin([1000, 1999]);
    const first = allocatePriorities(claims, bands);
    assert.deepEqual(first, allocatePriorities([...claims].reverse(), bands));
    assert.equal(first.get("payments-web"), 1001);
    const api = first.get("payments-api") ?? 0;
    const admin = first.get("payments-admin") ?? 0;
    assert.ok(api >= 1500 && api <= 1999, `any-host in the upper half: ${api}`);
    assert.ok(admin >= 1000 && admin <= 1499, `host-scoped in the lower half: ${admin}`);
    // Negative control: the default bands put the same services outside the claim.
    assert.ok((allocatePriorities(claims).get("payments-api") ?? 0) >= 25000);
  });

  it("says so when a band is full", () => {
    const claims = [
      { service: "a", pathPatterns: ["/a*"], hostHeaders: [] },
      { service: "b", pathPatterns: ["/b*"], hostHeaders: [] },
    ];
    assert.throws(() => allocatePriorities(claims, priorityBandsWithin([5, 5])), {
      name: "PrioritiesExhaustedError",
      message: 'no free listener rule priority for "b": all 1 priorities from 5 are taken',
    });
    assert.equal(allocatePriorities(claims, priorityBandsWithin([5, 8])).size, 2);
  });
});
