/**
 * The one plaintext-secret detector: its verdicts, and proof that the pack's rule and the stack config loader
 * (`stacks/plaintext-secrets.ts`) agree on every case, because both call it.
 */
import * as assert from "assert";
import { ecsTaskDefinitionNoPlaintextSecrets } from "../../policy/rules/ecs";
import { secretReason } from "../../policy/rules/secrets";
import { plaintextSecretReason } from "../../stacks/plaintext-secrets";
import { details, res, run } from "./harness";

const CASES: [string, string, string | undefined][] = [
  // Not secrets: ordinary config, settings about a secret, pointers to a secret, switches.
  ["CACHE_KEY_PREFIX", "v1", undefined],
  ["TOKEN_TTL", "3600", undefined],
  ["PASSWORD_FILE", "/run/secrets/db", undefined],
  ["JWT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt", undefined],
  ["API_KEY_HEADER", "X-Api-Key", undefined],
  ["REQUIRE_PASSWORD", "true", undefined],
  ["PWD", "/app", undefined],
  ["SORT_KEY", "createdAt", undefined],
  ["KMS_KEY", "alias/orders", undefined],
  ["PUBLIC_KEY_URL", "https://auth.example.com/.well-known/jwks.json", undefined],
  ["DB_DSN", "postgresql://db.internal:5432/orders", undefined],
  ["MOVIE_SERVICE_URL", "http://movie-service.dev.internal:8080", undefined],
  ["LOG_LEVEL", "info", undefined],
  [
    "IMAGE",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    undefined,
  ],
  // Secrets by value, whatever the name.
  ["DB_DSN", "postgresql://app:s3cret@db.internal:5432/orders", "the value is a URL with a password in it (scheme://user:password@host)"],
  ["UPSTREAM_HEADER", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "the value carries HTTP Basic/Bearer credentials"],
  ["UPSTREAM_AUTH", "Bearer abcdef0123456789", "the value carries HTTP Basic/Bearer credentials"],
  ["TMP_CREDS_ID", "ASIAIOSFODNN7EXAMPLE", "the value looks like an AWS access key id"],
  ["TLS", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "the value contains a private key"],
  [
    "SESSION",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "the value looks like a JSON Web Token",
  ],
  ["UPSTREAM", "q8Zr2LkP0vXy7Tn3Wm5Bc9Hd", "the value looks like a generated secret (long and high-entropy)"],
  // Secrets by name.
  ["DB_PASS", "hunter2", 'the name contains "PASS"'],
  ["MYSQL_PWD", "hunter2", 'the name contains "PWD"'],
  ["dbPassword", "hunter2", 'the name contains "PASSWORD"'],
  ["JWT_SIGNING_KEY", "dev-signing-key", 'the name contains "KEY"'],
  ["SECRET_KEY_BASE", "abc", 'the name contains "KEY"'],
  ["GITHUB_TOKEN", "x", 'the name contains "TOKEN"'],
  ["AWS_SECRET_ACCESS_KEY", "x", 'the name contains "AWS_SECRET_ACCESS_KEY"'],
  ["ECS_ENGINE_AUTH_DATA", "{}", 'the name contains "ECS_ENGINE_AUTH_DATA"'],
];

describe("plaintext secret detector (policy/rules/secrets.ts)", () => {
  for (const [name, value, reason] of CASES) {
    it(`${name}=${value.slice(0, 30)} → ${reason ?? "not a secret"}`, () => {
      assert.strictEqual(secretReason(name, value), reason);
      // The config loader uses the same detector: it can never disagree with the gate.
      assert.strictEqual(plaintextSecretReason(name, value), reason);
    });
  }

  it("the pack's rule reports exactly the cases the config loader refuses", async () => {
    const environment = CASES.map(([name, value], i) => ({ name: `${name}`, value, i }));
    const reports = await Promise.all(
      environment.map((e) =>
        run(ecsTaskDefinitionNoPlaintextSecrets, [
          res("aws:ecs/taskDefinition:TaskDefinition", `td-${e.i}`, {
            containerDefinitions: JSON.stringify([{ name: "app", environment: [{ name: e.name, value: e.value }] }]),
          }),
        ]),
      ),
    );
    const packFlags = reports.map((r) => r.violations.length > 0);
    const configFlags = environment.map((e) => plaintextSecretReason(e.name, e.value) !== undefined);
    assert.deepStrictEqual(packFlags, configFlags);
    const dsn = environment.findIndex((e) => e.name === "DB_DSN" && e.value.includes("@"));
    assert.deepStrictEqual(details(reports[dsn]), [
      `td-${dsn}: container "app" sets DB_DSN in plaintext: the value is a URL with a password in it (scheme://user:password@host). Move these to the container's secrets (Secrets Manager/SSM valueFrom).`,
    ]);
  });

  it("honours the pack config: allowedNames exempt, sensitiveNamePattern adds names", () => {
    const rules = { allowedNames: ["DB_PASS"], minSecretLength: 20, entropyThreshold: 4, sensitiveNamePattern: "^LICENSE$" };
    assert.deepStrictEqual(
      [secretReason("DB_PASS", "hunter2", rules), secretReason("LICENSE", "abc", rules)],
      [undefined, 'the name contains "/^LICENSE$/"'],
    );
  });
});
