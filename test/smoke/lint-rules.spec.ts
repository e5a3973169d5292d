// The lint rules that guard correctness fire, and stay quiet on correct code: eslint.config.mjs is exercised on
// probes so a config edit that silently drops a rule fails here, not in a deploy.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { ESLint } from "eslint";
import type { Diagnostic } from "typescript";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS script (npm run check), no types
const { check } = require("../../scripts/check.js") as { check: (o: { project: string }) => Promise<CheckResult> };

interface CheckResult {
  ok: boolean;
  text: string;
  types: { diagnostics: Diagnostic[] };
  lint?: { results: ESLint.LintResult[] };
}

const ROOT = path.resolve(__dirname, "../..");
const PROBES = path.join(ROOT, "test/fixtures/lint");

/** `rule@line` for each message, sorted. */
function found(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) => r.messages.map((m) => `${m.ruleId ?? "parse"}@${m.line}`)).sort();
}

let probesRun: Promise<CheckResult> | undefined;
const probes = () => (probesRun ??= check({ project: path.join(PROBES, "tsconfig.json") }));

describe("lint rules (eslint.config.mjs)", function () {
  this.timeout(120_000);

  describe("type-aware rules", () => {
    // The probes' own small TypeScript program (test/fixtures/lint/tsconfig.json), built once by `npm run check`'s
    // code for these tests and the ones below; the rules and their options are the repository's.
    const fileResults = async (name: string) => (await probes()).lint!.results.filter((r) => path.basename(r.filePath) === name);

    it("reports a floating promise, a promise used as a condition and an Output in a template literal", async () => {
      assert.deepEqual(found(await fileResults("floating.ts")), [
        "@pulumi/no-output-in-template-literal@12",
        "@typescript-eslint/no-floating-promises@10",
        "@typescript-eslint/no-misused-promises@11",
      ]);
    });

    it("reports nothing for the same code written correctly (negative control)", async () => {
      const clean = await fileResults("clean.ts");
      assert.equal(clean.length, 1);
      assert.deepEqual(found(clean), []);
    });
  });

  describe("shipped code stays independent of the tests", () => {
    // Only the rules that need no type information: the probe text is not a file of any TypeScript program.
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { project: null, projectService: false } },
        rules: {
          "@typescript-eslint/no-floating-promises": "off",
          "@typescript-eslint/no-misused-promises": "off",
          "@pulumi/no-output-in-template-literal": "off",
          "@pulumi/no-output-instance-in-template-literal": "off",
        },
      },
    });
    const text = 'import { x } from "../test/support/x";\ndescribe("a", () => x);\nexport {};\n';

    it("refuses mocha globals and test imports in components/, stacks/, preview/, automation/ and policy/", async () => {
      for (const dir of ["components", "stacks", "preview", "automation", "policy"]) {
        const results = await eslint.lintText(text, { filePath: path.join(ROOT, dir, "probe.ts") });
        assert.deepEqual(found(results), ["no-restricted-globals@2", "no-restricted-imports@1"], dir);
      }
    });

    it("refuses an untyped property read in the pack's rules, accepts a typed one (negative control)", async () => {
      const probe = (read: string): string => `import { field } from "./util";\nexport const v = ${read};\n`;
      const untyped = await eslint.lintText(probe('field({}, "protocol")'), { filePath: path.join(ROOT, "policy/rules/probe.ts") });
      assert.deepEqual(found(untyped), ["no-restricted-syntax@2"]);
      const typed = await eslint.lintText(
        `import type * as aws from "@pulumi/aws";\n${probe('field<aws.lb.ListenerArgs>({}, "protocol")')}`,
        { filePath: path.join(ROOT, "policy/rules/probe.ts") },
      );
      assert.deepEqual(found(typed), []);
    });

    it("refuses a value import of @pulumi/aws's index in components/, allows a types-only one (negative control)", async () => {
      const lint = async (line: string, dir: string) =>
        found(await eslint.lintText(`${line}\nexport const v: unknown = aws;\n`, { filePath: path.join(ROOT, dir, "probe.ts") }));
      assert.deepEqual(await lint('import * as aws from "@pulumi/aws";', "components"), ["@typescript-eslint/no-restricted-imports@1"]);
      assert.deepEqual(await lint('import * as aws from "@pulumi/aws";', "components/deployment"), [
        "@typescript-eslint/no-restricted-imports@1",
      ]);
      assert.deepEqual(await lint('import * as aws from "./aws";', "components"), []);
      // Elsewhere the index is the program's own choice: stacks/ and users' programs import it as they like.
      assert.deepEqual(await lint('import * as aws from "@pulumi/aws";', "stacks"), []);
      const typesOnly = await eslint.lintText('import type * as aws from "@pulumi/aws";\nexport type R = aws.ecs.Service;\n', {
        filePath: path.join(ROOT, "components", "probe.ts"),
      });
      assert.deepEqual(found(typesOnly), []);
    });

    it("allows both in test/ (negative control)", async () => {
      assert.deepEqual(found(await eslint.lintText(text, { filePath: path.join(ROOT, "test/probe.spec.ts") })), []);
    });
  });

  describe("npm run check: the typecheck and the type-aware lint over one program (scripts/check.js)", () => {
    it("reports the compiler's errors and the type-aware rules' findings from the same program, and fails", async () => {
      const result = await probes();
      assert.equal(result.ok, false);
      const types = result.types.diagnostics.map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return `TS${d.code}@${path.basename(d.file?.fileName ?? "")}:${line}`;
      });
      // TS2801: the compiler, too, sees that a Promise used as a condition is always true.
      assert.deepEqual(types, ["TS2801@floating.ts:11", "TS2322@wrong-type.ts:2", "TS2322@wrong-type.ts:3"]);
      const floating = result.lint!.results.find((r) => r.filePath.endsWith("floating.ts"))!;
      assert.deepEqual(found([floating]), [
        "@pulumi/no-output-in-template-literal@12",
        "@typescript-eslint/no-floating-promises@10",
        "@typescript-eslint/no-misused-promises@11",
      ]);
      assert.match(result.text, /typecheck: 3 error\(s\) in test\/fixtures\/lint\/tsconfig\.json/);
      assert.match(result.text, /lint: failed \(eslint\.config\.mjs\)/);
    });

    it("passes a correctly written probe (negative control)", async () => {
      const result = await check({ project: path.join(PROBES, "tsconfig.clean.json") });
      assert.deepEqual({ ok: result.ok, text: result.text }, { ok: true, text: "" });
    });
  });
});
