/**
 * `aws.iam.getPolicyDocument` rendered the way the AWS provider renders it: pretty JSON with `Version`,
 * `Statement[]` (`Sid`, `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`,
 * `NotPrincipal`, `Condition`), one-element lists collapsed to a string and longer lists sorted descending
 * (the provider's `policyDecodeConfigStringList`). Policies see real JSON, exactly as in a real preview.
 */
type Json = Record<string, unknown>;

interface PrincipalInput {
  type?: string;
  identifiers?: string[];
}
interface ConditionInput {
  test?: string;
  variable?: string;
  values?: string[];
}
interface StatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalInput[];
  notPrincipals?: PrincipalInput[];
  conditions?: ConditionInput[];
}

function stringList(values: string[] | undefined): string | string[] | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  return [...values].sort().reverse();
}

function principals(list: PrincipalInput[] | undefined): unknown {
  if (!list || list.length === 0) return undefined;
  if (list.length === 1 && list[0].type === "*") return "*";
  const out: Json = {};
  for (const p of list) {
    const merged = [...((out[p.type ?? ""] as string[] | undefined) ?? []), ...(p.identifiers ?? [])];
    out[p.type ?? ""] = merged;
  }
  for (const key of Object.keys(out)) out[key] = stringList(out[key] as string[]);
  return out;
}

function conditions(list: ConditionInput[] | undefined): unknown {
  if (!list || list.length === 0) return undefined;
  const out: Record<string, Json> = {};
  for (const c of list) {
    const test = (out[c.test ?? ""] ??= {});
    test[c.variable ?? ""] = stringList(c.values ?? []);
  }
  return out;
}

function renderStatement(s: StatementInput): Json {
  const rendered: Json = {
    Sid: s.sid || undefined,
    Effect: s.effect ?? "Allow",
    Action: stringList(s.actions),
    NotAction: stringList(s.notActions),
    Resource: stringList(s.resources),
    NotResource: stringList(s.notResources),
    Principal: principals(s.principals),
    NotPrincipal: principals(s.notPrincipals),
    Condition: conditions(s.conditions),
  };
  return Object.fromEntries(Object.entries(rendered).filter(([, v]) => v !== undefined));
}

function statementsOf(json: string): Json[] {
  const parsed = JSON.parse(json) as { Statement?: Json | Json[] };
  if (!parsed.Statement) return [];
  return Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
}

/**
 * Merge order as documented: `sourcePolicyDocuments` first, then `statements` (replacing source statements
 * with the same `Sid`), then `overridePolicyDocuments` (replacing by `Sid`, appending the rest).
 */
export function renderPolicyDocument(inputs: Json): { json: string; minifiedJson: string } {
  let statements: Json[] = [];
  const put = (statement: Json): void => {
    const sid = statement["Sid"];
    const at = sid === undefined ? -1 : statements.findIndex((s) => s["Sid"] === sid);
    if (at >= 0) statements[at] = statement;
    else statements.push(statement);
  };
  for (const doc of (inputs["sourcePolicyDocuments"] as string[] | undefined) ?? []) statements.push(...statementsOf(doc));
  for (const s of (inputs["statements"] as StatementInput[] | undefined) ?? []) put(renderStatement(s));
  for (const doc of (inputs["overridePolicyDocuments"] as string[] | undefined) ?? []) statementsOf(doc).forEach(put);
  statements = statements.filter((s) => Object.keys(s).length > 0);
  const document: Json = { Version: (inputs["version"] as string | undefined) ?? "2012-10-17" };
  if (typeof inputs["policyId"] === "string") document["Id"] = inputs["policyId"];
  document["Statement"] = statements;
  return { json: JSON.stringify(document, null, 2), minifiedJson: JSON.stringify(document) };
}
