/**
 * The pack against real programs, captured under the mock AWS by the preview gate (the same path
 * `npm run preview` takes): our dev and prod stacks must pass with zero mandatory violations, and a
 * deliberately insecure program must fail with exactly the expected findings.
 */
import * as assert from "assert";
import * as path from "path";
import { runGate } from "../../preview/gate";
import type { PolicyReport } from "../../policy/engine/types";

const ROOT = path.resolve(__dirname, "../..");
const INSECURE = path.join(__dirname, "fixtures", "insecure");

const findings = (report: PolicyReport, level: string) =>
  report.violations.filter((v) => v.enforcementLevel === level).map((v) => `${v.policy} ${v.urn.split("::").pop()}`).sort();

describe("policy pack on real programs (captured under mocks)", () => {
  it("dev stack: zero mandatory violations; the dev relaxations surface as advisories", async () => {
    const { report } = await runGate({ projectDir: ROOT, stack: "dev" });
    assert.deepStrictEqual([findings(report, "mandatory"), report.skipped], [[], []]);
    const advisory = findings(report, "advisory");
    for (const expected of ["lb-deletion-protection dev-alb", "lb-http-redirects-to-https dev-http", "lb-http-listener-rules-redirect-only movie-service-rule"]) {
      assert.ok(advisory.includes(expected), `missing advisory ${expected} in ${JSON.stringify(advisory)}`);
    }
  });

  it("prod stack: zero mandatory violations and nothing left to remediate", async () => {
    const { report } = await runGate({ projectDir: ROOT, stack: "prod" });
    assert.deepStrictEqual([findings(report, "mandatory"), report.skipped, report.remediations], [[], [], []]);
  });

  it("insecure program: fails with exactly the expected mandatory findings under the prod pack config", async () => {
    const { report } = await runGate({ projectDir: INSECURE, stack: "test", policyConfigFile: path.join(ROOT, "policy/config/prod.json") });
    assert.deepStrictEqual(findings(report, "mandatory"), [
      "cloudmap-no-public-namespace public-ns",
      "cloudmap-service-private-namespace app-discovery",
      "cloudwatch-log-group-retention app-logs",
      "ecs-cluster-container-insights cluster",
      "ecs-service-private-subnets-only app-svc",
      "ecs-task-definition-container-logging app-task",
      "ecs-task-definition-no-plaintext-secrets app-task",
      "ecs-task-definition-separate-roles app-task",
      "iam-ecs-role-least-privilege app-dynamo",
      "iam-ecs-role-least-privilege app-secrets",
      "lb-deletion-protection web",
      "lb-http-redirects-to-https web-http",
      "lb-internet-facing-allow-listed web",
      "lb-target-group-ip-with-health-check web-tg",
      "lb-target-group-ip-with-health-check web-tg",
      "security-group-ingress-restricted task-sg",
      "security-group-ingress-restricted web-in-80",
      "security-group-no-all-protocol-rules task-sg",
    ]);
    assert.deepStrictEqual(report.remediations.map((r) => `${r.policy} ${r.urn.split("::").pop()} ${r.properties.join(",")}`), [
      "ecr-scan-on-push app imageScanningConfiguration",
      "ecr-immutable-tags app imageTagMutability",
      "lb-drop-invalid-header-fields web dropInvalidHeaderFields",
      "ecs-service-no-public-ip app-svc networkConfiguration",
    ]);
  });
});
