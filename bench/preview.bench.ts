/**
 * `npm run bench`: the offline preview + policy gate for 1, 10, 50 and 100 generated services (the dev
 * stack's config with its services replaced in memory, same program), each size in a fresh child process
 * so the runtime starts clean. Prints wall time, resources and ms per resource next to a baseline: the
 * SDK's own cost of registering the same number of plain resources under a trivial mock.
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { disconnect } from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { REPO_ROOT, runGate } from "../preview/gate";
import { loadProject } from "../preview/project";

const SIZES = [1, 10, 50, 100];

interface Sample {
  services: number;
  resources: number;
  /** The whole gate (config, program under the mock AWS, policies, cost), ms. */
  wallMs: number;
  /** Program run under the mock (capture), ms. */
  programMs: number;
  policyMs: number;
  /** The same number of plain resources under a trivial mock, ms. */
  baselineMs: number;
}

/** The dev stack's config with `n` generated services, each routed on its own path. */
function generatedConfig(n: number): Record<string, string> {
  const { config } = loadProject(REPO_ROOT, "dev");
  const services: Record<string, unknown> = {};
  for (let i = 1; i <= n; i++) {
    const name = `svc-${String(i).padStart(3, "0")}`;
    services[name] = { image: { context: "services/movie-service" }, cpu: 256, memory: 512, desiredCount: 1, routes: { pathPatterns: [`/${name}*`] } };
  }
  return { ...config, "dockyard:services": JSON.stringify(services) };
}

/** The SDK's bare registration cost: `count` S3 buckets under a mock that echoes inputs. */
async function baseline(count: number): Promise<number> {
  await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "bench", "baseline", false);
  const started = process.hrtime.bigint();
  await runInPulumiStack(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws: typeof import("@pulumi/aws") = require("@pulumi/aws");
    for (let i = 0; i < count - 1; i++) new aws.s3.Bucket(`bucket-${i}`, { forceDestroy: true, tags: { index: String(i) } });
    return {};
  });
  await disconnect();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Child mode: one size, JSON on stdout. */
async function one(n: number): Promise<void> {
  // Warm up first (SDK modules; ts-node compiling the program's modules, which stay cached because they are
  // loaded before the capture starts), so both measurements start warm.
  await baseline(10);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(REPO_ROOT, "stacks", "program"));
  const started = process.hrtime.bigint();
  const result = await runGate({ projectDir: REPO_ROOT, stack: "dev", configOverride: generatedConfig(n) });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const resources = result.capture.recorded.length;
  const sample: Sample = { services: n, resources, wallMs, programMs: result.capture.durationMs, policyMs: result.policyMs, baselineMs: await baseline(resources) };
  process.stdout.write(JSON.stringify(sample));
}

function table(samples: Sample[]): string {
  const f = (n: number, digits = 0) => n.toFixed(digits);
  const rows = samples.map(
    (s) =>
      `| ${s.services} | ${s.resources} | ${f(s.wallMs)} | ${f(s.programMs)} | ${f(s.policyMs)} | ${f(s.wallMs / s.resources, 2)} | ` +
      `${f(s.baselineMs / s.resources, 2)} | ${f(s.programMs / s.baselineMs, 2)}× |`,
  );
  return [
    "| services | resources | gate wall ms | program ms | policies ms | gate ms/resource | SDK baseline ms/resource | program ÷ baseline |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

async function parent(): Promise<void> {
  const samples: Sample[] = [];
  for (const n of SIZES) {
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", __filename, "--one", String(n)], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (child.status !== 0) {
      process.stderr.write(`size ${n} failed (exit ${child.status}):\n${child.stderr}\n`);
      process.exit(2);
    }
    samples.push(JSON.parse(child.stdout) as Sample);
    process.stderr.write(`  ${n} service(s) done\n`);
  }
  const cpus = os.cpus();
  process.stdout.write(
    [
      "Offline preview + policy gate (dev config, generated services; each size in a fresh process):",
      "",
      table(samples),
      "",
      `Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}`,
      "gate wall = config + program under the mock AWS + policies + cost estimate, with the SDK and program modules already loaded; program = the capture alone;",
      "SDK baseline = the same number of plain aws.s3.Bucket registrations under a trivial echo mock (the SDK's own mock cost).",
      "",
    ].join("\n"),
  );
}

if (process.argv[2] === "--one") {
  one(Number(process.argv[3])).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  });
} else {
  void parent();
}
