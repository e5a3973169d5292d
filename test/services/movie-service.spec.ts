import * as assert from "node:assert/strict";
import { request, RunningService, startService, stopAllServices } from "./harness";

const INCEPTION = { id: "5", title: "Inception", year: 2010, genres: ["action", "sci-fi"], rating: 8.8 };

describe("services/movie-service (real process on loopback)", () => {
  let movies: RunningService;

  before(async () => {
    movies = await startService("movie-service");
  });
  after(stopAllServices);

  it("logs the bound port when started with PORT=0", () => {
    assert.ok(movies.port > 0 && movies.port < 65536);
    assert.deepEqual(movies.logs[0], { ...movies.logs[0], level: "info", service: "movie-service", msg: "listening", port: movies.port });
  });

  it("GET /health → 200 {status: ok} as JSON", async () => {
    const res = await request(movies.port, "/health");
    assert.equal(res.status, 200);
    assert.equal(res.raw, '{"status":"ok"}');
    assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
  });

  it("GET /movies lists the catalogue in id order", async () => {
    const res = await request(movies.port, "/movies");
    assert.equal(res.status, 200);
    const body = res.body as { movies: Array<{ id: string }> };
    assert.deepEqual(
      body.movies.map((m) => m.id),
      ["1", "2", "3", "4", "5", "6", "7", "8"],
    );
    assert.deepEqual(body.movies[4], INCEPTION);
  });

  it("GET /movies/:id returns one movie; the query string is ignored", async () => {
    const res = await request(movies.port, "/movies/5?utm=x");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, INCEPTION);
  });

  const notFound: Array<[string, number, unknown]> = [
    ["/movies/99", 404, { error: "movie not found", id: "99" }],
    ["/movies/%20", 404, { error: "movie not found", id: " " }],
    ["/movies/5/extra", 404, { error: "not found", path: "/movies/5/extra" }],
    ["/movies/", 404, { error: "not found", path: "/movies/" }],
    ["/", 404, { error: "not found", path: "/" }],
    ["//evil.example/movies", 404, { error: "not found", path: "//evil.example/movies" }],
    ["/customers", 404, { error: "not found", path: "/customers" }],
    ["/movies/%E0%A4%A", 400, { error: "malformed percent-encoding in path", segment: "%E0%A4%A" }],
  ];
  for (const [urlPath, status, body] of notFound) {
    it(`GET ${urlPath} → ${status} JSON error`, async () => {
      const res = await request(movies.port, urlPath);
      assert.equal(res.status, status);
      assert.deepEqual(res.body, body);
      assert.equal(res.headers["content-type"], "application/json; charset=utf-8");
    });
  }

  it("POST /movies → 405 with Allow: GET, HEAD", async () => {
    const res = await request(movies.port, "/movies", { method: "POST" });
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, "GET, HEAD");
    assert.deepEqual(res.body, { error: "method not allowed", method: "POST", allowed: ["GET", "HEAD"] });
  });

  it("HEAD /health → 200 with headers and no body", async () => {
    const res = await request(movies.port, "/health", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.equal(res.raw, "");
    assert.equal(res.headers["content-length"], String('{"status":"ok"}'.length));
  });

  it("keeps idle keep-alive sockets open longer than the ALB's 60 s idle timeout", async () => {
    const res = await request(movies.port, "/health", { headers: { connection: "keep-alive" } });
    assert.equal(res.headers["keep-alive"], "timeout=65");
  });

  it("writes one JSON access-log line per request (not for /health), echoing a valid x-request-id", async () => {
    const res = await request(movies.port, "/movies/1", { headers: { "x-request-id": "req-movie-1" } });
    assert.equal(res.headers["x-request-id"], "req-movie-1");
    const line = await movies.waitForLog((l) => l.requestId === "req-movie-1");
    assert.equal(typeof line.durationMs, "number");
    assert.deepEqual(
      { ...line, time: "-", durationMs: 0 },
      {
        time: "-",
        level: "info",
        service: "movie-service",
        msg: "request",
        method: "GET",
        path: "/movies/1",
        status: 200,
        durationMs: 0,
        requestId: "req-movie-1",
      },
    );
    assert.deepEqual(
      movies.logs.filter((l) => l.path === "/health"),
      [],
    );
    assert.deepEqual(
      movies.logs.filter((l) => l.level === "NOT_JSON"),
      [],
    );
  });

  it("replaces an x-request-id that does not look like one with a fresh UUID", async () => {
    const res = await request(movies.port, "/movies/1", { headers: { "x-request-id": 'a b"c' } });
    assert.match(String(res.headers["x-request-id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
