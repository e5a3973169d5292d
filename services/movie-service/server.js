"use strict";
// movie-service: the catalogue half of the "Netflux" example pair. Read-only, in-memory data; no filesystem writes.

const { start, HttpError } = require("./runtime");

const SERVICE = "movie-service";

/** Sorted by id; `GET /movies` returns them in this order. */
const MOVIES = Object.freeze([
  { id: "1", title: "The Shawshank Redemption", year: 1994, genres: ["drama"], rating: 9.3 },
  { id: "2", title: "The Godfather", year: 1972, genres: ["crime", "drama"], rating: 9.2 },
  { id: "3", title: "The Dark Knight", year: 2008, genres: ["action", "crime"], rating: 9.0 },
  { id: "4", title: "Spirited Away", year: 2001, genres: ["animation", "fantasy"], rating: 8.6 },
  { id: "5", title: "Inception", year: 2010, genres: ["action", "sci-fi"], rating: 8.8 },
  { id: "6", title: "Alien", year: 1979, genres: ["horror", "sci-fi"], rating: 8.5 },
  { id: "7", title: "Amélie", year: 2001, genres: ["comedy", "romance"], rating: 8.3 },
  { id: "8", title: "Arrival", year: 2016, genres: ["drama", "sci-fi"], rating: 7.9 },
]);

const routes = [
  { pattern: /^\/health$/, handler: () => ({ body: { status: "ok" } }) },
  { pattern: /^\/movies$/, handler: () => ({ body: { movies: MOVIES } }) },
  {
    pattern: /^\/movies\/([^/]+)$/,
    handler: (_ctx, id) => {
      const movie = MOVIES.find((m) => m.id === id);
      if (!movie) throw new HttpError(404, "movie not found", { id });
      return { body: movie };
    },
  },
];

start({ service: SERVICE, routes });
