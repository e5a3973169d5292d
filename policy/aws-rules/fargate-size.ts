/**
 * The task sizes Fargate accepts (Linux): CPU units → allowed memory in MiB.
 * Source: the ECS developer guide's "Task CPU and memory" table.
 */
const FARGATE_TABLE: ReadonlyArray<{ cpu: number; min: number; max: number; step: number }> = [
  { cpu: 256, min: 512, max: 2048, step: 0 }, // 512, 1024, 2048 (listed explicitly below)
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

/** CPU units Fargate accepts, ascending. */
export const FARGATE_CPUS: readonly number[] = FARGATE_TABLE.map((row) => row.cpu);

/** Memory values (MiB) Fargate accepts for `cpu`, ascending; empty when `cpu` itself is unsupported. */
export function allowedMemory(cpu: number): number[] {
  const row = FARGATE_TABLE.find((r) => r.cpu === cpu);
  if (!row) return [];
  if (row.step === 0) return [512, 1024, 2048];
  const values: number[] = [];
  for (let m = row.min; m <= row.max; m += row.step) values.push(m);
  return values;
}

/** Human-readable allowed memory for `cpu`: `512, 1024, 2048` or `2048–8192 in steps of 1024`. */
export function describeAllowedMemory(cpu: number): string {
  const row = FARGATE_TABLE.find((r) => r.cpu === cpu);
  if (!row) return "";
  if (row.step === 0) return allowedMemory(cpu).join(", ");
  return `${row.min}–${row.max} in steps of ${row.step}`;
}

/**
 * Checks a task size against the Fargate table. Returns `undefined` when valid, otherwise a sentence that says
 * what is wrong and lists what is allowed (used by both config validation and component args validation).
 */
export function checkTaskSize(cpu: number, memory: number): string | undefined {
  if (!FARGATE_CPUS.includes(cpu)) {
    return `cpu ${cpu} is not a Fargate size; allowed cpu: ${FARGATE_CPUS.join(", ")}`;
  }
  if (!allowedMemory(cpu).includes(memory)) {
    return `memory ${memory} is not allowed with cpu ${cpu}; allowed memory for cpu ${cpu}: ${describeAllowedMemory(cpu)}`;
  }
  return undefined;
}
