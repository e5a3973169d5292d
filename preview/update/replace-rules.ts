/**
 * Which input properties of a resource type are replace-only, and why: the committed CloudFormation spec data
 * mapped through `TYPE_MAP`, the provider's own doc notes, and the provider differences recorded in the table.
 */
import { VERIFICATION_TYPE } from "../../components/deployment-verifier/type";
import replacementData from "./replacement-data.json";
import { TYPE_MAP, TypeMapping } from "./type-map";

export type ReplaceSource = "provider docs" | "provider" | "CloudFormation spec";

export interface ReplaceRule {
  /** Input property path (dotted, array indices omitted). */
  property: string;
  source: ReplaceSource;
  /** The CloudFormation property, or the provider's reason. */
  detail: string;
}

export interface TypeRules {
  /** Whether the type is in the table (otherwise nothing is known: changes are estimated as updates). */
  known: boolean;
  /** Every input change replaces except these (task definitions). */
  replacesOnAnyChangeExcept?: string[];
  replaceOnly: ReplaceRule[];
  physicalName?: string;
  uniqueKey?: string[];
  stateful: boolean;
}

interface ReplacementData {
  generated: string;
  sources: Record<string, { package: string; version: string; licence: string }>;
  cloudFormation: Record<string, { properties: string[]; replace: string[]; maybe: string[] }>;
  providerDocs: Record<string, { property: string; text: string }[]>;
}

export const REPLACEMENT_DATA: ReplacementData = replacementData;

/** A one-line provenance for reports: `@aws-cdk/aws-service-spec@0.1.216 (Apache-2.0), generated 2026-12-01`. */
export function replacementSource(): string {
  const cfn = REPLACEMENT_DATA.sources["cloudFormation"];
  const docs = REPLACEMENT_DATA.sources["providerDocs"];
  return `${cfn.package}@${cfn.version} (${cfn.licence}) and ${docs.package}@${docs.version} docs, generated ${REPLACEMENT_DATA.generated}`;
}

function cfnRules(mapping: TypeMapping): ReplaceRule[] {
  if (!mapping.cfnType) return [];
  const spec = REPLACEMENT_DATA.cloudFormation[mapping.cfnType];
  if (!spec) throw new Error(`replacement-data.json has no ${mapping.cfnType}: run preview/update/regenerate-replacement-data.ts`);
  const replaceOnly = new Set(spec.replace);
  const providerUpdates = new Set((mapping.providerUpdates ?? []).map((n) => n.property));
  return Object.entries(mapping.properties)
    .filter(([pulumiProp, cfnProp]) => replaceOnly.has(cfnProp) && !providerUpdates.has(pulumiProp))
    .map(([property, cfnProp]) => ({ property, source: "CloudFormation spec" as const, detail: `${mapping.cfnType}.${cfnProp}` }));
}

const cache = new Map<string, TypeRules>();

export function rulesFor(type: string): TypeRules {
  const cached = cache.get(type);
  if (cached) return cached;
  const mapping = TYPE_MAP[type];
  let rules: TypeRules;
  if (type === VERIFICATION_TYPE) {
    // dockyard's deployment verifier: a check, not an AWS object; its provider's diff never replaces.
    rules = { known: true, replaceOnly: [], stateful: false };
  } else if (!mapping) {
    rules = { known: false, replaceOnly: [], stateful: false };
  } else {
    const byProperty = new Map<string, ReplaceRule>();
    // Later sources win: the provider's own word over CloudFormation's.
    for (const rule of cfnRules(mapping)) byProperty.set(rule.property, rule);
    for (const note of mapping.providerReplaces ?? [])
      byProperty.set(note.property, { property: note.property, source: "provider", detail: note.reason });
    const updates = new Set((mapping.providerUpdates ?? []).map((n) => n.property));
    for (const doc of REPLACEMENT_DATA.providerDocs[type] ?? []) {
      if (!updates.has(doc.property)) byProperty.set(doc.property, { property: doc.property, source: "provider docs", detail: doc.text });
    }
    rules = {
      known: true,
      ...(mapping.replacesOnAnyChangeExcept ? { replacesOnAnyChangeExcept: mapping.replacesOnAnyChangeExcept } : {}),
      replaceOnly: [...byProperty.values()].sort((a, b) => a.property.localeCompare(b.property)),
      ...(mapping.physicalName ? { physicalName: mapping.physicalName } : {}),
      ...(mapping.uniqueKey ? { uniqueKey: mapping.uniqueKey } : {}),
      stateful: mapping.stateful === true,
    };
  }
  cache.set(type, rules);
  return rules;
}

/** `a[0].b` → `a.b`: replace-only rules name fields, not list positions. */
export function fieldPath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

/**
 * The rule that makes a change at `path` a replacement, if any. A rule on `a.b` matches changes at `a.b`,
 * below it (`a.b.c`), and above it (`a` removed or added as a whole).
 */
export function replaceRuleFor(rules: TypeRules, path: string): ReplaceRule | undefined {
  const field = fieldPath(path);
  const top = field.split(".")[0];
  if (rules.replacesOnAnyChangeExcept) {
    if (rules.replacesOnAnyChangeExcept.includes(top)) return undefined;
    return { property: top, source: "provider", detail: "immutable revision: any change registers a new one" };
  }
  return rules.replaceOnly.find((r) => field === r.property || field.startsWith(`${r.property}.`) || r.property.startsWith(`${field}.`));
}
