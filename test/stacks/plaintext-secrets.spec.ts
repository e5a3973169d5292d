import * as assert from "node:assert/strict";
import { entropy, plaintextSecretReason } from "../../stacks/plaintext-secrets";

describe("plaintext secret detection", () => {
  const cases: [string, string, string | undefined][] = [
    ["MOVIE_SERVICE_URL", "http://movie-service.dev.internal:8080", undefined],
    ["LOG_LEVEL", "info", undefined],
    ["FEATURE_FLAGS", "recommendations,ratings", undefined],
    ["DB_PASSWORD", "x", 'the name contains "PASSWORD"'],
    ["api-key", "x", 'the name contains "KEY"'],
    ["GITHUB_TOKEN", "x", 'the name contains "TOKEN"'],
    ["AWS_ID", "AKIAIOSFODNN7EXAMPLE", "the value looks like an AWS access key id"],
    ["UPSTREAM", "q8Zr2LkP0vXy7Tn3Wm5Bc9Hd", "the value looks like a generated secret (long and high-entropy)"],
    ["REPEATED", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa", undefined],
  ];
  for (const [name, value, reason] of cases) {
    it(`${name}=${value} → ${reason ?? "fine"}`, () => assert.equal(plaintextSecretReason(name, value), reason));
  }

  it("computes Shannon entropy in bits per character", () => {
    assert.equal(entropy("aaaa"), 0);
    assert.equal(entropy("abcd"), 2);
  });
});
