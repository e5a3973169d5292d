// A stand-in for the `pulumi` CLI, put first on PATH by the automation tests (see standin.ts). The process the
// Automation API spawns is pulumi-relay.sh (bash, a few ms to start); it connects here, to `serveStandIn` in the
// test process, sends its argv, cwd and selected env, and prints what it is told. This side answers `version`,
// records every invocation (argv, cwd, selected env) to calls.jsonl, and plays the scripted reply for the
// command: stdout/stderr text, engine events over `--event-log` (the CLI's gRPC events stream when the address
// is tcp://, else JSON lines to the file), an optional wait for SIGINT, and an exit code. The script is
// <dir>/script.json:
//   { "version": "v3.270.0", "commands": { "<command key>": { stdout, stdoutShowSecrets, stderr, exitCode, events,
//     waitForSigint, afterSigintEvents, delayMs, stdoutChunks } } }
// Each command's end is recorded too (`{ exit: key }`), so tests can tell whether two commands overlapped.
// Command keys are the leading words of argv: "stack select", "stack init", "preview", "up", "cancel", ...
// A relay that dies (a SIGINT before its handler, a kill) ends its command here too: nothing more is recorded,
// written or sent for it, as nothing more would come from a real process that died.
"use strict";
const fs = require("fs");
const net = require("net");
const path = require("path");

/** Thrown at the next step of a command whose relay process is gone. */
const GONE = Symbol("relay gone");

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

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One relay connection: its request (pid, cwd, selected env, argv), then its NUL-terminated records in and
 * framed output out. `next(tag)` waits for the next record with that tag; `checkpoint()` throws GONE once the
 * relay process has died (its socket closed).
 */
function relayConnection(socket) {
  let buffered = "";
  let gone = false;
  const request = { pid: 0, cwd: "", env: {}, argv: [] };
  let requestDone;
  const requested = new Promise((resolve, reject) => (requestDone = { resolve, reject }));
  let complete = false;
  const waiters = [];
  const sigintListeners = [];
  const onRecord = (record) => {
    const tag = record[0];
    const value = record.slice(1);
    if (!complete) {
      if (tag === "p") request.pid = Number(value);
      else if (tag === "c") request.cwd = value;
      else if (tag === "e") request.env[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
      else if (tag === "a") request.argv.push(value);
      else if (tag === ".") {
        complete = true;
        requestDone.resolve(request);
      }
    } else if (tag === "s") {
      for (const listener of sigintListeners) listener();
    } else {
      const i = waiters.findIndex((w) => w.tag === tag);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(value);
    }
  };
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf("\0")) >= 0) {
      const record = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      onRecord(record);
    }
  });
  const close = () => {
    gone = true;
    requestDone.reject(GONE);
    for (const w of waiters.splice(0)) w.reject(GONE);
  };
  socket.on("close", close);
  socket.on("error", close);
  const checkpoint = () => {
    if (gone) throw GONE;
  };
  return {
    request: () => requested,
    /** The next record tagged `tag` (records nobody waits for are dropped). */
    next(tag) {
      checkpoint();
      return new Promise((resolve, reject) => waiters.push({ tag, resolve, reject }));
    },
    onSigint: (listener) => sigintListeners.push(listener),
    /** Rejects with GONE when the relay process dies (it never resolves). */
    untilGone: () => new Promise((_resolve, reject) => (gone ? reject(GONE) : waiters.push({ tag: undefined, reject }))),
    checkpoint,
    /** Writes one record; resolves once the socket took it, so each is a separate write on the relay's side. */
    send(tag, text = "") {
      checkpoint();
      return new Promise((resolve) => socket.write(`${tag}${text}\0`, () => resolve()));
    },
  };
}

/** Plays the script for one invocation; resolves to the exit code. */
async function play(dir, relay, { pid, argv, cwd, env }, onRecord) {
  const record = (entry) => {
    relay.checkpoint();
    fs.appendFileSync(path.join(dir, "calls.jsonl"), JSON.stringify(entry) + "\n");
    onRecord();
  };
  const script = JSON.parse(fs.readFileSync(path.join(dir, "script.json"), "utf8"));
  record({ argv, cwd, env });
  if (argv[0] === "version") {
    await relay.send("1", (script.version || "v3.270.0") + "\n");
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
      await relay.send("2", `error: an unhandled error occurred: program failed: ${failure}\n`);
      return 255;
    }
  }
  // A command that takes a while (a slow backend, a long update), so a test can act while it runs.
  if (reply.delayMs) await delay(reply.delayMs);
  relay.checkpoint();
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
    // A real update keeps running until interrupted. Every SIGINT is recorded: the real CLI takes a second one
    // as "terminate now", so tests assert exactly one arrives. The relay traps SIGINT (and says so) before
    // anyone is told it is waiting.
    const interrupted = new Promise((resolve) =>
      relay.onSigint(() => {
        record({ signal: "SIGINT" });
        resolve();
      }),
    );
    const trapped = relay.next("T");
    await relay.send("t");
    await trapped;
    await relay.send("1", `waiting for SIGINT pid=${pid}\n`);
    record({ waiting: key });
    await Promise.race([interrupted, relay.untilGone()]);
    // Like the real CLI, finish in-flight work before exiting (and notice a second SIGINT meanwhile).
    await delay(300);
    relay.checkpoint();
    await sendEvents(eventLog, loadEvents(reply.afterSigintEvents));
  }
  // `stack output --show-secrets` prints plaintext secrets; the plain call prints them masked.
  const stdout = argv.includes("--show-secrets") && reply.stdoutShowSecrets !== undefined ? reply.stdoutShowSecrets : reply.stdout;
  if (stdout) await relay.send("1", stdout);
  // Output in separate writes with a pause between, so the reader sees separate chunks (as with a real CLI).
  for (const chunk of reply.stdoutChunks || []) {
    await relay.send("1", chunk);
    await delay(50);
  }
  if (reply.stderr) await relay.send("2", reply.stderr);
  if (key === "stack output" && reply.stdout === undefined) await relay.send("1", "{}\n");
  if (key === "stack history" && reply.stdout === undefined) await relay.send("1", "[]\n");
  record({ exit: key });
  return reply.exitCode || 0;
}

/**
 * Listens for stand-in `pulumi` relays on 127.0.0.1 (an ephemeral port; `unref`'d, so it never keeps the test
 * process alive) and plays the script in `dir` for each; `onRecord` runs after each entry is written to
 * calls.jsonl. Resolves once listening.
 */
async function serveStandIn(dir, onRecord = () => undefined) {
  const server = net.createServer((socket) => {
    const relay = relayConnection(socket);
    (async () => {
      const request = await relay.request();
      let code;
      try {
        code = await play(dir, relay, request, onRecord);
      } catch (err) {
        if (err === GONE) return;
        await relay.send("2", "stand-in failure: " + (err && err.stack ? err.stack : String(err)) + "\n");
        code = 99;
      }
      await relay.send("x", String(code));
      socket.end();
    })().catch((err) => {
      if (err !== GONE) socket.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  server.unref();
  return { port: server.address().port, close: () => server.close() };
}

module.exports = { serveStandIn };
