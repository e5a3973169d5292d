/**
 * Issue 11's done-when: every rule the component layer enforces says the same thing from code (`ServiceSet`,
 * `FargateService`, `Platform`) and from `Pulumi.<stack>.yaml` — only the field path differs (`routes.priority`
 * vs `dockyard:services.api.routes.priority`). One table, one row per validator; each row runs both paths.
 */
import * as assert from "node:assert/strict";
import { ComponentArgsError } from "../../components/errors";
import type { PlatformArgs } from "../../components/platform-args";
import { ServiceSet, type ServiceSetEntry } from "../../components/service-set";
import { validateFargateServiceArgs } from "../../components/validate";
import { validatePlatformArgs } from "../../components/platform-validate";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { ROOT } from "../support/run-program";
import { fullRef } from "./platform-fixture";

type Json = Record<string, unknown>;
/** Dev's config: `services` and the other `dockyard:*` keys, JSON-decoded. */
interface Yaml {
  services: Record<string, Json>;
  keys: Json;
}
/** Code args: the services of a set and the platform's args. */
interface Code {
  services: Record<string, ServiceSetEntry & Json>;
  platform: PlatformArgs;
}
/** Renders a field reference: this service's (`path`), as it is spelled in config (`yamlPath`), or another service's. */
type Ref = (path: string, options?: { yaml?: string; service?: string; relative?: boolean }) => string;

interface Row {
  title: string;
  /** The service whose field is at fault; `undefined` for the Platform. */
  owner: string | undefined;
  /** Field path in code; in config when different. */
  field: string;
  yamlField?: string;
  /** The whole config key (without `dockyard:`) when the setting is stack-wide rather than the service's. */
  yamlKey?: string;
  /** Makes the same mistake in both worlds. */
  mutate: (yaml: Yaml, code: Code) => void;
  /** Everything after the field: `got …; allowed: …. Fix: …`. */
  rest: (ref: Ref) => string;
}

const IMAGE = { kind: "prebuilt" as const, uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/x@sha256:${"a".repeat(64)}` };
const EXEC = "ECS Exec needs a writable root filesystem (the SSM agent it starts inside the container cannot run on a read-only one)";

/** The same two services dev's YAML declares, as code. */
function codeBase(): Code {
  return {
    services: {
      "movie-service": {
        image: IMAGE,
        cpu: 256,
        memory: 512,
        desiredCount: 1,
        routes: { pathPatterns: ["/movies*"] },
        enableExecuteCommand: true,
      },
      "customer-service": {
        image: IMAGE,
        cpu: 256,
        memory: 512,
        desiredCount: 1,
        routes: { pathPatterns: ["/customers*"] },
        calls: ["movie-service"],
        enableExecuteCommand: true,
      },
    },
    platform: { environment: "dev", project: "dockyard", region: "us-east-1", network: {}, discoveryNamespace: "dev.internal" },
  };
}

function yamlBase(): Yaml {
  const keys: Json = {};
  for (const [k, v] of Object.entries(loadProject(ROOT, "dev").config))
    if (k.startsWith("dockyard:")) keys[k.slice("dockyard:".length)] = JSON.parse(v);
  return { services: keys["services"] as Record<string, Json>, keys };
}

/** Both set members get a service helper: `both(y, c, "movie-service", { cpu: 300 })`. */
function both(yaml: Yaml, code: Code, service: string, patch: Json, codePatch: Json = patch): void {
  Object.assign(yaml.services[service], patch);
  Object.assign(code.services[service], codePatch);
}
const sidecars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, { image: "x" }]));

const ROWS: Row[] = [
  {
    title: "a cpu Fargate lacks",
    owner: "movie-service",
    field: "cpu",
    mutate: (y, c) => both(y, c, "movie-service", { cpu: 300 }),
    rest: () => "got 300; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384. Fix: pick one of the Fargate cpu values",
  },
  {
    title: "a memory the cpu does not allow",
    owner: "movie-service",
    field: "memory",
    mutate: (y, c) => both(y, c, "movie-service", { memory: 4096 }),
    rest: (r) => `got 4096; allowed: for cpu 256: 512, 1024, 2048. Fix: pick a memory value allowed for cpu 256, or change ${r("cpu")}`,
  },
  {
    title: "a port out of range",
    owner: "movie-service",
    field: "port",
    mutate: (y, c) => both(y, c, "movie-service", { port: 0 }),
    rest: (r) => `got 0; allowed: an integer from 1 to 65535. Fix: set ${r("port")} to the port the app listens on`,
  },
  {
    title: "a prebuilt image not pinned by digest",
    owner: "movie-service",
    field: "image.uri",
    mutate: (y, c) => both(y, c, "movie-service", { image: { uri: "nginx:latest" } }, { image: { kind: "prebuilt", uri: "nginx:latest" } }),
    rest: () =>
      'got "nginx:latest"; allowed: a prebuilt image URI, pinned by digest (…@sha256:<64 hex>). Fix: push the image and use its digest',
  },
  {
    title: "more sidecars than a task holds",
    owner: "movie-service",
    field: "sidecars",
    mutate: (y, c) => both(y, c, "movie-service", { sidecars: sidecars(10) }),
    rest: () =>
      "got 10; allowed: at most 9 sidecars (11 containers; a task definition holds at most 10 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html)). Fix: move some sidecars into a service of their own",
  },
  {
    title: "a sidecar named like the service",
    owner: "movie-service",
    field: "sidecars.movie-service",
    mutate: (y, c) => both(y, c, "movie-service", { sidecars: { "movie-service": { image: "x" } } }),
    rest: () =>
      'got "movie-service"; allowed: a container name other than the service\'s own (the app container is named after the service). Fix: rename the sidecar',
  },
  {
    title: "sidecars taking all the task's cpu",
    owner: "movie-service",
    field: "sidecars",
    mutate: (y, c) => both(y, c, "movie-service", { sidecars: { proxy: { image: "x", cpu: 256 } } }),
    rest: () => "got 256; allowed: sidecar cpu totalling less than the task's 256. Fix: lower the sidecars' cpu or raise the task cpu",
  },
  {
    title: "sidecars taking all the task's memory",
    owner: "movie-service",
    field: "sidecars",
    mutate: (y, c) => both(y, c, "movie-service", { sidecars: { proxy: { image: "x", memory: 512 } } }),
    rest: () =>
      "got 512; allowed: sidecar memory totalling less than the task's 512 MiB. Fix: lower the sidecars' memory or raise the task memory",
  },
  {
    title: "routes without a condition",
    owner: "movie-service",
    field: "routes",
    mutate: (y, c) => both(y, c, "movie-service", { routes: {} }),
    rest: () =>
      'got {"pathPatterns":[],"hostHeaders":[]}; allowed: at least one of `pathPatterns` or `hostHeaders`. Fix: add a path pattern such as /movies*, or remove `routes` for an internal-only service',
  },
  {
    title: "6 condition values in one rule",
    owner: "movie-service",
    field: "routes",
    mutate: (y, c) =>
      both(y, c, "movie-service", {
        routes: { pathPatterns: ["/a*", "/b*", "/c*"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"] },
      }),
    rest: () =>
      'got {"pathPatterns":["/a*","/b*","/c*"],"hostHeaders":["a.example.com","b.example.com","c.example.com"]}; allowed: at most 5 condition values per rule in total across path patterns, host headers and other conditions; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html). Fix: route fewer paths and hosts per service (one listener rule each): merge patterns with a shared prefix, drop wildcards, or split the service\'s routes',
  },
  {
    title: "a host header without a dot",
    owner: "movie-service",
    field: "routes.hostHeaders.0",
    mutate: (y, c) => both(y, c, "movie-service", { routes: { hostHeaders: ["localhost"] } }),
    rest: (r) =>
      `got "localhost"; allowed: a host name: at least one "." (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html). Fix: correct the value in ${r("routes.hostHeaders.0")}`,
  },
  {
    title: "a listener rule priority out of range",
    owner: "movie-service",
    field: "routes.priority",
    mutate: (y, c) => both(y, c, "movie-service", { routes: { pathPatterns: ["/movies*"], priority: 0 } }),
    rest: () =>
      "got 0; allowed: an integer from 1 to 50000. Fix: pick a priority no other rule of the listener uses, or leave it unset in a service set",
  },
  {
    title: "two capacity providers with a base",
    owner: "movie-service",
    field: "capacityProviderStrategy.1.base",
    mutate: (y, c) =>
      both(y, c, "movie-service", {
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 2 },
        ],
      }),
    rest: () =>
      "got 2; allowed: 0 here: ECS lets only one capacity provider of a strategy have a base (item 0, FARGATE, has base 1). Fix: remove `base` from item 1 (FARGATE_SPOT) or set it to 0; keep the base on one provider",
  },
  {
    title: "a health check timeout not below its interval",
    owner: "movie-service",
    field: "healthCheck.timeoutSeconds",
    mutate: (y, c) => both(y, c, "movie-service", { healthCheck: { timeoutSeconds: 5 } }),
    rest: () => "got 5; allowed: less than healthCheck.intervalSeconds (5). Fix: lower the timeout or raise the interval",
  },
  {
    title: "ECS Exec with a read-only root filesystem",
    owner: "movie-service",
    field: "readonlyRootFilesystem",
    mutate: (y, c) => both(y, c, "movie-service", { readonlyRootFilesystem: true }),
    rest: () =>
      `got true; allowed: false or unset while \`enableExecuteCommand\` is true: ${EXEC}. Fix: remove \`readonlyRootFilesystem\` (it then defaults to false while ECS Exec is on), or set \`enableExecuteCommand: false\``,
  },
  {
    title: "an autoscaling minimum above the maximum",
    owner: "movie-service",
    field: "autoscaling.min",
    mutate: (y, c) => both(y, c, "movie-service", { autoscaling: { min: 5, max: 2 } }),
    rest: () => "got 5; allowed: at most autoscaling.max (2). Fix: lower min or raise max",
  },
  {
    title: "a desired count outside the autoscaling range",
    owner: "movie-service",
    field: "desiredCount",
    mutate: (y, c) => both(y, c, "movie-service", { autoscaling: { min: 2, max: 4 } }),
    rest: () => "got 1; allowed: between autoscaling.min (2) and autoscaling.max (4). Fix: set desiredCount inside the autoscaling range",
  },
  {
    title: "request-count scaling without routes",
    owner: "movie-service",
    field: "autoscaling.requestsPerTarget",
    mutate: (y, c) => {
      both(y, c, "movie-service", { autoscaling: { min: 1, max: 2, requestsPerTarget: 10 } });
      delete y.services["movie-service"]["routes"];
      delete c.services["movie-service"]["routes"];
    },
    rest: (r) =>
      `got 10; allowed: unset while the service has no \`routes\` (the request count is the load balancer's). Fix: add \`routes\`, or remove ${r("autoscaling.requestsPerTarget")}`,
  },
  {
    title: "a plaintext secret in the environment",
    owner: "movie-service",
    field: "environmentVariables.DB_PASSWORD",
    yamlField: "environment.DB_PASSWORD",
    mutate: (y, c) =>
      both(y, c, "movie-service", { environment: { DB_PASSWORD: "hunter2" } }, { environmentVariables: { DB_PASSWORD: "hunter2" } }),
    rest: (r) =>
      `got "[redacted]"; allowed: non-secret values only (the name contains "PASSWORD"). Fix: store the value in Secrets Manager or SSM and reference it under ${r("secrets.DB_PASSWORD", { relative: true })}`,
  },
  {
    title: "a plaintext secret in a sidecar's environment",
    owner: "movie-service",
    field: "sidecars.proxy.environment.AUTH_HEADER",
    mutate: (y, c) =>
      both(y, c, "movie-service", { sidecars: { proxy: { image: "x", environment: { AUTH_HEADER: "Bearer abcdefghijklmnop" } } } }),
    rest: (r) =>
      `got "[redacted]"; allowed: non-secret values only (the value carries HTTP Basic/Bearer credentials). Fix: store the value in Secrets Manager or SSM and reference it under ${r("sidecars.proxy.secrets.AUTH_HEADER", { relative: true })}`,
  },
  {
    title: "a wildcard task-role action",
    owner: "movie-service",
    field: "taskPolicy.0.actions",
    mutate: (y, c) => both(y, c, "movie-service", { taskPolicy: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }] }),
    rest: () =>
      'got "s3:*"; allowed: specific actions such as s3:GetObject (the action `s3:*` grants every permission of the service). Fix: list the exact actions the service calls',
  },
  {
    title: "a task-role resource that is not an ARN",
    owner: "movie-service",
    field: "taskPolicy.0.resources",
    mutate: (y, c) => both(y, c, "movie-service", { taskPolicy: [{ actions: ["s3:GetObject"], resources: ["bucket"] }] }),
    rest: () => 'got "bucket"; allowed: exact resource ARNs (never `*`). Fix: list the ARNs of the resources the service uses',
  },
  {
    title: "a task-role resource of every resource",
    owner: "movie-service",
    field: "taskPolicy.0.resources",
    mutate: (y, c) => both(y, c, "movie-service", { taskPolicy: [{ actions: ["s3:GetObject"], resources: ["arn:*"] }] }),
    rest: () =>
      'got "arn:*"; allowed: exact resource ARNs (never `*`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): `arn:*` means every resource in every service. Fix: list the ARNs of the resources the service uses',
  },
  {
    title: "a call to a service that does not exist",
    owner: "customer-service",
    field: "calls",
    mutate: (y, c) => both(y, c, "customer-service", { calls: ["nope"] }),
    rest: () =>
      'got ["nope"]; allowed: names of other services in this stack: movie-service. Fix: remove "nope" from the list or add that service',
  },
  {
    title: "a variable the platform injects for a call",
    owner: "customer-service",
    field: "environmentVariables.MOVIE_SERVICE_URL",
    yamlField: "environment.MOVIE_SERVICE_URL",
    mutate: (y, c) =>
      both(
        y,
        c,
        "customer-service",
        { environment: { MOVIE_SERVICE_URL: "http://x" } },
        { environmentVariables: { MOVIE_SERVICE_URL: "http://x" } },
      ),
    rest: (r) =>
      `got "http://x"; allowed: a variable other than MOVIE_SERVICE_URL: the platform sets it to "movie-service"'s Cloud Map URL because \`calls\` lists "movie-service". Fix: remove ${r("environmentVariables.MOVIE_SERVICE_URL", { yaml: "environment.MOVIE_SERVICE_URL", relative: true })} (the injected URL is http://movie-service.<namespace>:<port>), or remove "movie-service" from \`calls\``,
  },
  {
    title: "two services with one priority",
    owner: "movie-service",
    field: "routes.priority",
    mutate: (y, c) => {
      both(y, c, "movie-service", { routes: { pathPatterns: ["/movies*"], priority: 7 } });
      both(y, c, "customer-service", { routes: { pathPatterns: ["/customers*"], priority: 7 } });
    },
    rest: () =>
      'got 7; allowed: a priority no other service uses (services "customer-service" and "movie-service" both claim listener rule priority 7). Fix: give one of the two services a different value',
  },
  {
    title: "two services with one path",
    owner: "movie-service",
    field: "routes.pathPatterns",
    mutate: (y, c) => both(y, c, "movie-service", { routes: { pathPatterns: ["/customers*"] } }),
    rest: () =>
      'got ["/customers*"]; allowed: a route no other service uses (services "customer-service" and "movie-service" both route path "/customers*" on any host). Fix: give one of the two services a different value',
  },
  {
    title: "a broader path evaluated first",
    owner: "customer-service",
    field: "routes.priority",
    mutate: (y, c) => {
      both(y, c, "movie-service", { routes: { pathPatterns: ["/movies*"], priority: 1 } });
      both(y, c, "customer-service", { routes: { pathPatterns: ["/movies/top*"] } });
    },
    rest: (r) =>
      `got 34250; allowed: an order that evaluates this rule before service "movie-service"'s (priority 1): "movie-service" routes "/movies*", which also matches "/movies/top*", and ALB evaluates the lower priority first. Fix: set ${r("routes.priority", { service: "movie-service" })} to 34251 (any free priority above 34250)`,
  },
  {
    title: "a wildcard host evaluated before a host it matches",
    owner: "customer-service",
    field: "routes.priority",
    mutate: (y, c) => {
      both(y, c, "movie-service", { routes: { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: 10 } });
      both(y, c, "customer-service", { routes: { hostHeaders: ["api.example.com"], pathPatterns: ["/movies*"], priority: 20 } });
    },
    rest: (r) =>
      `got 20; allowed: an order that evaluates this rule before service "movie-service"'s (priority 10): "movie-service" routes host "*.example.com", which also matches "api.example.com", on path "/movies*", and ALB evaluates the lower priority first. Fix: set ${r("routes.priority")} to 9 (any free priority below 10)`,
  },
  {
    title: "two wildcard hosts that match one host",
    owner: "customer-service",
    field: "routes.hostHeaders",
    mutate: (y, c) => {
      both(y, c, "movie-service", { routes: { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: 10 } });
      both(y, c, "customer-service", { routes: { hostHeaders: ["api.*.com"], pathPatterns: ["/movies*"], priority: 20 } });
    },
    rest: () =>
      'got ["api.*.com"]; allowed: host patterns that cannot match the same host as another service\'s on the same path: "movie-service" routes "*.example.com" and this service "api.*.com" on path "/movies*", so whichever ALB evaluates first takes the other\'s requests. Fix: list exact hosts, or narrow "api.*.com" or "movie-service"\'s "*.example.com" so no host matches both',
  },
  {
    title: "a Service Connect timeout ECS refuses",
    owner: "movie-service",
    field: "serviceConnect.idleTimeoutSeconds",
    yamlKey: "discovery.idleTimeoutSeconds",
    mutate: (y, c) => {
      y.keys["discovery"] = { ...(y.keys["discovery"] as Json | undefined), mode: "serviceConnect", idleTimeoutSeconds: -1 };
      c.services["movie-service"].serviceConnect = { idleTimeoutSeconds: -1 };
    },
    rest: () => "got -1; allowed: an integer from 0 (no timeout) to 2147483647. Fix: remove it for ECS's default",
  },
  {
    title: "a fractional Service Connect request timeout",
    owner: "customer-service",
    field: "serviceConnect.perRequestTimeoutSeconds",
    yamlKey: "discovery.perRequestTimeoutSeconds",
    mutate: (y, c) => {
      y.keys["discovery"] = { ...(y.keys["discovery"] as Json | undefined), mode: "both", perRequestTimeoutSeconds: 1.5 };
      c.services["customer-service"].serviceConnect = { perRequestTimeoutSeconds: 1.5 };
    },
    rest: () => "got 1.5; allowed: an integer from 0 (no timeout) to 2147483647. Fix: remove it for ECS's default",
  },
  {
    title: "two cluster capacity providers with a base",
    owner: undefined,
    field: "cluster.capacityProviderStrategy.1.base",
    mutate: (y, c) => {
      const strategy = [
        { capacityProvider: "FARGATE", base: 1 },
        { capacityProvider: "FARGATE_SPOT", base: 2 },
      ] as const;
      y.keys["cluster"] = { capacityProviderStrategy: strategy };
      c.platform.cluster = { capacityProviderStrategy: strategy };
    },
    rest: () =>
      "got 2; allowed: 0 here: ECS lets only one capacity provider of a strategy have a base (item 0, FARGATE, has base 1). Fix: remove `base` from item 1 (FARGATE_SPOT) or set it to 0; keep the base on one provider",
  },
  {
    title: "every cluster capacity weight 0",
    owner: undefined,
    field: "cluster.capacityProviderStrategy.0.weight",
    mutate: (y, c) => {
      const strategy = [{ capacityProvider: "FARGATE", weight: 0 }] as const;
      y.keys["cluster"] = { capacityProviderStrategy: strategy };
      c.platform.cluster = { capacityProviderStrategy: strategy };
    },
    rest: (r) =>
      `got 0; allowed: a weight above 0 on at least one capacity provider (with every weight 0 ECS places no task beyond the base). Fix: set ${r("cluster.capacityProviderStrategy.0.weight")} to 1`,
  },
  {
    title: "a cluster capacity provider listed twice",
    owner: undefined,
    field: "cluster.capacityProviderStrategy.1.capacityProvider",
    mutate: (y, c) => {
      const strategy = [{ capacityProvider: "FARGATE" }, { capacityProvider: "FARGATE" }] as const;
      y.keys["cluster"] = { capacityProviderStrategy: strategy };
      c.platform.cluster = { capacityProviderStrategy: strategy };
    },
    rest: () => 'got "FARGATE"; allowed: a provider not already listed (item 0 is FARGATE). Fix: merge item 1 into item 0',
  },
  {
    title: "a one-zone network",
    owner: undefined,
    field: "network.availabilityZones",
    mutate: (y, c) => {
      y.keys["network"] = { availabilityZones: 1 };
      c.platform.network = { availabilityZones: 1 };
    },
    rest: (r) => `got 1; allowed: an integer from 2 to 6 (an ALB needs two zones). Fix: set ${r("network.availabilityZones")} to 2 or more`,
  },
];

/** What the YAML path says (`Pulumi.dev.yaml: …`). */
function yamlMessage(yaml: Yaml): string {
  const entries = Object.fromEntries(Object.entries({ ...yaml.keys, services: yaml.services }).map(([k, v]) => [k, JSON.stringify(v)]));
  try {
    parseStackConfig(entries, "dev", "us-east-1");
    return "OK";
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
}

/** What code says: the `ServiceSet` (and, for one service's own rules, `FargateService` directly) or the `Platform`. */
function codeMessages(code: Code, owner: string | undefined): string[] {
  const messageOf = (f: () => unknown): string => {
    try {
      f();
      return "OK";
    } catch (e) {
      assert.ok(e instanceof ComponentArgsError, String(e));
      return e.message;
    }
  };
  if (owner === undefined) return [messageOf(() => validatePlatformArgs("dev", code.platform))];
  const platform = fullRef("dev");
  const viaSet = messageOf(() => new ServiceSet(platform).add(code.services));
  const { calls: _calls, ...alone } = code.services[owner];
  // Alone, a routed service must name its priority (a set allocates one): that problem comes after its own.
  const direct = messageOf(() => validateFargateServiceArgs(owner, { ...alone, platform }));
  return direct === "OK" || direct.startsWith(`FargateService "${owner}": \`routes.priority\` is missing`) ? [viaSet] : [viaSet, direct];
}

describe("code and YAML give the same error for every component rule (issue 11)", () => {
  for (const row of ROWS) {
    it(`${row.title}: \`${row.field}\``, () => {
      const yaml = yamlBase();
      const code = codeBase();
      row.mutate(yaml, code);
      const self = row.owner;
      const codeRef: Ref = (p, o = {}) => `\`${o.relative || o.service === undefined || o.service === self ? p : `${o.service}.${p}`}\``;
      const yamlRef: Ref = (p, o = {}) => {
        const path = o.yaml ?? p;
        if (o.relative) return `\`${path}\``;
        const service = o.service ?? self;
        return `\`dockyard:${service === undefined ? "" : `services.${service}.`}${path}\``;
      };
      const yamlField =
        row.yamlKey !== undefined
          ? `dockyard:${row.yamlKey}`
          : `dockyard:${self === undefined ? "" : `services.${self}.`}${row.yamlField ?? row.field}`;
      assert.equal(yamlMessage(yaml), `Pulumi.dev.yaml: \`${yamlField}\` ${row.rest(yamlRef)}`);
      const component = self === undefined ? 'Platform "dev"' : `FargateService "${self}"`;
      for (const message of codeMessages(code, self)) assert.equal(message, `${component}: \`${row.field}\` ${row.rest(codeRef)}`);
    });
  }

  it("the unchanged bases pass both paths (negative control: every row's error comes from its mutation)", () => {
    assert.equal(yamlMessage(yamlBase()), "OK");
    const code = codeBase();
    assert.deepEqual(codeMessages(code, "movie-service"), ["OK"]);
    assert.deepEqual(codeMessages(code, undefined), ["OK"]);
  });

  it("a FargateService created alone must name its listener rule priority (a set allocates it)", () => {
    const { calls: _calls, ...movie } = codeBase().services["movie-service"];
    assert.throws(() => validateFargateServiceArgs("movie-service", { ...movie, platform: fullRef("dev") }), {
      name: "ComponentArgsError",
      message:
        'FargateService "movie-service": `routes.priority` is missing; allowed: an integer from 1 to 50000 that no other rule of the listener uses. Fix: set `routes.priority`, or add the service through `platform.addServices()` or a `ServiceSet`, which allocate one',
    });
    validateFargateServiceArgs("movie-service", {
      ...movie,
      platform: fullRef("dev"),
      routes: { pathPatterns: ["/movies*"], priority: 10 },
    });
  });
});
