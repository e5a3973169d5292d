import * as assert from "node:assert/strict";
import { envName, loadBalancerName, SERVICE_NAME_PATTERN, shortName, targetGroupName, taskFamily } from "../../components/naming";

describe("naming", () => {
  const cases: [string[], string][] = [
    [["dev", "alb"], "dev-alb"],
    [["dev", "movie-service", "8080"], "dev-movie-service-8080"],
    [["production-eu", "customer-recommendations", "8080"], "production-eu-customer-re-5cb74c"],
  ];
  for (const [parts, expected] of cases) {
    it(`shortName(${JSON.stringify(parts)}) = ${expected}`, () => {
      assert.equal(shortName(parts), expected);
    });
  }

  it("keeps every derived name within 32 characters and distinct for distinct inputs", () => {
    const a = shortName(["production-eu", "customer-recommendations-a", "8080"]);
    const b = shortName(["production-eu", "customer-recommendations-b", "8080"]);
    assert.ok(a.length <= 32 && b.length <= 32, `${a} / ${b}`);
    assert.notEqual(a, b);
    assert.equal(shortName(["x".repeat(40)]).length, 32);
  });

  it("never ends a shortened head with a hyphen", () => {
    const name = shortName(["abcdefghijklmnopqrstuvwxy-", "zzzzzzzzzzzz"]);
    assert.match(name, /^abcdefghijklmnopqrstuvwxy-[0-9a-f]{6}$/);
  });

  it("derives the ALB, target group, family and env names", () => {
    assert.equal(loadBalancerName("prod"), "prod-alb");
    assert.equal(targetGroupName("prod", "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" }), "prod-movie-service-8080-cf12");
    assert.equal(taskFamily("dev", "movie-service"), "dev-movie-service");
    assert.equal(envName("movie-service"), "MOVIE_SERVICE");
  });

  it("renames a target group whenever AWS would replace it (new port or new VPC), so the replacement never collides", () => {
    const base = targetGroupName("prod", "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" });
    assert.equal(targetGroupName("prod", "movie-service", { port: 9090, vpcCidr: "10.0.0.0/16" }), "prod-movie-service-9090-cf12");
    assert.equal(targetGroupName("prod", "movie-service", { port: 8080, vpcCidr: "10.1.0.0/16" }), "prod-movie-service-8080-7c43");
    assert.equal(targetGroupName("prod", "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" }), base, "stable for the same settings");
    assert.match(targetGroupName("prod", "a-very-long-service-name-x", { port: 8080, vpcCidr: "10.0.0.0/16" }), /^prod-a-very-long-service-[0-9a-f]{6}$/);
  });

  const names: [string, boolean][] = [["movie-service", true], ["a1", true], ["Movie", false], ["-x", false], ["x-", false], ["a", false], ["a".repeat(33), false]];
  for (const [name, ok] of names) {
    it(`service name ${JSON.stringify(name)} is ${ok ? "valid" : "invalid"}`, () => assert.equal(SERVICE_NAME_PATTERN.test(name), ok));
  }
});
