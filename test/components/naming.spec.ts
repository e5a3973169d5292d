import * as assert from "node:assert/strict";
import {
  envName,
  loadBalancerName,
  logGroupName,
  repositoryName,
  scopeId,
  securityGroupNamePrefix,
  SERVICE_NAME_PATTERN,
  shortName,
  targetGroupName,
  taskFamily,
} from "../../components/naming";

const prod = { project: "dockyard", stack: "prod" };

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

  it("derives the ALB, target group, family, repository, log group, security group and env names from project + stack", () => {
    assert.equal(scopeId(prod), "prod-1e0db6");
    assert.equal(loadBalancerName(prod), "prod-1e0db6-845d-alb");
    assert.equal(targetGroupName(prod, "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" }), "prod-movie-service-8080-c093");
    assert.equal(taskFamily(prod, "movie-service"), "prod-1e0db6-movie-service");
    assert.equal(repositoryName(prod, "movie-service"), "prod-1e0db6/movie-service");
    assert.equal(logGroupName(prod, "movie-service"), "/ecs/prod-1e0db6/movie-service");
    assert.equal(securityGroupNamePrefix(prod, "alb"), "prod-1e0db6-alb-");
    assert.equal(envName("movie-service"), "MOVIE_SERVICE");
  });

  it("gives two projects' `dev` stacks different ALB, target group, repository, log group and family names", () => {
    const a = { project: "dockyard", stack: "dev" };
    const b = { project: "dockyard-copy", stack: "dev" };
    const tg = { port: 8080, vpcCidr: "10.0.0.0/16" };
    const all = (s: typeof a) => [
      loadBalancerName(s),
      targetGroupName(s, "api", tg),
      repositoryName(s, "api"),
      logGroupName(s, "api"),
      taskFamily(s, "api"),
      securityGroupNamePrefix(s, "api"),
    ];
    const [x, y] = [all(a), all(b)];
    x.forEach((name, i) => assert.notEqual(name, y[i], name));
    assert.deepEqual(all(a), x, "deterministic");
  });

  it("renames the ALB when its type or scheme changes (AWS replaces it), so the replacement never collides", () => {
    assert.notEqual(loadBalancerName(prod, { type: "application", internal: true }), loadBalancerName(prod));
    assert.notEqual(loadBalancerName(prod, { type: "network", internal: false }), loadBalancerName(prod));
  });

  it("renames a target group whenever AWS would replace it (new port or new VPC), so the replacement never collides", () => {
    const base = targetGroupName(prod, "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" });
    assert.equal(targetGroupName(prod, "movie-service", { port: 9090, vpcCidr: "10.0.0.0/16" }), "prod-movie-service-9090-c093");
    assert.equal(targetGroupName(prod, "movie-service", { port: 8080, vpcCidr: "10.1.0.0/16" }), "prod-movie-service-8080-4e7e");
    assert.equal(targetGroupName(prod, "movie-service", { port: 8080, vpcCidr: "10.0.0.0/16" }), base, "stable for the same settings");
    assert.match(
      targetGroupName(prod, "a-very-long-service-name-x", { port: 8080, vpcCidr: "10.0.0.0/16" }),
      /^prod-a-very-long-service-[0-9a-f]{6}$/,
    );
  });

  const names: [string, boolean][] = [
    ["movie-service", true],
    ["a1", true],
    ["Movie", false],
    ["-x", false],
    ["x-", false],
    ["a", false],
    ["a".repeat(33), false],
  ];
  for (const [name, ok] of names) {
    it(`service name ${JSON.stringify(name)} is ${ok ? "valid" : "invalid"}`, () => assert.equal(SERVICE_NAME_PATTERN.test(name), ok));
  }
});
