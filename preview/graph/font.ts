/**
 * The font the diagram is drawn with, embedded in every SVG: Liberation Sans, metric-compatible with the
 * Arial/Helvetica metrics Graphviz lays labels out with, so box sizes match the text whatever fonts the
 * viewer has (a viewer whose sans-serif is DejaVu would otherwise see labels overflow their boxes).
 * Data: `font/liberation-sans.json` (a WOFF subset and its advance widths; see `font/regenerate.sh`).
 */
import * as fs from "fs";
import * as path from "path";

export interface EmbeddedFont {
  family: string;
  source: string;
  licence: string;
  unitsPerEm: number;
  /** Code point (decimal) → advance width in font units. */
  advances: Record<string, number>;
  woffBase64: string;
}

/** The CSS family name the SVG uses, distinct from any installed font so the embedded one always wins. */
export const DIAGRAM_FONT_FAMILY = "dockyard-diagram-sans";

let cached: EmbeddedFont | undefined;
export function diagramFont(): EmbeddedFont {
  cached ??= JSON.parse(fs.readFileSync(path.join(__dirname, "font", "liberation-sans.json"), "utf8")) as EmbeddedFont;
  return cached;
}

/** Width of `text` in the embedded font at `size` px (advance widths, no kerning: never narrower than drawn). */
export function textWidth(text: string, size: number, font: EmbeddedFont = diagramFont()): number {
  const fallback = font.advances[String("M".codePointAt(0))];
  return Array.from(text).reduce((sum, ch) => sum + (font.advances[String(ch.codePointAt(0))] ?? fallback), 0) * (size / font.unitsPerEm);
}

/** Puts the font into an SVG document Graphviz wrote, as an @font-face with a data: URI, and draws all text with it. */
export function embedFont(svg: string, font: EmbeddedFont = diagramFont()): string {
  const style =
    `<style><![CDATA[@font-face { font-family: "${DIAGRAM_FONT_FAMILY}"; src: url(data:font/woff;base64,${font.woffBase64}) format("woff"); } ` +
    `text { font-family: "${DIAGRAM_FONT_FAMILY}", "Liberation Sans", Arial, Helvetica, sans-serif; }]]></style>\n`;
  const open = /<svg\b[^>]*>\n?/.exec(svg);
  if (!open) throw new Error("embedFont: not an SVG document (no <svg> element)");
  return svg.slice(0, open.index + open[0].length) + style + svg.slice(open.index + open[0].length);
}
