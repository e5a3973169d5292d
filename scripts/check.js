#!/usr/bin/env node
// `npm run check`: the typecheck and the type-aware lint over ONE TypeScript program. Run apart, `tsc` and
// typescript-eslint each build and type-check the same ~400 files (test/tsconfig.json includes the shipped code):
// ~20 s and ~35 s of CPU. Here the compiler's diagnostics come first, then ESLint runs with that very program
// (`parserOptions.programs`), so its type-aware rules read types the checker has already computed (~35 s in all).
//   node scripts/check.js            both (exit 1 if either fails; each failure is printed whole)
//   node scripts/check.js --types    the typecheck alone (`npm run typecheck`)
// `npm run lint` (plain `eslint .`) stays the way to lint alone or with --fix; all of them read eslint.config.mjs.
// `npm run check` starts it with bin/node-flags.js's TIERING_FLAGS (~5 s less CPU).
"use strict";
const path = require("node:path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PROJECT = path.join(ROOT, "test", "tsconfig.json");

function createProgram(project) {
  const parsed = ts.getParsedCommandLineOfConfigFile(project, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(`${path.relative(ROOT, project)}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    },
  });
  // As tsc does: JSDoc in TypeScript files is not parsed (no rule here reads it), ~1 s less over @pulumi/aws.
  const host = ts.createCompilerHost(parsed.options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    projectReferences: parsed.projectReferences,
    configFileParsingDiagnostics: parsed.errors,
    host,
  });
  return { program, rootNames: parsed.fileNames, diagnostics: [...parsed.errors, ...ts.getPreEmitDiagnostics(program)] };
}

/** tsc's own output format, so editors and CI logs read it the same way. */
function formatDiagnostics(diagnostics, project, color) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => "\n" };
  const format = color ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  return `${format(diagnostics, host)}\ntypecheck: ${diagnostics.length} error(s) in ${path.relative(ROOT, project)}\n`;
}

/**
 * ESLint with the given program. The repository's own project lints every file `eslint .` lints (each .ts file
 * is in test/tsconfig.json); another project (the lint probes) lints exactly its own files, ignores included.
 */
async function lint(program, rootNames, project) {
  const { ESLint } = require("eslint");
  const own = project === DEFAULT_PROJECT;
  const eslint = new ESLint({
    cwd: ROOT,
    ignore: own,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parserOptions: { programs: [program], project: null } } }],
  });
  const results = await eslint.lintFiles(own ? ["."] : rootNames);
  const text = await (await eslint.loadFormatter("stylish")).format(results);
  const ok = results.every((r) => r.errorCount === 0 && r.fatalErrorCount === 0);
  return { ok, results, text: ok ? text : `${text}lint: failed (eslint.config.mjs); \`npm run lint -- --fix\` fixes what it can\n` };
}

/**
 * The typecheck, then (unless `typesOnly`) the lint, over one program.
 * @param {{ project?: string, typesOnly?: boolean, color?: boolean }} [options] project defaults to test/tsconfig.json
 */
async function check(options = {}) {
  const project = path.resolve(ROOT, options.project ?? DEFAULT_PROJECT);
  const { program, rootNames, diagnostics } = createProgram(project);
  const types = {
    ok: diagnostics.length === 0,
    diagnostics,
    text: diagnostics.length ? formatDiagnostics(diagnostics, project, options.color) : "",
  };
  if (options.typesOnly) return { ok: types.ok, types, text: types.text };
  const linted = await lint(program, rootNames, project);
  return { ok: types.ok && linted.ok, types, lint: linted, text: types.text + linted.text };
}

module.exports = { check };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--project");
  check({ typesOnly: argv.includes("--types"), project: at >= 0 ? argv[at + 1] : undefined, color: process.stdout.isTTY }).then(
    (result) => {
      process.stdout.write(result.text);
      process.exitCode = result.ok ? 0 : 1;
    },
    (err) => {
      process.stderr.write(`check: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
