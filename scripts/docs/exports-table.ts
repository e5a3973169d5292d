/**
 * The README's table of what the component package exports, read from `components/index.ts` and the files it
 * re-exports (syntactically: names, kinds and the first sentence of each JSDoc), so the docs list exactly the
 * public API.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** One exported name. */
export interface ExportedName {
  readonly name: string;
  readonly kind: "class" | "function" | "const" | "interface" | "type" | "enum";
  readonly summary: string;
}

function kindOf(node: ts.Statement): ExportedName["kind"] | undefined {
  if (ts.isClassDeclaration(node)) return "class";
  if (ts.isFunctionDeclaration(node)) return "function";
  if (ts.isVariableStatement(node)) return "const";
  if (ts.isInterfaceDeclaration(node)) return "interface";
  if (ts.isTypeAliasDeclaration(node)) return "type";
  if (ts.isEnumDeclaration(node)) return "enum";
  return undefined;
}

function summaryOf(node: ts.Node): string {
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).pop();
  const text = doc === undefined ? "" : typeof doc.comment === "string" ? doc.comment : (ts.getTextOfJSDocComment(doc.comment) ?? "");
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.*?\.)(\s|$)/.exec(flat)?.[1] ?? flat;
  const short = sentence.length > 160 ? `${sentence.slice(0, 157).replace(/\s+\S*$/, "")} …` : sentence;
  return short.replace(/\|/g, "\\|");
}

function resolveModule(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${from}: cannot resolve "${spec}"`);
}

/** The names a module exports (declarations, `export *` and `export { … } from` followed), sorted by name. */
export function exportedNames(file: string, cache = new Map<string, ExportedName[]>()): ExportedName[] {
  const known = cache.get(file);
  if (known !== undefined) return known;
  cache.set(file, []); // an import cycle contributes nothing twice
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const local = new Map<string, ExportedName>();
  for (const node of source.statements) {
    const kind = kindOf(node);
    if (kind !== undefined) {
      const names = ts.isVariableStatement(node)
        ? node.declarationList.declarations.map((d) => d.name.getText(source))
        : [(node as ts.DeclarationStatement).name?.getText(source) ?? ""];
      for (const name of names) local.set(name, { name, kind, summary: summaryOf(node) });
    }
  }
  const out: ExportedName[] = [];
  for (const node of source.statements) {
    const kind = kindOf(node);
    const exported = ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (kind !== undefined && exported) {
      const names = ts.isVariableStatement(node)
        ? node.declarationList.declarations.map((d) => d.name.getText(source))
        : [(node as ts.DeclarationStatement).name?.getText(source) ?? ""];
      names.forEach((n) => out.push(local.get(n) ?? { name: n, kind, summary: "" }));
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolveModule(file, node.moduleSpecifier.text);
      const theirs = exportedNames(target, cache);
      if (node.exportClause === undefined) out.push(...theirs);
      else if (ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) {
          const original = (el.propertyName ?? el.name).text;
          const found = theirs.find((e) => e.name === original);
          if (found !== undefined) out.push({ ...found, name: el.name.text });
        }
      }
    }
  }
  const result = [...new Map(out.map((e) => [e.name, e])).values()].sort((a, b) => a.name.localeCompare(b.name));
  cache.set(file, result);
  return result;
}

/** Markdown table of the package's exports. */
export function exportsTable(indexFile: string): string {
  const rows = exportedNames(indexFile).map((e) => `| \`${e.name}\` | ${e.kind} | ${e.summary} |`);
  return ["| Export | Kind | What it is |", "|---|---|---|", ...rows].join("\n");
}
