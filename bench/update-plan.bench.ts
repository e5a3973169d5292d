/**
 * Cost of the update plan (`--previous`) on top of the gate: for 1, 10, 50 and 100 generated dev services,
 * captures the program once, then times planning against the run's own `--json` document (every resource
 * matched and deep-compared) and running the update checks over the plan.
 *
 *   npx ts-node --transpile-only bench/update-plan.bench.ts
 */
import * as os from "os";
import { REPO_ROOT, runGate } from "../preview/gate";
import { loadProject } from "../preview/project";
import { buildPreviewDocument } from "../preview/report/json";
import { checkUpdatePlan, resolveUpdateLevels } from "../preview/update/checks";
import { buildUpdatePlan } from "../preview/update/plan";
import type { PreviousState } from "../preview/update/previous";

function generatedConfig(n: number): Record<string, string> {
  const { config } = loadProject(REPO_ROOT, "dev");
  const services: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) {
    const name = `svc-${String(i).padStart(3, "0")}`;
    services[name] = {
      image: { context: "services/movie-service" },
      cpu: 256,
      memory: 512,
      desiredCount: 1,
      routes: { pathPatterns: [`/${name}*`] },
    };
  }
  return { ...config, "dockyard:services": JSON.stringify(services) };
}

const ms = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;

async function main(): Promise<void> {
  const levels = resolveUpdateLevels("policy/config/prod.update.json");
  const rows: string[] = ["| services | resources | gate ms | plan ms | checks ms | plan ms/resource |", "|---:|---:|---:|---:|---:|---:|"];
  for (const n of [1, 10, 50, 100]) {
    const started = process.hrtime.bigint();
    const result = await runGate({ projectDir: REPO_ROOT, stack: "dev", configOverride: generatedConfig(n) });
    const gateMs = ms(started);
    const doc = buildPreviewDocument(result);
    const previous: PreviousState = {
      file: "bench",
      format: "dockyard-preview",
      resources: doc.steps.map(({ newState: s }) => ({
        urn: s.urn,
        type: s.type,
        custom: s.custom,
        inputs: s.inputs,
        outputs: s.outputs,
        protect: s.protect === true,
        retainOnDelete: s.retainOnDelete === true,
        providerDefaults: [],
      })),
    };
    const planStarted = process.hrtime.bigint();
    const plan = buildUpdatePlan(result.capture.recorded, previous);
    const planMs = ms(planStarted);
    const checksStarted = process.hrtime.bigint();
    const findings = checkUpdatePlan(plan, levels);
    const checksMs = ms(checksStarted);
    if (plan.summary.same !== plan.steps.length || findings.length > 0)
      throw new Error(`size ${n}: expected an all-same plan without findings`);
    const count = result.capture.recorded.length;
    rows.push(
      `| ${n} | ${count} | ${Math.round(gateMs)} | ${planMs.toFixed(1)} | ${checksMs.toFixed(1)} | ${(planMs / count).toFixed(3)} |`,
    );
  }
  process.stdout.write(
    `${rows.join("\n")}\n\nMachine: ${os.cpus()[0]?.model ?? "unknown"}, ${os.cpus().length} cores, Node ${process.version}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
