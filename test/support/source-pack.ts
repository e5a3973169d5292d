/**
 * The repository's pack (`policy/`) served exactly as `pulumi preview --policy-pack policy` serves it — started by
 * `@pulumi/pulumi/cmd/run-policy-pack` in its own process, which type-checks the pack with ts-node and serves the
 * real `PolicyPack` over gRPC — once per test process, shared by the specs that drive it with the CLI's RPCs
 * (test/policy/pack-process.spec.ts, test/preview/awsx/pack-process.spec.ts). Each launch costs ~13 s of CPU (the
 * ts-node type-check); a second one would prove nothing the first does not. Under `mocha --parallel` every
 * worker that runs one of those specs starts its own.
 *
 * The served pack keeps state between calls (the last `configure` and `configureStack`): a spec sets both before
 * it analyzes (`configurePack`), never relying on another spec's. Each spec opens and closes its own client; the
 * process is stopped when the test process is done (it no longer keeps the test process alive once it listens).
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { allPolicies } from "../../policy/policies";

export const POLICY_DIR = path.resolve(__dirname, "../../policy");

export const LEVEL: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  remediate: pb.EnforcementLevel.REMEDIATE,
  disabled: pb.EnforcementLevel.DISABLED,
};
export const LEVEL_NAME = new Map(Object.entries(LEVEL).map(([k, v]) => [v, k]));

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;
/** One unary RPC as a promise. */
export function call<Res>(start: (cb: Callback<Res>) => void): Promise<Res> {
  return new Promise((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
}

/** A JSON value as a protobuf Struct (through JSON, as the CLI marshals property values). */
export const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

let serving: Promise<string> | undefined;

/** The address (`127.0.0.1:<port>`) of the source pack served by `run-policy-pack`; started on the first call. */
export function sourcePackAddress(): Promise<string> {
  if (serving === undefined) {
    // When it exits, a later spec starts a fresh one rather than calling a dead address.
    const started: Promise<string> = launch(() => {
      if (serving === started) serving = undefined;
    });
    serving = started;
  }
  return serving;
}

/** A client of the served source pack; the caller closes it. */
export async function sourcePackClient(): Promise<AnalyzerClient> {
  return new AnalyzerClient(await sourcePackAddress(), grpc.credentials.createInsecure());
}

function launch(onExit: () => void): Promise<string> {
  // Exactly how the CLI's policy analyzer plugin starts a Node.js pack: `run-policy-pack <engine> <pack dir>` in the
  // pack directory, which registers ts-node with type-checking and the pack's tsconfig, then requires the directory.
  const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
  const child: ChildProcess = spawn(process.execPath, [launcher, "127.0.0.1:1", "."], {
    cwd: POLICY_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Stopped when the test process is done: on `beforeExit` (the event loop drained; waiting for the exit lets the
  // process reap it, so its CPU shows in the test process's rusage), else on `exit` (mocha --exit, a pool worker).
  const stop = () => {
    child.ref();
    child.kill();
  };
  const kill = () => child.kill();
  process.once("beforeExit", stop);
  process.once("exit", kill);
  return new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    let listening = false;
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0].trim();
      if (!listening && out.includes("\n") && /^\d+$/.test(line)) {
        listening = true;
        // From here on the pack must not keep the test process alive: the specs' own RPCs do while they run.
        child.unref();
        (child.stdout as Socket).unref();
        (child.stderr as Socket).unref();
        resolve(`127.0.0.1:${line}`);
      }
    });
    child.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
    child.on("exit", (code, signal) => {
      process.removeListener("beforeExit", stop);
      process.removeListener("exit", kill);
      onExit();
      if (!listening) reject(new Error(`the policy pack (run-policy-pack in ${POLICY_DIR}) exited with ${code ?? signal}: ${err}`));
    });
  });
}

/**
 * What the CLI does with `--policy-pack-config` and the stack's tags: one PolicyConfig per policy (level and
 * properties) through `configure`, then `configureStack` with the tags (empty tags are the pack's initial state).
 */
export async function configurePack(client: AnalyzerClient, config: PolicyPackConfig, stackTags: Record<string, string>): Promise<void> {
  const configure = new pb.ConfigureAnalyzerRequest();
  for (const p of allPolicies) {
    const entry = config[p.name];
    const level: EnforcementLevel = (typeof entry === "string" ? entry : entry?.enforcementLevel) ?? p.enforcementLevel ?? "advisory";
    const properties = typeof entry === "object" ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel")) : {};
    configure.getPolicyconfigMap().set(p.name, new pb.PolicyConfig().setEnforcementlevel(LEVEL[level]).setProperties(struct(properties)));
  }
  await call<Empty>((cb) => client.configure(configure, cb));
  const tagsRequest = new pb.AnalyzerStackConfigureRequest();
  Object.entries(stackTags).forEach(([k, v]) => tagsRequest.getTagsMap().set(k, v));
  await call<pb.AnalyzerStackConfigureResponse>((cb) => client.configureStack(tagsRequest, cb));
}
