/**
 * Fargate and ECS task-definition limits the ECS API model does not encode. CPU/memory pairs live in
 * `./fargate-size.ts` (one table); this module only adds the other limits. Pure.
 */
import { checkTaskSize } from "./fargate-size";

/** "Containers per task definition: 10". */
export const ECS_QUOTAS_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html";
/** Fargate ephemeral storage: 21–200 GiB. */
export const EPHEMERAL_STORAGE_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html";
/** Fargate task CPU and memory. */
export const TASK_SIZE_DOC = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";

export const MAX_CONTAINERS_PER_TASK = 10;
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;

/** What a Fargate task definition declares, as far as these limits go. */
export interface FargateTaskShape {
  /** Task CPU units. @default - not checked */
  cpu?: number;
  /** Task memory (MiB). @default - not checked */
  memory?: number;
  /** Number of container definitions. */
  containers: number;
  /** `ephemeralStorage.sizeInGiB`. @default - not checked (Fargate's 20 GiB default) */
  ephemeralStorageGiB?: number;
}

/** Every Fargate/ECS limit the task breaks, one sentence each with its documentation page. */
export function fargateTaskProblems(task: FargateTaskShape): string[] {
  const problems: string[] = [];
  if (task.cpu !== undefined && task.memory !== undefined) {
    const size = checkTaskSize(task.cpu, task.memory);
    if (size !== undefined) problems.push(`${size} (${TASK_SIZE_DOC})`);
  }
  if (task.containers > MAX_CONTAINERS_PER_TASK) {
    problems.push(`${task.containers} containers; a task definition holds at most ${MAX_CONTAINERS_PER_TASK} (${ECS_QUOTAS_DOC})`);
  }
  const gib = task.ephemeralStorageGiB;
  if (gib !== undefined && (!Number.isInteger(gib) || gib < EPHEMERAL_STORAGE_GIB.min || gib > EPHEMERAL_STORAGE_GIB.max)) {
    problems.push(
      `ephemeralStorage.sizeInGiB ${gib}; Fargate allows an integer from ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max} (${EPHEMERAL_STORAGE_DOC})`,
    );
  }
  return problems;
}
