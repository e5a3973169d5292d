/**
 * Every argument of the component package is documented, and every optional one says what happens when it is
 * left out (`@default`). The arguments are the exported interfaces and type aliases named `…Args` in
 * `components/`, and every exported interface or alias they reach by name. Read syntactically (no type check, so
 * it runs in milliseconds); lists each property that breaks the rule.
 *
 *   npx ts-node --transpile-only scripts/check-arg-docs.ts      # prints the problems; exit 1 when there are any
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** One undocumented argument: `file:line`, the dotted property path and what is missing. */
export interface ArgDocProblem {
  readonly where: string;
  readonly property: string;
  readonly missing: "description" | "@default";
}

interface Declaration {
  readonly file: string;
  readonly source: ts.SourceFile;
  readonly node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
}

/** Problems in a set of sources (`fileName` → text); `fileName` is only used in `where`. */
export function argDocProblems(files: Readonly<Record<string, string>>): ArgDocProblem[] {
  const declarations = new Map<string, Declaration>();
  for (const [file, text] of Object.entries(files)) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    for (const node of source.statements) {
      const exported = ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported && (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)))
        declarations.set(node.name.text, { file, source, node });
    }
  }
  const problems: ArgDocProblem[] = [];
  const seen = new Set<string>();

  const visitDeclaration = (name: string): void => {
    const decl = declarations.get(name);
    if (decl === undefined || seen.has(name)) return;
    seen.add(name);
    if (ts.isInterfaceDeclaration(decl.node)) visitMembers(decl, decl.node.members, `${name}.`);
    else visitType(decl, decl.node.type, `${name}.`);
  };
  const visitMembers = (decl: Declaration, members: ts.NodeArray<ts.TypeElement>, prefix: string): void => {
    for (const member of members) {
      if (!ts.isPropertySignature(member)) continue;
      const name = `${prefix}${member.name.getText(decl.source)}`;
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      const described = docs.some(
        (d) => (typeof d.comment === "string" ? d.comment : (ts.getTextOfJSDocComment(d.comment) ?? "")).trim() !== "",
      );
      const where = `${decl.file}:${decl.source.getLineAndCharacterOfPosition(member.getStart(decl.source)).line + 1}`;
      if (!described) problems.push({ where, property: name, missing: "description" });
      const hasDefault = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === "default"));
      if (member.questionToken !== undefined && !hasDefault) problems.push({ where, property: name, missing: "@default" });
      if (member.type !== undefined) visitType(decl, member.type, `${name}.`);
    }
  };
  const visitType = (decl: Declaration, type: ts.TypeNode, prefix: string): void => {
    if (ts.isTypeLiteralNode(type)) visitMembers(decl, type.members, prefix);
    else if (ts.isArrayTypeNode(type)) visitType(decl, type.elementType, prefix);
    else if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) type.types.forEach((t) => visitType(decl, t, prefix));
    else if (ts.isTypeOperatorNode(type) || ts.isParenthesizedTypeNode(type)) visitType(decl, type.type, prefix);
    else if (ts.isTypeReferenceNode(type)) {
      // Named types of the package are checked where they are declared; generic arguments (Input<Foo>) are followed.
      visitDeclaration(type.typeName.getText(decl.source).split(".").pop() ?? "");
      (type.typeArguments ?? []).forEach((t) => visitType(decl, t, prefix));
    }
  };

  [...declarations.keys()]
    .filter((name) => name.endsWith("Args"))
    .sort()
    .forEach(visitDeclaration);
  return problems;
}

/** Problems in every `.ts` file under `dir` (recursively, skipping `dist` and `node_modules`). */
export function argDocProblemsIn(dir: string): ArgDocProblem[] {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "dist" && entry.name !== "node_modules") walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        files[path.relative(path.dirname(dir), full)] = fs.readFileSync(full, "utf8");
      }
    }
  };
  walk(dir);
  return argDocProblems(files);
}

/** `file:line property: no description` lines. */
export function formatArgDocProblems(problems: readonly ArgDocProblem[]): string {
  return problems
    .map(
      (p) =>
        `${p.where} ${p.property}: ${p.missing === "description" ? "no description" : "optional but no @default (say what happens when it is left out)"}`,
    )
    .join("\n");
}

if (require.main === module) {
  const problems = argDocProblemsIn(path.resolve(__dirname, "../components"));
  if (problems.length > 0) {
    console.error(`${formatArgDocProblems(problems)}\n${problems.length} undocumented argument(s) in components/`);
    process.exit(1);
  }
  console.log("every argument in components/ is documented, every optional one with @default");
}
