/**
 * `services.<name>.deployment` in stack config: the stacks' defaults (dev rolling, prod canary), refusals with
 * the file, field, value, what is allowed and a fix, and the ALB's capacity counted at load time. Each accepted
 * neighbour is the negative control.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { testRuleOutsideClaim } from "../../stacks/deployment-checks";
import { ROOT } from "../support/run-program";

const PROD_CERT = "arn:aws:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162";

function entriesOf(stack: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [k, v] of Object.entries(loadProject(ROOT, stack).config))
    if (k.startsWith("dockyard:")) entries[k.slice("dockyard:".length)] = v;
  return entries;
}

type Services = Record<string, Record<string, unknown>>;

function messageFor(mutate: (services: Services, entries: Record<string, string>) => void): string {
  const entries = entriesOf("dev");
  const services: Services = JSON.parse(entries["services"]);
  mutate(services, entries);
  entries["services"] = JSON.stringify(services);
  try {
    parseStackConfig(entries, "dev", "us-east-1");
    return "OK";
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
}

/** `n` routed services (`s0`…), each on its own path, with `strategy`. */
function many(n: number, strategy: string): Services {
  const image = { context: "services/movie-service" };
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`s${i}`, { image, routes: { pathPatterns: [`/s${i}/*`] }, deployment: { strategy } }]),
  );
}

describe("stack config: deployment strategies", () => {
  it("dev deploys rolling, prod canary (10 % for 5 minutes, bake 5 minutes)", () => {
    const dev = parseStackConfig(entriesOf("dev"), "dev", "us-east-1");
    assert.deepEqual(
      dev.services.map((s) => [s.name, s.deployment.strategy]),
      [
        ["customer-service", "rolling"],
        ["movie-service", "rolling"],
      ],
    );
    const prodEntries = {
      ...entriesOf("prod"),
      loadBalancer: JSON.stringify({ ...JSON.parse(entriesOf("prod")["loadBalancer"]), certificateArn: PROD_CERT }),
    };
    const prod = parseStackConfig(prodEntries, "prod", "us-east-1");
    assert.deepEqual(
      prod.services.map((s) => s.deployment),
      [
        { strategy: "canary", canary: { percent: 10, bakeTimeMinutes: 5 }, bakeTimeMinutes: 5, lifecycleHooks: [] },
        { strategy: "canary", canary: { percent: 10, bakeTimeMinutes: 5 }, bakeTimeMinutes: 5, lifecycleHooks: [] },
      ],
    );
  });

  const refused: [string, (s: Services, e: Record<string, string>) => void, string][] = [
    [
      "an unknown strategy",
      (s) => {
        s["movie-service"]["deployment"] = { strategy: "bluegreen" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.deployment.strategy` got "bluegreen"; allowed: one of "rolling", "blueGreen", "canary", "linear".',
    ],
    [
      "canary on a service without routes",
      (s) => {
        delete s["movie-service"]["routes"];
        s["movie-service"]["deployment"] = { strategy: "canary" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.deployment.strategy` got "canary"; allowed: "rolling" for a service without routes: blue/green, canary and linear shift ALB traffic between two target groups. Fix: add `routes` to the service, or use `strategy: rolling`',
    ],
    [
      "canary settings under another strategy",
      (s) => {
        s["movie-service"]["deployment"] = { strategy: "linear", canary: { percent: 5 } };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.deployment.canary` got {"percent":5}; allowed: unset unless strategy is "canary". Fix: remove `canary`, or set `strategy: canary`',
    ],
    [
      "a canary share ECS refuses",
      (s) => {
        s["movie-service"]["deployment"] = { strategy: "canary", canary: { percent: 0 } };
      },
      "Pulumi.dev.yaml: `dockyard:services.movie-service.deployment.canary.percent` got 0; allowed: a number from 0.1 to 100.",
    ],
    [
      "a lifecycle stage ECS does not have",
      (s) => {
        s["movie-service"]["deployment"] = {
          strategy: "blueGreen",
          lifecycleHooks: [{ functionArn: "arn:aws:lambda:us-east-1:123456789012:function:check", stages: ["AFTER_TRAFFIC"] }],
        };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.deployment.lifecycleHooks.0.stages.0` got "AFTER_TRAFFIC"; allowed: one of "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT".',
    ],
    [
      "a test rule priority another service holds",
      (s) => {
        s["movie-service"]["routes"] = { pathPatterns: ["/movies*"], priority: 10 };
        s["customer-service"]["routes"] = { pathPatterns: ["/customers*"], priority: 11 };
        s["customer-service"]["deployment"] = { strategy: "canary" };
      },
      'Pulumi.dev.yaml: `dockyard:services.customer-service.routes.priority` got 11; allowed: a priority whose predecessor (10) is free: the canary test rule takes 10, which service "movie-service"\'s rule holds. Fix: set `routes.priority` of "customer-service" or "movie-service" so they are at least 2 apart, or leave both unset',
    ],
    [
      "more than 100 target groups on the ALB",
      (s) => {
        for (const k of Object.keys(s)) delete s[k];
        Object.assign(s, many(51, "canary"));
      },
      'Pulumi.dev.yaml: `dockyard:services` got "102 target groups (limit 100; most: s0 (2), s1 (2), s10 (2), s11 (2), s12 (2))"; allowed: at most 100 target groups per load balancer, a limit AWS does not raise; these services need 102 (blue/green, canary and linear take 2 each, rolling 1) (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: move some services to `deployment.strategy: rolling` (one target group each), make internal-only services drop `routes`, or split the services over a second platform stack with its own load balancer',
    ],
    [
      "more rules than the account's quota",
      (s, e) => {
        for (const k of Object.keys(s)) delete s[k];
        Object.assign(s, many(30, "blueGreen"));
        e["loadBalancer"] = JSON.stringify({ rulesQuota: 50 });
      },
      'Pulumi.dev.yaml: `dockyard:services` got "60 listener rules (limit 50; most: s0 (2), s1 (2), s10 (2), s11 (2), s12 (2))"; allowed: at most 50 listener rules per load balancer (the quota "Rules per Application Load Balancer", 100 by default); these services need 60 (blue/green, canary and linear take a production and a test rule each, rolling 1) (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: request a higher "Rules per Application Load Balancer" quota in Service Quotas and set `dockyard:loadBalancer.rulesQuota` to it, move some services to `deployment.strategy: rolling`, or split the services over a second platform stack',
    ],
  ];
  for (const [what, mutate, expected] of refused) {
    it(`refuses ${what}`, () => assert.ok(messageFor(mutate).startsWith(expected), messageFor(mutate)));
  }

  it("negative controls: the same limits, just inside them, are accepted", () => {
    assert.equal(
      messageFor((s) => {
        for (const k of Object.keys(s)) delete s[k];
        Object.assign(s, many(50, "canary"));
      }),
      "OK",
      "100 target groups fit",
    );
    assert.equal(
      messageFor((s) => {
        for (const k of Object.keys(s)) delete s[k];
        Object.assign(s, many(100, "rolling"));
      }),
      "OK",
      "100 rolling services fit",
    );
    assert.equal(
      messageFor((s) => {
        s["movie-service"]["routes"] = { pathPatterns: ["/movies*"], priority: 10 };
        s["customer-service"]["routes"] = { pathPatterns: ["/customers*"], priority: 12 };
        s["customer-service"]["deployment"] = { strategy: "canary" };
      }),
      "OK",
    );
    assert.equal(
      messageFor((s) => {
        s["movie-service"]["deployment"] = {
          strategy: "linear",
          linear: { stepPercent: 20, stepBakeTimeMinutes: 1 },
          lifecycleHooks: [
            { functionArn: "arn:aws:lambda:us-east-1:123456789012:function:check:live", stages: ["POST_TEST_TRAFFIC_SHIFT"] },
          ],
        };
      }),
      "OK",
    );
  });

  it("a team's canary test rule must stay inside the team's claimed priority range (negative control: one above the start)", () => {
    assert.deepEqual(testRuleOutsideClaim([{ name: "api", strategy: "canary", priority: 2000 }], [2000, 2999]), {
      service: "api",
      field: "routes.priority",
      value: 2000,
      allowed: "a priority from 2001 to 2999: the canary test rule takes 1999, outside the team's claimed range 2000–2999",
      fix: 'set `routes.priority` of "api" to a value from 2001 to 2999',
    });
    assert.equal(testRuleOutsideClaim([{ name: "api", strategy: "canary", priority: 2001 }], [2000, 2999]), undefined);
    assert.equal(testRuleOutsideClaim([{ name: "api", strategy: "rolling", priority: 2000 }], [2000, 2999]), undefined);
  });
});
