import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn, secretSource } from "./arns";
import * as aws from "./aws";
import type { FargateServiceArgs } from "./fargate-service-args";
import { ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicy } from "./iam";
import { transform } from "./transform";

/** The two roles of a task: the execution role (ECS agent) and the task role (the app). */
export interface ServiceRoles {
  executionRole: aws.iam.Role;
  taskRole: aws.iam.Role;
  /** The roles' inline policies: the ECS service waits for them, so no task starts without its permissions. */
  policies: aws.iam.RolePolicy[];
}

/** Every `valueFrom` the task's containers reference. */
export function referencedSecrets(args: FargateServiceArgs): string[] {
  const all = [...Object.values(args.secrets ?? {}), ...Object.values(args.sidecars ?? {}).flatMap((s) => Object.values(s.secrets ?? {}))];
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
  const t = args.transform ?? {};
  const { environment, region } = args.platform;
  const partition = pulumi.output(args.platform.partition);
  const trust = (withSourceArn: boolean) =>
    pulumi
      .all([partition, args.platform.accountId])
      .apply(([p, account]) => JSON.stringify(ecsTasksTrustPolicy(p, region, account, withSourceArn)));

  const executionRole = new aws.iam.Role(
    ...transform(
      t.role,
      `${name}-exec-role`,
      {
        description: `ECS execution role of ${environment}/${name}: pull its image, write its logs, read its secrets`,
        assumeRolePolicy: trust(false),
      },
      { parent },
    ),
  );
  const taskRole = new aws.iam.Role(
    ...transform(
      t.role,
      `${name}-task-role`,
      {
        description: `Task role of ${environment}/${name}: only the permissions the service declares`,
        assumeRolePolicy: trust(true),
      },
      { parent },
    ),
  );

  const secrets = referencedSecrets(args).map(secretSource);
  const sidecarRepos = Object.keys(args.sidecars ?? {})
    .sort()
    .map((n) => args.sidecars?.[n]?.image ?? "");
  const extraImages = args.image.kind === "prebuilt" ? [args.image.uri, ...sidecarRepos] : sidecarRepos;
  const execPolicy = pulumi.all([repositoryArn, logGroupArn, partition]).apply(([repoArn, logArn, p]) =>
    JSON.stringify(
      executionRolePolicy({
        repositoryArns: [repoArn, ...extraImages.flatMap((uri) => ecrRepositoryArn(uri, p) ?? [])],
        logGroupArn: logArn,
        secretArns: secrets.filter((s) => s.kind === "secretsmanager").map((s) => s.arn),
        parameterArns: secrets.filter((s) => s.kind === "ssm").map((s) => s.arn),
        kmsKeyArns: args.kmsKeyArns ?? [],
      }),
    ),
  );
  const policies = [
    new aws.iam.RolePolicy(...transform(t.rolePolicy, `${name}-exec-policy`, { role: executionRole.id, policy: execPolicy }, { parent })),
  ];

  const taskDoc = taskRolePolicy(args.taskPolicy ?? [], args.enableExecuteCommand === true);
  if (taskDoc !== undefined) {
    policies.push(
      new aws.iam.RolePolicy(
        ...transform(t.rolePolicy, `${name}-task-policy`, { role: taskRole.id, policy: JSON.stringify(taskDoc) }, { parent }),
      ),
    );
  }
  return { executionRole, taskRole, policies };
}
