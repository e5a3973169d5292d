/**
 * Config that AWS or common sense refuses, and security holes, refused at load time (issue 13): each with the
 * file, the field, the value (masked when it looks like a secret), what is allowed and a fix that is possible.
 * Each accepted neighbour is the negative control: the check refuses only what it should.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../stacks/config-error";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { checkNamespaces } from "../../stacks/config-namespace";
import { ROOT } from "../support/run-program";

function entriesOf(stack: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [k, v] of Object.entries(loadProject(ROOT, stack).config))
    if (k.startsWith("dockyard:")) entries[k.slice("dockyard:".length)] = v;
  return entries;
}

type Services = Record<string, Record<string, unknown> & { routes: Record<string, unknown> }>;
type Mutation = (services: Services, entries: Record<string, string>) => void;

/** Applies `mutate` to a copy of dev's config and returns the ConfigError message (or "OK"). */
function messageFor(mutate: Mutation, region = "us-east-1"): string {
  const entries = entriesOf("dev");
  const services: Services = JSON.parse(entries["services"]);
  mutate(services, entries);
  if (entries["services"] !== undefined && entries["services"] === entriesOf("dev")["services"])
    entries["services"] = JSON.stringify(services);
  try {
    parseStackConfig(entries, "dev", region);
    return "OK";
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
}

describe("stack config: refusals (issue 13)", () => {
  const refused: [string, Mutation, string][] = [
    [
      "a resource of `arn:*`",
      (s) => {
        s["movie-service"]["taskPolicy"] = [{ actions: ["s3:GetObject"], resources: ["arn:*"] }];
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.taskPolicy.0.resources` got "arn:*"; allowed: exact resource ARNs (never `*`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): `arn:*` means every resource in every service. Fix: list the ARNs of the resources the service uses',
    ],
    [
      "every S3 bucket (`arn:aws:s3:::*`)",
      (s) => {
        s["movie-service"]["taskPolicy"] = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::*"] }];
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.taskPolicy.0.resources` got "arn:aws:s3:::*"; allowed: exact resource ARNs (never `*`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): a wildcard bucket name means every bucket. Fix: list the ARNs of the resources the service uses',
    ],
    [
      "every table of a service (`table/*`)",
      (s) => {
        s["movie-service"]["taskPolicy"] = [
          { actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/*"] },
        ];
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.taskPolicy.0.resources` got "arn:aws:dynamodb:us-east-1:123456789012:table/*"; allowed: exact resource ARNs (never `*`; a wildcard only inside one named resource, e.g. arn:aws:s3:::my-bucket/*): `table/*` means every table of dynamodb. Fix: list the ARNs of the resources the service uses',
    ],
    [
      "a secret value where a secret's ARN belongs, without printing it",
      (s) => {
        s["movie-service"]["secrets"] = { DB: "hunter2-plain-secret" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.secrets.DB` got "[redacted]"; allowed: a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN. Fix: set `dockyard:services.movie-service.secrets.DB` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a generated secret where a KMS key ARN belongs, without printing it",
      (s) => {
        s["movie-service"]["kmsKeyArns"] = ["q8Zr2LkP0vXy7Tn3Wm5Bc9Hd"];
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.kmsKeyArns.0` got "[redacted]"; allowed: a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>). Fix: set `dockyard:services.movie-service.kmsKeyArns.0` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a build context outside the project root",
      (s) => {
        s["movie-service"]["image"] = { context: ".." };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.image.context` got ".."; allowed: a directory inside the project root (this one is outside the project root: the whole context is hashed and sent to the builder). Fix: point `image.context` at the service\'s source directory, e.g. services/movie-service',
    ],
    [
      "a Dockerfile outside the build context",
      (s) => {
        s["movie-service"]["image"] = { context: "services/movie-service", dockerfile: "../../../../etc/passwd" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.image.dockerfile` got "../../../../etc/passwd"; allowed: a file inside services/movie-service (this one is outside the build context). Fix: move the Dockerfile into the context and set `image.dockerfile` relative to it, e.g. Dockerfile',
    ],
    [
      "a wildcard-only host header (AWS's own host-header rule, policy/aws-rules, refuses it first)",
      (s) => {
        s["movie-service"].routes = { hostHeaders: ["*"] };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.routes.hostHeaders.0` got "*"; allowed: a host name: at least one "." (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html). Fix: correct the value in `dockyard:services.movie-service.routes.hostHeaders.0`',
    ],
    [
      "a wildcard host evaluated before a host it matches",
      (s) => {
        s["movie-service"].routes = { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: 10 };
        s["customer-service"].routes = { hostHeaders: ["api.example.com"], pathPatterns: ["/movies*"], priority: 20 };
      },
      'Pulumi.dev.yaml: `dockyard:services.customer-service.routes.priority` got 20; allowed: an order that evaluates this rule before service "movie-service"\'s (priority 10): "movie-service" routes host "*.example.com", which also matches "api.example.com", on path "/movies*", and ALB evaluates the lower priority first. Fix: set `dockyard:services.customer-service.routes.priority` to 9 (any free priority below 10)',
    ],
    [
      "a wildcard host at priority 1, with a fix that is possible (raise the other rule)",
      (s) => {
        s["movie-service"].routes = { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: 1 };
        s["customer-service"].routes = { hostHeaders: ["api.example.com"], pathPatterns: ["/movies*"], priority: 20 };
      },
      'Pulumi.dev.yaml: `dockyard:services.customer-service.routes.priority` got 20; allowed: an order that evaluates this rule before service "movie-service"\'s (priority 1): "movie-service" routes host "*.example.com", which also matches "api.example.com", on path "/movies*", and ALB evaluates the lower priority first. Fix: set `dockyard:services.movie-service.routes.priority` to 21 (any free priority above 20)',
    ],
    [
      "a broader path at priority 1, with a fix that is possible",
      (s) => {
        s["movie-service"].routes["priority"] = 1;
        s["customer-service"].routes["pathPatterns"] = ["/movies/top*"];
      },
      'Pulumi.dev.yaml: `dockyard:services.customer-service.routes.priority` got 34250; allowed: an order that evaluates this rule before service "movie-service"\'s (priority 1): "movie-service" routes "/movies*", which also matches "/movies/top*", and ALB evaluates the lower priority first. Fix: set `dockyard:services.movie-service.routes.priority` to 34251 (any free priority above 34250)',
    ],
    [
      "a certificate from another region",
      (_s, e) => {
        e["loadBalancer"] = JSON.stringify({
          certificateArn: "arn:aws:acm:eu-west-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162",
        });
      },
      "Pulumi.dev.yaml: `dockyard:loadBalancer.certificateArn` got \"arn:aws:acm:eu-west-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162\"; allowed: an ACM certificate in the stack's region us-east-1 (an ALB can only use certificates of its own region; this one is in eu-west-1). Fix: request or import the certificate in us-east-1 and run `pulumi config set --path 'dockyard:loadBalancer.certificateArn' arn:aws:acm:us-east-1:<your account>:certificate/<id> --stack dev`",
    ],
    [
      "a certificate with an all-zero id",
      (_s, e) => {
        e["loadBalancer"] = JSON.stringify({
          certificateArn: "arn:aws:acm:us-east-1:210987654321:certificate/00000000-0000-0000-0000-000000000000",
        });
      },
      "Pulumi.dev.yaml: `dockyard:loadBalancer.certificateArn` got \"arn:aws:acm:us-east-1:210987654321:certificate/00000000-0000-0000-0000-000000000000\"; allowed: your own ACM certificate's ARN (an all-zero certificate id is a placeholder, so no such certificate exists and the HTTPS listener could not be created). Fix: run `pulumi config set --path 'dockyard:loadBalancer.certificateArn' arn:aws:acm:us-east-1:<your account>:certificate/<id> --stack dev`",
    ],
    [
      "all-zero capacity weights",
      (_s, e) => {
        e["cluster"] = JSON.stringify({
          capacityProviderStrategy: [
            { capacityProvider: "FARGATE", weight: 0 },
            { capacityProvider: "FARGATE_SPOT", weight: 0 },
          ],
        });
      },
      "Pulumi.dev.yaml: `dockyard:cluster.capacityProviderStrategy.0.weight` got 0; allowed: a weight above 0 on at least one capacity provider (with every weight 0 ECS places no task beyond the base). Fix: set `dockyard:cluster.capacityProviderStrategy.0.weight` to 1",
    ],
    [
      "two cluster capacity providers with a base",
      (_s, e) => {
        e["cluster"] = JSON.stringify({
          capacityProviderStrategy: [
            { capacityProvider: "FARGATE", base: 1 },
            { capacityProvider: "FARGATE_SPOT", base: 2 },
          ],
        });
      },
      "Pulumi.dev.yaml: `dockyard:cluster.capacityProviderStrategy.1.base` got 2; allowed: 0 here: ECS lets only one capacity provider of a strategy have a base (item 0, FARGATE, has base 1). Fix: remove `base` from item 1 (FARGATE_SPOT) or set it to 0; keep the base on one provider",
    ],
    [
      "two service capacity providers with a base",
      (s) => {
        s["movie-service"]["capacityProviderStrategy"] = [
          { capacityProvider: "FARGATE", base: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 2 },
        ];
      },
      "Pulumi.dev.yaml: `dockyard:services.movie-service.capacityProviderStrategy.1.base` got 2; allowed: 0 here: ECS lets only one capacity provider of a strategy have a base (item 0, FARGATE, has base 1). Fix: remove `base` from item 1 (FARGATE_SPOT) or set it to 0; keep the base on one provider",
    ],
    [
      "a CIDR that is not an address (10.999.0.0/16)",
      (_s, e) => {
        e["network"] = JSON.stringify({ cidrBlock: "10.999.0.0/16" });
      },
      'Pulumi.dev.yaml: `dockyard:network.cidrBlock` got "10.999.0.0/16"; allowed: a /16 block in 10.0.0.0/8: 10.<0-255>.0.0/16, e.g. 10.0.0.0/16. Fix: set `dockyard:network.cidrBlock` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a health-check matcher that is not HTTP codes",
      (s) => {
        s["movie-service"]["healthCheck"] = { matcher: "abc" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.healthCheck.matcher` got "abc"; allowed: HTTP codes from 200 to 499: one (200), a list (200,202) or a range (200-299). Fix: set `dockyard:services.movie-service.healthCheck.matcher` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a health-check matcher range beyond 499",
      (s) => {
        s["movie-service"]["healthCheck"] = { matcher: "200-500" };
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.healthCheck.matcher` got "200-500"; allowed: HTTP codes from 200 to 499: one (200), a list (200,202) or a range (200-299). Fix: set `dockyard:services.movie-service.healthCheck.matcher` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a misspelt top-level key, as unknown rather than as `services` missing",
      (_s, e) => {
        e["servics"] = e["services"];
        delete e["services"];
      },
      'Pulumi.dev.yaml: `dockyard:servics` got "{\u2026}"; allowed: known keys: dockyard:network, dockyard:cluster, dockyard:loadBalancer, dockyard:discovery, dockyard:protect, dockyard:logRetentionDays, dockyard:ecrKeepTaggedImages, dockyard:ecrForceDelete, dockyard:services. Fix: unknown key, did you mean `dockyard:services`? Rename it',
    ],
    [
      "a top-level null",
      (_s, e) => {
        e["network"] = "null";
      },
      "Pulumi.dev.yaml: `dockyard:network` got null; allowed: a map of settings. Fix: remove `dockyard:network` to use the default, or set a value (null is not a setting)",
    ],
    [
      "a list where a map belongs, in our words",
      (s) => {
        s["movie-service"]["environment"] = [];
      },
      'Pulumi.dev.yaml: `dockyard:services.movie-service.environment` got []; allowed: a map of names to values. Fix: set `dockyard:services.movie-service.environment` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    ],
    [
      "a user-set variable the platform injects for `calls`",
      (s) => {
        s["customer-service"]["environment"] = { MOVIE_SERVICE_URL: "http://evil" };
      },
      'Pulumi.dev.yaml: `dockyard:services.customer-service.environment.MOVIE_SERVICE_URL` got "http://evil"; allowed: a variable other than MOVIE_SERVICE_URL: the platform sets it to "movie-service"\'s Cloud Map URL because `calls` lists "movie-service". Fix: remove `environment.MOVIE_SERVICE_URL` (the injected URL is http://movie-service.<namespace>:<port>), or remove "movie-service" from `calls`',
    ],
  ];
  for (const [title, mutate, expected] of refused) {
    it(`refuses ${title}`, () => assert.equal(messageFor(mutate), expected));
  }

  const accepted: [string, Mutation][] = [
    [
      "a wildcard inside one bucket",
      (s) => {
        s["movie-service"]["taskPolicy"] = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::my-bucket/*"] }];
      },
    ],
    [
      "a wildcard host evaluated after the host it matches",
      (s) => {
        s["movie-service"].routes = { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: 20 };
        s["customer-service"].routes = { hostHeaders: ["api.example.com"], pathPatterns: ["/movies*"], priority: 10 };
      },
    ],
    [
      "a matcher list",
      (s) => {
        s["movie-service"]["healthCheck"] = { matcher: "200,202" };
      },
    ],
  ];
  for (const [title, mutate] of accepted) {
    it(`accepts ${title}`, () => assert.equal(messageFor(mutate), "OK"));
  }

  it("shows a wrong ARN under `secrets` even for a sensitive name (an ARN is the reference, not the secret)", () => {
    assert.equal(
      messageFor((s) => {
        s["movie-service"]["secrets"] = { DB_PASSWORD: "arn:aws:s3:::nope" };
      }),
      'Pulumi.dev.yaml: `dockyard:services.movie-service.secrets.DB_PASSWORD` got "arn:aws:s3:::nope"; allowed: a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN. Fix: set `dockyard:services.movie-service.secrets.DB_PASSWORD` to an allowed value in Pulumi.dev.yaml (see "Configuration" in README.md)',
    );
  });

  it("refuses a certificate of another partition than the region's", () => {
    assert.equal(
      messageFor((_s, e) => {
        e["loadBalancer"] = JSON.stringify({
          certificateArn: "arn:aws-cn:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162",
        });
      }),
      "Pulumi.dev.yaml: `dockyard:loadBalancer.certificateArn` got \"arn:aws-cn:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162\"; allowed: an ARN of partition aws, the partition of us-east-1 (this one is aws-cn). Fix: run `pulumi config set --path 'dockyard:loadBalancer.certificateArn' arn:aws:acm:us-east-1:<your account>:certificate/<id> --stack dev`",
    );
  });

  it("leaves other namespaces alone: only a near miss of `dockyard` is a typo", () => {
    assert.doesNotThrow(() =>
      checkNamespaces("Pulumi.dev.yaml", "dockyard", ["aws:region", "docker:host", "awsx:x", "pulumi:tags", "dockyard:services"]),
    );
    assert.throws(() => checkNamespaces("Pulumi.dev.yaml", "dockyard", ["aws:region", "dockyrd:services"]), {
      message: /^Pulumi\.dev\.yaml: `dockyrd:services` is in namespace "dockyrd"/,
    });
  });

  it("refuses two wildcard hosts that can match the same host on one path (no order fixes that)", () => {
    const message = (first: number, second: number) =>
      messageFor((s) => {
        s["movie-service"].routes = { hostHeaders: ["*.example.com"], pathPatterns: ["/movies*"], priority: first };
        s["customer-service"].routes = { hostHeaders: ["api.*.com"], pathPatterns: ["/movies*"], priority: second };
      });
    assert.equal(
      message(10, 20),
      'Pulumi.dev.yaml: `dockyard:services.customer-service.routes.hostHeaders` got ["api.*.com"]; allowed: host patterns that cannot match the same host as another service\'s on the same path: "movie-service" routes "*.example.com" and this service "api.*.com" on path "/movies*", so whichever ALB evaluates first takes the other\'s requests. Fix: list exact hosts, or narrow "api.*.com" or "movie-service"\'s "*.example.com" so no host matches both',
    );
    assert.match(
      message(20, 10),
      /^Pulumi\.dev\.yaml: `dockyard:services\.movie-service\.routes\.hostHeaders` got \["\*\.example\.com"\]; allowed: host patterns that cannot match/,
    );
  });

  it("refuses prod as committed: its certificate ARN is a documentation placeholder", () => {
    assert.throws(() => parseStackConfig(entriesOf("prod"), "prod", "us-east-1"), {
      message:
        "Pulumi.prod.yaml: `dockyard:loadBalancer.certificateArn` got \"arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"; allowed: your own ACM certificate's ARN (account 123456789012 is AWS's documentation example, so no such certificate exists and the HTTPS listener could not be created). Fix: run `pulumi config set --path 'dockyard:loadBalancer.certificateArn' arn:aws:acm:us-east-1:<your account>:certificate/<id> --stack prod`",
    });
  });

  it("never prints a secret put where an ARN belongs", () => {
    const message = messageFor((s) => {
      s["movie-service"]["secrets"] = { DB_PASSWORD: "hunter2-plain-secret" };
    });
    assert.ok(!message.includes("hunter2"), message);
    assert.match(message, /got "\[redacted\]"/);
  });

  it("refuses an unknown region, with the closest known one as the fix", () => {
    assert.equal(
      messageFor(() => undefined, "us-esat-1"),
      'Pulumi.dev.yaml: `aws:region` got "us-esat-1"; allowed: an AWS region (46 in AWS\'s partitions.json, e.g. us-east-1, eu-west-1). Fix: set it with `pulumi config set aws:region us-east-1 --stack dev` (did you mean us-east-1?)',
    );
    assert.equal(
      messageFor(() => undefined, "eu-west-3"),
      "OK",
    );
  });

  it("refuses a `secure:` value anywhere in dockyard's config, naming where it is", () => {
    const entries = entriesOf("dev");
    const services = JSON.parse(entries["services"]);
    services["movie-service"].environment = { DB: "[secret]" };
    assert.throws(
      () =>
        parseStackConfig({ ...entries, services: JSON.stringify(services) }, "dev", "us-east-1", undefined, undefined, {
          secretKeys: ["services"],
        }),
      {
        name: "ConfigError",
        message:
          'Pulumi.dev.yaml: `dockyard:services.movie-service.environment.DB` got "[secret]"; allowed: plain values: no dockyard setting takes a secret (a `secure:` value under `environment` would be decrypted into the task definition\'s plain environment). Fix: store the secret in Secrets Manager or SSM and reference its ARN under `services.<name>.secrets.<VARIABLE>`',
      },
    );
    assert.doesNotThrow(() => parseStackConfig(entries, "dev", "us-east-1", undefined, undefined, { secretKeys: [] }));
  });

  it("refuses a build context that is a link out of the project", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-ctx-"));
    fs.mkdirSync(path.join(root, "services", "customer-service"), { recursive: true });
    fs.writeFileSync(path.join(root, "services", "customer-service", "Dockerfile"), "FROM scratch\n");
    fs.symlinkSync(os.tmpdir(), path.join(root, "services", "out"));
    const entries = entriesOf("dev");
    const services = JSON.parse(entries["services"]);
    services["movie-service"].image = { context: "services/out" };
    assert.throws(() => parseStackConfig({ ...entries, services: JSON.stringify(services) }, "dev", "us-east-1", root), {
      message:
        'Pulumi.dev.yaml: `dockyard:services.movie-service.image.context` got "services/out"; allowed: a directory inside the project root (this one is a link to a directory outside the project root: the whole context is hashed and sent to the builder). Fix: point `image.context` at the service\'s source directory, e.g. services/movie-service',
    });
  });

  it("says what is allowed in its own words, never zod's", () => {
    const shapes: Mutation[] = [
      (s) => {
        s["movie-service"]["environment"] = [];
      },
      (s) => {
        s["movie-service"]["sidecars"] = [1];
      },
      (s) => {
        s["movie-service"]["calls"] = "x";
      },
      (s) => {
        s["movie-service"]["taskPolicy"] = {};
      },
      (s) => {
        Object.assign(s["movie-service"], { routes: [] });
      },
      (s) => {
        s["movie-service"]["healthCheck"] = null;
      },
      (s) => {
        s["movie-service"]["image"] = "x";
      },
      (s) => {
        s["movie-service"]["kmsKeyArns"] = "x";
      },
      (_s, e) => {
        e["cluster"] = "[]";
      },
      (_s, e) => {
        e["loadBalancer"] = '{"accessLogs": []}';
      },
      (_s, e) => {
        e["discovery"] = "3";
      },
    ];
    for (const mutate of shapes) {
      const message = messageFor(mutate);
      assert.notEqual(message, "OK");
      assert.doesNotMatch(message, /Invalid input|expected [a-z]+, received|Too (small|big)/, message);
    }
  });
});
