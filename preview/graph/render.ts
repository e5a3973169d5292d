/** Renders the architecture graph as Graphviz DOT (clusters for VPC / subnets / services) or Mermaid. */
import { ArchitectureGraph, GraphNode } from "./model";

const SHAPES: Record<GraphNode["kind"], string> = {
  internet: 'shape=oval, fillcolor="#e8f0fe"',
  gateway: 'shape=hexagon, fillcolor="#e3f2fd"',
  endpoint: 'shape=box3d, fillcolor="#ede7f6"',
  alb: 'fillcolor="#fde7c8"',
  listener: 'fillcolor="#fff4e0"',
  rule: 'fillcolor="#fffaf0"',
  service: 'fillcolor="#d7f0dd"',
  task: 'fillcolor="#eef8f0"',
  container: 'shape=component, fillcolor="#ffffff"',
  role: 'shape=note, fillcolor="#f3e8fd"',
  dns: 'shape=cds, fillcolor="#e0f2f1"',
};

const quote = (text: string): string => `"${text.replace(/"/g, '\\"')}"`;

/** Nodes grouped under their cluster path, so nested clusters can be emitted recursively. */
interface Group {
  path: string[];
  nodes: GraphNode[];
  children: string[];
}

function tree(graph: ArchitectureGraph): Group[] {
  const paths = new Map<string, Group>();
  const ensure = (path: string[]): Group => {
    const key = path.join("/");
    if (!paths.has(key)) {
      paths.set(key, { path, nodes: [], children: [] });
      if (path.length > 0) {
        const parent = ensure(path.slice(0, -1));
        if (!parent.children.includes(key)) parent.children.push(key);
      }
    }
    return paths.get(key)!;
  };
  ensure([]);
  for (const node of graph.nodes) ensure(node.cluster).nodes.push(node);
  return [...paths.values()];
}

export function toDot(graph: ArchitectureGraph): string {
  const groups = new Map(tree(graph).map((g) => [g.path.join("/"), g]));
  const lines = [
    `digraph ${quote(graph.title)} {`,
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, label=${quote(graph.title)}, labelloc=t, compound=true];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const emit = (key: string, indent: string): void => {
    const group = groups.get(key)!;
    for (const node of group.nodes) lines.push(`${indent}${node.id} [label=${quote(node.label)}, ${SHAPES[node.kind]}];`);
    for (const child of group.children) {
      const id = child.split("/").pop()!;
      lines.push(`${indent}subgraph ${quote(`cluster_${child.replace(/\//g, "_")}`)} {`);
      lines.push(`${indent}  label=${quote(graph.clusters[id] ?? id)}; style="rounded,dashed"; color="#90a4ae";`);
      emit(child, indent + "  ");
      lines.push(`${indent}}`);
    }
  };
  emit("", "  ");
  for (const e of graph.edges) {
    const attrs = [
      ...(e.label ? [`label=${quote(e.label)}`] : []),
      ...(e.style ? [`style=${e.style}`, 'color="#607d8b"', 'fontcolor="#455a64"'] : []),
    ];
    lines.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

export function toMermaid(graph: ArchitectureGraph): string {
  const groups = new Map(tree(graph).map((g) => [g.path.join("/"), g]));
  const text = (label: string): string => `"${label.replace(/\\n/g, "<br/>").replace(/"/g, "#quot;")}"`;
  const lines = ["flowchart LR", `  %% ${graph.title}`];
  const emit = (key: string, indent: string): void => {
    const group = groups.get(key)!;
    for (const node of group.nodes) lines.push(`${indent}${node.id}[${text(node.label)}]`);
    for (const child of group.children) {
      const id = child.split("/").pop()!;
      lines.push(`${indent}subgraph ${child.replace(/\//g, "_")}[${text(graph.clusters[id] ?? id)}]`);
      emit(child, indent + "  ");
      lines.push(`${indent}end`);
    }
  };
  emit("", "  ");
  for (const e of graph.edges)
    lines.push(`  ${e.from} ${e.style === "dashed" ? "-.->" : "-->"}${e.label ? `|${text(e.label)}|` : ""} ${e.to}`);
  return lines.join("\n") + "\n";
}
