"use strict";
// HTTP plumbing shared by the example services: config parsing, JSON responses, access logs and graceful
// shutdown. Each service directory is its own Docker build context (no build step, no dependencies), so this
// file is copied byte-for-byte into every service; test/services/dockerfile.spec.ts fails if the copies drift.

const http = require("node:http");
const { randomUUID } = require("node:crypto");

/** Node's keep-alive must outlive the ALB idle timeout (60 s), or the ALB reuses a closed socket and answers 502. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Must stay below the ECS container stopTimeout (30 s by default) so we exit before SIGKILL. */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

/** Thrown for bad environment variables; `start()` prints it as one JSON line and exits 1, no stack trace. */
class ConfigError extends Error {}

/** Writes one JSON log line to stdout (the awslogs driver ships each line as one CloudWatch event). */
function log(service, level, msg, fields = {}) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...fields }) + "\n");
}

/** Reads an integer environment variable in [min, max], or returns `fallback` when it is unset or empty. */
function intFromEnv(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}. ` +
      `Set ${name} to a value in that range or unset it to use ${fallback}.`);
  }
  return Number(raw);
}

/** Reads a required absolute http(s) URL from the environment. */
function urlFromEnv(env, name, example) {
  const raw = env[name];
  let url;
  try {
    url = new URL(raw ?? "");
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConfigError(`${name} must be an absolute http(s) URL; got ${JSON.stringify(raw ?? null)}. ` +
      `Set it, e.g. ${name}=${example}.`);
  }
  return url;
}

/** An error that maps to a JSON error response with the given status. */
class HttpError extends Error {
  constructor(status, message, details = {}) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

/**
 * Starts the server: `routes` is a list of `{ pattern: RegExp, handler(ctx, ...captures) }` matched against the
 * path; handlers return `{ status?, body }` or throw `HttpError`. Only GET and HEAD are served.
 */
function start({ service, routes, env = process.env }) {
  let port, host, shutdownTimeoutMs;
  try {
    port = intFromEnv(env, "PORT", 8080, 0, 65535);
    shutdownTimeoutMs = intFromEnv(env, "SHUTDOWN_TIMEOUT_MS", DEFAULT_SHUTDOWN_TIMEOUT_MS, 0, 3_600_000);
    host = env.HOST || undefined; // unset: Node listens on all interfaces (IPv6 and IPv4 when available)
  } catch (err) {
    return failConfig(service, err);
  }

  let shuttingDown = false;
  let inFlight = 0;

  const server = http.createServer((req, res) => {
    const startedAt = process.hrtime.bigint();
    const requestId = acceptedRequestId(req.headers["x-request-id"]) ?? randomUUID();
    const path = (req.url ?? "/").split("?")[0]; // not `new URL()`: it would read "//x/y" as host "x"
    inFlight += 1;
    res.on("close", () => {
      inFlight -= 1;
      // ALB health checks every few seconds would drown the log; only real traffic is access-logged.
      if (path !== "/health") {
        const durationMs = Number((process.hrtime.bigint() - startedAt) / 1_000_000n);
        log(service, "info", "request", { method: req.method, path, status: res.statusCode, durationMs, requestId });
      }
    });
    handle({ req, path, requestId, routes }).then(
      (result) => send(res, result.status ?? 200, result.body, req.method, requestId, shuttingDown),
      (err) => {
        if (!(err instanceof HttpError)) log(service, "error", "unhandled error", { path, requestId, error: String(err) });
        const status = err instanceof HttpError ? err.status : 500;
        const body = err instanceof HttpError ? { error: err.message, ...err.details } : { error: "internal error" };
        if (status === 405) res.setHeader("allow", "GET, HEAD");
        send(res, status, body, req.method, requestId, shuttingDown);
      },
    );
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  server.on("error", (err) => {
    log(service, "error", "server error", { error: err.message, code: err.code });
    process.exit(1);
  });
  server.listen(port, host, () => {
    log(service, "info", "listening", { port: server.address().port });
  });

  // ECS sends SIGTERM (after draining the task from the ALB and Cloud Map), then SIGKILL after stopTimeout.
  const shutdown = (signal) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(service, "info", "shutting down", { signal, inFlight });
    server.close(() => {
      log(service, "info", "stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      log(service, "error", "shutdown timed out; dropping in-flight requests", { inFlight, shutdownTimeoutMs });
      server.closeAllConnections();
      process.exit(1);
    }, shutdownTimeoutMs).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return server;
}

async function handle({ req, path, requestId, routes }) {
  for (const { pattern, handler } of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new HttpError(405, "method not allowed", { method: req.method, allowed: ["GET", "HEAD"] });
    }
    return handler({ requestId }, ...match.slice(1).map(decodeSegment));
  }
  throw new HttpError(404, "not found", { path });
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "malformed percent-encoding in path", { segment });
  }
}

function send(res, status, body, method, requestId, closing) {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.setHeader("cache-control", "no-store");
  res.setHeader("x-request-id", requestId);
  // While draining, tell keep-alive clients not to reuse this socket so server.close() can finish.
  if (closing) res.setHeader("connection", "close");
  res.end(method === "HEAD" ? undefined : payload);
}

/** Propagates a caller's request id only when it looks like one, so clients cannot stuff the access log. */
function acceptedRequestId(value) {
  const id = Array.isArray(value) ? value[0] : value;
  return typeof id === "string" && /^[\w.:-]{1,128}$/.test(id) ? id : undefined;
}

function failConfig(service, err) {
  if (!(err instanceof ConfigError)) throw err;
  log(service, "error", "invalid configuration", { error: err.message });
  process.exitCode = 1;
  return undefined;
}

module.exports = { start, log, HttpError, ConfigError, intFromEnv, urlFromEnv, failConfig };
