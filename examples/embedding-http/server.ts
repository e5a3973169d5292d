/**
 * Embedding example: a small HTTP service (an internal portal's backend, a chat bot's webhook) that runs
 * dockyard previews and deployments through the library.
 *
 *   POST /stacks/:stack/preview   → 200 { result }            (policy gate attached)
 *   POST /stacks/:stack/up        → 200 { result }            (body: { "message"?: string })
 *   GET  /healthz                 → 200 { ok: true }
 *
 * Failures map to statuses by their typed code (see STATUS_BY_CODE); the body is `{ error: { code, message,
 * ...details } }`. Responses and logs carry no secrets: the library masks secret outputs and redacts CLI
 * text; the access log records method, path, status and duration only. If the client disconnects, the
 * operation is cancelled (and the stack lock released) through the library's AbortSignal. A second
 * update of a stack while one runs gets 409 (the backend's lock); with `program: "inline"` the library
 * runs operations one at a time in this process (the Pulumi runtime's state is global): later ones wait.
 *
 * Every route but /healthz needs `Authorization: Bearer <DOCKYARD_API_TOKEN>` (401 otherwise); only an explicit
 * `DOCKYARD_API_AUTH=disabled` (behind a proxy that authenticates) turns that off. It listens on 127.0.0.1
 * unless HOST says otherwise: a deploy API is not for every interface by accident. Keep `allowedStacks` short.
 * Run: `DOCKYARD_API_TOKEN=… npx ts-node --transpile-only examples/embedding-http/server.ts`
 * (HOST, PORT, DOCKYARD_ALLOWED_STACKS, DOCKYARD_API_TOKEN, DOCKYARD_API_AUTH).
 */
import { createHash, timingSafeEqual } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import * as pulumi from "@pulumi/pulumi";
import { DeployError, PolicyViolationError, UpdateFailedError, type DeployErrorCode } from "../../automation/errors";
import { validateStackName } from "../../automation/options";
import * as library from "../../automation/run";
import type { DeployOptions, OperationResult } from "../../automation/run";

/** The library operations the service uses (injectable for tests). */
export type PreviewAndUp = Pick<typeof library, "preview" | "up">;

/** Options of `createDeployServer`. */
export interface DeployServerOptions {
  /**
   * The bearer token clients must send (`Authorization: Bearer <token>`) on every route but /healthz, or
   * `false` to serve without authentication (only behind a proxy that authenticates).
   * @default - none: `createDeployServer` refuses to create an unauthenticated server unless told `false`
   */
  apiToken?: string | false;
  /**
   * Stacks this service may touch; others get 403.
   * @default ["dev"]
   */
  allowedStacks?: readonly string[];
  /** @default the library in `automation/run.ts` */
  library?: PreviewAndUp;
  /** Access-log sink. @default - one line per request to stdout */
  log?: (line: string) => void;
  /** Extra options for every run (e.g. `workDir`, `program: "inline"`, `envVars`). @default - none */
  runOptions?: Omit<DeployOptions, "stack" | "signal" | "message">;
}

/** HTTP status per failure kind. */
export const STATUS_BY_CODE: Readonly<Record<DeployErrorCode, number>> = {
  "invalid-input": 400,
  "protected-stack": 403,
  "confirmation-required": 403,
  declined: 403,
  "stack-not-found": 404,
  "concurrent-update": 409,
  "policy-violation": 422,
  cancelled: 499,
  "update-failed": 502,
  // The update ran but ECS did not ship the release (failed, rolled back, timed out): as update-failed.
  "deployment-failed": 502,
  "deployment-rolled-back": 502,
  "deployment-timed-out": 502,
  "cli-missing": 503,
  "cli-version": 503,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Operation = "preview" | "up";
const ROUTE = /^\/stacks\/([^/]+)\/(preview|up)$/;
const MAX_BODY_BYTES = 16 * 1024;

/** Creates the server (not listening yet). */
export function createDeployServer(options: DeployServerOptions = {}): http.Server {
  if (options.apiToken === undefined || options.apiToken === "") {
    throw new Error("createDeployServer: `apiToken` is required (a deploy API without authentication runs anyone's deploys); pass the token, or `apiToken: false` behind a proxy that authenticates.");
  }
  const token = options.apiToken;
  const allowed = new Set(options.allowedStacks ?? ["dev"]);
  const lib = options.library ?? library;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  return http.createServer((req, res) => {
    const started = Date.now();
    const path = (req.url ?? "/").split("?")[0];
    res.on("finish", () => log(`${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
    handle(req, res, path).catch((err: unknown) => sendError(res, err));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
    if (path === "/healthz" && req.method === "GET") return send(res, 200, { ok: true });
    if (token !== false && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader("www-authenticate", 'Bearer realm="dockyard"');
      throw new HttpError(401, "unauthorized", "Send `Authorization: Bearer <token>` (the server's DOCKYARD_API_TOKEN).");
    }
    const match = ROUTE.exec(path);
    if (!match) throw new HttpError(404, "not-found", `No route for ${path}. Use POST /stacks/<stack>/preview or /up.`);
    if (req.method !== "POST") throw new HttpError(405, "method-not-allowed", `Use POST for ${path}.`);
    const stack = decodeURIComponent(match[1]);
    const operation: Operation = match[2] === "up" ? "up" : "preview";
    validateStackName(stack);
    if (!allowed.has(stack)) {
      throw new HttpError(403, "stack-not-allowed", `Stack "${stack}" is not served here; allowed: ${[...allowed].join(", ")}.`);
    }
    const body = parseBody(await readBody(req));
    // A client that goes away cancels its operation: SIGINT to the CLI, then the lock is released.
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableEnded) abort.abort();
    });
    const result: OperationResult = await lib[operation]({
      ...options.runOptions,
      stack,
      signal: abort.signal,
      ...(body.message !== undefined ? { message: body.message } : {}),
    });
    send(res, 200, { result });
  }
}

/** Constant-time comparison of the presented bearer token (hashed first, so lengths never leak). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? "")?.[1];
  if (presented === undefined) return false;
  const digest = (v: string) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, "body-too-large", `Request body over ${MAX_BODY_BYTES} bytes.`));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The only accepted body: empty, or `{ "message"?: string }`. */
function parseBody(text: string): { message?: string } {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid-input", 'Request body is not JSON. Send {} or {"message": "<text>"}.');
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid-input", 'Request body must be a JSON object: {} or {"message": "<text>"}.');
  }
  const extra = Object.keys(value).filter((k) => k !== "message");
  const message: unknown = Object.entries(value).find(([k]) => k === "message")?.[1];
  if (extra.length > 0 || (message !== undefined && typeof message !== "string")) {
    throw new HttpError(400, "invalid-input", `Request body allows only "message" (a string); got ${JSON.stringify(Object.keys(value))}.`);
  }
  return message === undefined ? {} : { message };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Typed failures keep their message and details; anything unexpected is a 500 without internals. */
function sendError(res: http.ServerResponse, err: unknown): void {
  if (err instanceof HttpError) return send(res, err.status, { error: { code: err.code, message: err.message } });
  if (err instanceof DeployError) {
    const details: Record<string, unknown> = {};
    if (err instanceof PolicyViolationError) details.violations = err.violations;
    if (err instanceof UpdateFailedError) details.failedResources = err.failedResources;
    return send(res, STATUS_BY_CODE[err.code], { error: { code: err.code, message: err.message, ...details } });
  }
  // The program's own config errors (contract 2) are the caller's to fix.
  if (pulumi.RunError.isInstance(err)) return send(res, 400, { error: { code: "invalid-config", message: err.message } });
  send(res, 500, { error: { code: "internal", message: "Internal error; see the service's own diagnostics." } });
}

/** Where and how the service listens, from its environment. */
export interface ListenSettings {
  host: string;
  port: number;
  allowedStacks: string[];
  apiToken: string | false;
}

/**
 * Reads HOST (default 127.0.0.1), PORT (default 8080), DOCKYARD_ALLOWED_STACKS (default dev),
 * DOCKYARD_API_TOKEN and DOCKYARD_API_AUTH. Throws when there is no token and auth is not explicitly disabled.
 */
export function listenSettings(env: NodeJS.ProcessEnv): ListenSettings {
  const token = env.DOCKYARD_API_TOKEN ?? "";
  const disabled = env.DOCKYARD_API_AUTH === "disabled";
  if (token === "" && !disabled) {
    throw new Error("DOCKYARD_API_TOKEN is not set; allowed: a token clients send as `Authorization: Bearer <token>`. Fix: set DOCKYARD_API_TOKEN (e.g. `openssl rand -hex 32`), or DOCKYARD_API_AUTH=disabled behind a proxy that authenticates.");
  }
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is ${JSON.stringify(env.PORT)}; allowed: an integer from 0 to 65535. Fix: set PORT=8080`);
  return {
    host: env.HOST ?? "127.0.0.1",
    port,
    allowedStacks: (env.DOCKYARD_ALLOWED_STACKS ?? "dev").split(",").map((s) => s.trim()),
    apiToken: disabled ? false : token,
  };
}

/** Starts the service as configured by `env`; resolves once it listens. */
export function startFromEnv(env: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<http.Server> {
  const settings = listenSettings(env);
  const server = createDeployServer({ allowedStacks: settings.allowedStacks, apiToken: settings.apiToken, ...(log ? { log } : {}) });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      (log ?? ((line: string) => process.stdout.write(`${line}\n`)))(`dockyard deploy service on ${settings.host}:${(server.address() as AddressInfo).port} (stacks: ${settings.allowedStacks.join(", ")}; auth: ${settings.apiToken === false ? "disabled" : "bearer token"})`);
      resolve(server);
    });
  });
}

if (require.main === module) {
  startFromEnv(process.env).catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
