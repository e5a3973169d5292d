/**
 * The pack against real programs, captured under the mock AWS by the preview gate (the same path
 * `npm run preview` takes): our dev and prod stacks must pass with zero mandatory violations, and a
 * deliberately insecure program must fail with exactly the expected findings.
 */
import * as assert from "assert";
import * as path from "path";
import { runGate } from "../../preview/gate";
import type { PolicyReport } from "../../policy/engine/types";
import { gated } from "../support/captured";

const ROOT = path.resolve(__dirname, "../..");
/** The one deliberately insecure program: CI gates it too (`.ci/run` expects exit 1). */
const INSECURE = path.join(ROOT, "examples", "insecure");

const findings = (report: PolicyReport, level: string) =>
  report.violations
    .filter((v) => v.enforcementLevel === level)
    .map((v) => `${v.policy} ${v.urn.split("::").pop()}`)
    .sort();

describe("policy pack on real programs (captured under mocks)", function () {
  this.timeout(120_000);

  it("dev stack: zero mandatory violations; the dev relaxations surface as advisories", async () => {
    const { report } = await gated("dev");
    assert.deepStrictEqual([findings(report, "mandatory"), report.skipped], [[], []]);
    // Dev turns ECS Exec on, and Exec needs a writable root filesystem: an honest advisory, not a failure.
    // Dev is HTTP-only and easy to tear down: the redirect and deletion-protection rules are advisory there.
    assert.deepStrictEqual(findings(report, "advisory"), [
      "ecs-task-definition-read-only-root customer-service-task",
      "ecs-task-definition-read-only-root movie-service-task",
      "lb-deletion-protection dev-alb",
      "lb-http-listener-rules-redirect-only customer-service-rule",
      "lb-http-listener-rules-redirect-only movie-service-rule",
      "lb-http-redirects-to-https dev-http",
    ]);
  });

  it("prod stack: zero mandatory violations and nothing left to remediate", async () => {
    const { report } = await gated("prod");
    assert.deepStrictEqual([findings(report, "mandatory"), report.skipped, report.remediations], [[], [], []]);
  });

  it("insecure program: fails with exactly the expected mandatory findings under the prod pack config", async () => {
    const { report } = await runGate({ projectDir: INSECURE, stack: "dev", policyConfigFile: path.join(ROOT, "policy/config/prod.json") });
    assert.deepStrictEqual(findings(report, "mandatory"), [
      "cloudmap-no-public-namespace public-ns",
      "cloudmap-service-private-namespace app-discovery",
      "cloudwatch-log-group-retention app-logs",
      "ecr-no-public-repository app-repo-policy",
      "ecs-cluster-container-insights cluster",
      "ecs-service-exec-disabled app",
      "ecs-service-no-public-ip app",
      "ecs-service-private-subnets-only app",
      "ecs-service-rolling-circuit-breaker app",
      "ecs-task-definition-container-logging app-task",
      "ecs-task-definition-efs-transit-encryption app-task",
      "ecs-task-definition-no-plaintext-secrets app-task",
      "ecs-task-definition-separate-roles app-task",
      "iam-ecs-role-least-privilege task-role",
      "iam-ecs-role-least-privilege task-role-dynamodb",
      "iam-ecs-role-least-privilege task-role-secrets",
      "lb-deletion-protection admin",
      "lb-deletion-protection alb",
      "lb-http-listener-rules-redirect-only app-rule",
      "lb-http-redirects-to-https http",
      "lb-https-modern-tls admin-https",
      "lb-https-modern-tls admin-https",
      "lb-internet-facing-allow-listed admin",
      "lb-target-group-ip-with-health-check admin-tg",
      "security-group-ingress-restricted admin-in-8443",
      "security-group-ingress-restricted alb-in-ssh",
      "security-group-ingress-restricted task-sg",
    ]);
    assert.deepStrictEqual(findings(report, "advisory"), [
      "ecr-repository-lifecycle-policy app-repo",
      "ecs-task-definition-read-only-root app-task",
      "iam-ecs-role-trust-source-account task-role",
      "iam-policy-least-privilege task-role-dynamodb",
      "iam-role-no-aws-managed-policies task-role-secrets",
      "security-group-no-all-protocol-egress alb-sg",
      "security-group-no-all-protocol-egress task-sg",
    ]);
    assert.deepStrictEqual(
      report.remediations.map((r) => `${r.policy} ${r.urn.split("::").pop()} ${r.properties.join(",")}`),
      [
        "ecr-scan-on-push app-repo imageScanningConfiguration",
        "ecr-immutable-tags app-repo imageTagMutability",
        "lb-drop-invalid-header-fields admin dropInvalidHeaderFields",
        "lb-drop-invalid-header-fields alb dropInvalidHeaderFields",
      ],
    );
    assert.deepStrictEqual(report.skipped, []);
  });

  it("insecure program: the standalone rule resources and the inline rules are judged by what they open", async () => {
    const { report } = await gated("insecure");
    const ingress = report.violations
      .filter((v) => v.policy === "security-group-ingress-restricted")
      .map((v) => `${v.urn.split("::").pop()}: ${v.detail}`)
      .sort();
    const fix =
      "Fix: admit traffic from the load balancer's security group (referencedSecurityGroupId / sourceSecurityGroupId) instead of CIDRs.";
    assert.deepStrictEqual(ingress, [
      `admin-in-8443: ingress tcp/8443 is open to 0.0.0.0/0; internet-facing load balancers may only open tcp ports 80, 443. ${fix}`,
      `alb-in-ssh: ingress tcp/22 is open to 0.0.0.0/0; internet-facing load balancers may only open tcp ports 80, 443. ${fix}`,
      "task-sg: inline ingress tcp/8080 is open to 0.0.0.0/0 on a security group that does not belong to an internet-facing load balancer; " +
        `inline ingress tcp/8080 admits 0.0.0.0/0 into ECS task security group task-sg; task security groups may only admit other security groups. ${fix}`,
    ]);
  });
});
