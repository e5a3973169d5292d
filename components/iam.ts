/**
 * Pure builders for the IAM documents of a Fargate service. Components resolve ARNs (Outputs) and call these
 * inside `apply`, which only computes strings: no resource is created there.
 */

/** One IAM policy statement (the subset dockyard emits). */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal?: { Service: string };
  Action: string[];
  /** Absent only in trust policies (IAM rejects `Resource` there). */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** A task-role statement as declared in config (`dockyard:services.<name>.taskPolicy`). */
export interface DeclaredStatement {
  /** IAM actions, e.g. `s3:GetObject`. `*` and `<service>:*` are rejected. */
  actions: readonly string[];
  /** Exact resource ARNs. `*` is rejected. */
  resources: readonly string[];
}

/** Why an action cannot be declared, or `undefined` when it is acceptable. */
export function checkDeclaredAction(action: string): string | undefined {
  if (action === "*") return "the action `*` grants every permission in AWS";
  if (/^[a-z0-9-]+:\*$/i.test(action)) return `the action \`${action}\` grants every permission of the service`;
  if (!/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action)) return `\`${action}\` is not an IAM action of the form \`service:Action\``;
  return undefined;
}

/**
 * Trust policy for task and execution roles: only ECS tasks of this account may assume the role
 * (`aws:SourceAccount` guards against the confused-deputy problem). `withSourceArn` adds the
 * `aws:SourceArn` guard AWS documents for task roles; the execution role, which the ECS/Fargate agent
 * assumes, keeps the account condition only.
 */
export function ecsTasksTrustPolicy(partition: string, region: string, accountId: string, withSourceArn = true): PolicyDocument {
  const condition: Record<string, Record<string, string>> = { StringEquals: { "aws:SourceAccount": accountId } };
  if (withSourceArn) condition["ArnLike"] = { "aws:SourceArn": `arn:${partition}:ecs:${region}:${accountId}:*` };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EcsTasksOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: ["sts:AssumeRole"],
        Condition: condition,
      },
    ],
  };
}

/** What an execution role needs, as exact ARNs. */
export interface ExecutionRoleNeeds {
  /** ECR repositories the task pulls from. */
  repositoryArns: readonly string[];
  /** The service's log group ARN as the provider returns it (without the API's trailing `:*`). */
  logGroupArn: string;
  /** Secrets Manager secret ARNs referenced by the containers (suffixes like `:json-key::` already removed). */
  secretArns: readonly string[];
  /** SSM parameter ARNs referenced by the containers. */
  parameterArns: readonly string[];
  /** KMS keys that encrypt those secrets/parameters. */
  kmsKeyArns: readonly string[];
}

/** Inline statements for an execution role: pull this repo, write this log group, read these secrets. */
export function executionRolePolicy(needs: ExecutionRoleNeeds): PolicyDocument {
  const statements: PolicyStatement[] = [{ Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" }];
  if (needs.repositoryArns.length > 0) {
    statements.push({
      Sid: "EcrPull",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: sortedUnique(needs.repositoryArns),
    });
  }
  statements.push({
    Sid: "WriteLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    // The provider's log-group ARN drops the API's `:*`; `<group>:*` is the form AWS documents for these two
    // actions (CreateLogStream is authorised on the group, PutLogEvents on its streams).
    Resource: [`${needs.logGroupArn}:*`],
  });
  if (needs.secretArns.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: sortedUnique(needs.secretArns),
    });
  }
  if (needs.parameterArns.length > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: sortedUnique(needs.parameterArns) });
  }
  if (needs.kmsKeyArns.length > 0) {
    statements.push({ Sid: "DecryptSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: sortedUnique(needs.kmsKeyArns) });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Task role statements: exactly what the service declares, plus the ECS Exec channels when Exec is on.
 * Returns `undefined` when there is nothing to grant (no policy resource is then created).
 */
export function taskRolePolicy(declared: readonly DeclaredStatement[], enableExecuteCommand: boolean): PolicyDocument | undefined {
  const statements: PolicyStatement[] = declared.map((s, i) => ({
    Sid: `Declared${i}`,
    Effect: "Allow",
    Action: [...s.actions],
    Resource: [...s.resources],
  }));
  if (enableExecuteCommand) {
    statements.push({
      Sid: "EcsExec",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    });
  }
  return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
