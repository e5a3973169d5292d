import * as assert from "assert";
import type { GateResult } from "../../preview/gate";
import { alarmMetrics } from "../../preview/cost/estimate";
import { PRICES } from "../../preview/cost/prices";
import { buildArchitecture } from "../../preview/graph/model";
import { renderDeployments } from "../../preview/report/deployments";
import { makeStyle } from "../../preview/report/style";
import { gated } from "../support/captured";

/** prod as `npm start -- --stack prod` previews it: canary by default, shown per service, alarms priced, gate green. */
describe("prod deployments in the report, the diagram and the cost estimate", function () {
  this.timeout(180_000);
  let result: GateResult;
  before(async () => {
    result = await gated("prod");
  });
  const canary = "canary (10 % for 5 min first, bake 5 min, circuit breaker + rollback, 2 alarms + rollback)";

  it("passes the gate with zero mandatory violations and every request valid against AWS's models", () => {
    assert.deepStrictEqual(
      result.report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.urn}`),
      [],
    );
    assert.deepStrictEqual(result.api.findings, []);
  });

  it("the text report lists each service's strategy", () => {
    const text = renderDeployments(
      result.capture.recorded.map((r) => r.resource),
      makeStyle(false),
    ).join("\n");
    assert.strictEqual(text, `Deployments:\n    customer-service: ${canary}\n    movie-service: ${canary}\n`);
  });

  it("the diagram labels each ECS service with its strategy", () => {
    const graph = buildArchitecture(
      result.capture.recorded.map((r) => r.resource),
      "dockyard-prod",
    );
    const services = graph.nodes
      .filter((n) => n.label.startsWith("ECS service "))
      .map((n) => n.label.replace(/\\n/g, " | "))
      .sort();
    assert.deepStrictEqual(
      services.map((l) => l.split(" | ").pop()),
      [`deploy: ${canary}`, `deploy: ${canary}`],
    );
  });

  it("the cost estimate counts the alarms: 4 alarms evaluating 12 metrics at the standard-resolution price", () => {
    const metrics = alarmMetrics(result.capture.recorded.map((r) => r.resource));
    assert.deepStrictEqual(metrics, { alarms: 4, standard: 12, highResolution: 0 });
    const line = result.cost.shared.find((c) => c.item.startsWith("CloudWatch alarms"));
    assert.deepStrictEqual(line, {
      item: "CloudWatch alarms (4, priced per metric evaluated)",
      quantity: 12,
      monthly: Math.round(12 * PRICES.cloudwatchAlarm.standardMetricMonth * 100) / 100,
    });
  });
});
