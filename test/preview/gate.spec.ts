/**
 * The gate on the real programs: dockyard's dev and prod stacks must pass (no mandatory violation), and the
 * deliberately insecure example must be stopped by exactly the expected mandatory policies.
 */
import * as assert from "assert";
import * as path from "path";
import { REPO_ROOT, runGate } from "../../preview/gate";
import { gated, gatedAgain } from "../support/captured";

const mandatory = (result: Awaited<ReturnType<typeof runGate>>): string[] =>
  result.report.violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} ${v.urn.split("::").pop()}`)
    .sort();

describe("policy gate on the real programs", function () {
  this.timeout(180_000);

  for (const stack of ["dev", "prod"] as const) {
    it(`passes dockyard's ${stack} stack with its policy config (no mandatory violations)`, async () => {
      // prod as committed carries a placeholder certificate (refused: see test/stacks/prod-placeholder.spec.ts).
      const result = await gated(stack);
      assert.strictEqual(result.policyConfigFile, path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
      assert.deepStrictEqual(
        result.report.violations
          .filter((v) => v.enforcementLevel === "mandatory")
          .map((v) => `${v.policy} ${v.urn}: ${v.detail ?? v.message}`),
        [],
      );
      const types = new Set(result.capture.recorded.map((r) => r.resource.type));
      for (const type of [
        "pulumi:pulumi:Stack",
        "awsx:ec2:Vpc",
        "aws:ecs/service:Service",
        "aws:lb/loadBalancer:LoadBalancer",
        "docker:index/image:Image",
      ]) {
        assert.ok(types.has(type), `${stack} creates a ${type}`);
      }
      assert.ok(result.cost.total > 0 && result.cost.services.length > 0);
    });
  }

  it("is deterministic on the real program: two runs of dev capture byte-identical resources", async () => {
    const first = await gated("dev");
    const second = await gatedAgain("dev");
    assert.strictEqual(JSON.stringify(second.capture.recorded), JSON.stringify(first.capture.recorded));
    assert.strictEqual(JSON.stringify(second.report), JSON.stringify(first.report));
  });

  it("stops the insecure example with exactly the expected mandatory policies", async () => {
    const result = await gated("insecure");
    // Dev's config relaxes the HTTPS redirect, deletion protection, Container Insights and ECS Exec to advisory.
    assert.deepStrictEqual(mandatory(result), [
      "cloudmap-no-public-namespace public-ns",
      "cloudmap-service-private-namespace app-discovery",
      "cloudwatch-log-group-retention app-logs",
      "ecr-no-public-repository app-repo-policy",
      "ecs-service-no-public-ip app",
      "ecs-service-private-subnets-only app",
      "ecs-task-definition-container-logging app-task",
      "ecs-task-definition-efs-transit-encryption app-task",
      "ecs-task-definition-no-plaintext-secrets app-task",
      "ecs-task-definition-separate-roles app-task",
      "iam-ecs-role-least-privilege task-role",
      "iam-ecs-role-least-privilege task-role-dynamodb",
      "iam-ecs-role-least-privilege task-role-secrets",
      "lb-https-modern-tls admin-https",
      "lb-https-modern-tls admin-https",
      "lb-internet-facing-allow-listed admin",
      "lb-target-group-ip-with-health-check admin-tg",
      "security-group-ingress-restricted admin-in-8443",
      "security-group-ingress-restricted alb-in-ssh",
      "security-group-ingress-restricted task-sg",
    ]);
    assert.deepStrictEqual(result.report.remediations.map((r) => `${r.policy} ${r.properties.join(",")}`).sort(), [
      "ecr-immutable-tags imageTagMutability",
      "ecr-scan-on-push imageScanningConfiguration",
      "lb-drop-invalid-header-fields dropInvalidHeaderFields",
      "lb-drop-invalid-header-fields dropInvalidHeaderFields",
    ]);
  });
});
