/**
 * The repository's pack (`policy/`) served exactly as `pulumi preview --policy-pack policy` serves it (started by
 * ./source-pack-launch.ts: `run-policy-pack`, which type-checks the pack with ts-node and serves the real
 * `PolicyPack` over gRPC), shared by the specs that drive it with the CLI's RPCs (test/policy/pack-process.spec.ts,
 * test/preview/awsx/pack-process.spec.ts). Each start costs ~13 s of CPU (the ts-node type-check); a second one
 * would prove nothing the first does not. One per run when the global fixture (./source-pack-fixture.ts) is
 * loaded, in mocha's main process, whatever the number of workers; else one per test process, on demand.
 *
 * The served pack keeps state between calls (the last `configure` and `configureStack`): a spec sets both before
 * it analyzes (`withConfiguredPack`), never relying on another spec's. Each spec opens and closes its own client.
 */
import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import type { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { allPolicies } from "../../policy/policies";
import type { CapturedResource } from "../../policy/engine/types";
import { lock } from "./dir-lock";
import { requestFile, SOURCE_PACK_FILE_ENV, type SourcePackRecord } from "./source-pack-fixture";
import { launchSourcePack } from "./source-pack-launch";

export { POLICY_DIR } from "./source-pack-launch";

export const LEVEL: Record<EnforcementLevel, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  remediate: pb.EnforcementLevel.REMEDIATE,
  disabled: pb.EnforcementLevel.DISABLED,
};
export const LEVEL_NAME = new Map(Object.entries(LEVEL).map(([k, v]) => [v, k]));

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;
/** One unary RPC as a promise. */
export function call<Res>(start: (cb: Callback<Res>) => void): Promise<Res> {
  return new Promise((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
}

/** A JSON value as a protobuf Struct (through JSON, as the CLI marshals property values). */
export const struct = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

let serving: Promise<string> | undefined;

/**
 * The address (`127.0.0.1:<port>`) of the source pack: the run's shared one when the global fixture serves it
 * (./source-pack-fixture.ts), else this process's own, started on the first call.
 */
export function sourcePackAddress(): Promise<string> {
  const file = process.env[SOURCE_PACK_FILE_ENV];
  if (file !== undefined) return sharedAddress(file);
  if (serving === undefined) {
    const pack = launchSourcePack();
    // Stopped when the test process is done: on `beforeExit` (the event loop drained; waiting for the exit lets
    // the process reap it, so its CPU shows in the test process's rusage), else on `exit` (mocha --exit).
    const stop = () => void pack.stop();
    process.once("beforeExit", stop);
    void pack.exited.then(() => {
      process.removeListener("beforeExit", stop);
      // A later spec starts a fresh one rather than calling a dead address.
      if (serving === pack.address) serving = undefined;
    });
    process.once("exit", () => void pack.stop());
    serving = pack.address;
  }
  return serving;
}

/** Asks the fixture for the shared pack and waits for its record (the pack type-checks for ~10 s on its first start). */
async function sharedAddress(file: string): Promise<string> {
  if (!fs.existsSync(file)) fs.writeFileSync(requestFile(file), String(process.pid));
  const deadline = Date.now() + 110_000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline)
      throw new Error(`the shared policy pack (test/support/source-pack-fixture.ts) did not record an address in ${file} within 110 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as SourcePackRecord;
  if ("error" in record) throw new Error(record.error);
  return record.address;
}

/** A client of the served source pack; the caller closes it. */
export async function sourcePackClient(): Promise<AnalyzerClient> {
  return new AnalyzerClient(await sourcePackAddress(), grpc.credentials.createInsecure());
}

/**
 * Configures the pack as the CLI does with `--policy-pack-config` and the stack's tags, then runs `body` (the
 * analyze calls), with the pack to itself: under the global fixture the workers of a parallel run share it, and
 * its configuration is one global state, so a cross-process lock makes configure + analyze one unit.
 */
export async function withConfiguredPack<T>(
  client: AnalyzerClient,
  config: PolicyPackConfig,
  stackTags: Record<string, string>,
  body: () => Promise<T>,
): Promise<T> {
  const file = process.env[SOURCE_PACK_FILE_ENV];
  const release = file === undefined ? () => undefined : await lock(`${file}.lock`);
  try {
    await configurePack(client, config, stackTags);
    return await body();
  } finally {
    release();
  }
}

/** One PolicyPack config per policy (level and properties), then `configureStack` (empty tags: the initial state). */
async function configurePack(client: AnalyzerClient, config: PolicyPackConfig, stackTags: Record<string, string>): Promise<void> {
  const configure = new pb.ConfigureAnalyzerRequest();
  for (const p of allPolicies) {
    const entry = config[p.name];
    const level: EnforcementLevel = (typeof entry === "string" ? entry : entry?.enforcementLevel) ?? p.enforcementLevel ?? "advisory";
    const properties = typeof entry === "object" ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel")) : {};
    configure.getPolicyconfigMap().set(p.name, new pb.PolicyConfig().setEnforcementlevel(LEVEL[level]).setProperties(struct(properties)));
  }
  await call<Empty>((cb) => client.configure(configure, cb));
  const tagsRequest = new pb.AnalyzerStackConfigureRequest();
  Object.entries(stackTags).forEach(([k, v]) => tagsRequest.getTagsMap().set(k, v));
  await call<pb.AnalyzerStackConfigureResponse>((cb) => client.configureStack(tagsRequest, cb));
}

/** A captured resource's options as the CLI sends them to an analyzer. */
function analyzerOptions(r: CapturedResource): pb.AnalyzerResourceOptions {
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

/**
 * The CLI's sequence against a configured pack: per resource remediate → analyze (with the remediated
 * properties), then analyzeStack. Findings as `<policy> <level> <urn> <message>`, remediations as
 * `<policy> <urn>`, both sorted.
 */
export async function analyzeAsTheCli(
  client: AnalyzerClient,
  resources: CapturedResource[],
): Promise<{ findings: string[]; remediated: string[] }> {
  const findings: string[] = [];
  const remediated: string[] = [];
  for (const r of resources) {
    const req = new pb.AnalyzeRequest()
      .setType(r.type)
      .setUrn(r.urn)
      .setName(r.name)
      .setProperties(struct(r.inputs))
      .setOptions(analyzerOptions(r));
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
        .setOptions(analyzerOptions(r))
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
