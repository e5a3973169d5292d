/**
 * What the packaging and plugin-host specs pay for, step by step (a benchmark, not a test): wall time and CPU
 * (user+sys) of each step as those specs run it — the `npm pack` builds (each package's `prepack`/`prepare` runs tsc; the
 * components' also runs the provider's schema analyzer once), the pack and the component provider started by
 * Pulumi's own launchers (which register ts-node with type checking), the provider's schema analysis (the
 * TypeScript compiler, at GetSchema), and the consumer program's tsc checks. The component provider then started
 * from the build `npm pack` just made (components/dist, what components/provider-build.js picks when the build
 * manifest matches: compiled host, prebuilt schema) against its TypeScript source (forced with
 * DOCKYARD_PROVIDER_FROM_SOURCE=1), each until its first GetSchema is answered. Then the installed pack tarball
 * started as the CLI starts it: from its build (dist/, what policy/pack-entry.js picks when the build manifest
 * matches) and, forced, from its TypeScript source (ts-node's type check), to show what type-checking at every
 * start costs.
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
import { providerOptions } from "../components/provider/host";

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

/** Starts `node <args>` in `cwd` (with `env` added) and waits for the port it prints; then `after(port)`; then kills it. Prints both. */
async function server(
  step: string,
  cwd: string,
  args: string[],
  after?: { step: string; run: (port: string) => Promise<void> },
  env: Record<string, string> = {},
) {
  const wall = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
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
    const total = cpuOf(child.pid!);
    row(after.step, Number(process.hrtime.bigint() - t) / 1e9, total - listening);
    row("  = from start to that answer", Number(process.hrtime.bigint() - wall) / 1e9, total);
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
  const components = measure(
    "npm pack components/ (prepare: node build.js, tsc build with declarations + the provider's schema analyzed)",
    () => npmPack(path.join(REPO, "components"), scratch),
  );
  const pack = measure("npm pack policy/ (prepack: node build.js, tsc build of the whole pack + its manifest)", () =>
    npmPack(path.join(REPO, "policy"), scratch),
  );
  consumerChecks(components, path.join(scratch, "consumer"));
  // From the source, as the shared source pack starts it (test/support/source-pack-launch.ts): policy/dist was
  // just built, and would be picked otherwise.
  await server(
    "run-policy-pack policy/ until it listens (DOCKYARD_GUARD_FROM_SOURCE=1: ts-node type-checks the pack)",
    path.join(REPO, "policy"),
    [path.join(LAUNCHERS, "run-policy-pack"), "127.0.0.1:1", "."],
    undefined,
    { DOCKYARD_GUARD_FROM_SOURCE: "1" },
  );
  // The component provider as PulumiPlugin.yaml starts it: components/dist was just built by `npm pack`.
  const plugin = [path.join(LAUNCHERS, "run-plugin"), "provider/start.js", "127.0.0.1:1"];
  await server(
    "run-plugin components/provider until it listens, DOCKYARD_PROVIDER_FROM_SOURCE=1 (ts-node type-checks the components)",
    path.join(REPO, "components"),
    plugin,
    { step: "  its first GetSchema (the schema analyzer: a TypeScript program over the components)", run: getSchema },
    { DOCKYARD_PROVIDER_FROM_SOURCE: "1" },
  );
  await server(
    "run-plugin components/provider until it listens, from its build (components/dist: compiled host)",
    path.join(REPO, "components"),
    plugin,
    { step: "  its first GetSchema (the prebuilt schema)", run: getSchema },
  );
  await measureAsync("the same schema analysis in process (spec: provider, for Construct)", () =>
    new ComponentProvider(providerOptions(path.join(REPO, "components/provider"))).getSchema(),
  );

  // The installed tarball, as test/package/policy-pack.spec.ts starts it: its dependencies linked, then
  // run-policy-pack from the build, and from the source (DOCKYARD_GUARD_FROM_SOURCE=1, policy/compiled.js).
  const installed = path.join(scratch, "installed-pack");
  fs.mkdirSync(installed);
  spawnSync("tar", ["-xzf", pack, "-C", installed, "--strip-components=1"]);
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, Record<string, string>>;
  for (const dep of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) {
    fs.mkdirSync(path.dirname(path.join(installed, "node_modules", dep)), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(REPO, "node_modules", dep)), path.join(installed, "node_modules", dep), "dir");
  }
  const launcher = [path.join(installed, "node_modules/@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."];
  await server("installed pack tarball: run-policy-pack until it listens (starts from its build, dist/)", installed, launcher);
  await server(
    "installed pack tarball, DOCKYARD_GUARD_FROM_SOURCE=1: the same from its TypeScript source",
    installed,
    launcher,
    undefined,
    {
      DOCKYARD_GUARD_FROM_SOURCE: "1",
    },
  );
  fs.rmSync(scratch, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
