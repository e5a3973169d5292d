/**
 * The contract between the offline gate and @pulumi/pulumi's internal modules: every internal entry point the gate
 * hooks, replaces or calls (preview/capture/*, decode, the awsx expansion) exists in the installed SDK with the
 * shape the gate relies on. The SDK does not promise these; an upgrade that changes one fails here, naming it,
 * instead of leaving a hook that is never called (a run watch that sees nothing) or a replacement that never runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const internal = (module: string): Record<string, unknown> => require(`@pulumi/pulumi/${module}`) as Record<string, unknown>;
const SDK_VERSION = (require("@pulumi/pulumi/package.json") as { version: string }).version;
/* eslint-enable @typescript-eslint/no-require-imports */

const REPO = path.resolve(__dirname, "../..");
const ADAPTER = path.join(REPO, "preview/capture/sdk.ts");
/**
 * The gate and what runs it in process. (test/support/source-pack.ts speaks the analyzer's gRPC protocol to a pack
 * process, whose generated messages are the protocol itself, and bench/verifier-provider.bench.ts times the SDK's
 * closure serialization: neither hooks the SDK.)
 */
const GATE_FILES = (): string[] => [
  ...["preview", "policy", "loader"].flatMap((dir) => sourceFiles(path.join(REPO, dir))),
  ...["bench/preview.bench.ts", "test/support/run-program.ts"].map((file) => path.join(REPO, file)),
];

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name) && !e.parentPath.includes("node_modules") && !e.parentPath.includes("fixtures"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Internal SDK modules (and the SDK's protobuf runtime) a source file imports or requires. */
function internalImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\brequire\(\s*)["']((?:@pulumi\/pulumi\/|google-protobuf)[^"']*)["']/g)].map((m) => m[1]!);
}

/** [module, export, what the gate does with it, the check]. */
const CONTRACT: [string, string, string, (value: unknown) => boolean][] = [
  ["runtime/resource", "registerResource", "the run watch hooks it (every Resource constructor calls it)", isFunction],
  ["runtime/resource", "readResource", "the run watch hooks it (Resource.get)", isFunction],
  ["runtime", "invoke", "the run watch hooks provider-function calls", isFunction],
  ["runtime", "invokeOutput", "the run watch hooks provider-function calls", isFunction],
  ["runtime", "invokeSingle", "the run watch hooks provider-function calls", isFunction],
  ["runtime", "invokeSingleOutput", "the run watch hooks provider-function calls", isFunction],
  ["runtime/debuggable", "debuggablePromise", "replaced by the lean bookkeeping during a capture", isFunction],
  ["runtime/debuggable", "leakedPromises", "the stall message's leak report", isFunction],
  ["runtime/state", "getStore", "the lean bookkeeping adds to its leakCandidates", isFunction],
  ["runtime/stack", "runInPulumiStack", "runs the program as the language host does", isFunction],
  ["runtime/settings", "disconnect", "drains outstanding RPCs after the program", isFunction],
  ["runtime/settings", "getMonitor", "the recorder wraps the mock monitor", isFunction],
  ["runtime/mocks", "MockMonitor", "the recorder checks it is wrapping the mock monitor", isFunction],
  ["runtime/rpc", "specialSigKey", "decodes wire values", isString],
  ["runtime/rpc", "specialSecretSig", "decodes secrets", isString],
  ["runtime/rpc", "specialResourceSig", "decodes resource references", isString],
  ["runtime/rpc", "specialAssetSig", "decodes assets", isString],
  ["runtime/rpc", "specialArchiveSig", "decodes archives", isString],
];

function isFunction(value: unknown): boolean {
  return typeof value === "function";
}
function isString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

describe(`@pulumi/pulumi ${SDK_VERSION} internals the gate relies on`, () => {
  for (const [module, name, use, ok] of CONTRACT) {
    it(`${module}.${name}: ${use}`, () => {
      assert.ok(ok(internal(module)[name]), `@pulumi/pulumi/${module} no longer exports ${name} as the gate expects (${use})`);
    });
  }

  it("Resource.callsites and Resource.framePositionRegExp: the cheap call sites replace the one and parse with the other", () => {
    const { Resource } = internal("resource") as { Resource: { callsites?: unknown; framePositionRegExp?: unknown; stackTrace?: unknown } };
    assert.strictEqual(typeof Resource.callsites, "function");
    assert.ok(Resource.framePositionRegExp instanceof RegExp);
    // The SDK reaches callsites through the class (stackTrace calls `Resource.callsites()`), so replacing it takes effect.
    assert.match(String(Resource.stackTrace), /Resource\.callsites\(\)/);
    // The cheap stackTrace repeats the SDK's body; the constructor reaches it through the class too.
    assert.match(String(Resource.stackTrace), /url\.pathToFileURL\(file\)\.toString\(\)/);
    assert.match(fs.readFileSync(require.resolve("@pulumi/pulumi/resource.js"), "utf8"), /const stackTrace = Resource\.stackTrace\(4\);/);
  });

  it("registerResource and readResource take the stack trace where the run watch leaves it out (index 10 and 7)", () => {
    const params = (fn: unknown) => /^function \w+\(([^)]*)\)/.exec(String(fn))![1]!.split(", ");
    const runtimeResource = internal("runtime/resource");
    assert.strictEqual(params(runtimeResource["registerResource"]).indexOf("stackTrace"), 10);
    assert.strictEqual(params(runtimeResource["readResource"]).indexOf("stackTrace"), 7);
  });

  it("the store holds the leak candidates as a Set; debuggablePromise adds to it and removes a settled promise", async () => {
    const store = (internal("runtime/state") as { getStore(): { leakCandidates?: unknown } }).getStore();
    assert.ok(store.leakCandidates instanceof Set);
    const { debuggablePromise } = internal("runtime/debuggable") as {
      debuggablePromise(p: Promise<unknown>, ctx: string): Promise<unknown>;
    };
    let release: () => void = () => undefined;
    const pending = new Promise<void>((resolve) => (release = resolve));
    const wrapped = debuggablePromise(pending, "contract");
    assert.ok((store.leakCandidates as Set<unknown>).has(pending));
    release();
    await wrapped;
    assert.ok(!(store.leakCandidates as Set<unknown>).has(pending));
  });

  it("an Output keeps its own promise(): the attribute-read watch replaces it on the Output, and calls see the replacement", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const output = pulumi.output(1);
    const out = output as unknown as { promise(withUnknowns?: boolean): Promise<unknown> };
    assert.ok(Object.prototype.hasOwnProperty.call(out, "promise"));
    const own = out.promise;
    let calls = 0;
    out.promise = (withUnknowns?: boolean) => {
      calls++;
      return own.call(out, withUnknowns);
    };
    const applied = output.apply((v) => v + 1) as unknown as { promise(): Promise<unknown> };
    assert.strictEqual(await applied.promise(), 2);
    assert.ok(calls > 0);
  });

  it("the SDK calls what the gate replaces through the module object, so the replacement is the one it calls", () => {
    const source = (module: string) => fs.readFileSync(require.resolve(`@pulumi/pulumi/${module}`), "utf8");
    assert.match(source("resource.js"), /resource_1\.registerResource\(/);
    assert.match(source("resource.js"), /resource_1\.readResource\(/);
    assert.match(source("runtime/rpc.js"), /debuggable_1\.debuggablePromise\(/);
    assert.match(source("runtime/resource.js"), /debuggable_1\.debuggablePromise\(/);
    // The lean Structs (preview/capture/lean-structs.ts): the registration's and the mock monitor's conversions.
    assert.match(source("runtime/resource.js"), /req\.setObject\(gstruct\.Struct\.fromJavaScript\(/);
    assert.match(source("runtime/mocks.js"), /response\.setObject\(structproto\.Struct\.fromJavaScript\(/);
    assert.match(source("runtime/rpc.js"), /const outputs = outputsStruct\.toJavaScript\(\);/);
  });

  it("preview/capture/sdk.ts is the only file of the gate (and of what runs it in process) that names an internal module", () => {
    const offenders = GATE_FILES()
      .filter((file) => file !== ADAPTER)
      .flatMap((file) => internalImports(fs.readFileSync(file, "utf8")).map((name) => `${path.relative(REPO, file)}: ${name}`));
    assert.deepStrictEqual(offenders, []);
    // The adapter itself names them (negative control: the scan finds imports and requires alike).
    assert.ok(internalImports(fs.readFileSync(ADAPTER, "utf8")).length >= 8);
    assert.deepStrictEqual(
      internalImports('import { x } from "@pulumi/pulumi/runtime/rpc";\nconst y = require("google-protobuf/google/protobuf/struct_pb");'),
      ["@pulumi/pulumi/runtime/rpc", "google-protobuf/google/protobuf/struct_pb"],
    );
    assert.deepStrictEqual(internalImports('import * as pulumi from "@pulumi/pulumi";\n// see @pulumi/pulumi/resource.js'), []);
  });

  it("negative control: a missing export fails the check", () => {
    assert.ok(!isFunction(internal("runtime/resource")["noSuchEntryPoint"]));
    assert.ok(!isString(internal("runtime/rpc")["noSuchSig"]));
  });
});
