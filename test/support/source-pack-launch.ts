/**
 * Starts the repository's pack (`policy/`) exactly as `pulumi preview --policy-pack policy` does: Pulumi's
 * `run-policy-pack <engine> <pack dir>` in the pack directory, which registers ts-node with type-checking and the
 * pack's tsconfig, requires the directory and serves the real `PolicyPack` over gRPC. Light on imports: the global
 * fixture (./source-pack-fixture.ts) loads it in every mocha worker.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import * as path from "node:path";

export const POLICY_DIR = path.resolve(__dirname, "../../policy");

/** A started pack: its address once it listens, and how to stop it (resolves when it has exited and been reaped). */
export interface ServedPack {
  address: Promise<string>;
  /** Resolves when the process has exited (after `stop`, or on its own), with its exit code or signal. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export function launchSourcePack(): ServedPack {
  const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
  const child: ChildProcess = spawn(process.execPath, [launcher, "127.0.0.1:1", "."], {
    cwd: POLICY_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(String(code ?? signal))));
  const address = new Promise<string>((resolve, reject) => {
    let out = "";
    let listening = false;
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0].trim();
      if (!listening && out.includes("\n") && /^\d+$/.test(line)) {
        listening = true;
        // From here on the pack must not keep its parent alive: the RPCs that use it do while they run.
        child.unref();
        (child.stdout as Socket).unref();
        (child.stderr as Socket).unref();
        resolve(`127.0.0.1:${line}`);
      }
    });
    void exited.then((status) => {
      if (!listening) reject(new Error(`the policy pack (run-policy-pack in ${POLICY_DIR}) exited with ${status}: ${err}`));
    });
  });
  address.catch(() => undefined); // the caller sees the rejection where it awaits the address
  return {
    address,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // waited for, so the parent reaps it (its CPU shows in the parent's rusage)
        child.kill();
      }
      await exited;
    },
  };
}
