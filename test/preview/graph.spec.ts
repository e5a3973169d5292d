import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../preview/gate";
import { gated, gatedAgain } from "../support/captured";
import { ArchitectureGraph, buildArchitecture } from "../../preview/graph/model";
import { toDot, toMermaid } from "../../preview/graph/render";
import { dotToSvg } from "../../preview/graph/write";

/** Edges as `from label -> to label [edge label]`, so assertions read like the picture. */
function edgesOf(graph: ArchitectureGraph): string[] {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label.replace(/\\n/g, " | ")]));
  return graph.edges.map((e) => `${label.get(e.from)} -> ${label.get(e.to)}${e.label ? ` [${e.label}]` : ""}`).sort();
}

describe("architecture graph of the dev stack", function () {
  this.timeout(180_000);
  let graph: ArchitectureGraph;
  before(async () => {
    const result = await gated("dev");
    graph = buildArchitecture(
      result.capture.recorded.map((r) => r.resource),
      "dockyard-dev",
    );
  });

  it("links internet → gateway → ALB → listener → rules → services → Cloud Map, with security-group edges, NAT egress, deployment strategy, tasks, images and roles", () => {
    const edges = edgesOf(graph).map((e) => e.replace(/@sha256:[0-9a-f]{12}…/g, "@sha256:…"));
    assert.deepStrictEqual(edges, [
      "ALB dev-alb -> ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) [SG: tcp :8080]",
      "ALB dev-alb -> ECS service movie-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) [SG: tcp :8080]",
      "ALB dev-alb -> listener HTTP :80",
      "ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> NAT gateway × 1 | (single, one AZ) [egress :443]",
      "ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> customer-service.dev.internal [registers]",
      "ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> movie-service.dev.internal [calls :8080]",
      "ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> task dev-a66f6c-customer-service | 256 CPU / 512 MiB [runs]",
      "ECS service movie-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> NAT gateway × 1 | (single, one AZ) [egress :443]",
      "ECS service movie-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> movie-service.dev.internal [registers]",
      "ECS service movie-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) -> task dev-a66f6c-movie-service | 256 CPU / 512 MiB [runs]",
      "Internet -> internet gateway | (created by awsx)",
      "NAT gateway × 1 | (single, one AZ) -> internet gateway | (created by awsx) [egress]",
      "internet gateway | (created by awsx) -> ALB dev-alb [SG: 0.0.0.0/0 :80]",
      "listener HTTP :80 -> rule customer-service-rule (priority 34250) | path /customers*",
      "listener HTTP :80 -> rule movie-service-rule (priority 25220) | path /movies*",
      "rule customer-service-rule (priority 34250) | path /customers* -> ECS service customer-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) [forward customer-service-tg]",
      "rule movie-service-rule (priority 25220) | path /movies* -> ECS service movie-service-svc | 1 task(s) | deploy: rolling (100–200 %, circuit breaker + rollback, 2 alarms + rollback) [forward movie-service-tg]",
      "task dev-a66f6c-customer-service | 256 CPU / 512 MiB -> container customer-service :8080 | dev-a66f6c/customer-service@sha256:…",
      "task dev-a66f6c-customer-service | 256 CPU / 512 MiB -> execution role | customer-service-exec-role [execution]",
      "task dev-a66f6c-customer-service | 256 CPU / 512 MiB -> task role | customer-service-task-role [task]",
      "task dev-a66f6c-movie-service | 256 CPU / 512 MiB -> container movie-service :8080 | dev-a66f6c/movie-service@sha256:…",
      "task dev-a66f6c-movie-service | 256 CPU / 512 MiB -> execution role | movie-service-exec-role [execution]",
      "task dev-a66f6c-movie-service | 256 CPU / 512 MiB -> task role | movie-service-task-role [task]",
    ]);
  });

  it("places the ALB in public subnets and services in private subnets inside the VPC", () => {
    const where = (prefix: string) => graph.nodes.find((n) => n.label.startsWith(prefix))!.cluster.slice(0, 2);
    assert.deepStrictEqual(where("ALB "), ["vpc", "public"]);
    assert.deepStrictEqual(where("ECS service movie"), ["vpc", "private"]);
    assert.deepStrictEqual(where("movie-service.dev.internal"), ["vpc", "cloudmap"]);
    assert.strictEqual(graph.clusters["vpc"], "VPC dev-vpc (2 AZs)");
  });

  it("renders DOT clusters, Mermaid subgraphs and SVG (Graphviz in WASM)", async () => {
    const dot = toDot(graph);
    assert.match(dot, /^digraph "dockyard-dev" \{\n/);
    assert.match(dot, /subgraph "cluster_vpc_private" \{\n\s+label="private subnets";/);
    const mermaid = toMermaid(graph);
    assert.match(mermaid, /^flowchart LR\n/);
    assert.match(mermaid, /\n {4}subgraph vpc_public\["public subnets"\]\n/);
    assert.match(mermaid, /-\.->\|"calls :8080"\|/);
    const svg = await dotToSvg(dot);
    assert.match(svg, /<svg[\s\S]*>customer&#45;service\.dev\.internal<\/text>[\s\S]*<\/svg>/);
  });

  it("matches the picture committed at docs/dev-stack.svg (regenerate: npm run preview -- --stack dev --graph docs/dev-stack.svg)", async () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, "docs/dev-stack.svg"), "utf8");
    assert.strictEqual(await dotToSvg(toDot(graph)), committed);
  });

  it("is deterministic", async () => {
    const again = await gatedAgain("dev");
    assert.strictEqual(
      toDot(
        buildArchitecture(
          again.capture.recorded.map((r) => r.resource),
          "dockyard-dev",
        ),
      ),
      toDot(graph),
    );
  });
});
