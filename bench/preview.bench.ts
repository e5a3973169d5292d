/**
 * `npm run bench [-- --sizes 1,10,30,100 --runs 3]`: the offline preview + policy gate for generated services
 * (the dev stack's config with its services replaced in memory, same program), each run in a fresh process
 * on the fast loader, next to two baselines measured in the same run, size by size, in turn:
 * - the SDK's bare mock registration: a fresh process registering the very resources the gate recorded (same
 *   types, names, inputs, parents) as plain `CustomResource`/`ComponentResource`s under an echo mock, the SDK as
 *   it comes (it formats a stack for every promise it makes, which the gate's capture does not:
 *   preview/capture/cheap-stacks.ts; both run with the same node flags, bin/node-flags.js's). The goal's baseline registers
 *   the inputs the program set; two more show how much that choice weighs: with every property each class
 *   passes (a generated class passes its unset and output-only ones as undefined, and the SDK makes an Output
 *   for each: about 2.7 times as many), and the same with the gate's lean promise bookkeeping;
 * - when aws-cdk-lib, constructs and cdk-nag are installed in `DOCKYARD_BENCH_CDK` (a directory outside the
 *   repository; they are never dependencies), CDK synth + cdk-nag of as many
 *   `ApplicationLoadBalancedFargateService`s (bench/cdk/app.js).
 * Prints medians over the runs; nothing is asserted (speed goals are benchmarks, not tests).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { cheapPromiseStacks } from "../preview/capture/cheap-stacks";
import { disconnect, runInPulumiStack, runtimeResource } from "../preview/capture/sdk";
import { PACK, REPO_ROOT, runGate } from "../preview/gate";
import { loadProject } from "../preview/project";
import { renderText } from "../preview/report/text";
import { makeStyle } from "../preview/report/style";
import { CdkSample, GateSample, SdkSample, SizeRuns, baselinesTable, cdkTable, sdkTable, summarize } from "./report";

const DEFAULT_SIZES = [1, 10, 30, 100];
/** The V8 flags dockyard's bins relaunch with: the gate child runs as `npm run preview` does, the SDK's with the same. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS } = require("../bin/node-flags") as { NODE_FLAGS: string[] };
const CDK_PACKAGES = ["aws-cdk-lib", "constructs", "cdk-nag"];

/** A recorded resource, as the SDK baseline registers it again. */
interface Replay {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  parent?: string;
  inputs: Record<string, unknown>;
  /**
   * Every property key the resource's class passed to the SDK, in order: a generated class (`aws.ecs.Service`)
   * passes its output-only and unset properties as undefined, and the SDK makes an Output for each. Absent
   * when the resource did not come through the SDK's `registerResource` (then its set inputs are its keys).
   */
  declared?: string[];
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The dev stack's config with `n` generated services, each routed on its own path. */
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

/** Child: the gate for `n` services, as `npm run preview` runs it (text report rendered, not printed). */
async function gateChild(n: number, replayFile: string): Promise<void> {
  // The program's modules load before the clock starts (the process wall still counts them), so the
  // per-resource cost compares with the SDK's, whose module is loaded before its clock starts too. Only what the
  // program itself loads: neither @pulumi/awsx's index (awsx classic) nor @pulumi/aws's (the components load its
  // service modules alone), so preloading either would charge the gate for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(REPO_ROOT, "stacks", "program"));
  const declaring = recordDeclaredKeys();
  const started = performance.now();
  const cpuStarted = cpuMs();
  const result = await runGate({ projectDir: REPO_ROOT, stack: "dev", configOverride: generatedConfig(n) });
  renderText(result, PACK, makeStyle(false), 100);
  const gateMs = performance.now() - started;
  const gateCpuMs = cpuMs() - cpuStarted;
  // From here the bench's own work (the replay file), which `npm run preview` does not do: not the gate's cost.
  const benchStarted = performance.now();
  const benchCpuStarted = cpuMs();
  const declared = await declaring();
  const recorded = result.capture.recorded.map((r) => r.resource);
  const replay: Replay[] = recorded.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    custom: r.custom,
    parent: r.parent,
    inputs: r.inputs,
    ...(declared.has(r.urn) ? { declared: declared.get(r.urn) } : {}),
  }));
  fs.writeFileSync(replayFile, JSON.stringify(replay));
  const sample: Omit<GateSample, "wallMs"> & { benchMs: number } = {
    services: n,
    resources: recorded.length,
    // The process's CPU up to the bench's own work (what the parent's wall loses in `benchMs`).
    cpuMs: benchCpuStarted,
    benchMs: performance.now() - benchStarted,
    gateMs,
    gateCpuMs,
    programMs: result.capture.durationMs,
    policyMs: result.policyMs,
  };
  process.stdout.write(JSON.stringify(sample));
}

/**
 * Notes the property keys every resource passes to the SDK's `registerResource` (the run watch hooks it too,
 * over this); the returned function stops and maps them by URN once the run has settled.
 */
function recordDeclaredKeys(): () => Promise<Map<string, string[]>> {
  const original = runtimeResource.registerResource;
  const seen: { res: pulumi.Resource; keys: string[] }[] = [];
  runtimeResource.registerResource = (...args: unknown[]) => {
    seen.push({ res: args[0] as pulumi.Resource, keys: Object.keys((args[7] ?? {}) as object) });
    return original(...args);
  };
  return async () => {
    runtimeResource.registerResource = original;
    const urns = await Promise.all(seen.map(({ res }) => (res.urn as unknown as { promise(): Promise<string> }).promise()));
    return new Map(urns.map((urn, i) => [urn, seen[i].keys]));
  };
}

/** The SDK's resource classes as they are (the base classes are abstract in its typings). */
class ReplayedResource extends pulumi.CustomResource {}
class ReplayedComponent extends pulumi.ComponentResource {}

/**
 * Which SDK baseline: `inputs` (the goal's: each resource with the inputs the program set), `declared` (with
 * every property its class passes, as the SDK makes an Output for each), `lean` (declared, with the gate's
 * promise bookkeeping).
 */
type SdkVariant = "inputs" | "declared" | "lean";
const SDK_VARIANTS: readonly SdkVariant[] = ["inputs", "declared", "lean"];

/** Child: the SDK alone registering what the gate recorded, under a mock that echoes inputs. */
async function sdkChild(replayFile: string, variant: SdkVariant): Promise<void> {
  const replay = JSON.parse(fs.readFileSync(replayFile, "utf8")) as Replay[];
  const started = performance.now();
  const cpuStarted = cpuMs();
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "dockyard",
    "dev",
    false,
  );
  const restore = variant === "lean" ? cheapPromiseStacks() : () => undefined;
  let registered = 1;
  await runInPulumiStack(async () => {
    const byUrn = new Map<string, pulumi.Resource>();
    for (const r of replay) {
      if (r.type === "pulumi:pulumi:Stack") continue;
      const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
      const opts = parent ? { parent } : {};
      byUrn.set(
        r.urn,
        r.custom
          ? new ReplayedResource(r.type, r.name, variant === "inputs" ? r.inputs : declaredProps(r), opts)
          : new ReplayedComponent(r.type, r.name, {}, opts),
      );
      registered++;
    }
    return {};
  });
  await disconnect();
  restore();
  const sample: Omit<SdkSample, "wallMs"> = {
    resources: registered,
    registerMs: performance.now() - started,
    registerCpuMs: cpuMs() - cpuStarted,
    cpuMs: cpuMs(),
  };
  process.stdout.write(JSON.stringify(sample));
}

/** The resource's inputs under every key its class declared, in its order (undefined where unset), as the class passes them. */
function declaredProps(r: Replay): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of r.declared ?? []) props[key] = r.inputs[key];
  return Object.assign(props, r.inputs);
}

/** Runs a child process (with the bins' V8 flags unless told otherwise) and returns its JSON plus its wall time as seen from here. */
function timed<T>(args: string[], nodeFlags: readonly string[] = NODE_FLAGS): T & { wallMs: number } {
  const started = performance.now();
  const child = spawnSync(process.execPath, [...nodeFlags, ...args], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${child.status}):\n${child.stderr.slice(-4000)}`);
  return { ...(JSON.parse(child.stdout) as T), wallMs };
}

/** Where CDK comes from, or why the comparison is skipped. */
function cdkDir(): { dir?: string; skipped?: string } {
  const configured = process.env["DOCKYARD_BENCH_CDK"];
  const dir = configured ? path.resolve(configured) : REPO_ROOT;
  const resolve = createRequire(path.join(dir, "bench-resolver.js")).resolve;
  const missing = CDK_PACKAGES.filter((pkg) => {
    try {
      resolve(pkg);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { dir };
  const where = configured ? `DOCKYARD_BENCH_CDK=${configured}` : "the repository (DOCKYARD_BENCH_CDK is not set)";
  return {
    skipped:
      `CDK synth + cdk-nag comparison skipped: ${missing.join(", ")} not resolvable from ${where}. ` +
      "They are never dependencies; to compare, install them outside the repository, one at a time, e.g. " +
      "`npm install --prefix /tmp/cdk-bench aws-cdk-lib@2.276.0`, then `constructs@10.8.1`, then `cdk-nag@3.0.2`, and run " +
      "`DOCKYARD_BENCH_CDK=/tmp/cdk-bench npm run bench`.",
  };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function parent(): Promise<void> {
  const sizes = (option("--sizes") ?? DEFAULT_SIZES.join(",")).split(",").map(Number);
  const runs = Number(option("--runs") ?? "1");
  const cdk = cdkDir();
  const loadBefore = os.loadavg();
  const replayDir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-bench-"));
  const results: SizeRuns[] = sizes.map((services) => ({ services, gate: [], sdk: [], cdk: [] }));
  const loader = path.join(REPO_ROOT, "loader", "register.js");
  const cdkFailures: string[] = [];
  try {
    // Runs alternate size by size (gate, SDK, CDK), so a drift in the machine's speed hits all three alike.
    for (let run = 1; run <= runs; run++) {
      for (const size of results) {
        const replay = path.join(replayDir, `${size.services}.json`);
        const { benchMs, ...gate } = timed<GateSample & { benchMs: number }>([
          "-r",
          loader,
          __filename,
          "--gate",
          String(size.services),
          replay,
        ]);
        size.gate.push({ ...gate, wallMs: gate.wallMs - benchMs });
        size.sdk.push(timed<SdkSample>(["-r", loader, __filename, "--sdk", replay, "inputs"]));
        (size.sdkDeclared ??= []).push(timed<SdkSample>(["-r", loader, __filename, "--sdk", replay, "declared"]));
        (size.sdkLean ??= []).push(timed<SdkSample>(["-r", loader, __filename, "--sdk", replay, "lean"]));
        if (cdk.dir) {
          try {
            // CDK runs as `cdk synth` runs it: with no flags of ours.
            size.cdk.push(timed<CdkSample>([path.join(__dirname, "cdk", "app.js"), cdk.dir, String(size.services)], []));
          } catch (err) {
            // One failed CDK size leaves a dash in its row and says why; the gate's numbers still print.
            cdkFailures.push(
              `CDK at ${size.services} service(s) failed: ${(err instanceof Error ? err.message : String(err)).split("\n").find((l) => /«|Error/.test(l)) ?? "see above"}`,
            );
          }
        }
        process.stderr.write(`  run ${run}/${runs}: ${size.services} service(s) done\n`);
      }
    }
  } finally {
    fs.rmSync(replayDir, { recursive: true, force: true });
  }
  const summaries = results.map(summarize);
  const cpus = os.cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
  process.stdout.write(
    [
      `Offline preview + policy gate (dev config, generated services; each run a fresh process; medians of ${runs} run(s)):`,
      "",
      sdkTable(summaries),
      "",
      "The same gate against three SDK baselines (the goal's is the first; medians):",
      "",
      baselinesTable(summaries),
      "",
      cdk.dir
        ? `Against CDK synth + cdk-nag (AwsSolutionsChecks) of as many ApplicationLoadBalancedFargateServices (${cdk.dir}):`
        : (cdk.skipped ?? ""),
      ...(cdk.dir ? ["", cdkTable(summaries), ...cdkFailures] : []),
      "",
      `Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}; load average before ${load(loadBefore)}, after ${load(os.loadavg())}`,
      "gate wall/CPU = the whole process (start, config, program under the mock AWS, policies, API check, cost, text report, exit)",
      "less the bench's own work in it (recording the resources for the SDK baselines, which `npm run preview` does not do);",
      "gate in-process = runGate + the text report; program = the capture alone; SDK bare = the same resources (types, names, inputs, parents)",
      "registered by @pulumi/pulumi alone under an echo mock, in its own process (setMocks to the last registration settled);",
      "set inputs = the inputs the program set (the goal's baseline); all properties = every property the class passes (unset ones",
      "undefined, an Output each, as the real classes do); lean promises = the gate's promise bookkeeping (no stack per promise).",
      "",
    ].join("\n"),
  );
}

function fail(err: unknown): never {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
}

if (process.argv[2] === "--gate") gateChild(Number(process.argv[3]), process.argv[4]).catch(fail);
else if (process.argv[2] === "--sdk" && SDK_VARIANTS.includes(process.argv[4] as SdkVariant))
  sdkChild(process.argv[3], process.argv[4] as SdkVariant).catch(fail);
else parent().catch(fail);
