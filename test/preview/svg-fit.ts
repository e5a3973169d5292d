/**
 * Do the labels of a Graphviz SVG fit their boxes? Parses each node's and cluster's shape (polygon, path or
 * ellipse) and text elements, measures each text with the given advance widths, and lists every text that
 * sticks out of its shape's horizontal extent.
 */
export type Measure = (text: string, fontSize: number) => number;

const decode = (text: string): string =>
  text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

function extent(shape: string): [number, number] | undefined {
  const ellipse = /<ellipse[^>]*\bcx="([-\d.]+)"[^>]*\brx="([-\d.]+)"/.exec(shape);
  if (ellipse) return [Number(ellipse[1]) - Number(ellipse[2]), Number(ellipse[1]) + Number(ellipse[2])];
  const coords = /<(?:polygon|path)[^>]*\b(?:points|d)="([^"]+)"/.exec(shape);
  if (!coords) return undefined;
  const xs = [...coords[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => Number(m[1]));
  return xs.length ? [Math.min(...xs), Math.max(...xs)] : undefined;
}

export interface LabelBox {
  kind: "node" | "cluster";
  text: string;
  left: number;
  right: number;
  boxLeft: number;
  boxRight: number;
}

export function labelBoxes(svg: string, measure: Measure): LabelBox[] {
  const out: LabelBox[] = [];
  for (const group of svg.matchAll(/<g id="[^"]*" class="(node|cluster)">([\s\S]*?)<\/g>/g)) {
    const box = extent(group[2]);
    if (!box) continue;
    for (const t of group[2].matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)) {
      const attrs = t[1];
      const x = Number(/\bx="([-\d.]+)"/.exec(attrs)![1]);
      const size = Number(/\bfont-size="([\d.]+)"/.exec(attrs)?.[1] ?? "14");
      const anchor = /\btext-anchor="(\w+)"/.exec(attrs)?.[1] ?? "start";
      const text = decode(t[2]);
      const w = measure(text, size);
      const left = anchor === "middle" ? x - w / 2 : anchor === "end" ? x - w : x;
      out.push({ kind: group[1] as LabelBox["kind"], text, left, right: left + w, boxLeft: box[0], boxRight: box[1] });
    }
  }
  return out;
}

/** Labels that stick out of their box (by more than a rounding error), as readable strings. */
export const overflowingLabels = (svg: string, measure: Measure): string[] =>
  labelBoxes(svg, measure)
    .filter((b) => b.left < b.boxLeft - 0.5 || b.right > b.boxRight + 0.5)
    .map(
      (b) => `${b.kind} "${b.text}": text ${b.left.toFixed(1)}–${b.right.toFixed(1)}, box ${b.boxLeft.toFixed(1)}–${b.boxRight.toFixed(1)}`,
    );
