/**
 * The diagram shows what a reviewer needs (gateways, endpoints, the prod redirect, security-group relations,
 * autoscaling, deployment strategy), and its labels fit their boxes whatever fonts the viewer has: the SVG
 * embeds the font whose metrics Graphviz laid it out with.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { CapturedResource } from "../../policy/engine/types";
import { REPO_ROOT } from "../../preview/gate";
import { DIAGRAM_FONT_FAMILY, diagramFont, textWidth } from "../../preview/graph/font";
import { ArchitectureGraph, buildArchitecture } from "../../preview/graph/model";
import { toDot } from "../../preview/graph/render";
import { deploymentStrategy } from "../../preview/graph/service-facts";
import { dotToSvg } from "../../preview/graph/write";
import { labelBoxes, overflowingLabels } from "./svg-fit";
import { gated } from "../support/captured";

const label = (graph: ArchitectureGraph, id: string): string => graph.nodes.find((n) => n.id === id)!.label.replace(/\\n/g, " | ");
const edgesOf = (graph: ArchitectureGraph): string[] =>
  graph.edges.map((e) => `${label(graph, e.from)} -> ${label(graph, e.to)}${e.label ? ` [${e.label}]` : ""}`).sort();

function service(inputs: Record<string, unknown>): CapturedResource {
  return {
    type: "aws:ecs/service:Service",
    name: "api-svc",
    urn: "urn:pulumi:dev::p::aws:ecs/service:Service::api-svc",
    custom: true,
    inputs,
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    options: {
      protect: false,
      retainOnDelete: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      aliases: [],
      additionalSecretOutputs: [],
    },
  } as CapturedResource;
}

describe("architecture diagram: what a reviewer needs (prod)", function () {
  this.timeout(180_000);
  let graph: ArchitectureGraph;
  before(async () => {
    const result = await gated("prod");
    graph = buildArchitecture(
      result.capture.recorded.map((r) => r.resource),
      "dockyard-prod",
    );
  });

  it("draws the HTTP listener as a 301 redirect to the HTTPS listener, not a dead end", () => {
    const edges = edgesOf(graph);
    assert.ok(edges.includes("listener HTTP :80 | redirect 301 → HTTPS :443 -> listener HTTPS :443 [301 → HTTPS :443]"), edges.join("\n"));
    // The routes hang off the HTTPS listener; the HTTP one only redirects.
    // Production and test rule of each (canary) service.
    assert.deepStrictEqual(
      edges.filter((e) => / -> rule /.test(e)).map((e) => e.split(" -> ")[0]),
      ["listener HTTPS :443", "listener HTTPS :443", "listener HTTPS :443", "listener HTTPS :443"],
    );
  });

  it("shows the internet gateway, the NAT gateways (one per AZ), the VPC endpoints and the egress to them", () => {
    const edges = edgesOf(graph);
    const svc =
      "ECS service movie-service-svc | 2 task(s) | autoscaling 2–10 (CPU 60 %, memory 80 %) | deploy: canary (10 % for 5 min first, bake 5 min, circuit breaker + rollback, 2 alarms + rollback)";
    for (const edge of [
      "Internet -> internet gateway | (created by awsx)",
      "NAT gateway × 3 | (one per AZ, 3 AZs) -> internet gateway | (created by awsx) [egress]",
      "internet gateway | (created by awsx) -> ALB prod-alb [SG: 0.0.0.0/0 :80 :443]",
      `${svc} -> NAT gateway × 3 | (one per AZ, 3 AZs) [egress :443]`,
      `${svc} -> VPC endpoints | interface: ecr.api, ecr.dkr, logs, secretsmanager | gateway: s3 [AWS APIs :443]`,
      `ALB prod-alb -> ${svc} [SG: tcp :8080]`,
    ]) {
      assert.ok(edges.includes(edge), `missing ${edge}\nin\n${edges.join("\n")}`);
    }
    const where = (prefix: string) => graph.nodes.find((n) => n.label.startsWith(prefix))!.cluster;
    assert.deepStrictEqual(
      [where("NAT gateway"), where("VPC endpoints"), where("internet gateway")],
      [["vpc", "public"], ["vpc", "private"], ["vpc"]],
    );
  });

  it("labels the caller → callee security-group relation with its port (dashed: a permission)", () => {
    const calls = graph.edges.filter((e) => e.label?.startsWith("calls "));
    assert.deepStrictEqual(
      calls.map((e) => `${label(graph, e.from).split(" | ")[0]} -> ${label(graph, e.to)} [${e.label}] ${e.style}`),
      ["ECS service customer-service-svc -> movie-service.prod.internal [calls :8080] dashed"],
    );
  });
});

describe("deployment strategy label (read from the ECS service's inputs)", () => {
  it("is rolling by default, with the min/max percent and the circuit breaker", () => {
    assert.strictEqual(deploymentStrategy(service({})), "rolling (100–200 %)");
    assert.strictEqual(
      deploymentStrategy(
        service({
          deploymentMinimumHealthyPercent: 50,
          deploymentMaximumPercent: 150,
          deploymentCircuitBreaker: { enable: true, rollback: false },
        }),
      ),
      "rolling (50–150 %, circuit breaker)",
    );
  });

  it("follows deploymentConfiguration.strategy (canary, linear, blue/green) and the deployment controller", () => {
    assert.strictEqual(
      deploymentStrategy(
        service({
          deploymentConfiguration: { strategy: "CANARY", canaryConfiguration: { canaryPercent: 10 }, bakeTimeInMinutes: 5 },
          deploymentCircuitBreaker: { enable: true, rollback: true },
        }),
      ),
      "canary (10 % first, bake 5 min, circuit breaker + rollback)",
    );
    assert.strictEqual(
      deploymentStrategy(service({ deploymentConfiguration: { strategy: "LINEAR", linearConfiguration: { stepPercent: 25 } } })),
      "linear (25 % steps)",
    );
    assert.strictEqual(deploymentStrategy(service({ deploymentConfiguration: { strategy: "BLUE_GREEN" } })), "blue/green");
    assert.strictEqual(deploymentStrategy(service({ deploymentController: { type: "CODE_DEPLOY" } })), "blue/green (CodeDeploy)");
  });
});

describe("diagram fonts: labels fit their boxes whatever fonts the viewer has", function () {
  this.timeout(180_000);
  let dot: string;
  let svg: string;
  before(async () => {
    const result = await gated("prod");
    dot = toDot(
      buildArchitecture(
        result.capture.recorded.map((r) => r.resource),
        "dockyard-prod",
      ),
    );
    svg = await dotToSvg(dot);
  });

  it("embeds the font as an @font-face data: URI and draws every text with it; nothing is fetched", () => {
    const font = diagramFont();
    assert.ok(
      svg.includes(
        `@font-face { font-family: "${DIAGRAM_FONT_FAMILY}"; src: url(data:font/woff;base64,${font.woffBase64}) format("woff"); }`,
      ),
    );
    assert.ok(svg.includes(`text { font-family: "${DIAGRAM_FONT_FAMILY}",`));
    assert.deepStrictEqual(
      [...svg.matchAll(/url\(([^)]{0,20})/g)].map((m) => m[1].slice(0, 10)),
      ["data:font/"],
    );
    assert.deepStrictEqual(
      [...svg.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]),
      [],
    );
    assert.match(font.source, /^Debian package fonts-liberation /);
    // The WOFF signature: a real font file, not a placeholder.
    assert.strictEqual(Buffer.from(font.woffBase64, "base64").subarray(0, 4).toString("latin1"), "wOFF");
  });

  it("Graphviz's layout metrics are the embedded font's: the same widths for a label", () => {
    // Graphviz sized this box (margin 0) for the label with its Helvetica metrics; the embedded font must agree.
    return dotToSvg(
      'digraph { node [shape=box, fontname="Helvetica", fontsize=10, margin=0]; a [label="ECS service customer-service-svc"]; }',
    ).then((one) => {
      const [box] = labelBoxes(one, textWidth).filter((b) => b.kind === "node");
      assert.ok(Math.abs(box.boxRight - box.boxLeft - textWidth("ECS service customer-service-svc", 10)) < 0.05, JSON.stringify(box));
    });
  });

  it("every node and cluster label of the dev and prod diagrams fits its box, measured with the embedded font", () => {
    const committed = fs.readFileSync(path.join(REPO_ROOT, "docs/dev-stack.svg"), "utf8");
    assert.ok(labelBoxes(svg, textWidth).length > 40);
    assert.deepStrictEqual(overflowingLabels(svg, textWidth), []);
    assert.deepStrictEqual(overflowingLabels(committed, textWidth), []);
  });

  it("negative control: laid out with narrower metrics (Times) than the font drawn, labels overflow and the check says so", async () => {
    const times = await dotToSvg(dot.replace(/fontname="Helvetica"/g, 'fontname="Times-Roman"'));
    const overflowing = overflowingLabels(times, textWidth);
    assert.ok(overflowing.length >= 3, overflowing.join("\n"));
    assert.ok(
      overflowing.some((o) => o.startsWith('node "interface: ecr.api, ecr.dkr, logs, secretsmanager"')),
      overflowing.join("\n"),
    );
  });
});
