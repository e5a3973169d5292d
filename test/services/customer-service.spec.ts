import * as assert from "node:assert/strict";
import { closedPort, FakeUpstream, request, RunningService, startService, stopAllServices } from "./harness";

/** Ada: favourite sci-fi + drama, watched movie 1 → the three best-rated unwatched matches. */
const ADA_RECOMMENDATIONS = {
  customerId: "1",
  recommendations: [
    { id: "2", title: "The Godfather", genres: ["crime", "drama"], rating: 9.2 },
    { id: "5", title: "Inception", genres: ["action", "sci-fi"], rating: 8.8 },
    { id: "6", title: "Alien", genres: ["horror", "sci-fi"], rating: 8.5 },
  ],
};

describe("services/customer-service (real processes on loopback)", () => {
  after(stopAllServices);

  describe("with a real movie-service", () => {
    let movies: RunningService;
    let customers: RunningService;

    before(async () => {
      movies = await startService("movie-service");
      customers = await startService("customer-service", { MOVIE_SERVICE_URL: movies.url });
    });

    it("GET /health → 200 {status: ok}", async () => {
      const res = await request(customers.port, "/health");
      assert.equal(res.status, 200);
      assert.equal(res.raw, '{"status":"ok"}');
    });

    it("GET /customers lists customers in id order", async () => {
      const res = await request(customers.port, "/customers");
      assert.equal(res.status, 200);
      assert.deepEqual(
        (res.body as { customers: Array<{ id: string }> }).customers.map((c) => c.id),
        ["1", "2", "3", "4"],
      );
    });

    it("GET /customers/:id returns one customer", async () => {
      const res = await request(customers.port, "/customers/3");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { id: "3", name: "Grace Hopper", favouriteGenres: ["animation", "comedy"], watched: [] });
    });

    it("GET /customers/:id/recommendations joins the customer with the live catalogue", async () => {
      const res = await request(customers.port, "/customers/1/recommendations");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, ADA_RECOMMENDATIONS);
    });

    it("excludes watched movies and returns [] when nothing matches", async () => {
      const alan = await request(customers.port, "/customers/2/recommendations");
      assert.deepEqual(alan.body, { customerId: "2", recommendations: [] }); // watched both crime movies
      const linus = await request(customers.port, "/customers/4/recommendations");
      assert.deepEqual(linus.body, { customerId: "4", recommendations: [] }); // no westerns in the catalogue
    });

    it("propagates x-request-id to movie-service, so one request is traceable across both logs", async () => {
      await request(customers.port, "/customers/3/recommendations", { headers: { "x-request-id": "trace-42" } });
      const upstream = await movies.waitForLog((l) => l.requestId === "trace-42");
      assert.deepEqual([upstream.path, upstream.status], ["/movies", 200]);
      const own = await customers.waitForLog((l) => l.requestId === "trace-42");
      assert.deepEqual([own.path, own.status], ["/customers/3/recommendations", 200]);
    });

    const errors: Array<[string, number, unknown]> = [
      ["/customers/9", 404, { error: "customer not found", id: "9" }],
      ["/customers/9/recommendations", 404, { error: "customer not found", id: "9" }],
      ["/customers/1/other", 404, { error: "not found", path: "/customers/1/other" }],
      ["/movies", 404, { error: "not found", path: "/movies" }],
    ];
    for (const [urlPath, status, body] of errors) {
      it(`GET ${urlPath} → ${status} JSON error`, async () => {
        const res = await request(customers.port, urlPath);
        assert.equal(res.status, status);
        assert.deepEqual(res.body, body);
      });
    }

    it("does not call movie-service for an unknown customer", async () => {
      await request(customers.port, "/customers/404/recommendations", { headers: { "x-request-id": "no-upstream" } });
      await customers.waitForLog((l) => l.requestId === "no-upstream");
      assert.deepEqual(
        movies.logs.filter((l) => l.requestId === "no-upstream"),
        [],
      );
    });

    it("answers 502 with a clear JSON error once movie-service has stopped", async () => {
      movies.proc.kill("SIGTERM");
      assert.deepEqual(await movies.exited, { code: 0, signal: null });
      const res = await request(customers.port, "/customers/1/recommendations");
      assert.equal(res.status, 502);
      assert.deepEqual(res.body, {
        error: "movie-service is unreachable",
        upstream: "movie-service",
        url: `${movies.url}/movies`,
        cause: "ECONNREFUSED",
      });
      // Endpoints that do not need movie-service keep working.
      assert.equal((await request(customers.port, "/customers/1")).status, 200);
    });
  });

  describe("with a broken movie-service", () => {
    let upstream: FakeUpstream;
    let base: string;
    let customers: RunningService;

    before(async () => {
      upstream = new FakeUpstream();
      base = await upstream.listen();
      customers = await startService("customer-service", { MOVIE_SERVICE_URL: base, MOVIE_SERVICE_TIMEOUT_MS: "300" });
    });
    after(() => upstream.close());

    it("answers 504 when movie-service does not answer within MOVIE_SERVICE_TIMEOUT_MS", async () => {
      const started = Date.now();
      const res = await request(customers.port, "/customers/1/recommendations");
      assert.equal(res.status, 504);
      assert.deepEqual(res.body, { error: "movie-service did not answer within 300 ms", upstream: "movie-service", url: `${base}/movies` });
      assert.ok(Date.now() - started < 3_000, "the timeout bounds the request");
    });

    it("keeps a path prefix in MOVIE_SERVICE_URL and sends accept + x-request-id upstream", async () => {
      const prefixed = await startService("customer-service", { MOVIE_SERVICE_URL: `${base}/v1/` });
      const pending = request(prefixed.port, "/customers/3/recommendations", { headers: { "x-request-id": "prefix-1" } });
      await upstream.received(upstream.requests.length + 1);
      const seen = upstream.requests.at(-1)!;
      assert.deepEqual(
        [seen.method, seen.url, seen.headers.accept, seen.headers["x-request-id"]],
        ["GET", "/v1/movies", "application/json", "prefix-1"],
      );
      upstream.answer(200, '{"movies":[]}');
      assert.deepEqual((await pending).body, { customerId: "3", recommendations: [] });
    });

    const bad: Array<[string, number, string, unknown]> = [
      ["a 500", 500, '{"error":"boom"}', { error: "movie-service answered 500", upstreamStatus: 500 }],
      ["a body without movies", 200, '{"films":[]}', { error: 'movie-service returned an unexpected body (want JSON {"movies": [...]})' }],
      ["invalid JSON", 200, "<html>", { error: 'movie-service returned an unexpected body (want JSON {"movies": [...]})' }],
    ];
    for (const [label, status, body, expected] of bad) {
      it(`answers 502 when movie-service returns ${label}`, async () => {
        const pending = request(customers.port, "/customers/1/recommendations");
        await upstream.received(upstream.requests.length + 1);
        upstream.answer(status, body);
        const res = await pending;
        assert.equal(res.status, 502);
        assert.deepEqual(res.body, { ...(expected as object), upstream: "movie-service", url: `${base}/movies` });
      });
    }
  });

  it("answers 502 when nothing listens at MOVIE_SERVICE_URL", async () => {
    const port = await closedPort();
    const customers = await startService("customer-service", { MOVIE_SERVICE_URL: `http://127.0.0.1:${port}` });
    const res = await request(customers.port, "/customers/1/recommendations");
    assert.equal(res.status, 502);
    assert.deepEqual(res.body, {
      error: "movie-service is unreachable",
      upstream: "movie-service",
      url: `http://127.0.0.1:${port}/movies`,
      cause: "ECONNREFUSED",
    });
  });
});
