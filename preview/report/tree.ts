/**
 * The resource tree, laid out like `pulumi preview`: the stack, then each component with its children,
 * a `+` create marker per row, the type and the logical name, in registration order.
 */
import type { CapturedResource } from "../../policy/engine/types";
import { truncate, wrapLine } from "./fit";
import { Style } from "./style";

interface Row {
  prefix: string;
  resource: CapturedResource;
}

function rows(resources: CapturedResource[]): Row[] {
  const children = new Map<string, CapturedResource[]>();
  const roots: CapturedResource[] = [];
  const known = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    if (r.parent && known.has(r.parent)) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    else roots.push(r);
  }
  const out: Row[] = [];
  const walk = (r: CapturedResource, lead: string, branch: string): void => {
    out.push({ prefix: lead + branch, resource: r });
    const kids = children.get(r.urn) ?? [];
    const nextLead = lead + (branch === "" ? "" : branch === "├─ " ? "│  " : "   ");
    kids.forEach((kid, i) => walk(kid, nextLead, i === kids.length - 1 ? "└─ " : "├─ "));
  };
  roots.forEach((r) => walk(r, "", ""));
  return out;
}

/**
 * The tree as text. When a row would be wider than `width`, the Type column shrinks first (types are cut
 * with `…`, the tree lines kept), then the Name column, so every row fits; colour is applied after fitting.
 * `notes`: a line to show under a resource (what an awsx component creates at deploy time), wrapped to fit.
 */
export function renderTree(
  resources: CapturedResource[],
  style: Style,
  width = Number.POSITIVE_INFINITY,
  notes: ReadonlyMap<string, string> = new Map(),
): string {
  const table = rows(resources);
  const flagsOf = (r: CapturedResource): string => (r.options.protect ? "  [protect]" : "");
  let typeWidth = Math.max(4, ...table.map((r) => r.prefix.length + r.resource.type.length));
  let nameWidth = Math.max(4, ...table.map((r) => r.resource.name.length));
  const plainWidth = Math.max(4, ...table.map((r) => "create".length + flagsOf(r.resource).length));
  const fixed = 5 + 2 + 2 + plainWidth;
  const minType = Math.min(typeWidth, Math.max(4, ...table.map((r) => r.prefix.length)) + 8);
  const minName = Math.min(nameWidth, 8);
  const excess = fixed + typeWidth + nameWidth - width;
  if (excess > 0) {
    // Shrink both columns in proportion to how much each can give, so neither is cut to nothing first.
    const spareType = typeWidth - minType;
    const spareName = nameWidth - minName;
    const fromType = Math.min(spareType, Math.ceil((excess * spareType) / Math.max(1, spareType + spareName)));
    typeWidth -= fromType;
    nameWidth -= Math.min(spareName, excess - fromType);
  }
  const cell = (text: string, w: number): string => truncate(text, w).padEnd(w);
  const header = truncate(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  Plan`, width);
  const lines = table.map(({ prefix, resource }) => {
    const row = ` +   ${cell(prefix + resource.type, typeWidth)}  ${cell(resource.name, nameWidth)}  create${flagsOf(resource)}`;
    const fitted = truncate(row, width);
    // Colour the markers only where they survived the cut.
    const colored = fitted.replace(/^ \+ /, ` ${style.green("+")} `).replace(/  create(?=  \[protect|$)/, `  ${style.green("create")}`);
    const note = notes.get(resource.urn);
    if (note === undefined) return colored;
    const lead = `     ${prefix.replace(/├─ $/, "│  ").replace(/└─ $/, "   ")}`;
    const noteLines = wrapLine(`${lead}└ ${note}`, width === Number.POSITIVE_INFINITY ? Number.MAX_SAFE_INTEGER : width, lead.length - 3);
    return [colored, ...noteLines.map((l) => style.dim(l))].join("\n");
  });
  return [header, ...lines].join("\n");
}
