/**
 * The offline gate with Service Connect: dockyard's stacks in each discovery mode pass with nothing left
 * unchecked that the Cloud Map mode checks, and a third-party program in an HTTP namespace gets exactly the
 * Service Connect findings it earns.
 */
import * as assert from "assert";
import * as path from "path";
import { applyConfigSetting } from "../../preview/config-override";
import { loadProject } from "../../preview/project";
import { REPO_ROOT, runGate } from "../../preview/gate";
import { gated } from "../support/captured";
import { prodConfigWithCertificate } from "../support/prod-certificate";

type Gate = Awaited<ReturnType<typeof runGate>>;
const short = (urn: string) => urn.split("::").pop();
const mandatory = (g: Gate) =>
  g.report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${short(v.urn)}: ${v.detail ?? v.message}`);
const unchecked = (g: Gate) =>
  [...g.api.notChecked.map((n) => `${n.name}: ${n.reason}`), ...g.notEvaluated.map((n) => JSON.stringify(n))].sort();

describe("offline gate with Service Connect", function () {
  this.timeout(180_000);

  for (const stack of ["dev", "prod"] as const) {
    const base = () => (stack === "prod" ? prodConfigWithCertificate() : loadProject(REPO_ROOT, stack).config);
    it(`${stack}: both and serviceConnect pass with zero mandatory violations and no AWS API finding, checked as fully as cloudmap`, async () => {
      // cloudmap, the default mode: the stack as gated (the same options as runGate with base()).
      const cloudmap = await gated(stack);
      for (const mode of ["both", "serviceConnect"]) {
        const g = await runGate({
          projectDir: REPO_ROOT,
          stack,
          configOverride: applyConfigSetting(base(), "dockyard:discovery.mode", mode),
        });
        assert.deepStrictEqual(mandatory(g), [], mode);
        assert.deepStrictEqual(g.api.findings, [], mode);
        assert.deepStrictEqual(g.report.skipped, [], mode);
        assert.deepStrictEqual(unchecked(g), unchecked(cloudmap), mode);
        const services = g.capture.recorded.filter((r) => r.resource.type === "aws:ecs/service:Service");
        assert.ok(services.length >= 2 && services.every((r) => r.resource.inputs["serviceConnectConfiguration"] !== undefined), mode);
      }
    });
  }

  it("a third-party program in an HTTP namespace: exactly the proxy-logging findings, every request checked", async () => {
    const g = await runGate({ projectDir: path.join(__dirname, "../fixtures/programs-service-connect/http-namespace"), stack: "dev" });
    assert.deepStrictEqual(
      mandatory(g).filter((m) => m.startsWith("ecs-service-connect-logging")),
      [
        'ecs-service-connect-logging billing: serviceConnectConfiguration.logConfiguration is not set: the proxy\'s logs are lost; accessLogConfiguration.includeQueryParameters is "ENABLED": query strings (tokens, session ids) would be written to the logs.',
      ],
    );
    assert.deepStrictEqual(g.api.findings, []);
    assert.deepStrictEqual(
      g.api.notChecked.filter((n) => /^(orders|billing|shop)$/.test(n.name)),
      [],
    );
    // The embedded AWS answers the HTTP namespace as AWS does: a namespace id and ARN the cluster and services use.
    const ns = g.capture.recorded.find((r) => r.resource.type === "aws:servicediscovery/httpNamespace:HttpNamespace")!.resource;
    assert.match(String(ns.outputs["arn"]), /^arn:aws:servicediscovery:us-east-1:123456789012:namespace\/ns-[a-z0-9]{16}$/);
    const cluster = g.capture.recorded.find((r) => r.resource.type === "aws:ecs/cluster:Cluster")!.resource;
    assert.deepStrictEqual(cluster.inputs["serviceConnectDefaults"], { namespace: ns.outputs["arn"] });
  });
});
