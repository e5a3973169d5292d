import * as assert from "node:assert/strict";
import { allocatePriorities, findRouteConflicts, findShadowedRoutes, type RouteClaim } from "../../components/routes";

const claim = (service: string, pathPatterns: string[], extra: Partial<RouteClaim> = {}): RouteClaim => ({
  service,
  pathPatterns,
  hostHeaders: [],
  ...extra,
});

describe("routes", () => {
  it("allocates each service a hash-derived slot: host-scoped rules in the first band, any-host rules after", () => {
    const result = allocatePriorities([
      claim("zeta", ["/z*"]),
      claim("alpha", ["/a*"]),
      claim("mid", ["/m*"], { priority: 99 }),
      claim("beta", ["/b*"], { hostHeaders: ["b.example.com"] }),
    ]);
    assert.deepEqual([...result.entries()].sort(), [
      ["alpha", 44170],
      ["beta", 4430],
      ["mid", 99],
      ["zeta", 42930],
    ]);
  });

  it("gives the same priorities whatever the input order", () => {
    const a = [claim("movie-service", ["/movies*"]), claim("customer-service", ["/customers*"])];
    assert.deepEqual([...allocatePriorities(a)].sort(), [...allocatePriorities([...a].reverse())].sort());
    assert.deepEqual([...allocatePriorities(a)].sort(), [
      ["customer-service", 34250],
      ["movie-service", 25220],
    ]);
  });

  it("adding a service leaves the others' priorities alone (no PriorityInUse while rules move)", () => {
    const before = allocatePriorities([claim("movie-service", ["/movies*"]), claim("customer-service", ["/customers*"])]);
    const after = allocatePriorities([
      claim("movie-service", ["/movies*"]),
      claim("customer-service", ["/customers*"]),
      claim("api", ["/api*"]),
    ]);
    assert.deepEqual(
      [after.get("customer-service"), after.get("movie-service"), after.get("api")],
      [before.get("customer-service"), before.get("movie-service"), 39540],
    );
  });

  it("moves to the next free slot when two services hash alike or an explicit priority holds the slot", () => {
    // "svc-5436" and "svc-a" both hash to slot 1648 (41480); the first by name keeps it.
    assert.deepEqual([...allocatePriorities([claim("svc-a", ["/a*"]), claim("svc-5436", ["/b*"])])].sort(), [
      ["svc-5436", 41480],
      ["svc-a", 41490],
    ]);
    assert.deepEqual([...allocatePriorities([claim("svc-a", ["/a*"]), claim("pinned", ["/p*"], { priority: 41480 })])].sort(), [
      ["pinned", 41480],
      ["svc-a", 41490],
    ]);
  });

  const shadows: [string, RouteClaim[], Record<string, number>, string[]][] = [
    [
      "a broad path evaluated before a narrower one",
      [claim("movies", ["/movies*"]), claim("admin", ["/movies/admin*"])],
      { movies: 10, admin: 20 },
      ["admin by movies: /movies* covers /movies/admin* (20 after 10)"],
    ],
    [
      "the narrower path evaluated first",
      [claim("movies", ["/movies*"]), claim("admin", ["/movies/admin*"])],
      { movies: 20, admin: 10 },
      [],
    ],
    [
      "a host-only rule (every path) before a path on that host",
      [claim("site", [], { hostHeaders: ["h.example.com"] }), claim("api", ["/api*"], { hostHeaders: ["h.example.com"] })],
      { site: 1, api: 2 },
      ["api by site: * covers /api* (2 after 1)"],
    ],
    [
      "a host-scoped broad rule does not shadow an any-host one",
      [claim("movies", ["/movies*"], { hostHeaders: ["m.example.com"] }), claim("admin", ["/movies/admin*"])],
      { movies: 1, admin: 2 },
      [],
    ],
    ["unrelated prefixes", [claim("movies", ["/movies*"]), claim("customers", ["/customers*"])], { movies: 1, customers: 2 }, []],
  ];
  for (const [title, claims, priorities, expected] of shadows) {
    it(`shadowing: ${title}`, () => {
      const found = findShadowedRoutes(claims, new Map(Object.entries(priorities)));
      assert.deepEqual(
        found.map((f) => `${f.service} by ${f.by}: ${f.broad} covers ${f.narrow} (${f.priority} after ${f.byPriority})`),
        expected,
      );
    });
  }

  const conflicts: [string, RouteClaim[], { service: string; field: string; message: string }[]][] = [
    ["no conflict between distinct paths", [claim("a", ["/a*"]), claim("b", ["/b*"])], []],
    [
      "same explicit priority",
      [claim("b", ["/b*"], { priority: 5 }), claim("a", ["/a*"], { priority: 5 })],
      [{ service: "b", field: "priority", message: 'services "a" and "b" both claim listener rule priority 5' }],
    ],
    [
      "same path on any host",
      [claim("a", ["/x*", "/a*"]), claim("b", ["/b*", "/x*"])],
      [{ service: "b", field: "pathPatterns", message: 'services "a" and "b" both route path "/x*" on any host' }],
    ],
    [
      "same path, same host",
      [
        claim("a", ["/x*"], { hostHeaders: ["api.example.com"] }),
        claim("b", ["/x*"], { hostHeaders: ["api.example.com", "b.example.com"] }),
      ],
      [{ service: "b", field: "pathPatterns", message: 'services "a" and "b" both route path "/x*" on host api.example.com' }],
    ],
    [
      "same path, different hosts",
      [claim("a", ["/x*"], { hostHeaders: ["a.example.com"] }), claim("b", ["/x*"], { hostHeaders: ["b.example.com"] })],
      [],
    ],
    ["same path, one host-scoped", [claim("a", ["/x*"], { hostHeaders: ["a.example.com"] }), claim("b", ["/x*"])], []],
    [
      "host-only routes on the same host",
      [claim("a", [], { hostHeaders: ["h.example.com"] }), claim("b", [], { hostHeaders: ["h.example.com"] })],
      [{ service: "b", field: "pathPatterns", message: 'services "a" and "b" both route path "*" on host h.example.com' }],
    ],
  ];
  for (const [title, claims, expected] of conflicts) {
    it(`conflicts: ${title}`, () => {
      assert.deepEqual(
        findRouteConflicts(claims).map(({ service, field, message }) => ({ service, field, message })),
        expected,
      );
    });
  }
});
