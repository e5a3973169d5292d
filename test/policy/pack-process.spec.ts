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
import { allPolicies, PACK_NAME, PACK_VERSION } from "../../policy/policies";
import { loadPolicyPackConfig } from "../../policy/engine/config";
import { evaluatePolicies } from "../../policy/engine/evaluate";
import type { CapturedResource, PolicyReport } from "../../policy/engine/types";
import { PACK, runGate } from "../../preview/gate";
import { gated } from "../support/captured";
import { analyzeAsTheCli, call, LEVEL_NAME, POLICY_DIR, sourcePackClient, struct, withConfiguredPack } from "../support/source-pack";
import { res, UNKNOWN } from "./harness";
import { EXPECTED, RAW_PROGRAMS } from "./raw-programs";

/** The version in `policy/package.json` on disk: the one field `PolicyPack` reads (from the pack's directory) to announce itself. */
const versionOnDisk = (): string =>
  (JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as { version: string }).version;

/** The `<version>` of `policy pack 'dockyard-guard@v<version>'` in a server or engine message, or undefined. */
const versionInMessage = (message: string): string | undefined => /policy pack 'dockyard-guard@v([^']*)'/.exec(message)?.[1];

/** Every reader whose version is not `expected`, as `<reader>: <version>`; a reader that saw no version is one too. */
function disagreeing(expected: string, seen: Record<string, (string | undefined)[]>): string[] {
  return Object.entries(seen).flatMap(([reader, versions]) =>
    versions.length === 0 ? [`${reader}: none`] : versions.filter((v) => v !== expected).map((v) => `${reader}: ${String(v)}`),
  );
}

/** The versions an in-process engine report carries: on each violation, and in each skipped run's message. */
const engineVersions = (report: PolicyReport) => ({
  "engine violations": report.violations.map((v) => v.policyPackVersion),
  "engine messages": report.skipped.map((s) => versionInMessage(s.reason)),
});

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
    assert.deepStrictEqual([info.getName(), info.getVersion()], ["dockyard-guard", versionOnDisk()]);
    assert.deepStrictEqual(
      info
        .getPoliciesList()
        .map((p) => [p.getName(), LEVEL_NAME.get(p.getEnforcementlevel())])
        .sort(),
      allPolicies.map((p) => [p.name, p.enforcementLevel]).sort(),
    );
  });

  it("announces one version, policy/package.json's: to the CLI, on its diagnostics and in its messages, as the engine and the gate do", async () => {
    const onDisk = versionOnDisk();
    assert.match(onDisk, /^\d+\.\d+\.\d+$/);
    const info = await call<pb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    // A task definition in preview: one definite violation (no FARGATE/awsvpc), and runs skipped on its unknown
    // container definitions, whose messages name the pack with its version.
    const pending = res("aws:ecs/taskDefinition:TaskDefinition", "pending", { containerDefinitions: UNKNOWN.string });
    const request = new pb.AnalyzeRequest()
      .setType(pending.type)
      .setUrn(pending.urn)
      .setName(pending.name)
      .setProperties(struct(pending.inputs))
      .setOptions(new pb.AnalyzerResourceOptions());
    const served = await withConfiguredPack(client, {}, {}, () => call<pb.AnalyzeResponse>((cb) => client.analyze(request, cb)));
    const diagnostics = served.getDiagnosticsList();
    const report = await evaluatePolicies(allPolicies, { resources: [pending] });
    const seen = {
      "policy/package.json": [onDisk],
      "CLI (getAnalyzerInfo)": [info.getVersion()],
      "served diagnostics": diagnostics.map((d) => d.getPolicypackversion()),
      "served messages": diagnostics
        .map((d) => d.getMessage())
        .filter((m) => m.startsWith("can't run"))
        .map(versionInMessage),
      ...engineVersions(report),
      "PACK_VERSION (policy/pack-info.ts)": [PACK_VERSION],
      "the gate (preview/gate.ts PACK)": [PACK.version],
    };
    assert.deepStrictEqual(disagreeing(onDisk, seen), []);
    assert.deepStrictEqual(
      [report.violations.length, report.skipped.length, diagnostics.length],
      [1, 5, 6],
      "the probe must produce both a violation and skipped runs, served and in-process",
    );
    // Negative control: an engine announcing another version is caught on both its violations and its messages.
    const other = await evaluatePolicies(allPolicies, { resources: [pending], pack: { name: PACK_NAME, version: "9.9.9" } });
    assert.deepStrictEqual(disagreeing(onDisk, engineVersions(other)), [
      "engine violations: 9.9.9",
      "engine messages: 9.9.9",
      "engine messages: 9.9.9",
      "engine messages: 9.9.9",
      "engine messages: 9.9.9",
      "engine messages: 9.9.9",
    ]);
    // …and a reader that shows no version at all fails the check too.
    assert.deepStrictEqual(disagreeing(onDisk, { "a message without the pack": [versionInMessage("boom")] }), [
      "a message without the pack: undefined",
    ]);
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
