import * as assert from "node:assert/strict";
import { allocatePriorities, findRouteConflicts, type RouteClaim } from "../../components/routes";

const claim = (service: string, pathPatterns: string[], extra: Partial<RouteClaim> = {}): RouteClaim => ({ service, pathPatterns, hostHeaders: [], ...extra });

describe("routes", () => {
  it("allocates priorities in service-name order, skipping explicit ones", () => {
    const result = allocatePriorities([claim("zeta", ["/z*"]), claim("alpha", ["/a*"]), claim("mid", ["/m*"], { priority: 1010 }), claim("beta", ["/b*"])]);
    assert.deepEqual([...result.entries()].sort(), [["alpha", 1000], ["beta", 1020], ["mid", 1010], ["zeta", 1030]]);
  });

  it("gives the same priorities whatever the input order", () => {
    const a = [claim("movie-service", ["/movies*"]), claim("customer-service", ["/customers*"])];
    assert.deepEqual([...allocatePriorities(a)].sort(), [...allocatePriorities([...a].reverse())].sort());
    assert.deepEqual([...allocatePriorities(a)].sort(), [["customer-service", 1000], ["movie-service", 1010]]);
  });

  const conflicts: [string, RouteClaim[], { service: string; field: string; message: string }[]][] = [
    ["no conflict between distinct paths", [claim("a", ["/a*"]), claim("b", ["/b*"])], []],
    ["same explicit priority", [claim("b", ["/b*"], { priority: 5 }), claim("a", ["/a*"], { priority: 5 })],
      [{ service: "b", field: "priority", message: "services \"a\" and \"b\" both claim listener rule priority 5" }]],
    ["same path on any host", [claim("a", ["/x*", "/a*"]), claim("b", ["/b*", "/x*"])],
      [{ service: "b", field: "pathPatterns", message: "services \"a\" and \"b\" both route path \"/x*\" on any host" }]],
    ["same path, same host", [claim("a", ["/x*"], { hostHeaders: ["api.example.com"] }), claim("b", ["/x*"], { hostHeaders: ["api.example.com", "b.example.com"] })],
      [{ service: "b", field: "pathPatterns", message: "services \"a\" and \"b\" both route path \"/x*\" on host api.example.com" }]],
    ["same path, different hosts", [claim("a", ["/x*"], { hostHeaders: ["a.example.com"] }), claim("b", ["/x*"], { hostHeaders: ["b.example.com"] })], []],
    ["same path, one host-scoped", [claim("a", ["/x*"], { hostHeaders: ["a.example.com"] }), claim("b", ["/x*"])], []],
    ["host-only routes on the same host", [claim("a", [], { hostHeaders: ["h.example.com"] }), claim("b", [], { hostHeaders: ["h.example.com"] })],
      [{ service: "b", field: "pathPatterns", message: "services \"a\" and \"b\" both route path \"*\" on host h.example.com" }]],
  ];
  for (const [title, claims, expected] of conflicts) {
    it(`conflicts: ${title}`, () => {
      assert.deepEqual(findRouteConflicts(claims).map(({ service, field, message }) => ({ service, field, message })), expected);
    });
  }
});
