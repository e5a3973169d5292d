/**
 * The offline gate applies AWS's rules that the API models do not encode to any program, not only dockyard's:
 * a hand-written program with a bad ALB name, a bad task family, 11 containers, 6 condition values in one rule
 * and two rules with one priority is stopped with exactly those mandatory findings.
 */
import * as assert from "assert";
import * as path from "path";
import { runGate } from "../../preview/gate";

describe("offline gate: AWS rules on a third-party program", function () {
  this.timeout(180_000);

  it("reports each refused name, quota and priority as a mandatory violation", async () => {
    const result = await runGate({ projectDir: path.join(__dirname, "fixtures", "aws-limits"), stack: "dev" });
    const found = result.report.violations
      .filter((v) => v.policy === "aws-resource-limits" || v.policy === "lb-listener-rule-priorities-unique")
      .map((v) => [v.policy, v.enforcementLevel, v.urn.split("::").pop(), v.detail]);
    assert.deepStrictEqual(found, [
      [
        "aws-resource-limits",
        "mandatory",
        "batch",
        'family: task definition family "eu.prod-batch" contains "."; allowed: 1–255 letters, digits, hyphens and underscores (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).',
      ],
      [
        "aws-resource-limits",
        "mandatory",
        "batch",
        "11 containers; a task definition holds at most 10 (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).",
      ],
      [
        "aws-resource-limits",
        "mandatory",
        "web",
        'name: load balancer name "Prod_EU-alb" contains "_"; allowed: 1–32 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-" (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).',
      ],
      [
        "aws-resource-limits",
        "mandatory",
        "api",
        "conditions got 6; allowed: at most 5 condition values per rule in total across path patterns, host headers and other conditions; this rule has 6 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).",
      ],
      [
        "lb-listener-rule-priorities-unique",
        "mandatory",
        "api",
        "listener rule api has priority 10, already used by admin on the same listener; AWS refuses it (PriorityInUse).",
      ],
    ]);
    // Negative controls in the same program: the valid target group name and the admin rule pass.
    assert.ok(!found.some(([, , name]) => name === "web-tg" || name === "admin"));
  });
});
