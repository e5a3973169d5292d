/** The architecture diagram with Service Connect: each service serves its client alias, callers' calls go there. */
import * as assert from "assert";
import { applyConfigSetting } from "../../preview/config-override";
import { REPO_ROOT, runGate } from "../../preview/gate";
import { ArchitectureGraph, buildArchitecture } from "../../preview/graph/model";
import { loadProject } from "../../preview/project";

const short = (label: string) => label.replace(/\\n/g, " | ").replace(/ \| 1 task\(s\) \| deploy: .*$/, "");
function discoveryEdges(graph: ArchitectureGraph): string[] {
  const label = new Map(graph.nodes.map((n) => [n.id, short(n.label)]));
  return graph.edges
    .filter((e) => ["serves", "registers"].includes(e.label ?? "") || e.label?.startsWith("calls"))
    .map((e) => `${label.get(e.from)} -> ${label.get(e.to)} [${e.label}]`)
    .sort();
}
async function graphFor(mode: string): Promise<ArchitectureGraph> {
  const result = await runGate({
    projectDir: REPO_ROOT,
    stack: "dev",
    configOverride: applyConfigSetting(loadProject(REPO_ROOT, "dev").config, "dockyard:discovery.mode", mode),
  });
  return buildArchitecture(
    result.capture.recorded.map((r) => r.resource),
    "dockyard-dev",
  );
}

describe("architecture graph with Service Connect (dev stack)", function () {
  this.timeout(180_000);

  it("serviceConnect: aliases in the namespace's Service Connect cluster, calls to the alias, no DNS registration", async () => {
    const graph = await graphFor("serviceConnect");
    assert.deepStrictEqual(discoveryEdges(graph), [
      "ECS service customer-service-svc -> customer-service.dev.internal:8080 | (Service Connect) [serves]",
      "ECS service customer-service-svc -> movie-service.dev.internal:8080 | (Service Connect) [calls :8080]",
      "ECS service movie-service-svc -> movie-service.dev.internal:8080 | (Service Connect) [serves]",
    ]);
    assert.strictEqual(graph.clusters["serviceconnect"], "Service Connect (dev.internal)");
    assert.deepStrictEqual(graph.nodes.find((n) => n.label.startsWith("movie-service.dev.internal:8080"))!.cluster, [
      "vpc",
      "serviceconnect",
    ]);
  });

  it("both: DNS registration and the alias side by side; calls go through Service Connect", async () => {
    assert.deepStrictEqual(discoveryEdges(await graphFor("both")), [
      "ECS service customer-service-svc -> customer-service.dev.internal [registers]",
      "ECS service customer-service-svc -> customer-service.dev.internal:8080 | (Service Connect) [serves]",
      "ECS service customer-service-svc -> movie-service.dev.internal:8080 | (Service Connect) [calls :8080]",
      "ECS service movie-service-svc -> movie-service.dev.internal [registers]",
      "ECS service movie-service-svc -> movie-service.dev.internal:8080 | (Service Connect) [serves]",
    ]);
  });
});
