// The V8 flags dockyard's bins run with, and the relaunch that applies them (V8 reads heap sizes only at start).
//
// A program under the offline gate keeps most of what it allocates until the run ends (every resource's Outputs
// and their promises), so with V8's default young generation (16 MB semi-spaces) each scavenge copies mostly
// survivors: ~120 scavenges at 100 services. 64 MB semi-spaces take ~44 (`npm run bench` prints the effect; the
// bench runs its gate and SDK children with the same flags). Memory grows by at most the larger young generation.
//
// TIERING_FLAGS: V8 optimizes hot functions early and inlines deeply, and its four background threads compile for
// much of a short run: TypeScript's checker under `npm run check` spent ~10 s of a ~20 s run there. Optimizing
// later and inlining less costs less than it saves in a run that ends in seconds: the gate at 100 services
// ~5.3 -> ~4.4 s of CPU (the SDK's bare registration ~3.9 -> ~3.4 s), `npm run check` ~35 -> ~30 s, the same wall
// time or less (measured side by side; README, Speed). `npm run check` uses them too, and the mocha workers
// (.mocharc.json) all of NODE_FLAGS: their program runs are the gate's (~5 s less CPU for the suite with the larger
// young generation). test/smoke/node-flags.spec.ts holds package.json's scripts and .mocharc.json to these lists.
"use strict";
const { spawn } = require("child_process");

const TIERING_FLAGS = ["--interrupt-budget=300000", "--max-inlined-bytecode-size-cumulative=230"];
const NODE_FLAGS = ["--max-semi-space-size=64", ...TIERING_FLAGS];

/** The flags this process lacks (each is matched by its name, on the command line or in NODE_OPTIONS, so a user's own value wins). */
function missingFlags(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? "") {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].map((arg) => arg.split("=")[0]);
  return NODE_FLAGS.filter((flag) => !given.includes(flag.split("=")[0]));
}

/**
 * Relaunches `script` with the flags when this process lacks them, forwarding stdio, signals and the exit status;
 * returns false when the process already has them (or DOCKYARD_NODE_FLAGS=off), so the caller runs the bin itself.
 */
function relaunchWithFlags(script) {
  const missing = missingFlags();
  if (missing.length === 0 || process.env.DOCKYARD_NODE_FLAGS === "off") return false;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, script, ...process.argv.slice(2)], { stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward);
  child.on("error", (err) => {
    process.stderr.write(`error: could not start ${process.execPath} for ${script}: ${err.message}\n`);
    process.exitCode = 2;
  });
  child.on("exit", (code, signal) => {
    // A child ended by a signal ends this process the same way (exit status 128 + the signal's number).
    if (signal) {
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.off(s, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 2;
  });
  return true;
}

module.exports = { NODE_FLAGS, TIERING_FLAGS, missingFlags, relaunchWithFlags };
