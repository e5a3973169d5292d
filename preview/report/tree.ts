/**
 * The resource tree, laid out like `pulumi preview`: the stack, then each component with its children,
 * a `+` create marker per row, the type and the logical name, in registration order.
 */
import type { CapturedResource } from "../../policy/engine/types";
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

/** `notes`: a line to show under a resource (e.g. what an awsx component creates at deploy time). */
export function renderTree(resources: CapturedResource[], style: Style, notes: ReadonlyMap<string, string> = new Map()): string {
  const table = rows(resources);
  const typeWidth = Math.max(4, ...table.map((r) => r.prefix.length + r.resource.type.length));
  const nameWidth = Math.max(4, ...table.map((r) => r.resource.name.length));
  const header = `     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  Plan`;
  const lines = table.map(({ prefix, resource }) => {
    const flags = resource.options.protect ? "  [protect]" : "";
    const row = ` ${style.green("+")}   ${(prefix + resource.type).padEnd(typeWidth)}  ${resource.name.padEnd(nameWidth)}  ${style.green("create")}${flags}`;
    const note = notes.get(resource.urn);
    const lead = prefix.replace(/├─ $/, "│  ").replace(/└─ $/, "   ");
    return note === undefined ? row : `${row}\n     ${lead}${style.dim(`└ ${note}`)}`;
  });
  return [header, ...lines].join("\n");
}
