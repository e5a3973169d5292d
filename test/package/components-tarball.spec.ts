/**
 * `@dockyard/components` as a consumer gets it: `npm pack components/` (its prepare builds `dist/`; of a copy, once
 * per content of components/ and policy/, shared with the provider spec: ./package-builds.ts), the tarball
 * extracted into a scratch Pulumi program in os.tmpdir() with the peer @pulumi packages linked from the repository
 * (offline), the program type-checked by tsc against the installed `.d.ts` (Node16 resolution, which honours the
 * exports map), then run under the repository's mock AWS and compared with the same program built from source.
 */
import * as assert from "node:assert";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import ts from "typescript";
import { runWithMocks, type RecordedResource } from "../support/run-program";
import { CONSUMER_PROGRAM, INTERNAL_PATH_PROGRAM, WRONG_ARG_PROGRAM } from "./consumer-program";
import { componentsBuild } from "./package-builds";
import { extractInto, linkFromRepo, loadModule, readJson, REPO, scratchDir, type PackedTarball } from "./tarball";

interface ComponentManifest {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  engines: Record<string, string>;
  files: string[];
}

type Program = () => Record<string, unknown>;

/** What a registration looks like for comparison: type, name, parent type and inputs. */
function summary(resources: readonly RecordedResource[]): string[] {
  const typeOf = new Map(resources.map((r) => [r.urn, r.type]));
  return resources
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => `${r.type} ${r.name} < ${r.parent === undefined ? "-" : (typeOf.get(r.parent) ?? "?")} ${JSON.stringify(r.inputs)}`)
    .sort();
}

function run(program: Program): Promise<RecordedResource[]> {
  return runWithMocks("dev", { "aws:region": "us-east-1" }, [], program).then((r) => r.resources);
}

describe("@dockyard/components installed from its npm tarball into a scratch program", function () {
  this.timeout(180_000);
  let packed: PackedTarball;
  let manifest: ComponentManifest;
  let scratch: string;
  let installed: string;
  let diagnostics: Map<string, readonly ts.Diagnostic[]>;
  let legacyDiagnostics: readonly ts.Diagnostic[];
  let legacyResolved: boolean;

  before(async () => {
    packed = (await componentsBuild()).packed;
    scratch = scratchDir("dockyard-consumer-");
    installed = extractInto(packed.tarball, scratch, "@dockyard/components");
    manifest = readJson<ComponentManifest>(path.join(installed, "package.json"));
    // What `npm install` of the tarball would bring: its dependencies (the deployment verifier's ECS client) and the peers.
    for (const peer of [...Object.keys(manifest.peerDependencies), ...Object.keys(manifest.dependencies), "@types/node"])
      linkFromRepo(scratch, peer);
    fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, main: "out/index.js" }));
    const files = {
      "index.ts": CONSUMER_PROGRAM.replace("<component package>", "@dockyard/components"),
      "internal-path.ts": INTERNAL_PATH_PROGRAM,
      "wrong-arg.ts": WRONG_ARG_PROGRAM,
    };
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(scratch, file), text);
    // tsc over the scratch program: CommonJS output, Node16 resolution (exports map and `types` condition honoured).
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      strict: true,
      skipLibCheck: true,
      types: ["node"],
      outDir: path.join(scratch, "out"),
      rootDir: scratch,
    };
    const tsProgram = ts.createProgram(
      Object.keys(files).map((f) => path.join(scratch, f)),
      options,
    );
    diagnostics = new Map(
      Object.keys(files).map((f) => [f, ts.getPreEmitDiagnostics(tsProgram, tsProgram.getSourceFile(path.join(scratch, f)))]),
    );
    const emitted = tsProgram.emit(tsProgram.getSourceFile(path.join(scratch, "index.ts")));
    assert.strictEqual(emitted.emitSkipped, false);
    // The older `node` resolution (Pulumi's TypeScript templates use it) ignores `exports`: it must find the
    // declarations through `types`.
    const node10 = ts.createProgram([path.join(scratch, "index.ts")], {
      ...options,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      noEmit: true,
    });
    legacyDiagnostics = ts.getPreEmitDiagnostics(node10, node10.getSourceFile(path.join(scratch, "index.ts")));
    legacyResolved = node10.getSourceFiles().some((f) => f.fileName === path.join(installed, "dist/components/index.d.ts"));
  });

  const messages = (file: string) =>
    (diagnostics.get(file) ?? []).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);

  it("ships compiled JavaScript and declarations only, with the exports map, peers and engines of a package", () => {
    assert.deepStrictEqual(
      [packed.name, packed.version],
      ["@dockyard/components", readJson<ComponentManifest>(path.join(REPO, "components/package.json")).version],
    );
    for (const f of [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/components/platform.js",
      "dist/policy/aws-rules/index.js",
    ]) {
      assert.ok(packed.files.includes(f), `${f} missing from ${packed.tarball}`);
    }
    assert.deepStrictEqual(
      packed.files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      [],
      "no TypeScript source",
    );
    assert.deepStrictEqual(
      packed.files.filter(
        (f) =>
          !/^(dist\/(components\/(?:[a-z-]+\/)?[a-z-]+|policy\/aws-rules\/[a-z-]+|policy\/rules\/(secrets|arn-scope))\.(js|d\.ts)|package\.json|README\.md|CHANGELOG\.md)$/.test(
            f,
          ),
      ),
      [],
      "only the components and the pack's exported pure rules",
    );
    assert.deepStrictEqual(manifest.exports["."], {
      types: "./dist/components/index.d.ts",
      require: "./dist/components/index.js",
      default: "./dist/components/index.js",
    });
    assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), [
      "@pulumi/aws",
      "@pulumi/awsx",
      "@pulumi/docker",
      "@pulumi/pulumi",
    ]);
    assert.deepStrictEqual(manifest.engines, readJson<ComponentManifest>(path.join(REPO, "package.json")).engines);
  });

  it("the pack's rules it carries are the pack's exported pure modules compiled, one for one (one source, in policy/)", () => {
    const source = [
      ...fs
        .readdirSync(path.join(REPO, "policy/aws-rules"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `aws-rules/${f}`),
      ...fs
        .readdirSync(path.join(REPO, "policy/rules"))
        .filter((f) => f === "secrets.ts" || f === "arn-scope.ts")
        .map((f) => `rules/${f}`),
    ].map((f) => f.replace(/\.ts$/, ".js"));
    const shipped = packed.files
      .filter((f) => f.startsWith("dist/policy/") && f.endsWith(".js"))
      .map((f) => f.slice("dist/policy/".length));
    assert.deepStrictEqual(
      shipped.filter((f) => !source.includes(f)),
      [],
      "only the pack's exported pure modules",
    );
    assert.ok(
      source.filter((f) => f.startsWith("aws-rules/")).every((f) => shipped.includes(f)),
      "every AWS rule module",
    );
  });

  it("every require in the shipped JavaScript is the package's own file, a declared (peer) dependency or a Node built-in", () => {
    const allowed = new Set([
      ...Object.keys(manifest.peerDependencies),
      ...Object.keys(manifest.dependencies),
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
    ]);
    const outside: string[] = [];
    for (const file of packed.files.filter((f) => f.endsWith(".js"))) {
      for (const [, request] of fs.readFileSync(path.join(installed, file), "utf8").matchAll(/(?<![.\w])require\("([^"]+)"\)/g)) {
        const pkg = request.startsWith("@") ? request.split("/").slice(0, 2).join("/") : request.split("/")[0];
        const inside =
          request.startsWith(".") && path.resolve(path.dirname(path.join(installed, file)), request).startsWith(installed + path.sep);
        if (!inside && !allowed.has(request) && !allowed.has(pkg)) outside.push(`${file}: ${request}`);
      }
    }
    assert.deepStrictEqual(outside, []);
  });

  it("tsc type-checks the scratch program against the installed .d.ts (node16 resolution, and the older node one)", () => {
    assert.deepStrictEqual(messages("index.ts"), []);
    assert.deepStrictEqual(
      legacyDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")),
      [],
    );
    assert.ok(legacyResolved, "node resolution reached dist/components/index.d.ts through `types`");
  });

  it("negative controls: an internal path does not resolve (types or runtime); a wrong arg type is refused", () => {
    assert.deepStrictEqual(
      messages("internal-path.ts").map((m) => m.split(":")[0]),
      ["TS2307"],
    );
    assert.match(messages("internal-path.ts")[0], /Cannot find module '@dockyard\/components\/dist\/components\/platform'/);
    assert.throws(
      () => require.resolve("@dockyard/components/dist/components/platform", { paths: [scratch] }),
      /not exported|ERR_PACKAGE_PATH_NOT_EXPORTED/,
    );
    assert.deepStrictEqual(messages("wrong-arg.ts"), ["TS2322: Type 'string' is not assignable to type 'number'."]);
  });

  it("runs under the mock AWS and registers what the source registers: the components, their children and inputs", async () => {
    const resolved = require.resolve("@dockyard/components", { paths: [scratch] });
    assert.strictEqual(resolved, path.join(installed, "dist/components/index.js"));
    const fromTarball = loadModule<{ program: Program }>(path.join(scratch, "out/index.js")).program;
    const fromSource = loadModule<typeof import("../../components/index")>(path.join(REPO, "components/index"));
    const installedApi = loadModule<typeof import("../../components/index")>(resolved);
    assert.notStrictEqual(installedApi.Platform, fromSource.Platform, "the scratch program must use the installed copy");
    const registered = await run(fromTarball);
    const byType = (type: string) => registered.filter((r) => r.type === type);
    assert.deepStrictEqual(
      [installedApi.Platform.TYPE, installedApi.FargateService.TYPE].map((t) => byType(t).map((r) => r.name)),
      [["shop"], ["api"]],
    );
    const task = byType("aws:ecs/taskDefinition:TaskDefinition");
    assert.deepStrictEqual(
      task.map((r) => [r.name, r.inputs.cpu, r.inputs.memory, r.inputs.requiresCompatibilities]),
      [["api-task", "512", "1024", ["FARGATE"]]],
    );
    const rule = byType("aws:lb/listenerRule:ListenerRule");
    assert.deepStrictEqual(
      rule.map((r) => [r.name, r.inputs.priority]),
      [["api-rule", 100]],
    );
    const service = byType("aws:ecs/service:Service");
    assert.deepStrictEqual(
      service.map((r) => [r.name, (r.inputs.networkConfiguration as { assignPublicIp: boolean }).assignPublicIp]),
      [["api-svc", false]],
    );
    assert.deepStrictEqual(
      byType("aws:ecs/cluster:Cluster").map((r) => r.name),
      ["shop-cluster"],
    );

    // The same program compiled from the repository's source registers exactly the same resources and inputs.
    const sourceFile = path.join(scratchDir("dockyard-source-"), "index.ts");
    fs.writeFileSync(sourceFile, CONSUMER_PROGRAM.replace("<component package>", path.join(REPO, "components/index")));
    const js = ts.transpileModule(fs.readFileSync(sourceFile, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    fs.writeFileSync(sourceFile.replace(/\.ts$/, ".js"), js);
    const fromRepo = loadModule<{ program: Program }>(sourceFile.replace(/\.ts$/, ".js")).program;
    // Except the verifier's `__provider` text: the same code, bundled from the shipped JavaScript rather than from
    // the TypeScript source (the engine does not redeploy for a provider-text-only change).
    const sameProvider = (lines: string[]) => lines.map((l) => l.replace(/"__provider":"(?:[^"\\]|\\.)*"/, '"__provider":"<bundle>"'));
    const installedRun = summary(registered);
    assert.ok(
      installedRun.some((l) => l.includes('"__provider":"')),
      "the installed copy registers the deployment verifier",
    );
    assert.deepStrictEqual(sameProvider(installedRun), sameProvider(summary(await run(fromRepo))));
  });
});
