import * as assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { FakeUpstream, request, runToExit, SERVICE_NAMES, SERVICES_DIR, startService, stopAllServices } from "./harness";

describe("services: lifecycle (signals, bad config)", () => {
  after(stopAllServices);

  for (const name of SERVICE_NAMES) {
    it(`${name}: SIGTERM while idle → "stopped" and exit 0 at once, even with an open keep-alive socket`, async () => {
      const svc = await startService(name, { MOVIE_SERVICE_URL: "http://127.0.0.1:9", SHUTDOWN_TIMEOUT_MS: "20000" });
      const agent = new http.Agent({ keepAlive: true });
      try {
        await request(svc.port, "/health", { agent });
        assert.equal(Object.values(agent.freeSockets).flat().length, 1, "an idle keep-alive socket is open");
        const started = Date.now();
        svc.proc.kill("SIGTERM");
        assert.deepEqual(await svc.exited, { code: 0, signal: null });
        assert.ok(Date.now() - started < 2_000, "idle sockets do not hold shutdown until the timeout");
      } finally {
        agent.destroy();
      }
      assert.deepEqual(
        svc.logs.slice(-2).map((l) => [l.msg, l.signal, l.inFlight]),
        [
          ["shutting down", "SIGTERM", 0],
          ["stopped", undefined, undefined],
        ],
      );
      assert.equal(svc.stderr(), "");
    });
  }

  it("serves, calls east-west and stops cleanly with every filesystem write denied (read-only root FS)", async () => {
    // Node's permission model: reads only inside the service's own directory, no writes anywhere.
    const readOnly = (name: string) => [
      "--experimental-permission",
      `--allow-fs-read=${path.join(SERVICES_DIR, name)}/*`,
      "--disable-warning=ExperimentalWarning",
    ];
    const movies = await startService("movie-service", {}, readOnly("movie-service"));
    const customers = await startService("customer-service", { MOVIE_SERVICE_URL: movies.url }, readOnly("customer-service"));
    const res = await request(customers.port, "/customers/3/recommendations");
    assert.deepEqual(res.body, {
      customerId: "3",
      recommendations: [
        { id: "4", title: "Spirited Away", genres: ["animation", "fantasy"], rating: 8.6 },
        { id: "7", title: "Amélie", genres: ["comedy", "romance"], rating: 8.3 },
      ],
    });
    for (const svc of [customers, movies]) {
      svc.proc.kill("SIGTERM");
      assert.deepEqual(await svc.exited, { code: 0, signal: null });
      assert.equal(svc.stderr(), "");
    }
  });

  describe("SIGTERM with a request in flight", () => {
    let upstream: FakeUpstream;
    beforeEach(() => {
      upstream = new FakeUpstream();
    });
    afterEach(() => upstream.close());

    it("stops accepting, finishes the in-flight request, then exits 0", async () => {
      const customers = await startService("customer-service", { MOVIE_SERVICE_URL: await upstream.listen() });
      const agent = new http.Agent({ keepAlive: true }); // a client that would reuse the socket, like the ALB
      const inFlight = request(customers.port, "/customers/3/recommendations", { agent });
      await upstream.received();

      customers.proc.kill("SIGTERM");
      await customers.waitForLog((l) => l.msg === "shutting down");
      assert.equal(customers.logs.find((l) => l.msg === "shutting down")!.inFlight, 1);
      // Refused, or reset if it raced into the backlog while the listener was closing: either way, not served.
      await assert.rejects(request(customers.port, "/health"), (err: NodeJS.ErrnoException) =>
        ["ECONNREFUSED", "ECONNRESET"].includes(err.code ?? ""),
      );
      assert.equal(customers.proc.exitCode, null, "still running while the request is in flight");

      upstream.answer(200, JSON.stringify({ movies: [{ id: "4", title: "Spirited Away", genres: ["animation"], rating: 8.6 }] }));
      const res = await inFlight;
      agent.destroy();
      assert.equal(res.status, 200);
      assert.equal(res.headers.connection, "close", "tells the keep-alive client not to reuse the draining socket");
      assert.deepEqual(res.body, {
        customerId: "3",
        recommendations: [{ id: "4", title: "Spirited Away", genres: ["animation"], rating: 8.6 }],
      });
      assert.deepEqual(await customers.exited, { code: 0, signal: null });
      assert.equal(customers.logs.at(-1)!.msg, "stopped");
    });

    it("gives up after SHUTDOWN_TIMEOUT_MS and exits 1, before ECS would SIGKILL", async () => {
      const customers = await startService("customer-service", {
        MOVIE_SERVICE_URL: await upstream.listen(),
        MOVIE_SERVICE_TIMEOUT_MS: "60000",
        SHUTDOWN_TIMEOUT_MS: "200",
      });
      const inFlight = request(customers.port, "/customers/3/recommendations").catch((err: Error) => err);
      await upstream.received();
      const started = Date.now();
      customers.proc.kill("SIGTERM");
      assert.deepEqual(await customers.exited, { code: 1, signal: null });
      assert.ok(Date.now() - started < 5_000);
      assert.deepEqual(customers.logs.at(-1), {
        ...customers.logs.at(-1)!,
        level: "error",
        msg: "shutdown timed out; dropping in-flight requests",
        inFlight: 1,
        shutdownTimeoutMs: 200,
      });
      assert.ok((await inFlight) instanceof Error, "the dropped request fails instead of hanging");
    });
  });

  const badConfig: Array<[string, Record<string, string>, string]> = [
    [
      "movie-service",
      { PORT: "http" },
      'PORT must be an integer from 0 to 65535; got "http". Set PORT to a value in that range or unset it to use 8080.',
    ],
    [
      "movie-service",
      { PORT: "70000" },
      'PORT must be an integer from 0 to 65535; got "70000". Set PORT to a value in that range or unset it to use 8080.',
    ],
    [
      "movie-service",
      { SHUTDOWN_TIMEOUT_MS: "-1" },
      'SHUTDOWN_TIMEOUT_MS must be an integer from 0 to 3600000; got "-1". Set SHUTDOWN_TIMEOUT_MS to a value in that range or unset it to use 25000.',
    ],
    [
      "customer-service",
      {},
      "MOVIE_SERVICE_URL must be an absolute http(s) URL; got null. Set it, e.g. MOVIE_SERVICE_URL=http://movie-service.dev.internal:8080.",
    ],
    [
      "customer-service",
      { MOVIE_SERVICE_URL: "movie-service:8080" },
      'MOVIE_SERVICE_URL must be an absolute http(s) URL; got "movie-service:8080". Set it, e.g. MOVIE_SERVICE_URL=http://movie-service.dev.internal:8080.',
    ],
    [
      "customer-service",
      { MOVIE_SERVICE_URL: "http://m:8080", MOVIE_SERVICE_TIMEOUT_MS: "0" },
      'MOVIE_SERVICE_TIMEOUT_MS must be an integer from 1 to 60000; got "0". Set MOVIE_SERVICE_TIMEOUT_MS to a value in that range or unset it to use 2000.',
    ],
  ];
  for (const [name, env, message] of badConfig) {
    it(`${name} ${JSON.stringify(env)} → one JSON error line, exit 1, no stack trace`, async () => {
      const result = await runToExit(name as (typeof SERVICE_NAMES)[number], env);
      assert.deepEqual([result.code, result.signal, result.stderr], [1, null, ""]);
      assert.equal(result.logs.length, 1);
      assert.deepEqual(result.logs[0], { ...result.logs[0], level: "error", service: name, msg: "invalid configuration", error: message });
    });
  }

  it("exits 1 with a JSON error when the port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    try {
      assert.ok(address !== null && typeof address !== "string");
      const result = await runToExit("movie-service", { PORT: String(address.port) });
      assert.deepEqual([result.code, result.stderr], [1, ""]);
      assert.deepEqual(
        result.logs.map((l) => [l.level, l.msg, l.code]),
        [["error", "server error", "EADDRINUSE"]],
      );
    } finally {
      blocker.close();
    }
  });
});
