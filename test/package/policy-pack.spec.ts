/**
 * The policy pack installed on its own, as `pulumi preview --policy-pack <dir>` runs it: `npm pack policy/`,
 * extract the tarball into a directory outside the repository, give it only its own dependencies (what
 * `npm install` there would provide), start it with `run-policy-pack` as the CLI's analyzer plugin does, and ask
 * it over gRPC what it serves. A preloaded hook records every module a pack file resolves: none may leave the pack
 * except for its declared dependencies and Node built-ins, and the tarball's build (dist/, with its manifest) is what
 * starts — no TypeScript file of the pack is loaded (policy/compiled.js decides; test/policy/compiled-entry.spec.ts
 * proves each way it decides).
 *
 * Packed from a copy of policy/ (its sources, without node_modules or dist; ./package-builds.ts, once per content of
 * policy/): `npm pack` builds dist/, and building it in policy/ itself would swap files under anything else reading
 * policy/ meanwhile.
 */
import * as assert from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { allPolicies } from "../../policy/policies";
import { escapes, readGraph, type Resolution } from "./graph-check";
import { policyBuild } from "./package-builds";
import { extractAt, linkFromRepo, loadModule, readJson, REPO, scratchDir, type PackedTarball } from "./tarball";

/** Resolutions that reached a TypeScript file of the pack (one ts-node would compile): none when the build starts. */
function packSourceLoads(graph: readonly Resolution[], dir: string): Resolution[] {
  return graph.filter(
    (r) =>
      r.resolved?.startsWith(`${dir}${path.sep}`) &&
      r.resolved.endsWith(".ts") &&
      !r.resolved.includes(`${path.sep}node_modules${path.sep}`),
  );
}

interface PackManifest {
  name: string;
  version: string;
  main: string;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

describe("dockyard-guard installed from its npm tarball, alone", function () {
  this.timeout(180_000);
  let packed: PackedTarball;
  let dir: string;
  let manifest: PackManifest;
  let child: ChildProcess | undefined;
  let client: AnalyzerClient | undefined;
  let graphFile: string;
  let stderr = "";

  before(async () => {
    packed = (await policyBuild()).packed;
    dir = extractAt(packed.tarball, scratchDir("dockyard-guard-"));
    manifest = readJson<PackManifest>(path.join(dir, "package.json"));
    // What `npm install` in the installed pack would provide: its dependencies and devDependencies, nothing else.
    for (const dep of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) linkFromRepo(dir, dep);
    graphFile = path.join(scratchDir("dockyard-graph-"), "graph.jsonl");
    // Its own launch (~1.3 s of CPU: the compiled pack; ~13 s from the source, ts-node's type check;
    // scripts/launch-costs.ts), not the source pack the pack-process specs share (test/support/source-pack.ts): what
    // is proven here is the installed copy, with only its own dependencies, under the require-graph hook.
    const launcher = path.join(dir, "node_modules/@pulumi/pulumi/cmd/run-policy-pack");
    child = spawn(process.execPath, ["-r", path.join(__dirname, "require-graph.js"), launcher, "127.0.0.1:1", "."], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DOCKYARD_GRAPH_ROOT: dir, DOCKYARD_GRAPH_FILE: graphFile },
    });
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const first = out.split("\n")[0].trim();
        if (out.includes("\n") && /^\d+$/.test(first)) resolve(first);
      });
      child!.stderr!.on("data", (d: Buffer) => void (stderr += d.toString()));
      child!.on("exit", (code) =>
        reject(
          new Error(
            `the installed pack exited with ${code}:\n${stderr}\nresolutions that failed: ${JSON.stringify(readGraph(graphFile).filter((r) => r.error))}`,
          ),
        ),
      );
    });
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    child?.kill();
  });

  it("the tarball holds the pack's source, its manifest and tsconfigs, its entry and its build (dist/, with the build manifest); nothing else", () => {
    assert.deepStrictEqual(
      [packed.name, packed.version],
      ["dockyard-guard", readJson<PackManifest>(path.join(REPO, "policy/package.json")).version],
    );
    for (const f of [
      "PulumiPolicy.yaml",
      "package.json",
      "tsconfig.json",
      "tsconfig.build.json",
      "pack-entry.js",
      "compiled.js",
      "build-manifest.js",
      "build.js",
      "index.ts",
      "policies.ts",
      "aws-rules/index.ts",
      "rules/aws-limits.ts",
      "dist/build-manifest.json",
      "dist/package.json",
      "dist/index.js",
      "dist/policies.js",
      "dist/rules/aws-limits.js",
      "dist/aws-rules/index.js",
      "dist/aws-rules/index.d.ts",
      "CHANGELOG.md",
      "README.md",
    ]) {
      assert.ok(packed.files.includes(f), `${f} missing from ${packed.tarball}`);
    }
    assert.deepStrictEqual(
      packed.files.filter((f) => f.startsWith("config/") || f.startsWith("node_modules/") || f.includes("..")),
      [],
    );
  });

  it("serves the whole pack with its own version, as the CLI's analyzer plugin would see it", async () => {
    const info = await new Promise<pb.AnalyzerInfo>((resolve, reject) =>
      client!.getAnalyzerInfo(new Empty(), (err, res) => (err ? reject(err) : resolve(res))),
    );
    assert.deepStrictEqual([info.getName(), info.getVersion()], ["dockyard-guard", manifest.version]);
    assert.deepStrictEqual(
      info
        .getPoliciesList()
        .map((p) => p.getName())
        .sort(),
      allPolicies.map((p) => p.name).sort(),
    );
  });

  it("starts from the build: the entry loads dist/index.js and no TypeScript file of the pack is loaded", () => {
    assert.strictEqual(manifest.main, "pack-entry.js");
    const graph = readGraph(graphFile);
    assert.deepStrictEqual(
      graph.filter((r) => r.from === path.join(dir, "pack-entry.js")).map((r) => [r.request, r.resolved]),
      [
        ["./compiled", path.join(dir, "compiled.js")],
        [path.join(dir, "dist/index.js"), path.join(dir, "dist/index.js")],
      ],
    );
    assert.deepStrictEqual(packSourceLoads(graph, dir), []);
    // Every pack file that loaded anything is the entry, its decision (with the manifest rule it shares) or the build.
    const loaders = [...new Set(graph.map((r) => path.relative(dir, r.from)))];
    assert.deepStrictEqual(
      loaders.filter(
        (f) => !["pack-entry.js", "compiled.js", "build-manifest.js"].includes(f) && !(f.startsWith("dist/") && f.endsWith(".js")),
      ),
      [],
    );
  });

  it("negative control: a pack file compiled from TypeScript is reported", () => {
    const forged: Resolution[] = [
      { from: path.join(dir, "pack-entry.js"), request: path.join(dir, "index.ts"), resolved: path.join(dir, "index.ts") },
      { from: path.join(dir, "dist/index.js"), request: "./policies", resolved: path.join(dir, "dist/policies.js") },
    ];
    assert.deepStrictEqual(
      packSourceLoads(forged, dir).map((r) => r.resolved),
      [path.join(dir, "index.ts")],
    );
  });

  it("the compiled rules answer: a rolling service with a public IP gets exactly the pack's two findings, at their default levels", async () => {
    const service = new pb.AnalyzeRequest()
      .setType("aws:ecs/service:Service")
      .setUrn("urn:pulumi:dev::dockyard::aws:ecs/service:Service::api")
      .setName("api")
      .setProperties(
        Struct.fromJavaScript({
          launchType: "FARGATE",
          networkConfiguration: { assignPublicIp: true, subnets: ["subnet-1"], securityGroups: ["sg-1"] },
        }),
      )
      .setOptions(new pb.AnalyzerResourceOptions().setDeletebeforereplacedefined(true));
    const response = await new Promise<pb.AnalyzeResponse>((resolve, reject) =>
      client!.analyze(service, (err, res) => (err ? reject(err) : resolve(res))),
    );
    assert.deepStrictEqual(
      response.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]),
      [
        [
          "ecs-service-no-public-ip",
          pb.EnforcementLevel.MANDATORY,
          "ECS services and task sets must not assign public IP addresses to tasks.\n" +
            "networkConfiguration.assignPublicIp is true; set it to false and place the tasks in private subnets that reach ECR through a NAT gateway or VPC endpoints.",
        ],
        [
          "ecs-service-rolling-circuit-breaker",
          pb.EnforcementLevel.ADVISORY,
          "ECS services deployed with rolling updates should enable the deployment circuit breaker with rollback.\n" +
            "rolling deployment with deploymentCircuitBreaker not set; set deploymentCircuitBreaker: { enable: true, rollback: true }.",
        ],
      ],
    );
  });

  it("every module a pack file resolved is in the pack, a declared dependency or a Node built-in", () => {
    const graph = readGraph(graphFile);
    // The hook saw the pack's own imports (so an empty escape list means something): the rules reached aws-rules.
    assert.ok(
      graph.some((r) => r.from === path.join(dir, "dist/rules/aws-limits.js") && r.resolved === path.join(dir, "dist/aws-rules/index.js")),
      `aws-limits → aws-rules not recorded in ${graph.length} resolutions`,
    );
    assert.ok(graph.some((r) => r.request === "@pulumi/policy"));
    assert.deepStrictEqual(escapes(graph, dir, Object.keys(manifest.dependencies)), []);
  });

  it("negative control: a pack file reaching the repository's components, or an undeclared package, is reported", () => {
    const forged: Resolution[] = [
      {
        from: path.join(dir, "rules/aws-limits.ts"),
        request: "../../components/aws-rules",
        resolved: path.join(REPO, "components/aws-rules.ts"),
      },
      { from: path.join(dir, "rules/alb.ts"), request: "@pulumi/aws", error: "Cannot find module '@pulumi/aws'" },
      {
        from: path.join(dir, "rules/alb.ts"),
        request: "typescript",
        resolved: fs.realpathSync(path.join(dir, "node_modules/typescript/lib/typescript.js")),
      },
    ];
    assert.deepStrictEqual(
      escapes(forged, dir, Object.keys(manifest.dependencies)).map((r) => r.request),
      ["../../components/aws-rules", "@pulumi/aws", "typescript"],
    );
  });

  it("exports the pure rule modules (the ones @dockyard/components and the stacks apply) as built JavaScript", () => {
    assert.deepStrictEqual(Object.keys(manifest.exports).sort(), ["./aws-rules", "./package.json", "./rules/arn-scope", "./rules/secrets"]);
    // Resolved through the exports map from a program that installed the pack, as any consumer would.
    const consumer = scratchDir("dockyard-guard-consumer-");
    fs.mkdirSync(path.join(consumer, "node_modules"), { recursive: true });
    fs.symlinkSync(dir, path.join(consumer, "node_modules/dockyard-guard"), "dir");
    const resolved = require.resolve("dockyard-guard/aws-rules", { paths: [consumer] });
    assert.strictEqual(resolved, path.join(dir, "dist/aws-rules/index.js"));
    const rules = loadModule<typeof import("../../policy/aws-rules")>(resolved);
    assert.strictEqual(
      rules.checkTaskSize(256, 3000),
      "memory 3000 is not allowed with cpu 256; allowed memory for cpu 256: 512, 1024, 2048",
    );
    assert.throws(
      () => require.resolve("dockyard-guard/rules/aws-limits", { paths: [consumer] }),
      /ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/,
    );
  });
});
