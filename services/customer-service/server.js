"use strict";
// customer-service: the customer half of the "Netflux" example pair. Recommendations call movie-service
// east-west at MOVIE_SERVICE_URL (the platform sets it to the Cloud Map name, e.g.
// http://movie-service.dev.internal:8080). Read-only, in-memory data; no filesystem writes.

const { start, HttpError, intFromEnv, urlFromEnv, failConfig } = require("./runtime");

const SERVICE = "customer-service";
/** Upper bound for the whole movie-service call (connect + response + body). */
const DEFAULT_MOVIE_SERVICE_TIMEOUT_MS = 2_000;
const MAX_RECOMMENDATIONS = 3;

/** Sorted by id; `GET /customers` returns them in this order. `watched` holds movie ids. */
const CUSTOMERS = Object.freeze([
  { id: "1", name: "Ada Lovelace", favouriteGenres: ["sci-fi", "drama"], watched: ["1"] },
  { id: "2", name: "Alan Turing", favouriteGenres: ["crime"], watched: ["2", "3"] },
  { id: "3", name: "Grace Hopper", favouriteGenres: ["animation", "comedy"], watched: [] },
  { id: "4", name: "Linus Torvalds", favouriteGenres: ["western"], watched: [] },
]);

function findCustomer(id) {
  const customer = CUSTOMERS.find((c) => c.id === id);
  if (!customer) throw new HttpError(404, "customer not found", { id });
  return customer;
}

/** Fetches the catalogue; every failure becomes a 502/504 naming movie-service, never a hang or a 500. */
async function fetchMovies(baseUrl, timeoutMs, requestId) {
  const url = new URL(baseUrl.pathname.replace(/\/$/, "") + "/movies", baseUrl);
  const upstream = { upstream: "movie-service", url: url.href };
  let res;
  let text;
  try {
    res = await fetch(url, {
      headers: { accept: "application/json", "x-request-id": requestId },
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text(); // inside the try: the timeout also bounds reading the body
  } catch (err) {
    if (err && err.name === "TimeoutError") {
      throw new HttpError(504, `movie-service did not answer within ${timeoutMs} ms`, upstream);
    }
    const cause = err && err.cause && (err.cause.code || err.cause.message);
    throw new HttpError(502, "movie-service is unreachable", { ...upstream, cause: String(cause || err) });
  }
  if (!res.ok) {
    throw new HttpError(502, `movie-service answered ${res.status}`, { ...upstream, upstreamStatus: res.status });
  }
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (!payload || !Array.isArray(payload.movies)) {
    throw new HttpError(502, "movie-service returned an unexpected body (want JSON {\"movies\": [...]})", upstream);
  }
  return payload.movies;
}

/** Unwatched movies in the customer's favourite genres, best rated first (ties by id, so output is stable). */
function recommend(customer, movies) {
  return movies
    .filter((m) => !customer.watched.includes(m.id) && m.genres.some((g) => customer.favouriteGenres.includes(g)))
    .sort((a, b) => b.rating - a.rating || a.id.localeCompare(b.id))
    .slice(0, MAX_RECOMMENDATIONS)
    .map(({ id, title, genres, rating }) => ({ id, title, genres, rating }));
}

function main() {
  let movieServiceUrl, timeoutMs;
  try {
    movieServiceUrl = urlFromEnv(process.env, "MOVIE_SERVICE_URL", "http://movie-service.dev.internal:8080");
    timeoutMs = intFromEnv(process.env, "MOVIE_SERVICE_TIMEOUT_MS", DEFAULT_MOVIE_SERVICE_TIMEOUT_MS, 1, 60_000);
  } catch (err) {
    return failConfig(SERVICE, err);
  }
  const routes = [
    { pattern: /^\/health$/, handler: () => ({ body: { status: "ok" } }) },
    { pattern: /^\/customers$/, handler: () => ({ body: { customers: CUSTOMERS } }) },
    { pattern: /^\/customers\/([^/]+)$/, handler: (_ctx, id) => ({ body: findCustomer(id) }) },
    {
      pattern: /^\/customers\/([^/]+)\/recommendations$/,
      handler: async (ctx, id) => {
        const customer = findCustomer(id); // 404 before any upstream call
        const movies = await fetchMovies(movieServiceUrl, timeoutMs, ctx.requestId);
        return { body: { customerId: customer.id, recommendations: recommend(customer, movies) } };
      },
    },
  ];
  return start({ service: SERVICE, routes });
}

main();
