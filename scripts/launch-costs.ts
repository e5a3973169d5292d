/**
 * What the packaging and plugin-host specs pay for, step by step (a benchmark, not a test): wall time and CPU
 * (user+sys) of each step as those specs run it — the `npm pack` builds (each package's `prepack` runs tsc), the
 * pack and the component provider started by Pulumi's own launchers (which register ts-node with type checking),
 * the provider's schema analysis (the TypeScript compiler, at GetSchema), and the consumer program's tsc checks.
 * Then the same pack compiled to JavaScript first, to show what type-checking at every start costs.
 *
 *   node -r ./loader/register scripts/launch-costs.ts
 *
 * CPU of a child is read from /proc when it listens (a server) or from this process's rusage of the children it
 * waited for; on a shared machine compare CPU, not wall time. Every step runs once: expect ±10 % between runs.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import ts from "typescript";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "../components/provider/components";

const REPO = path.resolve(__dirname, "..");
const LAUNCHERS = path.join(REPO, "node_modules/@pulumi/pulumi/cmd");
const TICK_S = 0.01;

/** Seconds of CPU of `pid` (its own, or with `children` also the children it waited for), from /proc. */
function cpuOf(pid: number | "self", children = false): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return fields.slice(11, children ? 15 : 13).reduce((n, f) => n + Number(f), 0) * TICK_S;
}

function row(step: string, wallS: number, cpuS: number): void {
  console.log(`${wallS.toFixed(1).padStart(7)} s ${cpuS.toFixed(1).padStart(7)} s  ${step}`);
}

/** A step in this process, or in children it waits for (spawnSync). */
function measure<T>(step: string, body: () => T): T {
  const wall = process.hrtime.bigint();
  const cpu = cpuOf("self", true);
  const result = body();
  row(step, Number(process.hrtime.bigint() - wall) / 1e9, cpuOf("self", true) - cpu);
  return result;
}

async function measureAsync<T>(step: string, body: () => Promise<T>): Promise<T> {
  const wall = process.hrtime.bigint();
  const cpu = cpuOf("self", true);
  const result = await body();
  row(step, Number(process.hrtime.bigint() - wall) / 1e9, cpuOf("self", true) - cpu);
  return result;
}

/** `npm pack` of `folder` into `dest` (its prepack build included); the tarball's path. */
function npmPack(folder: string, dest: string): string {
  const run = spawnSync("npm", ["pack", "--json", "--pack-destination", dest], { cwd: folder, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm pack in ${folder} failed:\n${run.stderr}`);
  const [info] = JSON.parse(run.stdout.slice(run.stdout.indexOf("["))) as { filename: string }[];
  return path.join(dest, info.filename);
}

/** Starts `node <args>` in `cwd` and waits for the port it prints; then `after(port)`; then kills it. Prints both. */
async function server(step: string, cwd: string, args: string[], after?: { step: string; run: (port: string) => Promise<void> }) {
  const wall = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => void (err += d.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const first = out.split("\n")[0].trim();
      if (out.includes("\n") && /^\d+$/.test(first)) resolve(first);
    });
    child.on("exit", (code) => reject(new Error(`${step}: exited with ${code}\n${err}`)));
  });
  const listening = cpuOf(child.pid!);
  row(step, Number(process.hrtime.bigint() - wall) / 1e9, listening);
  if (after) {
    const t = process.hrtime.bigint();
    await after.run(port);
    row(after.step, Number(process.hrtime.bigint() - t) / 1e9, cpuOf(child.pid!) - listening);
  }
  child.removeAllListeners("exit");
  await new Promise((resolve) => child.once("exit", resolve).kill());
}

function getSchema(port: string): Promise<void> {
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise<void>((resolve, reject) =>
    client.getSchema(new GetSchemaRequest(), (e) => {
      client.close();
      if (e) reject(e);
      else resolve();
    }),
  );
}

/** tsc over a scratch consumer of the installed components tarball, as test/package/components-tarball.spec.ts does. */
function consumerChecks(tarball: string, scratch: string): void {
  const installed = path.join(scratch, "node_modules/@dockyard/components");
  fs.mkdirSync(installed, { recursive: true });
  spawnSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, Record<string, string>>;
  for (const dep of [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies), "@types/node"]) {
    fs.mkdirSync(path.dirname(path.join(scratch, "node_modules", dep)), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(REPO, "node_modules", dep)), path.join(scratch, "node_modules", dep), "dir");
  }
  const index = path.join(scratch, "index.ts");
  fs.writeFileSync(index, 'import { Platform } from "@dockyard/components";\nexport const type: string = Platform.TYPE;\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    noEmit: true,
  };
  measure("consumer program: tsc, node16 resolution (spec: components-tarball)", () => {
    const program = ts.createProgram([index], options);
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(index)).length;
  });
  measure("consumer program: tsc again, node10 resolution (spec: components-tarball)", () => {
    const program = ts.createProgram([index], {
      ...options,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
    });
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(index)).length;
  });
}

async function main(): Promise<void> {
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-launch-costs-")));
  console.log(`load average: ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  console.log("   wall      cpu  step");
  const components = measure("npm pack components/ (prepack: tsc build with declarations)", () =>
    npmPack(path.join(REPO, "components"), scratch),
  );
  measure("npm pack policy/ (prepack: tsc build of the exported pure rules)", () => npmPack(path.join(REPO, "policy"), scratch));
  consumerChecks(components, path.join(scratch, "consumer"));
  await server("run-policy-pack policy/ until it listens (ts-node type-checks the pack)", path.join(REPO, "policy"), [
    path.join(LAUNCHERS, "run-policy-pack"),
    "127.0.0.1:1",
    ".",
  ]);
  await server(
    "run-plugin components/provider until it listens (ts-node type-checks the components)",
    path.join(REPO, "components"),
    [path.join(LAUNCHERS, "run-plugin"), "provider/index.ts", "127.0.0.1:1"],
    { step: "  its first GetSchema (the schema analyzer: a TypeScript program over the components)", run: getSchema },
  );
  await measureAsync("the same schema analysis in process (spec: provider, for Construct)", () =>
    new ComponentProvider({
      name: PROVIDER_NAME,
      components: [...PROVIDER_COMPONENTS],
      dirname: path.join(REPO, "components/provider"),
    }).getSchema(),
  );

  // The alternative: the pack compiled once (tsc over everything it loads), then started from JavaScript.
  const compiled = path.join(scratch, "compiled-pack");
  fs.mkdirSync(compiled);
  for (const f of [
    "index.ts",
    "policies.ts",
    "pack-info.ts",
    "aws-rules",
    "rules",
    "engine",
    "tsconfig.json",
    "package.json",
    "PulumiPolicy.yaml",
  ])
    fs.cpSync(path.join(REPO, "policy", f), path.join(compiled, f), { recursive: true });
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(compiled, "node_modules"), "dir");
  measure("alternative: tsc build of the whole pack to JavaScript", () => {
    const run = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", "dist"], {
      cwd: compiled,
    });
    if (run.status !== 0) throw new Error(`tsc failed: ${String(run.stdout)}`);
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(compiled, "package.json"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(path.join(compiled, "package.json"), JSON.stringify({ ...manifest, main: "dist/index.js" }));
  await server("alternative: run-policy-pack of the compiled pack until it listens", compiled, [
    path.join(LAUNCHERS, "run-policy-pack"),
    "127.0.0.1:1",
    ".",
  ]);
  fs.rmSync(scratch, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
