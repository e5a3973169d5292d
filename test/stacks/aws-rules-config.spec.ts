/**
 * AWS's rules the API models do not encode, applied at config load: stack names that cannot form valid physical
 * names, and the ALB listener-rule quotas and syntax. Exact messages; each refusal has a passing neighbour.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { ROOT } from "../support/run-program";

function entriesOf(stack: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [k, v] of Object.entries(loadProject(ROOT, stack).config))
    if (k.startsWith("dockyard:")) entries[k.slice("dockyard:".length)] = v;
  return entries;
}

function messageOf(body: () => void): string {
  try {
    body();
    return "OK";
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
}

type Services = Record<string, Record<string, unknown>>;
/** dev's config with `patch` applied to its services, parsed for stack dev. */
function withServices(patch: (s: Services) => void): string {
  const entries = entriesOf("dev");
  const services: Services = JSON.parse(entries["services"]);
  patch(services);
  entries["services"] = JSON.stringify(services);
  return messageOf(() => parseStackConfig(entries, "dev", "us-east-1"));
}

const routes = (r: Record<string, unknown>) => (s: Services) => {
  s["movie-service"]["routes"] = r;
};

describe("AWS rules at config load", () => {
  describe("stack names that cannot form valid physical names are refused before anything is registered", () => {
    const cases: [string, string][] = [
      [
        "Prod_EU",
        'Pulumi.Prod_EU.yaml: `stack name` got "Prod_EU"; allowed: a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (the ALB: load balancer name "Prod_EU-6baaf9-845d-alb" contains "_"; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)). Fix: use a stack such as "prod-eu": `pulumi stack rename prod-eu` (or `pulumi stack init prod-eu` and rename Pulumi.Prod_EU.yaml to Pulumi.prod-eu.yaml)',
      ],
      [
        "eu.prod",
        'Pulumi.eu.prod.yaml: `stack name` got "eu.prod"; allowed: a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (the ALB: load balancer name "eu.prod-f91995-845d-alb" contains "."; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)). Fix: use a stack such as "eu-prod": `pulumi stack rename eu-prod` (or `pulumi stack init eu-prod` and rename Pulumi.eu.prod.yaml to Pulumi.eu-prod.yaml)',
      ],
      [
        "internal",
        'Pulumi.internal.yaml: `stack name` got "internal"; allowed: a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (the ALB: load balancer name "internal-5ee2eb-845d-alb" begins with "internal-"; allowed: 1\u201332 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)). Fix: use a stack such as "internalx": `pulumi stack rename internalx` (or `pulumi stack init internalx` and rename Pulumi.internal.yaml to Pulumi.internalx.yaml)',
      ],
      [
        "sg-prod",
        'Pulumi.sg-prod.yaml: `stack name` got "sg-prod"; allowed: a stack name that forms valid AWS names: lower-case letters, digits and single hyphens, neither "internal" nor beginning with "internal-" or "sg-" (the ALB\'s security group: security group name "sg-prod-a38372-alb-20261201000000000000000001" begins with "sg-"; allowed: 1\u2013255 of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not beginning with "sg-" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html)). Fix: use a stack such as "sgx-prod": `pulumi stack rename sgx-prod` (or `pulumi stack init sgx-prod` and rename Pulumi.sg-prod.yaml to Pulumi.sgx-prod.yaml)',
      ],
    ];
    for (const [stack, expected] of cases) {
      it(`refuses stack "${stack}"`, () =>
        assert.equal(
          messageOf(() => parseStackConfig(entriesOf("dev"), stack, "us-east-1")),
          expected,
        ));
    }

    it("accepts the suggested names (negative control)", () => {
      for (const stack of ["prod-eu", "eu-prod", "internalx", "sgx-prod", "dev", "prod"]) {
        assert.equal(
          messageOf(() => parseStackConfig(entriesOf("dev"), stack, "us-east-1")),
          "OK",
          stack,
        );
      }
    });

    it("accepts a service named sg-api: its security group name comes from a scoped prefix, not its logical name", () => {
      assert.equal(
        withServices((s) => {
          s["sg-api"] = s["movie-service"];
          delete s["movie-service"];
          s["customer-service"]["calls"] = ["sg-api"];
        }),
        "OK",
      );
    });

    it("records the project, which scopes every physical name", () => {
      assert.equal(parseStackConfig(entriesOf("dev"), "dev", "us-east-1").project, "dockyard");
      assert.equal(parseStackConfig(entriesOf("dev"), "dev", "us-east-1", ROOT, "dockyard-copy").project, "dockyard-copy");
    });
  });

  describe("Fargate limits", () => {
    const sidecars = (n: number) => (s: Services) => {
      s["movie-service"]["sidecars"] = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`side-${i}`, { image: `public.ecr.aws/x/y@sha256:${"a".repeat(64)}` }]),
      );
    };
    it("refuses 10 sidecars (11 containers in one task definition)", () => {
      assert.equal(
        withServices(sidecars(10)),
        "Pulumi.dev.yaml: `dockyard:services.movie-service.sidecars` got 10; allowed: at most 9 sidecars (11 containers; a task definition holds at most 10 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)). Fix: move some sidecars into a service of their own",
      );
    });
    it("accepts 9 sidecars (negative control)", () => assert.equal(withServices(sidecars(9)), "OK"));
  });

  describe("listener-rule quotas and syntax", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "6 condition values (3 paths + 3 hosts) in one rule",
        { pathPatterns: ["/movies*", "/films*", "/cinema*"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"] },
        'Pulumi.dev.yaml: `dockyard:services.movie-service.routes` got {"pathPatterns":["/movies*","/films*","/cinema*"],"hostHeaders":["a.example.com","b.example.com","c.example.com"]}; allowed: at most 5 condition values per rule in total across path patterns, host headers and other conditions; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service\'s routes',
      ],
      [
        "6 wildcards in one rule",
        { pathPatterns: ["/m*v*e*", "/f*l*m*"] },
        'Pulumi.dev.yaml: `dockyard:services.movie-service.routes` got {"pathPatterns":["/m*v*e*","/f*l*m*"],"hostHeaders":[]}; allowed: at most 5 wildcards (* or ?) per rule in total; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service\'s routes',
      ],
      [
        "a path pattern over 128 characters",
        { pathPatterns: ["/" + "m".repeat(128)] },
        'Pulumi.dev.yaml: `dockyard:services.movie-service.routes.pathPatterns.0` got "/mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"; allowed: a path pattern: 1\u2013128 characters (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html). Fix: correct the value in `dockyard:services.movie-service.routes.pathPatterns.0`',
      ],
      [
        "a host header with an underscore",
        { hostHeaders: ["movies_api.example.com"] },
        'Pulumi.dev.yaml: `dockyard:services.movie-service.routes.hostHeaders.0` got "movies_api.example.com"; allowed: a host name: only A\u2013Z, a\u2013z, 0\u20139, - . and the wildcards * ? (found "_") (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html). Fix: correct the value in `dockyard:services.movie-service.routes.hostHeaders.0`',
      ],
      [
        "a host header without a dot",
        { hostHeaders: ["localhost"] },
        'Pulumi.dev.yaml: `dockyard:services.movie-service.routes.hostHeaders.0` got "localhost"; allowed: a host name: at least one "." (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html). Fix: correct the value in `dockyard:services.movie-service.routes.hostHeaders.0`',
      ],
    ];
    for (const [title, r, expected] of cases) {
      it(`refuses ${title}`, () => assert.equal(withServices(routes(r)), expected));
    }

    it("accepts exactly 5 condition values, 5 wildcards and a 128-character path (negative controls)", () => {
      assert.equal(
        withServices(routes({ pathPatterns: ["/movies*", "/films*", "/cinema*"], hostHeaders: ["a.example.com", "*.example.com"] })),
        "OK",
      );
      assert.equal(withServices(routes({ pathPatterns: ["/m*v*e*", "/f*l*"] })), "OK");
      assert.equal(withServices(routes({ pathPatterns: ["/" + "m".repeat(127)] })), "OK");
    });
  });
});
