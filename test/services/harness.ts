// Runs the example services as real child processes on loopback ports and talks HTTP to them. Every child is
// tracked so `stopAllServices()` (called from each spec's `after` hook) can SIGKILL anything a failed test left.
import { ChildProcess, spawn } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import * as readline from "node:readline";

export const SERVICES_DIR = path.resolve(__dirname, "../../services");
export const SERVICE_NAMES = ["movie-service", "customer-service"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One parsed JSON line from a service's stdout. */
export type LogLine = Record<string, unknown> & { level: string; msg: string; service: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningService {
  name: ServiceName;
  port: number;
  url: string;
  proc: ChildProcess;
  logs: LogLine[];
  stderr: () => string;
  exited: Promise<Exit>;
  /** Resolves with the first log line (past or future) matching `pred`; rejects after `timeoutMs`. */
  waitForLog: (pred: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
}

const children = new Set<ChildProcess>();
const STARTUP_TIMEOUT_MS = 10_000;

/** Spawns `node [nodeArgs] server.js` for a service with a minimal env (loopback, ephemeral port unless overridden). */
export function spawnService(
  name: ServiceName,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Omit<RunningService, "port" | "url"> {
  const proc = spawn(process.execPath, [...nodeArgs, "server.js"], {
    cwd: path.join(SERVICES_DIR, name),
    env: { PATH: process.env.PATH ?? "", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  const logs: LogLine[] = [];
  const waiters: Array<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  let stderr = "";
  proc.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const stdoutClosed = new Promise<void>((resolve) => {
    readline
      .createInterface({ input: proc.stdout! })
      .on("line", (text) => {
        const line = parseLogLine(name, text);
        logs.push(line);
        for (const w of waiters.filter((x) => x.pred(line))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      })
      .on("close", resolve);
  });
  // Resolve only after stdout is drained, so the final log lines are in `logs` when a test awaits `exited`.
  const exited = new Promise<Exit>((resolve) => {
    proc.on("exit", (code, signal) => {
      children.delete(proc);
      void stdoutClosed.then(() => resolve({ code, signal }));
    });
  });
  const waitForLog = (pred: (l: LogLine) => boolean, timeoutMs = 5_000): Promise<LogLine> => {
    const seen = logs.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`${name}: no matching log line within ${timeoutMs} ms; ` + `logs: ${JSON.stringify(logs)}; stderr: ${stderr}`)),
        timeoutMs,
      );
      waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  };
  return { name, proc, logs, stderr: () => stderr, exited, waitForLog };
}

/** Starts a service and waits for its `listening` log line, which carries the bound port. */
export async function startService(name: ServiceName, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningService> {
  const svc = spawnService(name, env, nodeArgs);
  const listening = await Promise.race([
    svc.waitForLog((l) => l.msg === "listening", STARTUP_TIMEOUT_MS),
    svc.exited.then((e) => {
      throw new Error(
        `${name} exited before listening (${JSON.stringify(e)}); logs: ${JSON.stringify(svc.logs)}; ` + `stderr: ${svc.stderr()}`,
      );
    }),
  ]);
  const port = listening.port;
  if (typeof port !== "number") throw new Error(`${name}: listening line has no port: ${JSON.stringify(listening)}`);
  return { ...svc, port, url: `http://127.0.0.1:${port}` };
}

/** Runs a service that is expected to exit on its own (bad config); kills it if it is still up after 10 s. */
export async function runToExit(name: ServiceName, env: Record<string, string>): Promise<Exit & { logs: LogLine[]; stderr: string }> {
  const svc = spawnService(name, env);
  const timer = setTimeout(() => svc.proc.kill("SIGKILL"), STARTUP_TIMEOUT_MS);
  const exit = await svc.exited;
  clearTimeout(timer);
  return { ...exit, logs: svc.logs, stderr: svc.stderr() };
}

/** SIGKILLs every child still running; for `after` hooks. */
export async function stopAllServices(): Promise<void> {
  await Promise.all(
    [...children].map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once("exit", () => resolve());
          proc.kill("SIGKILL");
        }),
    ),
  );
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  raw: string;
}

/** One HTTP request, on a fresh loopback connection unless a keep-alive `agent` is given. */
export function request(
  port: number,
  urlPath: string,
  opts: { method?: string; headers?: Record<string, string>; agent?: http.Agent } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        method: opts.method ?? "GET",
        headers: opts.headers,
        agent: opts.agent ?? false,
        timeout: 10_000,
      },
      (res) => {
        let raw = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          raw += chunk;
        });
        res.on("end", () => {
          let body: unknown = undefined;
          if (raw !== "") body = JSON.parse(raw);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, raw });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`request to ${urlPath} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** A loopback port that nothing listens on (bound, read, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * A fake movie-service under the test's control: records each request and lets the test decide when and how to
 * answer, to drive the timeout, bad-upstream and in-flight-during-shutdown paths.
 */
export class FakeUpstream {
  readonly requests: http.IncomingMessage[] = [];
  private readonly pending: http.ServerResponse[] = [];
  private readonly arrivals: Array<() => void> = [];
  private readonly server = http.createServer((req, res) => {
    this.requests.push(req);
    this.pending.push(res);
    this.arrivals.splice(0).forEach((notify) => notify());
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    return `http://127.0.0.1:${address.port}`;
  }

  /** Resolves once at least `count` requests have arrived. */
  async received(count = 1): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.arrivals.push(resolve));
  }

  /** Answers the newest unanswered request (older ones, e.g. from a timeout test, stay hanging). */
  answer(status: number, body: string): void {
    const res = this.pending.pop();
    if (!res) throw new Error("no pending request");
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Stdout must be JSON lines (awslogs); anything else is kept as a `level: "NOT_JSON"` line for tests to reject. */
function parseLogLine(service: ServiceName, text: string): LogLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isLogLine(parsed)) return parsed;
  return { level: "NOT_JSON", msg: text, service };
}

function isLogLine(value: unknown): value is LogLine {
  if (typeof value !== "object" || value === null) return false;
  const { level, msg, service, time } = value as Record<string, unknown>;
  return (
    typeof level === "string" &&
    typeof msg === "string" &&
    typeof service === "string" &&
    typeof time === "string" &&
    !Number.isNaN(Date.parse(time))
  );
}
