/**
 * `npx ts-node --transpile-only bench/awsx.bench.ts`: the offline gate on the largest awsx fixture
 * (test/fixtures/programs/awsx-defaults: a 3-AZ awsx VPC, ALB, ECR repository and image, FargateService). One cold
 * run, then five warm runs in the same process; prints the median of each phase: the program under the mock
 * (which includes answering the awsx components), expanding the components into what awsx creates, and the pack.
 */
import * as os from "os";
import * as path from "path";
import { expandAwsx } from "../preview/capture/awsx";
import { runGate } from "../preview/gate";

const FIXTURE = path.join(__dirname, "..", "test", "fixtures", "programs", "awsx-defaults");
const WARM_RUNS = 5;

interface Sample {
  wallMs: number;
  programMs: number;
  expansionMs: number;
  policyMs: number;
  captured: number;
  synthesized: number;
}

async function once(): Promise<Sample> {
  const started = process.hrtime.bigint();
  const result = await runGate({ projectDir: FIXTURE, stack: "dev" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const resources = result.capture.recorded.map((r) => r.resource);
  const expandStarted = process.hrtime.bigint();
  expandAwsx(resources, result.capture.aws);
  const expansionMs = Number(process.hrtime.bigint() - expandStarted) / 1e6;
  return {
    wallMs,
    programMs: result.capture.durationMs,
    expansionMs,
    policyMs: result.policyMs,
    captured: resources.length,
    synthesized: result.expansion.synthesized.length,
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const cold = await once();
  const warm: Sample[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await once());
  const fmt = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `awsx gate benchmark: ${path.relative(process.cwd(), FIXTURE)} — ${cold.captured} captured + ${cold.synthesized} synthesized resources`,
  );
  console.log(
    `machine: ${os.cpus()[0]?.model ?? "unknown cpu"}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  );
  console.log("run          wall ms  program ms  expansion ms  policies ms");
  console.log(`cold        ${fmt(cold.wallMs)}    ${fmt(cold.programMs)}      ${fmt(cold.expansionMs)}     ${fmt(cold.policyMs)}`);
  console.log(
    `warm median ${fmt(median(warm.map((s) => s.wallMs)))}    ${fmt(median(warm.map((s) => s.programMs)))}      ${fmt(median(warm.map((s) => s.expansionMs)))}     ${fmt(median(warm.map((s) => s.policyMs)))}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
