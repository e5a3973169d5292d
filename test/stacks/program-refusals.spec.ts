/**
 * Refusals that need the whole program (issue 13): keys in a misspelt namespace, a `secure:` value (the SDK's
 * secret-key list), capacity strategies ECS rejects and user-set injected variables all stop `dockyardProgram()`
 * with the exact message before a single resource is registered.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../stacks/config-error";
import { MockAws } from "../../preview/mock-aws";
import { loadProject } from "../../preview/project";
import { dockyardProgram } from "../../stacks/program";
import { ROOT } from "../support/run-program";

/** Runs the program for dev with `patch` applied under counting mocks; returns the error and what registered. */
async function refusal(
  patch: (config: Record<string, string>) => void,
  secretKeys: string[] = [],
): Promise<{ message: string; registered: string[] }> {
  const config = { ...loadProject(ROOT, "dev").config };
  patch(config);
  const registered: string[] = [];
  const aws = new MockAws({ region: "us-east-1" });
  await pulumi.runtime.setMocks(
    { newResource: (a) => (registered.push(a.name), aws.newResource(a)), call: (a) => aws.call(a) },
    "dockyard",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
  let message = "no error";
  try {
    dockyardProgram();
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    message = e.message;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { message, registered };
}

const services = (config: Record<string, string>, edit: (s: Record<string, Record<string, unknown>>) => void): void => {
  const s = JSON.parse(config["dockyard:services"]);
  edit(s);
  config["dockyard:services"] = JSON.stringify(s);
};

describe("program: refusals before any resource (issue 13)", () => {
  it("a key in a misspelt namespace (dokyard:network)", async () => {
    assert.deepEqual(
      await refusal((c) => {
        c["dokyard:network"] = '{"availabilityZones":3}';
      }),
      {
        message:
          'Pulumi.dev.yaml: `dokyard:network` is in namespace "dokyard", which no part of this project reads; allowed: keys in the project\'s namespace `dockyard:`. Fix: unknown key, did you mean `dockyard:network`? Rename it in Pulumi.dev.yaml',
        registered: [],
      },
    );
  });

  it("a `secure:` value under environment, found through the SDK's secret keys", async () => {
    const r = await refusal(
      (c) =>
        services(c, (s) => {
          s["movie-service"]["environment"] = { DB_URL: "[secret]" };
        }),
      ["dockyard:services"],
    );
    assert.deepEqual(r, {
      message:
        'Pulumi.dev.yaml: `dockyard:services.movie-service.environment.DB_URL` got "[secret]"; allowed: plain values: no dockyard setting takes a secret (a `secure:` value under `environment` would be decrypted into the task definition\'s plain environment). Fix: store the secret in Secrets Manager or SSM and reference its ARN under `services.<name>.secrets.<VARIABLE>`',
      registered: [],
    });
  });

  it("two capacity providers with a base, with file, value and fix", async () => {
    const r = await refusal((c) => {
      c["dockyard:cluster"] = JSON.stringify({
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 1, weight: 3 },
        ],
      });
    });
    assert.deepEqual(r, {
      message:
        "Pulumi.dev.yaml: `dockyard:cluster.capacityProviderStrategy.1.base` got 1; allowed: 0 here: ECS lets only one capacity provider of a strategy have a base (item 0, FARGATE, has base 1). Fix: remove `base` from item 1 (FARGATE_SPOT) or set it to 0; keep the base on one provider",
      registered: [],
    });
  });

  it("a user-set MOVIE_SERVICE_URL that the platform would overwrite", async () => {
    const r = await refusal((c) =>
      services(c, (s) => {
        s["customer-service"]["environment"] = { MOVIE_SERVICE_URL: "http://localhost:9" };
      }),
    );
    assert.deepEqual(r, {
      message:
        'Pulumi.dev.yaml: `dockyard:services.customer-service.environment.MOVIE_SERVICE_URL` got "http://localhost:9"; allowed: a variable other than MOVIE_SERVICE_URL: the platform sets it to "movie-service"\'s Cloud Map URL because `calls` lists "movie-service". Fix: remove `environment.MOVIE_SERVICE_URL` (the injected URL is http://movie-service.<namespace>:<port>), or remove "movie-service" from `calls`',
      registered: [],
    });
  });

  it("runs dev as committed (the negative control: the harness registers resources when config is fine)", async () => {
    const r = await refusal(() => undefined);
    assert.equal(r.message, "no error");
    assert.ok(r.registered.length > 10);
  });
});
