/**
 * Full-fidelity check: the pack runs as the CLI runs it — `policy/` started by `run-policy-pack` in its own
 * process, type-checked by ts-node, constructing the real `PolicyPack` and serving gRPC — and we drive it with
 * the CLI's RPCs (getAnalyzerInfo, configure with the prod pack config, configureStack, then per resource
 * remediate → analyze, then analyzeStack). Its answers must equal the in-process engine's for a captured
 * program. (Never constructs PolicyPack in the test process.)
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PolicyPackConfig } from "@pulumi/policy";
import { allPolicies } from "../../policy/policies";
import { loadPolicyPackConfig } from "../../policy/engine/config";
import { evaluatePolicies } from "../../policy/engine/evaluate";
import type { CapturedResource } from "../../policy/engine/types";
import { runGate } from "../../preview/gate";
import { gated } from "../support/captured";
import { analyzeAsTheCli, call, LEVEL_NAME, POLICY_DIR, sourcePackClient, withConfiguredPack } from "../support/source-pack";
import { EXPECTED, RAW_PROGRAMS } from "./raw-programs";

describe("the pack served by PolicyPack in a subprocess (CLI RPCs) ≡ the in-process engine", function () {
  this.timeout(120_000);
  let client: AnalyzerClient;

  before(async () => {
    // The source pack as the CLI serves it (test/support/source-pack.ts: one process shared with the awsx spec).
    client = await sourcePackClient();
  });

  after(() => {
    client?.close();
  });

  it("runs on exactly the pinned SDKs: the engine mirrors @pulumi/policy's server and @pulumi/pulumi's RPCs of these versions", () => {
    const pins = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")).dependencies;
    const installed = (pkg: string) =>
      String(JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version).replace(/^v/, "");
    assert.deepStrictEqual(
      [installed("@pulumi/policy"), installed("@pulumi/pulumi")],
      [pins["@pulumi/policy"], pins["@pulumi/pulumi"]],
      "the in-process engine is verified against these versions only; re-run this suite and review policy/engine/evaluate.ts before moving them",
    );
  });

  it("announces the pack's name, version and every policy with its level", async () => {
    const info = await call<pb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    assert.deepStrictEqual([info.getName(), info.getVersion()], ["dockyard-guard", "0.2.0"]);
    assert.deepStrictEqual(
      info
        .getPoliciesList()
        .map((p) => [p.getName(), LEVEL_NAME.get(p.getEnforcementlevel())])
        .sort(),
      allPolicies.map((p) => [p.name, p.enforcementLevel]).sort(),
    );
  });

  /**
   * Drives the served pack the way the CLI does (configure from the pack config, configureStack, then per
   * resource remediate → analyze, then analyzeStack) and returns its findings and remediations beside the
   * in-process engine's. The config translation mirrors policy/engine/config.ts by construction (see D13).
   */
  async function servedAndLocal(resources: CapturedResource[], config: PolicyPackConfig, stackTags: Record<string, string>) {
    const { findings: served, remediated } = await withConfiguredPack(client, config, stackTags, () => analyzeAsTheCli(client, resources));

    const report = await evaluatePolicies(allPolicies, { resources, config, stackTags });
    const local = report.violations.map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn} ${v.message}`);
    return {
      served: served.sort(),
      local: local.sort(),
      remediated: remediated.sort(),
      localRemediated: report.remediations.map((r) => `${r.policy} ${r.urn}`).sort(),
    };
  }

  it("with the prod config and tags, remediate → analyze → analyzeStack over the insecure program matches the engine", async () => {
    const config: PolicyPackConfig = loadPolicyPackConfig(path.join(POLICY_DIR, "config/prod.json"));
    const { capture } = await gated("insecure");
    const result = await servedAndLocal(
      capture.recorded.map((r) => r.resource),
      config,
      { environment: "prod" },
    );
    assert.deepStrictEqual(result.served, result.local);
    assert.deepStrictEqual(result.remediated, result.localRemediated);
    assert.ok(result.local.filter((l) => l.includes(" mandatory ")).length >= 15, "the insecure program must produce mandatory findings");
  });

  // The pack alone, on third-party programs: the served pack gives exactly the CLI's findings.
  for (const [program, expected] of Object.entries(EXPECTED)) {
    it(`${program}: the served pack (dev config) finds exactly what the CLI reports`, async () => {
      const config: PolicyPackConfig = loadPolicyPackConfig(path.join(POLICY_DIR, "config/dev.json"));
      const { capture } = await runGate({ projectDir: path.join(RAW_PROGRAMS, program), stack: "dev" });
      const resources = capture.recorded.map((r) => r.resource);
      const result = await servedAndLocal(resources, config, {});
      assert.deepStrictEqual(result.served, result.local);
      assert.deepStrictEqual(result.remediated, result.localRemediated);
      const byUrn = new Map(resources.map((r) => [r.urn, r.name]));
      const mandatory = result.served
        .filter((l) => l.split(" ")[1] === "mandatory")
        .map((l) => `${l.split(" ")[0]} ${byUrn.get(l.split(" ")[2])}`)
        .sort();
      assert.deepStrictEqual(mandatory, expected.mandatory);
    });
  }
});
