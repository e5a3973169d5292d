import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { DEFAULTS } from "../../stacks/config-schema";
import { prodCertificateOverride } from "../support/prod-certificate";
import { ROOT } from "../support/run-program";

/** `dockyard:*` entries of a stack (namespace stripped), exactly as the CLI would pass them. */
function entriesOf(stack: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [k, v] of Object.entries(loadProject(ROOT, stack).config))
    if (k.startsWith("dockyard:")) entries[k.slice("dockyard:".length)] = v;
  return entries;
}

/** prod's entries with the stand-in certificate (the committed one is a placeholder the config refuses). */
function prodEntries(): Record<string, string> {
  return { ...entriesOf("prod"), loadBalancer: prodCertificateOverride()["dockyard:loadBalancer"] };
}

interface Services {
  [name: string]: Record<string, unknown> & { routes: Record<string, unknown> };
}
type Mutation = (services: Services, entries: Record<string, string>) => void;

/** Applies `mutate` to a copy of dev's config and returns the ConfigError message (or "OK"). */
function messageFor(mutate: Mutation): string {
  const entries = entriesOf("dev");
  const services: Services = JSON.parse(entries["services"]);
  mutate(services, entries);
  if (entries["services"] === entriesOf("dev")["services"]) entries["services"] = JSON.stringify(services);
  try {
    parseStackConfig(entries, "dev", "us-east-1");
    return "OK";
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
}

const F = "Pulumi.dev.yaml: ";
const setFix = (p: string) => `Fix: set \`${p}\` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)`;

describe("stack config", () => {
  it("accepts dev and prod as committed", () => {
    assert.equal(
      messageFor(() => undefined),
      "OK",
    );
    parseStackConfig(prodEntries(), "prod", "us-east-1");
  });

  it("resolves dev: sorted services, allocated priorities, callers, defaults, frozen", () => {
    const c = parseStackConfig(entriesOf("dev"), "dev", "us-east-1");
    assert.deepEqual(
      c.services.map((s) => [s.name, s.routes?.priority, s.allowedCallers, s.calls]),
      [
        ["customer-service", 34250, [], ["movie-service"]],
        ["movie-service", 25220, ["customer-service"], []],
      ],
    );
    assert.equal(c.discoveryNamespace, "dev.internal");
    assert.deepEqual(c.services[1].image, {
      kind: "build",
      context: "services/movie-service",
      dockerfile: "Dockerfile",
      target: undefined,
      args: {},
    });
    assert.equal(c.services[1].port, 8080);
    assert.deepEqual(c.services[1].healthCheck, {
      path: "/health",
      intervalSeconds: 5,
      timeoutSeconds: 4,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      matcher: "200",
    });
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.services[0]) && Object.isFrozen(c.services[0].healthCheck));
  });

  it("defaults readonlyRootFilesystem to true, or to false while ECS Exec is on; an explicit value wins", () => {
    const resolved = (patch: Record<string, unknown>): boolean | undefined => {
      const entries = entriesOf("dev");
      const services: Services = JSON.parse(entries["services"]);
      Object.assign(services["movie-service"], patch);
      entries["services"] = JSON.stringify(services);
      return parseStackConfig(entries, "dev", "us-east-1").services.find((s) => s.name === "movie-service")?.readonlyRootFilesystem;
    };
    assert.deepEqual(
      [
        resolved({}),
        resolved({ enableExecuteCommand: false }),
        resolved({ enableExecuteCommand: false, readonlyRootFilesystem: false }),
        resolved({ readonlyRootFilesystem: false }),
      ],
      [false, true, false, false],
    );
    assert.deepEqual(
      parseStackConfig(prodEntries(), "prod", "us-east-1").services.map((s) => [s.name, s.enableExecuteCommand, s.readonlyRootFilesystem]),
      [
        ["customer-service", false, true],
        ["movie-service", false, true],
      ],
    );
  });

  it("accepts a narrower route once its explicit priority puts it first", () => {
    assert.equal(
      messageFor((s) => {
        s["customer-service"].routes["pathPatterns"] = ["/movies/top*"];
        s["customer-service"].routes["priority"] = 100;
      }),
      "OK",
    );
  });

  it("keeps Pulumi.yaml's project defaults equal to the schema's", () => {
    const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, { default: unknown }> };
    const yamlDefaults = Object.fromEntries(Object.entries(project.config).map(([k, v]) => [k, v.default]));
    assert.deepEqual(yamlDefaults, { ...DEFAULTS });
  });

  const cases: [string, Mutation, string][] = [
    [
      "an unknown top-level key",
      (_s, e) => {
        e["colour"] = "blue";
      },
      `${F}\`dockyard:colour\` got "blue"; allowed: known keys: dockyard:network, dockyard:cluster, dockyard:loadBalancer, dockyard:discovery, dockyard:protect, dockyard:logRetentionDays, dockyard:ecrKeepTaggedImages, dockyard:ecrForceDelete, dockyard:services. Fix: remove the key or correct its spelling`,
    ],
    [
      "a misspelled service key",
      (s) => {
        s["movie-service"]["cpus"] = 256;
      },
      `${F}\`dockyard:services.movie-service.cpus\` got 256; allowed: known keys: image, architecture, cpu, memory, port, desiredCount, healthCheck, healthCheckGracePeriodSeconds, deregistrationDelaySeconds, containerHealthCheck, routes, environment, secrets, kmsKeyArns, sidecars, calls, taskPolicy, autoscaling, enableExecuteCommand, readonlyRootFilesystem, stopTimeoutSeconds, capacityProviderStrategy, deployment. Fix: unknown key, did you mean \`dockyard:services.movie-service.cpu\`? Rename it`,
    ],
    [
      "an unsupported cpu",
      (s) => {
        s["movie-service"]["cpu"] = 300;
      },
      `${F}\`dockyard:services.movie-service.cpu\` got 300; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384. Fix: pick one of the Fargate cpu values`,
    ],
    [
      "a cpu/memory pair Fargate rejects",
      (s) => {
        s["movie-service"]["memory"] = 4096;
      },
      `${F}\`dockyard:services.movie-service.memory\` got 4096; allowed: for cpu 256: 512, 1024, 2048. Fix: pick a memory value allowed for cpu 256, or change \`dockyard:services.movie-service.cpu\``,
    ],
    [
      "a port out of range",
      (s) => {
        s["movie-service"]["port"] = 0;
      },
      `${F}\`dockyard:services.movie-service.port\` got 0; allowed: an integer from 1 to 65535. Fix: set \`dockyard:services.movie-service.port\` to the port the app listens on`,
    ],
    [
      "a port of the wrong type",
      (s) => {
        s["movie-service"]["port"] = "http";
      },
      `${F}\`dockyard:services.movie-service.port\` got "http"; allowed: an integer from 1 to 65535. ${setFix("dockyard:services.movie-service.port")}`,
    ],
    [
      "a bad service name",
      (s) => {
        s["Movie_Service"] = s["movie-service"];
      },
      `${F}\`dockyard:services.Movie_Service\` got "Movie_Service"; allowed: a service name: lower-case letters, digits and "-", 2–32 characters, starting with a letter. Fix: rename the key`,
    ],
    [
      "two services with the same priority",
      (s) => {
        s["movie-service"].routes["priority"] = 7;
        s["customer-service"].routes["priority"] = 7;
      },
      `${F}\`dockyard:services.movie-service.routes.priority\` got 7; allowed: a priority no other service uses (services "customer-service" and "movie-service" both claim listener rule priority 7). Fix: give one of the two services a different value`,
    ],
    [
      "two services with the same path",
      (s) => {
        s["movie-service"].routes["pathPatterns"] = ["/customers*"];
      },
      `${F}\`dockyard:services.movie-service.routes.pathPatterns\` got ["/customers*"]; allowed: a route no other service uses (services "customer-service" and "movie-service" both route path "/customers*" on any host). Fix: give one of the two services a different value`,
    ],
    [
      "a secret that is not a Secrets Manager/SSM ARN",
      (s) => {
        s["movie-service"]["secrets"] = { DB: "arn:aws:s3:::nope" };
      },
      `${F}\`dockyard:services.movie-service.secrets.DB\` got "arn:aws:s3:::nope"; allowed: a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN. ${setFix("dockyard:services.movie-service.secrets.DB")}`,
    ],
    [
      "a certificate that is not an ACM ARN",
      (_s, e) => {
        e["loadBalancer"] = JSON.stringify({ certificateArn: "arn:aws:iam::1:server-certificate/x" });
      },
      `${F}\`dockyard:loadBalancer.certificateArn\` got "arn:aws:iam::1:server-certificate/x"; allowed: an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>). ${setFix("dockyard:loadBalancer.certificateArn")}`,
    ],
    [
      "a password in plain environment",
      (s) => {
        s["movie-service"]["environment"] = { DB_PASSWORD: "hunter2" };
      },
      `${F}\`dockyard:services.movie-service.environment.DB_PASSWORD\` got "[redacted]"; allowed: non-secret values only (the name contains "PASSWORD"). Fix: store the value in Secrets Manager or SSM and reference it under \`secrets.DB_PASSWORD\``,
    ],
    [
      "a generated token in plain environment",
      (s) => {
        s["movie-service"]["environment"] = { UPSTREAM: "q8Zr2LkP0vXy7Tn3Wm5Bc9Hd" };
      },
      `${F}\`dockyard:services.movie-service.environment.UPSTREAM\` got "[redacted]"; allowed: non-secret values only (the value looks like a generated secret (long and high-entropy)). Fix: store the value in Secrets Manager or SSM and reference it under \`secrets.UPSTREAM\``,
    ],
    [
      "a service-wide wildcard action",
      (s) => {
        s["movie-service"]["taskPolicy"] = [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }];
      },
      `${F}\`dockyard:services.movie-service.taskPolicy.0.actions\` got "s3:*"; allowed: specific actions such as s3:GetObject (the action \`s3:*\` grants every permission of the service). Fix: list the exact actions the service calls`,
    ],
    [
      "a `*` resource",
      (s) => {
        s["movie-service"]["taskPolicy"] = [{ actions: ["s3:GetObject"], resources: ["*"] }];
      },
      `${F}\`dockyard:services.movie-service.taskPolicy.0.resources\` got "*"; allowed: exact resource ARNs (never \`*\`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): \`*\` means every resource in every service. Fix: list the ARNs of the resources the service uses`,
    ],
    [
      "a call to an unknown service",
      (s) => {
        s["customer-service"]["calls"] = ["nope"];
      },
      `${F}\`dockyard:services.customer-service.calls\` got ["nope"]; allowed: names of other services in this stack: movie-service. Fix: remove "nope" from the list or add that service`,
    ],
    [
      "a missing build context",
      (s) => {
        s["movie-service"]["image"] = { context: "services/nope" };
      },
      `${F}\`dockyard:services.movie-service.image.context\` got "services/nope"; allowed: a directory relative to the project root. Fix: create services/nope or point \`image.context\` at the service's source directory`,
    ],
    [
      "both a build context and a prebuilt URI",
      (s) => {
        s["movie-service"]["image"] = { context: "services/movie-service", uri: `x@sha256:${"a".repeat(64)}` };
      },
      `${F}\`dockyard:services.movie-service.image\` got {"context":"services/movie-service","dockerfile":"Dockerfile","args":{},"uri":"x@sha256:${"a".repeat(64)}"}; allowed: exactly one of \`context\` (build from source) or \`uri\` (prebuilt, digest-pinned). Fix: Only one of \`context\` or \`uri\` can be provided: remove the other`,
    ],
    [
      "a retention CloudWatch does not offer",
      (_s, e) => {
        e["logRetentionDays"] = "8";
      },
      `${F}\`dockyard:logRetentionDays\` got 8; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. ${setFix("dockyard:logRetentionDays")}`,
    ],
    [
      "protect together with force-delete",
      (_s, e) => {
        e["protect"] = "true";
      },
      `${F}\`dockyard:ecrForceDelete\` got true; allowed: false when \`dockyard:protect\` is true. Fix: remove \`dockyard:ecrForceDelete\` (protected stacks never force-delete repositories)`,
    ],
    [
      "services that are not a map",
      (_s, e) => {
        e["services"] = "{not json";
      },
      `${F}\`dockyard:services\` got "{not json"; allowed: a map of service name → service settings. ${setFix("dockyard:services")}`,
    ],
    [
      "no services",
      (_s, e) => {
        e["services"] = "{}";
      },
      `${F}\`dockyard:services\` got {}; allowed: at least one service. ${setFix("dockyard:services")}`,
    ],
    [
      "a desired count outside the autoscaling range",
      (s) => {
        s["movie-service"]["autoscaling"] = { min: 2, max: 10 };
      },
      `${F}\`dockyard:services.movie-service.desiredCount\` got 1; allowed: between autoscaling.min (2) and autoscaling.max (10). Fix: set desiredCount inside the autoscaling range`,
    ],
    [
      "a health check timeout not below the interval",
      (s) => {
        s["movie-service"]["healthCheck"] = { intervalSeconds: 5, timeoutSeconds: 5 };
      },
      `${F}\`dockyard:services.movie-service.healthCheck.timeoutSeconds\` got 5; allowed: less than healthCheck.intervalSeconds (5). Fix: lower the timeout or raise the interval`,
    ],
    [
      "an unknown NAT strategy",
      (_s, e) => {
        e["network"] = JSON.stringify({ natGateways: "Two" });
      },
      `${F}\`dockyard:network.natGateways\` got "Two"; allowed: one of "Single", "OnePerAz". ${setFix("dockyard:network.natGateways")}`,
    ],
    [
      "ECS Exec together with an explicitly read-only root filesystem",
      (s) => {
        s["movie-service"]["readonlyRootFilesystem"] = true;
      },
      `${F}\`dockyard:services.movie-service.readonlyRootFilesystem\` got true; allowed: false or unset while \`enableExecuteCommand\` is true: ECS Exec needs a writable root filesystem (the SSM agent it starts inside the container cannot run on a read-only one). Fix: remove \`readonlyRootFilesystem\` (it then defaults to false while ECS Exec is on), or set \`enableExecuteCommand: false\``,
    ],
    [
      "a route that a broader route of another service would swallow",
      (s) => {
        s["customer-service"].routes["pathPatterns"] = ["/movies/top*"];
      },
      `${F}\`dockyard:services.customer-service.routes.priority\` got 34250; allowed: an order that evaluates this rule before service "movie-service"'s (priority 25220): "movie-service" routes "/movies*", which also matches "/movies/top*", and ALB evaluates the lower priority first. Fix: set \`dockyard:services.customer-service.routes.priority\` to 25219 (any free priority below 25220)`,
    ],
    [
      "a route with no conditions",
      (s) => {
        s["movie-service"].routes["pathPatterns"] = [];
      },
      `${F}\`dockyard:services.movie-service.routes\` got {"pathPatterns":[],"hostHeaders":[]}; allowed: at least one of \`pathPatterns\` or \`hostHeaders\`. Fix: add a path pattern such as /movies*, or remove \`routes\` for an internal-only service`,
    ],
  ];
  for (const [title, mutate, expected] of cases) {
    it(`rejects ${title}`, () => assert.equal(messageFor(mutate), expected));
  }

  it("rejects a missing region", () => {
    assert.throws(() => parseStackConfig(entriesOf("dev"), "dev", undefined), {
      name: "ConfigError",
      message:
        "Pulumi.dev.yaml: `aws:region` is missing; allowed: an AWS region such as us-east-1. Fix: set it with `pulumi config set aws:region us-east-1 --stack dev`",
    });
  });
});
