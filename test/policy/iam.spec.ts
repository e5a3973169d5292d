import * as assert from "assert";
import {
  iamEcsRoleLeastPrivilege,
  iamEcsRoleTrustSourceAccount,
  iamPolicyLeastPrivilege,
  iamRoleNoAwsManagedPolicies,
} from "../../policy/rules/iam";
import { details, flagged, res, run, UNKNOWN } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

const trust = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "ecs-tasks.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    },
  ],
};
/** What our components render for an execution role (as a JSON string, like the program sends it). */
const execDoc = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
    {
      Sid: "EcrPull",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/api"],
    },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/dockyard/dev/api:log-stream:*"],
    },
    {
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"],
    },
  ],
});
/** Task role with ECS Exec on: ssmmessages actions cannot be resource-scoped. */
const execChannelsDoc = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
  ],
};

describe("iam-policy-least-privilege (all policies, advisory)", () => {
  it("passes our execution and exec-channel documents; flags wildcards, NotAction, Resource * and risky actions", async () => {
    const report = await run(iamPolicyLeastPrivilege, [
      res(ROLE_POLICY, "pass-exec", { role: "r", policy: execDoc }),
      res(ROLE_POLICY, "pass-channels", { role: "r", policy: execChannelsDoc }),
      res(ROLE_POLICY, "fail-dynamodb", {
        role: "r",
        policy: JSON.stringify({
          Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:us-east-1:1:table/orders" }],
        }),
      }),
      res("aws:iam/policy:Policy", "fail-admin", { policy: { Statement: { Effect: "Allow", Action: "*", Resource: "*" } } }),
      res(ROLE_POLICY, "fail-notaction", {
        role: "r",
        policy: { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "arn:x" }] },
      }),
      res(ROLE_POLICY, "fail-star-resource", {
        role: "r",
        policy: { Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "xray:PutTraceSegments"], Resource: "*" }] },
      }),
      res(ROLE_POLICY, "fail-passrole", {
        role: "r",
        policy: { Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/app" }] },
      }),
      res(ROLE_POLICY, "pass-passrole", {
        role: "r",
        policy: {
          Statement: [
            {
              Effect: "Allow",
              Action: "iam:PassRole",
              Resource: "arn:aws:iam::1:role/app",
              Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            },
          ],
        },
      }),
      res(ROLE_POLICY, "pass-deny-star", { role: "r", policy: { Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] } }),
      res(ROLE, "fail-inline", {
        assumeRolePolicy: JSON.stringify(trust),
        inlinePolicies: [
          {
            name: "x",
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: ["*"] }] }),
          },
        ],
      }),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail-admin: statement 1 allows wildcard action "*"; list the specific actions needed; statement 1 allows "*" on Resource "*"; scope Resource to the exact ARNs.',
      'fail-dynamodb: statement 1 allows wildcard action "dynamodb:*"; list the specific actions needed.',
      'fail-inline: statement 1 allows "secretsmanager:GetSecretValue" on Resource "*"; scope Resource to the exact ARNs; statement 1 allows risky action secretsmanager:GetSecretValue without a resource constraint.',
      'fail-notaction: statement 1 allows NotAction ["iam:*"] (grants everything else); list the allowed actions in Action.',
      'fail-passrole: statement 1 allows iam:PassRole without an iam:PassedToService condition; add Condition { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }.',
      'fail-star-resource: statement "Read" allows "s3:GetObject" on Resource "*"; scope Resource to the exact ARNs; statement "Read" allows risky action s3:GetObject without a resource constraint.',
    ]);
    assert.deepStrictEqual([...new Set(report.violations.map((v) => v.enforcementLevel))], ["advisory"]);
  });

  it("takes the risky-action list from config (globs either way), replacing the default", async () => {
    const doc = { Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "ssm:GetParameters"], Resource: "*" }] };
    const report = await run(iamPolicyLeastPrivilege, [res(ROLE_POLICY, "queue", { role: "r", policy: doc })], {
      config: { "iam-policy-least-privilege": { riskyActions: ["sqs:Receive*"], unrestrictableActions: ["ssm:GetParameters"] } },
    });
    assert.deepStrictEqual(details(report), [
      'queue: statement 1 allows "sqs:ReceiveMessage" on Resource "*"; scope Resource to the exact ARNs; statement 1 allows risky action sqs:Receive* without a resource constraint.',
    ]);
  });

  it("treats a policy document that is unknown during preview as not runnable (skipped)", async () => {
    const report = await run(iamPolicyLeastPrivilege, [res(ROLE_POLICY, "pending", { role: "r", policy: UNKNOWN.string })]);
    assert.deepStrictEqual([report.violations.length, report.skipped.length], [0, 1]);
  });
});

describe("iam-role-no-aws-managed-policies (all roles, advisory)", () => {
  it("flags the seeds' SecretsManagerReadWrite and AmazonEC2ContainerServiceRole; allows the execution-role policy", async () => {
    const report = await run(iamRoleNoAwsManagedPolicies, [
      res(ATTACH, "fail-secrets", { role: "task", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" }),
      res(ROLE, "fail-legacy", {
        assumeRolePolicy: JSON.stringify(trust),
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceRole"],
      }),
      res(ATTACH, "pass-exec", { role: "exec", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" }),
      res(ATTACH, "pass-customer", { role: "task", policyArn: "arn:aws:iam::123456789012:policy/orders-read" }),
    ]);
    assert.deepStrictEqual(details(report), [
      "fail-legacy: attaches AWS-managed arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceRole; replace with an inline policy scoped to the needed actions and ARNs.",
      "fail-secrets: attaches AWS-managed arn:aws:iam::aws:policy/SecretsManagerReadWrite; replace with an inline policy scoped to the needed actions and ARNs.",
    ]);
  });
});

describe("iam-ecs-role-least-privilege (roles ECS tasks assume, mandatory stack policy)", () => {
  function stack() {
    const execRole = res(
      ROLE,
      "api-exec-role",
      { assumeRolePolicy: JSON.stringify(trust) },
      {
        outputs: {
          name: "api-exec-role-1",
          id: "api-exec-role-1",
          arn: "arn:aws:iam::1:role/api-exec-role-1",
          assumeRolePolicy: JSON.stringify(trust),
        },
      },
    );
    const taskRole = res(
      ROLE,
      "api-task-role",
      { assumeRolePolicy: JSON.stringify(trust) },
      {
        outputs: {
          name: "api-task-role-1",
          id: "api-task-role-1",
          arn: "arn:aws:iam::1:role/api-task-role-1",
          assumeRolePolicy: JSON.stringify(trust),
        },
      },
    );
    const td = res(
      "aws:ecs/taskDefinition:TaskDefinition",
      "api-task",
      {},
      {
        outputs: { taskRoleArn: "arn:aws:iam::1:role/api-task-role-1", executionRoleArn: "arn:aws:iam::1:role/api-exec-role-1" },
        propertyDependencies: { taskRoleArn: [taskRole], executionRoleArn: [execRole] },
      },
    );
    const onRole = (role: typeof execRole) => ({ propertyDependencies: { role: [role] } });
    const good = [
      res(ROLE_POLICY, "api-exec-policy", { role: "api-exec-role-1", policy: execDoc }, onRole(execRole)),
      res(ROLE_POLICY, "api-task-policy", { role: "api-task-role-1", policy: JSON.stringify(execChannelsDoc) }, onRole(taskRole)),
      res(
        ATTACH,
        "exec-managed",
        { role: "api-exec-role-1", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
        onRole(execRole),
      ),
    ];
    return { execRole, taskRole, td, onRole, resources: [execRole, taskRole, td, ...good] };
  }

  it("passes our design (scoped exec policy, exec-channel task policy, the execution managed policy on the exec role)", async () => {
    const report = await run(iamEcsRoleLeastPrivilege, stack().resources);
    assert.deepStrictEqual([report.violations, report.skipped], [[], []]);
  });

  it("flags the seeds: dynamodb:* and Resource * task policies, SecretsManagerReadWrite on the task role; the standard execution policy is not mandatory", async () => {
    const s = stack();
    const lambdaRole = res(
      ROLE,
      "lambda-role",
      {},
      {
        outputs: {
          name: "lambda-role",
          assumeRolePolicy: JSON.stringify({
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
        },
      },
    );
    const customer = res(
      "aws:iam/policy:Policy",
      "broad",
      {},
      {
        outputs: {
          arn: "arn:aws:iam::1:policy/broad",
          policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" }] }),
        },
      },
    );
    const report = await run(iamEcsRoleLeastPrivilege, [
      ...s.resources,
      lambdaRole,
      customer,
      res(ROLE_POLICY, "task-dynamo", {
        role: "api-task-role-1",
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["dynamodb:*"], Resource: "*" }] }),
      }),
      res(
        ATTACH,
        "task-secrets",
        { role: "api-task-role-1", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" },
        s.onRole(s.taskRole),
      ),
      res(
        ATTACH,
        "task-exec-managed",
        { role: "api-task-role-1", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
        s.onRole(s.taskRole),
      ),
      res(
        ATTACH,
        "task-broad",
        { role: "api-task-role-1", policyArn: "arn:aws:iam::1:policy/broad" },
        { propertyDependencies: { role: [s.taskRole], policyArn: [customer] } },
      ),
      res(ROLE_POLICY, "lambda-admin", { role: "lambda-role", policy: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }),
    ]);
    assert.deepStrictEqual(details(report), [
      'task-broad: task role api-task-role via policy broad: statement 1 allows "sqs:SendMessage" on Resource "*"; scope Resource to the exact ARNs.',
      'task-dynamo: task role api-task-role: statement 1 allows wildcard action "dynamodb:*"; list the specific actions needed; task role api-task-role: statement 1 allows "dynamodb:*" on Resource "*"; scope Resource to the exact ARNs; task role api-task-role: statement 1 allows risky actions dynamodb:Scan, dynamodb:Query without a resource constraint.',
      "task-secrets: attaches AWS-managed arn:aws:iam::aws:policy/SecretsManagerReadWrite to task role api-task-role; replace it with a scoped inline policy.",
    ]);
    assert.deepStrictEqual([...new Set(report.violations.map((v) => v.enforcementLevel))], ["mandatory"]);
  });

  it("flags a trust policy that lets anything but ecs-tasks.amazonaws.com assume a task role", async () => {
    const s = stack();
    const wide = {
      Statement: [
        { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { Service: ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"] }, Action: "sts:AssumeRole" },
      ],
    };
    s.taskRole.outputs.assumeRolePolicy = JSON.stringify(wide);
    const report = await run(iamEcsRoleLeastPrivilege, s.resources);
    assert.deepStrictEqual(details(report), [
      'api-task-role: task role api-task-role: statement 1 trusts {"AWS":"*"}; trust only { Service: "ecs-tasks.amazonaws.com" }; task role api-task-role: statement 2 trusts {"Service":["ecs-tasks.amazonaws.com","ec2.amazonaws.com"]}; trust only { Service: "ecs-tasks.amazonaws.com" }.',
    ]);
  });
});

describe("iam-ecs-role-least-privilege: one role for both jobs", () => {
  it("flags a role that is a task definition's task role and execution role, from the graph alone (ARNs unknown in preview)", async () => {
    const role = res(
      ROLE,
      "app-role",
      {},
      { outputs: { name: UNKNOWN.string, arn: UNKNOWN.string, assumeRolePolicy: JSON.stringify(trust) } },
    );
    const td = res(
      "aws:ecs/taskDefinition:TaskDefinition",
      "app-task",
      {},
      {
        outputs: { taskRoleArn: UNKNOWN.string, executionRoleArn: UNKNOWN.string },
        propertyDependencies: { taskRoleArn: [role], executionRoleArn: [role] },
      },
    );
    const report = await run(iamEcsRoleLeastPrivilege, [role, td]);
    assert.deepStrictEqual(
      [details(report), report.skipped],
      [
        [
          "app-role: app-role is used as both a task role and an execution role; give the application its own task role and keep image pulls and logs on a separate execution role.",
        ],
        [],
      ],
    );
  });
});

describe("iam-ecs-role-least-privilege during preview", () => {
  it("an unrelated role with an unknown trust policy does not hide a definite finding", async () => {
    const taskRole = res(ROLE, "api-task-role", {}, { outputs: { name: "api-task-role-1", assumeRolePolicy: JSON.stringify(trust) } });
    const pendingRole = res(ROLE, "pending-role", {}, { outputs: { name: UNKNOWN.string, assumeRolePolicy: UNKNOWN.string } });
    const td = res(
      "aws:ecs/taskDefinition:TaskDefinition",
      "api-task",
      {},
      { outputs: {}, propertyDependencies: { taskRoleArn: [taskRole] } },
    );
    const bad = res(
      ATTACH,
      "task-secrets",
      { role: "api-task-role-1", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" },
      { propertyDependencies: { role: [taskRole] } },
    );
    const report = await run(iamEcsRoleLeastPrivilege, [taskRole, pendingRole, td, bad]);
    assert.deepStrictEqual(flagged(report), ["task-secrets"]);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.reason),
      [
        `can't run policy 'iam-ecs-role-least-privilege' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: string value at .assumeRolePolicy can't be known during preview`,
      ],
    );
  });
});

describe("iam-ecs-role-trust-source-account (advisory)", () => {
  it("flags ECS task trust policies without aws:SourceAccount/aws:SourceArn", async () => {
    const bare = { Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const arnLike = {
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:1:*" } },
        },
      ],
    };
    const report = await run(iamEcsRoleTrustSourceAccount, [
      res(ROLE, "pass", { assumeRolePolicy: JSON.stringify(trust) }),
      res(ROLE, "pass-arn", { assumeRolePolicy: arnLike }),
      res(ROLE, "pass-lambda", {
        assumeRolePolicy: { Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
      }),
      res(ROLE, "fail", { assumeRolePolicy: JSON.stringify(bare) }),
    ]);
    assert.deepStrictEqual(flagged(report), ["fail"]);
  });
});
