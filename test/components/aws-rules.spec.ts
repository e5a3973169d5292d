import * as assert from "node:assert/strict";
import {
  albResourceLabel,
  albResourceLabelProblem,
  duplicatePriorities,
  ecsResourceIdProblem,
  fargateTaskProblems,
  hostHeaderProblem,
  isRulePriority,
  nameProblem,
  NAME_RULES,
  pathPatternProblem,
  ruleConditionProblems,
} from "../../policy/aws-rules";

describe("aws-rules (pure)", () => {
  it("cites an AWS documentation page for every name rule", () => {
    for (const [kind, rule] of Object.entries(NAME_RULES)) assert.match(rule.doc, /^https:\/\/docs\.aws\.amazon\.com\//, kind);
  });

  const names: [Parameters<typeof nameProblem>[0], string, string | undefined][] = [
    ["loadBalancer", "dev-a66f6c-845d-alb", undefined],
    ["loadBalancer", "a".repeat(33), "is 33 characters long"],
    ["loadBalancer", "-dev", "begins or ends with a hyphen"],
    ["loadBalancer", "internal-dev", 'begins with "internal-"'],
    ["targetGroup", "dev_api", 'contains "_"'],
    ["ecrRepository", "dev-a66f6c/movie-service", undefined],
    ["ecrRepository", "Dev/api", 'contains "D"'],
    ["ecrRepository", "dev//api", "does not match ^[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:\\/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*$"],
    ["ecrRepository", "a", "is 1 characters long"],
    ["taskFamily", "eu.prod-api", 'contains "."'],
    ["taskFamily", "x".repeat(255), undefined],
    ["securityGroup", "sg-api", 'begins with "sg-"'],
    ["securityGroup", "api sg (tasks)", undefined],
    ["iamRole", "x".repeat(65), "is 65 characters long"],
    ["logGroup", "aws/ecs", 'begins with "aws/"'],
    ["cloudMapService", "movie-service", undefined],
    ["cloudMapService", "movie-", "begins or ends with a hyphen"],
  ];
  for (const [kind, name, expected] of names) {
    it(`${kind} ${JSON.stringify(name.length > 40 ? `${name.slice(0, 8)}…(${name.length})` : name)}: ${expected ?? "valid"}`, () =>
      assert.equal(nameProblem(kind, name), expected));
  }

  it("docsOnly leaves model-encoded rules to the model check but keeps their documented prefixes", () => {
    assert.equal(nameProblem("logGroup", "/ecs/a b", { docsOnly: true }), undefined);
    assert.equal(nameProblem("logGroup", "/ecs/a b"), 'contains " "');
    assert.equal(nameProblem("logGroup", "aws/x", { docsOnly: true }), 'begins with "aws/"');
    assert.equal(nameProblem("loadBalancer", "a_b", { docsOnly: true }), 'contains "_"');
  });

  it("path patterns and host headers", () => {
    assert.equal(pathPatternProblem("/movies/*"), undefined);
    assert.equal(pathPatternProblem("/a b"), 'only A–Z, a–z, 0–9, _ - . $ / ~ " \' @ : + & and the wildcards * ? (found " ")');
    assert.equal(pathPatternProblem("/".repeat(129)), "1–128 characters");
    assert.equal(hostHeaderProblem("*.example.com"), undefined);
    assert.equal(hostHeaderProblem("api.example.c0m"), 'letters only after the final ".", as in a top-level domain such as .com');
  });

  it("counts condition values and wildcards across all condition types", () => {
    assert.deepEqual(ruleConditionProblems({ pathPatterns: ["/a"], hostHeaders: ["a.com"], other: ["GET", "POST", "PUT"] }), []);
    assert.deepEqual(
      ruleConditionProblems({ pathPatterns: ["/a"], hostHeaders: ["a.com"], other: ["GET", "POST", "PUT", "x=1"] }).map((p) => p.value),
      [6],
    );
    assert.deepEqual(
      ruleConditionProblems({ pathPatterns: ["/a*?"], hostHeaders: ["*.?.com"], other: ["a*"] }).map((p) => p.value),
      [],
    );
    assert.deepEqual(
      ruleConditionProblems({ pathPatterns: ["/a*?"], hostHeaders: ["*.??.com"], other: ["a*"] }).map((p) => p.value),
      [6],
    );
  });

  it("priorities: range and one per listener", () => {
    assert.deepEqual([0, 1, 50000, 50001, 1.5].map(isRulePriority), [false, true, true, false, false]);
    const claims = [
      { owner: "a", listener: "l1", priority: 5 },
      { owner: "b", listener: "l2", priority: 5 },
      { owner: "c", listener: "l1", priority: 5 },
    ];
    assert.deepEqual(duplicatePriorities(claims), [{ claim: claims[2], takenBy: "a" }]);
  });

  it("Application Auto Scaling: ResourceId and the ALBRequestCountPerTarget ResourceLabel", () => {
    const lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/dev-a66f6c-845d-alb/50dc6c495c0c9188";
    const tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/dev-api-8080-9bbf/943f017f100becff";
    assert.equal(albResourceLabel(lb, tg), "app/dev-a66f6c-845d-alb/50dc6c495c0c9188/targetgroup/dev-api-8080-9bbf/943f017f100becff");
    assert.equal(albResourceLabelProblem(albResourceLabel(lb, tg)), undefined);
    assert.match(albResourceLabelProblem(`${lb}/${tg}`) ?? "", /is not app\/<load-balancer-name>/);
    assert.equal(ecsResourceIdProblem("service/dev-cluster-1a2b3c4/api-svc-5d6e7f8"), undefined);
    assert.match(ecsResourceIdProblem("dev-cluster/api") ?? "", /is not service\/<cluster-name>\/<service-name>/);
  });

  it("Fargate: sizes from fargate-size.ts, at most 10 containers, 21–200 GiB ephemeral storage", () => {
    assert.deepEqual(fargateTaskProblems({ cpu: 256, memory: 512, containers: 10, ephemeralStorageGiB: 21 }), []);
    assert.equal(fargateTaskProblems({ cpu: 256, memory: 512, containers: 1, ephemeralStorageGiB: 201 }).length, 1);
    assert.equal(
      fargateTaskProblems({ cpu: 300, memory: 512, containers: 1 })[0],
      "cpu 300 is not a Fargate size; allowed cpu: 256, 512, 1024, 2048, 4096, 8192, 16384 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size)",
    );
  });
});
