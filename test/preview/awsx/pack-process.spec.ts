/**
 * The resources awsx would create, judged by the real pack: `policy/` served by `run-policy-pack` in its own
 * process (the real `PolicyPack`, over gRPC, with the CLI's RPCs) must give the same findings on the expansion
 * of the awsx fixtures as the in-process engine the gate uses. (Never constructs PolicyPack in this process.)
 */
import * as assert from "assert";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { loadPolicyPackConfig } from "../../../policy/engine/config";
import { evaluatePolicies } from "../../../policy/engine/evaluate";
import type { CapturedResource } from "../../../policy/engine/types";
import { allPolicies } from "../../../policy/policies";
import { runGate } from "../../../preview/gate";
import { call, LEVEL_NAME, POLICY_DIR, sourcePackClient, struct, withConfiguredPack } from "../../support/source-pack";
import { program } from "./run-main";

function options(r: CapturedResource): pb.AnalyzerResourceOptions {
  const o = new pb.AnalyzerResourceOptions()
    .setProtect(r.options.protect)
    .setIgnorechangesList(r.options.ignoreChanges)
    .setAliasesList(r.options.aliases)
    .setAdditionalsecretoutputsList(r.options.additionalSecretOutputs)
    .setDeletebeforereplace(r.options.deleteBeforeReplace)
    .setDeletebeforereplacedefined(true);
  if (r.parent) o.setParent(r.parent);
  return o;
}

/** The CLI's sequence: remediate → analyze per resource, then analyzeStack; findings as `<policy> <level> <urn> <message>`. */
async function served(client: AnalyzerClient, resources: CapturedResource[]): Promise<{ findings: string[]; remediated: string[] }> {
  const findings: string[] = [];
  const remediated: string[] = [];
  for (const r of resources) {
    const req = new pb.AnalyzeRequest()
      .setType(r.type)
      .setUrn(r.urn)
      .setName(r.name)
      .setProperties(struct(r.inputs))
      .setOptions(options(r));
    for (const rem of (await call<pb.RemediateResponse>((cb) => client.remediate(req, cb))).getRemediationsList()) {
      remediated.push(`${rem.getPolicyname()} ${r.urn}`);
      const props = rem.getProperties();
      if (props) req.setProperties(props);
    }
    for (const d of (await call<pb.AnalyzeResponse>((cb) => client.analyze(req, cb))).getDiagnosticsList()) {
      findings.push(`${d.getPolicyname()} ${LEVEL_NAME.get(d.getEnforcementlevel())} ${r.urn} ${d.getMessage()}`);
    }
  }
  const stackReq = new pb.AnalyzeStackRequest().setResourcesList(
    resources.map((r) => {
      const ar = new pb.AnalyzerResource()
        .setType(r.type)
        .setUrn(r.urn)
        .setName(r.name)
        .setProperties(struct(r.outputs))
        .setOptions(options(r))
        .setDependenciesList(r.dependencies);
      if (r.parent) ar.setParent(r.parent);
      Object.entries(r.propertyDependencies).forEach(([k, urns]) =>
        ar.getPropertydependenciesMap().set(k, new pb.AnalyzerPropertyDependencies().setUrnsList(urns)),
      );
      return ar;
    }),
  );
  for (const d of (await call<pb.AnalyzeResponse>((cb) => client.analyzeStack(stackReq, cb))).getDiagnosticsList()) {
    findings.push(`${d.getPolicyname()} ${LEVEL_NAME.get(d.getEnforcementlevel())} ${d.getUrn()} ${d.getMessage()}`);
  }
  return { findings: findings.sort(), remediated: remediated.sort() };
}

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
      const remote = await withConfiguredPack(client, config, {}, () => served(client, expansion.resources));
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
