/**
 * The loader defers @pulumi/pulumi's runtime/closure/codePaths.js (and with it npm's installer,
 * @npmcli/arborist) until a code-paths function is called. Start-up is a process-wide fact, so the start-up
 * cases run in a fresh process; the export check runs here.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const { functionExports } = require("../../loader/lazy-code-paths.js") as { functionExports: (text: string) => string[] | undefined };
/* eslint-enable @typescript-eslint/no-require-imports */

const REPO = path.resolve(__dirname, "..", "..");
const CODE_PATHS = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "runtime", "closure", "codePaths.js");

const script = `
  const loaded = () => Object.keys(require.cache).some((f) => f.includes("/node_modules/@npmcli/arborist/"));
  const pulumi = require("@pulumi/pulumi");
  const before = loaded();
  const codePaths = require("@pulumi/pulumi/runtime/closure/codePaths");
  codePaths.findWorkspaceRoot(process.cwd()).then((root) =>
    console.log(JSON.stringify({ before, after: loaded(), root, reExported: pulumi.runtime.computeCodePaths === codePaths.computeCodePaths })));`;

function run(loader: string[]): unknown {
  const r = spawnSync(process.execPath, [...loader, "-e", script], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe("fast loader: npm's installer loaded only when code paths are computed", function () {
  this.timeout(180_000);

  it("not at start-up under the loader; the deferred functions still work (and then load it)", () => {
    assert.deepStrictEqual(run(["-r", "./loader/register.js"]), { before: false, after: true, root: null, reExported: true });
  });

  it("negative control: without the loader the SDK loads it at start-up", () => {
    assert.deepStrictEqual(run([]), { before: true, after: true, root: null, reExported: true });
  });

  it("defers only a module whose every export is a function it declares (the SDK's codePaths.js is one)", () => {
    assert.deepStrictEqual(functionExports(fs.readFileSync(CODE_PATHS, "utf8")), ["computeCodePaths", "findWorkspaceRoot"]);
    const header = 'Object.defineProperty(exports, "__esModule", { value: true });\n';
    assert.deepStrictEqual(functionExports(`${header}async function f(a) {}\nexports.f = f;\n`), ["f"]);
    // Negative controls: a value export, an export under another name, another way of exporting.
    assert.strictEqual(functionExports(`${header}const x = 1;\nexports.x = x;\n`), undefined);
    assert.strictEqual(functionExports(`${header}function f() {}\nexports.g = f;\n`), undefined);
    assert.strictEqual(functionExports(`${header}function f() {}\nexports.f = f;\nmodule.exports.h = 1;\n`), undefined);
  });
});
