/**
 * The aws-api check in the offline gate, on the real programs (dev, prod, the insecure example): every request
 * they would send passes AWS's full API models and every policy AWS's IAM data; controls on the same captures,
 * broken one field at a time, prove the check fails; a program only AWS would refuse exits 1 through the CLI.
 */
import * as assert from "node:assert/strict";
import * as path from "path";
import { checkAwsApi } from "../../preview/aws/check";
import { MAPPINGS } from "../../preview/aws/requests";
import { GateResult, REPO_ROOT } from "../../preview/gate";
import type { PreviewDocument } from "../../preview/report/json";
import type { CapturedResource } from "../../policy/engine/types";
import { runMain } from "../support/preview-cli";
import { gated, gatedAgain } from "../support/captured";

const notChecked = (result: GateResult) => result.api.notChecked.map((n) => `${n.name}: ${n.reason}`).sort();
const REMOTE_VPC =
  "component with no registered children (a remote component creates its AWS resources inside its plugin, invisible offline)";
const NO_DOCKER = "no AWS request mapping for docker:index/image:Image";

/** The check on `resources` with one resource's inputs patched (a control on real data). */
function withPatched(
  resources: CapturedResource[],
  name: string,
  patch: (inputs: Record<string, unknown>) => Record<string, unknown>,
): string[] {
  const patched = resources.map((r) => (r.name === name && r.custom ? { ...r, inputs: patch(r.inputs) } : r));
  return checkAwsApi(patched).findings.map((f) => `${f.check} ${f.name} ${f.where}: ${f.message}`);
}

describe("aws-api check in the offline gate", function () {
  this.timeout(240_000);
  const runs: Record<string, GateResult> = {};
  before(async () => {
    runs["dev"] = await gated("dev");
    runs["prod"] = await gated("prod");
    runs["insecure"] = await gated("insecure");
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: every request passes AWS's full API models and every policy AWS's IAM data; only the VPC and images are not checked`, () => {
      const result = runs[stack];
      assert.deepEqual(result.api.findings, []);
      const images = ["customer-service-image", "customer-service-image-cache", "movie-service-image", "movie-service-image-cache"];
      assert.deepEqual(notChecked(result), [`${stack}-vpc: ${REMOTE_VPC}`, ...images.map((i) => `${i}: ${NO_DOCKER}`)].sort());
      // Every AWS resource type the stack registers has a mapping: nothing is skipped for want of one.
      const awsTypes = new Set(
        result.capture.recorded
          .map((r) => r.resource)
          .filter((r) => r.custom && r.type.startsWith("aws:"))
          .map((r) => r.type),
      );
      assert.deepEqual(
        [...awsTypes].filter((t) => !MAPPINGS.has(t)),
        [],
      );
      assert.ok(
        result.api.requests >= awsTypes.size && result.api.policies >= 4,
        `${result.api.requests} requests, ${result.api.policies} policies`,
      );
    });
  }

  it("is deterministic: a second run of dev gives a byte-identical aws-api result", async () => {
    const again = await gatedAgain("dev");
    assert.equal(JSON.stringify(again.api), JSON.stringify(runs["dev"].api));
  });

  it("the insecure example: its requests are valid for AWS (its problems are the pack's); EFS is not mapped", () => {
    const result = runs["insecure"];
    assert.deepEqual(result.api.findings, []);
    assert.deepEqual(notChecked(result), [`app-files: no AWS request mapping for aws:efs/fileSystem:FileSystem`, `vpc: ${REMOTE_VPC}`]);
  });

  it("controls on prod's own resources: each broken field is refused with AWS's message", () => {
    const prod = runs["prod"].capture.recorded.map((r) => r.resource);
    assert.deepEqual(
      withPatched(prod, "customer-service-task", (i) => ({ ...i, networkMode: "awsvpc-typo" })),
      [
        "aws-request-invalid customer-service-task ecs:RegisterTaskDefinition: Value 'awsvpc-typo' at 'networkMode' failed to satisfy constraint: Member must satisfy enum value set: [bridge, host, awsvpc, none]",
      ],
    );
    assert.deepEqual(
      withPatched(prod, "customer-service-rule", (i) => ({ ...i, priority: 0 })),
      [
        "aws-request-invalid customer-service-rule elbv2:CreateRule: Value '0' at 'Priority' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
    );
    assert.deepEqual(
      withPatched(prod, "customer-service-svc", (i) => ({ ...i, propagateTags: "SERVICES" })),
      [
        "aws-request-invalid customer-service-svc ecs:CreateService: Value 'SERVICES' at 'propagateTags' failed to satisfy constraint: Member must satisfy enum value set: [TASK_DEFINITION, SERVICE, NONE]",
      ],
    );
    assert.deepEqual(
      withPatched(prod, "customer-service-scale-cpu", (i) => ({ ...i, policyType: "TargetTracking" })),
      [
        "aws-request-invalid customer-service-scale-cpu application-autoscaling:PutScalingPolicy: Value 'TargetTracking' at 'PolicyType' failed to satisfy constraint: Member must satisfy enum value set: [StepScaling, TargetTrackingScaling, PredictiveScaling]",
      ],
    );
    const exec = (statements: (s: { Sid: string; Action: string[]; Resource: unknown }[]) => unknown) => (i: Record<string, unknown>) => {
      const doc = JSON.parse(String(i["policy"]));
      return { ...i, policy: JSON.stringify({ ...doc, Statement: statements(doc.Statement) }) };
    };
    assert.deepEqual(
      withPatched(
        prod,
        "customer-service-exec-policy",
        exec((s) => s.map((x) => (x.Sid === "EcrPull" ? { ...x, Action: [...x.Action, "s3:GetObjekt"] } : x))),
      ),
      [
        "iam-unknown-action customer-service-exec-policy policy: Statement[1] (EcrPull): Action 's3:GetObjekt' does not exist in AWS's service authorization data for s3 " +
          "(similar: s3:GetObject, s3:GetObjectAcl, s3:GetObjectAnnotation, s3:GetObjectAttributes, s3:GetObjectLegalHold)",
      ],
    );
    // The log group's ARN where the repository's belongs: ECR's pull actions take repositories only.
    assert.deepEqual(
      withPatched(
        prod,
        "customer-service-exec-policy",
        exec((s) => s.map((x) => (x.Sid === "EcrPull" ? { ...x, Resource: s[2].Resource } : x))),
      ).map((m) => m.split(" accepts ")[0]),
      [
        "iam-resource-mismatch customer-service-exec-policy policy: Statement[1] (EcrPull): ecr:BatchCheckLayerAvailability",
        "iam-resource-mismatch customer-service-exec-policy policy: Statement[1] (EcrPull): ecr:BatchGetImage",
        "iam-resource-mismatch customer-service-exec-policy policy: Statement[1] (EcrPull): ecr:GetDownloadUrlForLayer",
      ],
    );
  });

  it("a program only AWS would refuse: exit 1, the findings in the text report and in --json", async () => {
    const dir = path.join(REPO_ROOT, "test", "aws", "fixtures", "refused");
    const run = await runMain(["--cwd", dir, "--json"]);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as PreviewDocument;
    assert.deepEqual(
      doc.policyViolations.filter((v) => v.enforcementLevel === "mandatory"),
      [],
    );
    assert.deepEqual(
      doc.apiFindings.map((f) => `${f.check} ${f.name} ${f.where}`),
      [
        "aws-request-invalid upper-repo ecr:CreateRepository",
        "aws-request-invalid zero-rule elbv2:CreateRule",
        "iam-unknown-action reader-policy policy",
      ],
    );
    assert.deepEqual(doc.apiChecks.requests, 4);
    assert.ok(
      doc.diagnostics.some(
        (d) => d.severity === "error" && d.message.startsWith("mandatory: [aws-request-invalid] elbv2:CreateRule: Value '0' at 'Priority'"),
      ),
    );
    const text = await runMain(["--cwd", dir]);
    assert.equal(text.code, 1, text.stderr);
    assert.match(
      text.stdout,
      /\n    \[mandatory\]  iam-unknown-action  \(1\)\n        - reader-policy \(aws:iam\/rolePolicy:RolePolicy\) policy: Statement\[0\]: Action 's3:GetObjekt'\n/,
    );
    assert.match(text.stdout, /\nAWS API findings:\n    3 mandatory, \d+ not checked\n/);
  });
});
