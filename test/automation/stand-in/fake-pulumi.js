// A stand-in for the `pulumi` CLI, put first on PATH by the automation tests (see standin.ts).
// It answers `version`, records every invocation (argv, cwd, selected env) to calls.jsonl, and plays the
// scripted reply for the command: stdout/stderr text, engine events over `--event-log` (the CLI's gRPC
// events stream when the address is tcp://, else JSON lines to the file), an optional wait for SIGINT, and
// an exit code. The script is <DOCKYARD_STANDIN_DIR>/script.json:
//   { "version": "v3.270.0", "commands": { "<command key>": { stdout, stdoutShowSecrets, stderr, exitCode, events,
//     waitForSigint, afterSigintEvents, delayMs, stdoutChunks } } }
// Each command's end is recorded too (`{ exit: key }`), so tests can tell whether two commands overlapped.
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

/** Calls LanguageRuntime.Run on the in-process host; resolves to its error message, or "" on success. */
async function runInlineProgram(address, spec) {
  const grpc = require("@grpc/grpc-js");
  const { LanguageRuntimeClient } = require("@pulumi/pulumi/proto/language_grpc_pb");
  const { RunRequest } = require("@pulumi/pulumi/proto/language_pb");
  const monitor = await serveMonitor(grpc);
  const client = new LanguageRuntimeClient(address, grpc.credentials.createInsecure());
  const req = new RunRequest();
  req.setProject(spec.project || "dockyard");
  req.setStack(spec.stack || "dev");
  req.setDryrun(true);
  req.setMonitorAddress(monitor.address);
  for (const [k, v] of Object.entries(spec.config || {})) req.getConfigMap().set(k, v);
  const message = await new Promise((resolve) =>
    client.run(req, (err, resp) => resolve(err ? err.details || err.message : resp.getError())),
  );
  client.close();
  monitor.server.forceShutdown();
  return message;
}

/**
 * The least of a resource monitor: enough for the SDK to register the root stack resource (every feature
 * reported unsupported), so the program itself gets to run. Anything else is refused.
 */
async function serveMonitor(grpc) {
  const { ResourceMonitorService } = require("@pulumi/pulumi/proto/resource_grpc_pb");
  const pb = require("@pulumi/pulumi/proto/resource_pb");
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
  const server = new grpc.Server();
  const refuse = (_call, cb) => cb({ code: grpc.status.UNIMPLEMENTED, details: "the stand-in monitor only registers resources" });
  const handlers = {};
  for (const name of Object.keys(ResourceMonitorService)) handlers[name] = refuse;
  handlers.supportsFeature = (_call, cb) => cb(null, new pb.SupportsFeatureResponse().setHassupport(false));
  handlers.registerResource = (call, cb) =>
    cb(null, new pb.RegisterResourceResponse().setUrn(`urn:pulumi:dev::dockyard::${call.request.getType()}::${call.request.getName()}`));
  handlers.registerResourceOutputs = (_call, cb) => cb(null, new Empty());
  server.addService(ResourceMonitorService, handlers);
  const port = await new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${port}` };
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
  // Like the engine with an inline program: ask the language host at --client to run it. No resource monitor
  // is served, so a program that gets as far as registering resources fails; one that throws first (bad
  // config) fails with its own error, which the engine reports and exits on.
  const client = argv.find((a) => a.startsWith("--client="));
  if (reply.runInlineProgram && client) {
    const failure = await runInlineProgram(client.slice("--client=".length), reply.runInlineProgram);
    if (failure) {
      record({ exit: key });
      process.stderr.write(`error: an unhandled error occurred: program failed: ${failure}\n`);
      return 255;
    }
  }
  // A command that takes a while (a slow backend, a long update), so a test can act while it runs.
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  // Like the engine, a preview that succeeds ends with a summary event (without one the SDK warns on stderr).
  const events = loadEvents(reply.events);
  const previewing = key === "preview" || argv.includes("--preview-only");
  if (previewing && !reply.exitCode && !events.some((e) => e.summaryEvent)) {
    events.push({
      sequence: events.length,
      timestamp: 0,
      summaryEvent: { maybeCorrupt: false, durationSeconds: 0, resourceChanges: {}, policyPacks: {} },
    });
  }
  await sendEvents(eventLog, events);
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
      record({ waiting: key });
    });
    // Like the real CLI, finish in-flight work before exiting (and notice a second SIGINT meanwhile).
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(busy);
    await sendEvents(eventLog, loadEvents(reply.afterSigintEvents));
  }
  // `stack output --show-secrets` prints plaintext secrets; the plain call prints them masked.
  const stdout = argv.includes("--show-secrets") && reply.stdoutShowSecrets !== undefined ? reply.stdoutShowSecrets : reply.stdout;
  if (stdout) process.stdout.write(stdout);
  // Output in separate writes with a pause between, so the reader sees separate chunks (as with a real CLI).
  for (const chunk of reply.stdoutChunks || []) {
    await new Promise((resolve) => process.stdout.write(chunk, resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (reply.stderr) process.stderr.write(reply.stderr);
  if (key === "stack output" && reply.stdout === undefined) process.stdout.write("{}\n");
  if (key === "stack history" && reply.stdout === undefined) process.stdout.write("[]\n");
  record({ exit: key });
  return reply.exitCode || 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write("stand-in failure: " + (err && err.stack ? err.stack : String(err)) + "\n");
    process.exit(99);
  },
);
