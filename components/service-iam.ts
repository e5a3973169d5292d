import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn, secretSource } from "./arns";
import type { FargateServiceArgs } from "./fargate-service-args";
import { ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicy } from "./iam";

/** The two roles of a task: the execution role (ECS agent) and the task role (the app). */
export interface ServiceRoles {
  executionRole: aws.iam.Role;
  taskRole: aws.iam.Role;
  /** The roles' inline policies: the ECS service waits for them, so no task starts without its permissions. */
  policies: aws.iam.RolePolicy[];
}

/** Every `valueFrom` the task's containers reference. */
export function referencedSecrets(args: FargateServiceArgs): string[] {
  const all = [...Object.values(args.secrets ?? {}), ...(args.sidecars ?? []).flatMap((s) => Object.values(s.secrets ?? {}))];
  return [...new Set(all)].sort();
}

/**
 * Creates both roles with a trust policy for ECS tasks of this account only, and inline policies scoped to
 * the exact repository, log group, secrets and keys (no managed policies).
 */
export function createServiceRoles(
  name: string,
  args: FargateServiceArgs,
  repositoryArn: pulumi.Output<string>,
  logGroupArn: pulumi.Output<string>,
  parent: pulumi.Resource,
): ServiceRoles {
  const partition = pulumi.output(args.partition ?? "aws");
  const trust = (withSourceArn: boolean) =>
    pulumi.all([partition, args.accountId]).apply(([p, account]) => JSON.stringify(ecsTasksTrustPolicy(p, args.region, account, withSourceArn)));

  const executionRole = new aws.iam.Role(`${name}-exec-role`, {
    description: `ECS execution role of ${args.environment}/${name}: pull its image, write its logs, read its secrets`,
    assumeRolePolicy: trust(false),
  }, { parent });
  const taskRole = new aws.iam.Role(`${name}-task-role`, {
    description: `Task role of ${args.environment}/${name}: only the permissions the service declares`,
    assumeRolePolicy: trust(true),
  }, { parent });

  const secrets = referencedSecrets(args).map(secretSource);
  const sidecarRepos = (args.sidecars ?? []).map((s) => s.image);
  const extraImages = args.image.kind === "prebuilt" ? [args.image.uri, ...sidecarRepos] : sidecarRepos;
  const execPolicy = pulumi.all([repositoryArn, logGroupArn, partition]).apply(([repoArn, logArn, p]) =>
    JSON.stringify(executionRolePolicy({
      repositoryArns: [repoArn, ...extraImages.flatMap((uri) => ecrRepositoryArn(uri, p) ?? [])],
      logGroupArn: logArn,
      secretArns: secrets.filter((s) => s.kind === "secretsmanager").map((s) => s.arn),
      parameterArns: secrets.filter((s) => s.kind === "ssm").map((s) => s.arn),
      kmsKeyArns: args.kmsKeyArns ?? [],
    })),
  );
  const policies = [new aws.iam.RolePolicy(`${name}-exec-policy`, { role: executionRole.id, policy: execPolicy }, { parent })];

  const taskDoc = taskRolePolicy(args.taskPolicy ?? [], args.enableExecuteCommand === true);
  if (taskDoc !== undefined) {
    policies.push(new aws.iam.RolePolicy(`${name}-task-policy`, { role: taskRole.id, policy: JSON.stringify(taskDoc) }, { parent }));
  }
  return { executionRole, taskRole, policies };
}
