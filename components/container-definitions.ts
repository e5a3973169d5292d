/**
 * Pure builder for a task's `containerDefinitions` (ECS API shape, the JSON `aws.ecs.TaskDefinition` takes).
 * Determinism: the app container first, sidecars sorted by name, environment and secrets sorted by name.
 */

/** A container health check (ECS `HealthCheck`). */
export interface ContainerHealthCheck {
  command: readonly string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
}

/** One container, with every value resolved (image URIs already known). */
export interface ContainerSpec {
  name: string;
  image: string;
  /** Container-level CPU units. @default - unset (shares the task's) */
  cpu?: number;
  /** Hard memory limit in MiB. @default - unset (shares the task's) */
  memory?: number;
  essential: boolean;
  /** TCP ports the container listens on. */
  ports: readonly number[];
  environment: Readonly<Record<string, string>>;
  /** Env name → `valueFrom` ARN (Secrets Manager or SSM). */
  secrets: Readonly<Record<string, string>>;
  healthCheck?: ContainerHealthCheck;
  readonlyRootFilesystem: boolean;
  stopTimeoutSeconds: number;
  command?: readonly string[];
}

/** Where containers send logs. */
export interface LogTarget {
  logGroupName: string;
  region: string;
}

/** Name of the writable scratch volume mounted at `/tmp` (needed with a read-only root filesystem). */
export const TMP_VOLUME = "tmp";

/** ECS container definition (the subset dockyard emits), in ECS API member names. */
export interface ContainerDefinition {
  name: string;
  image: string;
  cpu?: number;
  memory?: number;
  essential: boolean;
  portMappings: { name: string; containerPort: number; hostPort: number; protocol: "tcp"; appProtocol: "http" }[];
  environment: { name: string; value: string }[];
  secrets: { name: string; valueFrom: string }[];
  healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  readonlyRootFilesystem: boolean;
  mountPoints: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  linuxParameters: { initProcessEnabled: boolean };
  stopTimeout: number;
  command?: string[];
  logConfiguration: { logDriver: "awslogs"; options: Record<string, string> };
}

/** The name of a container's port mapping, `<container>-<port>` (Service Connect refers to it as `portName`). */
export function portMappingName(container: string, port: number): string {
  return `${container}-${port}`;
}

/** Builds the container definitions for a task: `app` first, then `sidecars` sorted by name. */
export function buildContainerDefinitions(app: ContainerSpec, sidecars: readonly ContainerSpec[], logs: LogTarget): ContainerDefinition[] {
  const ordered = [app, ...[...sidecars].sort((a, b) => a.name.localeCompare(b.name))];
  return ordered.map((c) => toDefinition(c, logs));
}

function toDefinition(c: ContainerSpec, logs: LogTarget): ContainerDefinition {
  const def: ContainerDefinition = {
    name: c.name,
    image: c.image,
    essential: c.essential,
    portMappings: c.ports.map((port) => ({
      name: portMappingName(c.name, port),
      containerPort: port,
      hostPort: port,
      protocol: "tcp",
      appProtocol: "http",
    })),
    environment: sortedEntries(c.environment).map(([name, value]) => ({ name, value })),
    secrets: sortedEntries(c.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    readonlyRootFilesystem: c.readonlyRootFilesystem,
    mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: "/tmp", readOnly: false }],
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: c.stopTimeoutSeconds,
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": logs.logGroupName, "awslogs-region": logs.region, "awslogs-stream-prefix": c.name },
    },
  };
  if (c.cpu !== undefined) def.cpu = c.cpu;
  if (c.memory !== undefined) def.memory = c.memory;
  if (c.command !== undefined) def.command = [...c.command];
  if (c.healthCheck !== undefined) {
    def.healthCheck = {
      command: [...c.healthCheck.command],
      interval: c.healthCheck.intervalSeconds,
      timeout: c.healthCheck.timeoutSeconds,
      retries: c.healthCheck.retries,
      startPeriod: c.healthCheck.startPeriodSeconds,
    };
  }
  return def;
}

function sortedEntries(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
