/**
 * The resources awsx would create, judged by the real pack: `policy/` served by `run-policy-pack` in its own
 * process (the real `PolicyPack`, over gRPC, with the CLI's RPCs) must give the same findings on the expansion
 * of the awsx fixtures as the in-process engine the gate uses. (Never constructs PolicyPack in this process.)
 */
import * as assert from "assert";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { loadPolicyPackConfig } from "../../../policy/engine/config";
import { evaluatePolicies } from "../../../policy/engine/evaluate";
import { allPolicies } from "../../../policy/policies";
import { runGate } from "../../../preview/gate";
import { analyzeAsTheCli, POLICY_DIR, sourcePackClient, withConfiguredPack } from "../../support/source-pack";
import { program } from "./run-main";

describe("awsx expansions judged by the pack served by PolicyPack in a subprocess ≡ the in-process engine", function () {
  this.timeout(180_000);
  let client: AnalyzerClient;
  const config: PolicyPackConfig = loadPolicyPackConfig(path.join(POLICY_DIR, "config/dev.json"));

  before(async () => {
    // The source pack as the CLI serves it (test/support/source-pack.ts: one process shared with
    // test/policy/pack-process.spec.ts); each test configures it with the dev config and no stack tags.
    client = await sourcePackClient();
  });

  after(() => {
    client?.close();
  });

  for (const fixture of ["awsx-defaults", "awsx-public-ip"]) {
    it(`${fixture}: the same findings and remediations over gRPC as in process`, async () => {
      const { expansion } = await runGate({ projectDir: program(fixture), stack: "dev" });
      const remote = await withConfiguredPack(client, config, {}, () => analyzeAsTheCli(client, expansion.resources));
      const report = await evaluatePolicies(allPolicies, { resources: expansion.resources, config });
      assert.deepStrictEqual(
        remote.findings,
        report.violations.map((v) => `${v.policy} ${v.enforcementLevel} ${v.urn} ${v.message}`).sort(),
      );
      assert.deepStrictEqual(remote.remediated, report.remediations.map((r) => `${r.policy} ${r.urn}`).sort());
      assert.ok(
        remote.findings.some((f) => f.includes(" mandatory ") && f.includes("awsx:")),
        "mandatory findings on awsx-created resources",
      );
    });
  }
});
