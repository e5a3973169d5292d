/**
 * Third-party-style programs (raw @pulumi/aws, several styles, secure and insecure variants) through the real
 * CLI: `main(argv)` from preview/cli.ts in-process (exact exit code and findings). test/policy/pack-process.spec.ts runs the same programs through a real PolicyPack
 * process over gRPC. The secure variants are the precision check: they must pass with zero mandatory findings.
 */
import * as assert from "assert";
import * as path from "path";
import { runMain as cli } from "../support/preview-cli";
import type { PreviewDocument } from "../../preview/report/json";
import { EXPECTED, RAW_PROGRAMS } from "./raw-programs";

const findings = (doc: PreviewDocument, level: string) =>
  doc.policyViolations
    .filter((v) => v.enforcementLevel === level)
    .map((v) => `${v.policy} ${v.urn.split("::").pop()}`)
    .sort();
const detail = (doc: PreviewDocument, policy: string, name: string) =>
  doc.policyViolations
    .filter((v) => v.policy === policy && v.urn.endsWith(`::${name}`))
    .map((v) => v.message.split("\n").slice(1).join("\n"));

describe("third-party raw @pulumi/aws programs through the CLI (main(argv), in-process)", function () {
  this.timeout(180_000);
  const docs = new Map<string, PreviewDocument>();

  for (const [program, expected] of Object.entries(EXPECTED)) {
    it(`${program}: exit ${expected.code}, exactly the expected findings and remediations, nothing skipped`, async () => {
      const { code, stdout } = await cli(["--cwd", path.join(RAW_PROGRAMS, program), "--stack", "dev", "--json"]);
      const doc = JSON.parse(stdout) as PreviewDocument;
      docs.set(program, doc);
      assert.deepStrictEqual(
        {
          code,
          mandatory: findings(doc, "mandatory"),
          advisory: findings(doc, "advisory"),
          skipped: doc.policySkipped,
          remediated: doc.policyRemediations.map((r) => `${r.policy} ${r.urn.split("::").pop()}`),
        },
        {
          code: expected.code,
          mandatory: expected.mandatory,
          advisory: expected.advisory,
          skipped: [],
          remediated: expected.remediated ?? [],
        },
      );
    });
  }

  it("reports the new recalls with messages that name the cause (root, credential URL, admin on an external role, ARN wildcards, TLS-only conditions)", () => {
    const inline = docs.get("raw-inline-sg-insecure")!;
    const sgrule = docs.get("raw-sgrule-insecure")!;
    const vpcrule = docs.get("raw-vpcrule-insecure")!;
    assert.deepStrictEqual(detail(inline, "ecs-task-definition-non-root-user", "shop-task"), [
      'container "shop" runs as user "root" (root); set user to an unprivileged uid such as "1000:1000".',
    ]);
    assert.deepStrictEqual(detail(inline, "ecs-task-definition-no-host-access", "shop-task"), [
      'container "shop" adds Linux capability SYS_ADMIN; remove host access.',
    ]);
    assert.deepStrictEqual(detail(inline, "ecs-task-definition-no-plaintext-secrets", "shop-task"), [
      'container "shop" sets DB_DSN in plaintext: the value is a URL with a password in it (scheme://user:password@host). Move these to the container\'s secrets (Secrets Manager/SSM valueFrom).',
    ]);
    assert.deepStrictEqual(detail(inline, "lb-internet-facing-allow-listed", "frontend"), [
      "load balancer frontend: listener frontend-debug serves port 8080 to the internet; set internal: true or serve only 443 (HTTPS) and 80 (redirect).",
    ]);
    assert.deepStrictEqual(detail(sgrule, "iam-ecs-role-least-privilege", "orders-exec-admin"), [
      "attaches AWS-managed arn:aws:iam::aws:policy/AdministratorAccess to execution role orders-execution (referenced by a task definition, defined outside this stack); replace it with a scoped inline policy.",
    ]);
    assert.match(
      detail(sgrule, "iam-ecs-role-least-privilege", "orders-task-data")[0],
      /"arn:aws:secretsmanager:\*:\*:secret:\*", which matches any resource.*"arn:aws:s3:::\*\/\*", which matches any resource/,
    );
    assert.deepStrictEqual(detail(sgrule, "ecs-task-definition-no-plaintext-secrets", "orders"), [
      'container "orders" sets PAYMENTS_AUTH_HEADER in plaintext: the value carries HTTP Basic/Bearer credentials; container "orders" sets MYSQL_PWD in plaintext: the name contains "PWD". Move these to the container\'s secrets (Secrets Manager/SSM valueFrom).',
    ]);
    assert.match(
      detail(sgrule, "ecs-service-private-subnets-only", "orders")[0],
      /^subnet app-a is public: route table app-routes routes ::\/0 to internet gateway /,
    );
    assert.match(
      detail(vpcrule, "ecr-no-public-repository", "catalog-org-pull")[0],
      /to principal "\*" without a condition that restricts the caller/,
    );
  });

  it("names the Security Hub controls on each JSON violation", () => {
    const doc = docs.get("raw-inline-sg-insecure")!;
    const controls = Object.fromEntries(doc.policyViolations.map((v) => [v.policy, v.securityHubControls]));
    assert.deepStrictEqual(
      [
        controls["ecs-service-no-public-ip"],
        controls["ecs-task-definition-non-root-user"],
        controls["ecs-task-definition-no-host-access"],
        controls["lb-internet-facing-allow-listed"],
      ],
      [["ECS.2", "ECS.16"], ["ECS.20"], ["ECS.3", "ECS.4"], undefined],
    );
  });
});

// The bin's exit status as a real process (exit 1 on mandatory findings, the JSON document on stdout) is
// test/preview/cli.spec.ts's and test/loader/loader.spec.ts's: each program's exit code and findings are asserted above.
