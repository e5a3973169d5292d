// A stand-in for the `pulumi` CLI, put first on PATH by the automation tests (see standin.ts).
// It answers `version`, records every invocation (argv, cwd, selected env) to calls.jsonl, and plays the
// scripted reply for the command: stdout/stderr text, engine events over `--event-log` (the CLI's gRPC
// events stream when the address is tcp://, else JSON lines to the file), an optional wait for SIGINT, and
// an exit code. The script is <DOCKYARD_STANDIN_DIR>/script.json:
//   { "version": "v3.270.0", "commands": { "<command key>": { stdout, stdoutShowSecrets, stderr, exitCode, events,
//     waitForSigint, afterSigintEvents } } }
// Command keys are the leading words of argv: "stack select", "stack init", "preview", "up", "cancel", ...
"use strict";
const fs = require("fs");
const path = require("path");

const dir = process.env.DOCKYARD_STANDIN_DIR;
const argv = process.argv.slice(2);
const RECORDED_ENV = [
  "PULUMI_AUTOMATION_API",
  "PULUMI_BACKEND_URL",
  "PULUMI_CONFIG_PASSPHRASE",
  "PULUMI_DEBUG_COMMANDS",
  "PULUMI_SKIP_UPDATE_CHECK",
];

function record(entry) {
  fs.appendFileSync(path.join(dir, "calls.jsonl"), JSON.stringify(entry) + "\n");
}

function commandKey(args) {
  const words = [];
  for (const a of args) {
    if (a.startsWith("-")) break;
    words.push(a);
    if (words.length === 2) break;
  }
  // Two-word commands are the `stack …` and `config …` families; everything else is one word.
  return words[0] === "stack" || words[0] === "config" ? words.join(" ") : words[0];
}

function flag(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function sendEvents(address, events) {
  if (!address || !events || events.length === 0) return;
  if (!address.startsWith("tcp://")) {
    for (const e of events) fs.appendFileSync(address, JSON.stringify(e) + "\n");
    return;
  }
  // The CLI's side of pulumirpc.Events/StreamEvents: one EventRequest per event, JSON in `event`.
  const grpc = require("@grpc/grpc-js");
  const { EventsClient } = require("@pulumi/pulumi/proto/events_grpc_pb");
  const { EventRequest } = require("@pulumi/pulumi/proto/events_pb");
  const client = new EventsClient(address.slice("tcp://".length), grpc.credentials.createInsecure());
  await new Promise((resolve, reject) => {
    const call = client.streamEvents((err) => (err ? reject(err) : resolve()));
    for (const e of events) {
      const req = new EventRequest();
      req.setEvent(JSON.stringify(e));
      call.write(req);
    }
    call.end();
  });
  client.close();
}

function loadEvents(spec) {
  if (spec === undefined) return [];
  if (typeof spec === "string") return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", spec), "utf8"));
  return spec;
}

async function main() {
  const script = JSON.parse(fs.readFileSync(path.join(dir, "script.json"), "utf8"));
  const env = {};
  for (const k of RECORDED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k];
  record({ argv, cwd: process.cwd(), env });
  if (argv[0] === "version") {
    process.stdout.write((script.version || "v3.270.0") + "\n");
    return 0;
  }
  const key = commandKey(argv);
  const reply = (script.commands || {})[key] || {};
  const eventLog = flag(argv, "--event-log");
  await sendEvents(eventLog, loadEvents(reply.events));
  if (reply.waitForSigint) {
    // A real update keeps running until interrupted; the timer stands in for its work (without it Node
    // would exit here, as nothing else keeps the event loop alive). Every SIGINT is recorded: the real CLI
    // takes a second one as "terminate now", so tests assert exactly one arrives.
    const busy = setInterval(() => undefined, 1000);
    await new Promise((resolve) => {
      process.on("SIGINT", () => {
        record({ signal: "SIGINT" });
        resolve();
      });
      process.stdout.write(`waiting for SIGINT pid=${process.pid}\n`);
    });
    // Like the real CLI, finish in-flight work before exiting (and notice a second SIGINT meanwhile).
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(busy);
    await sendEvents(eventLog, loadEvents(reply.afterSigintEvents));
  }
  // `stack output --show-secrets` prints plaintext secrets; the plain call prints them masked.
  const stdout = argv.includes("--show-secrets") && reply.stdoutShowSecrets !== undefined ? reply.stdoutShowSecrets : reply.stdout;
  if (stdout) process.stdout.write(stdout);
  if (reply.stderr) process.stderr.write(reply.stderr);
  if (key === "stack output" && reply.stdout === undefined) process.stdout.write("{}\n");
  if (key === "stack history" && reply.stdout === undefined) process.stdout.write("[]\n");
  return reply.exitCode || 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write("stand-in failure: " + (err && err.stack ? err.stack : String(err)) + "\n");
    process.exit(99);
  },
);
