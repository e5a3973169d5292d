import * as assert from "node:assert/strict";
import { ecrRepositoryArn, isDigestPinned, secretSource } from "../../components/arns";
import { checkDeclaredAction, ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicy } from "../../components/iam";

describe("iam", () => {
  it("execution-role trust: ECS tasks of the account (SourceAccount only)", () => {
    assert.deepEqual(ecsTasksTrustPolicy("aws", "eu-west-1", "111122223333", false).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "111122223333" },
    });
  });

  it("trusts only ECS tasks of the account, with SourceAccount and SourceArn conditions and no Resource", () => {
    assert.deepEqual(ecsTasksTrustPolicy("aws", "eu-west-1", "111122223333"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EcsTasksOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: {
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-west-1:111122223333:*" },
          },
        },
      ],
    });
  });

  it("scopes the execution role to the exact repo, log group, secrets, parameters and keys", () => {
    const doc = executionRolePolicy({
      repositoryArns: [
        "arn:aws:ecr:us-east-1:1:repository/dev/b",
        "arn:aws:ecr:us-east-1:1:repository/dev/a",
        "arn:aws:ecr:us-east-1:1:repository/dev/a",
      ],
      logGroupArn: "arn:aws:logs:us-east-1:1:log-group:/ecs/dev/a",
      secretArns: ["arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf"],
      parameterArns: ["arn:aws:ssm:us-east-1:1:parameter/dev/a/flag"],
      kmsKeyArns: ["arn:aws:kms:us-east-1:1:key/abc"],
    });
    assert.deepEqual(doc.Statement, [
      { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Sid: "EcrPull",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: ["arn:aws:ecr:us-east-1:1:repository/dev/a", "arn:aws:ecr:us-east-1:1:repository/dev/b"],
      },
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: ["arn:aws:logs:us-east-1:1:log-group:/ecs/dev/a:*"],
      },
      {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: ["arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf"],
      },
      { Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: ["arn:aws:ssm:us-east-1:1:parameter/dev/a/flag"] },
      { Sid: "DecryptSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:us-east-1:1:key/abc"] },
    ]);
  });

  it("gives the task role nothing unless declared, and the Exec channels only with ECS Exec", () => {
    assert.equal(taskRolePolicy([], false), undefined);
    assert.deepEqual(taskRolePolicy([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/k"] }], true)?.Statement, [
      { Sid: "Declared0", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/k"] },
      {
        Sid: "EcsExec",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: "*",
      },
    ]);
  });

  const actions: [string, string | undefined][] = [
    ["s3:GetObject", undefined],
    ["s3:Get*", undefined],
    ["*", "the action `*` grants every permission in AWS"],
    ["iam:*", "the action `iam:*` grants every permission of the service"],
    ["GetObject", "`GetObject` is not an IAM action of the form `service:Action`"],
  ];
  for (const [action, problem] of actions) {
    it(`checkDeclaredAction(${action})`, () => assert.equal(checkDeclaredAction(action), problem));
  }

  const secrets: [string, string, string][] = [
    [
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf",
      "secretsmanager",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf",
    ],
    [
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf:password::",
      "secretsmanager",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf",
    ],
    [
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db:password:AWSCURRENT:",
      "secretsmanager",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-??????",
    ],
    ["arn:aws:ssm:us-east-1:123456789012:parameter/dev/flag", "ssm", "arn:aws:ssm:us-east-1:123456789012:parameter/dev/flag"],
  ];
  for (const [valueFrom, kind, arn] of secrets) {
    it(`secretSource(${valueFrom})`, () => assert.deepEqual(secretSource(valueFrom), { kind, arn }));
  }

  it("derives ECR repository ARNs only for private ECR images", () => {
    const digest = "a".repeat(64);
    assert.equal(
      ecrRepositoryArn(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:${digest}`),
      "arn:aws:ecr:eu-west-1:123456789012:repository/team/app",
    );
    assert.equal(
      ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1"),
      "arn:aws:ecr:eu-west-1:123456789012:repository/app",
    );
    assert.equal(ecrRepositoryArn("public.ecr.aws/nginx/nginx:1"), undefined);
    assert.equal(isDigestPinned(`x/app@sha256:${digest}`), true);
    assert.equal(isDigestPinned("x/app:latest"), false);
  });
});
