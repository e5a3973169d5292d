/**
 * Fitting the text report to the terminal: the width to use, and line wrapping / truncation that measures
 * what the reader sees (ANSI colour codes take no columns; every other code point is one column, which holds
 * for the report's ASCII, box-drawing characters, `…`, `→` and `×`).
 */

/** Width when stdout is not a terminal (CI logs, files, pipes): wide enough to read, stable across runs. */
export const DEFAULT_WIDTH = 100;
/** Narrower than this, nothing useful fits; a smaller terminal still gets lines of this width. */
export const MIN_WIDTH = 40;

const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns `text` occupies on a terminal. */
export const visibleLength = (text: string): number => Array.from(text.replace(ANSI, "")).length;

/** The terminal's width when `stream` is a terminal, else {@link DEFAULT_WIDTH}. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const columns = stream.isTTY === true ? stream.columns : undefined;
  return typeof columns === "number" && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

/** `text` cut to `width` columns, the cut marked with `…` (plain text only: used before colour is applied). */
export function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return width <= 1 ? "…".slice(0, width) : `${chars.slice(0, width - 1).join("")}…`;
}

/**
 * Word-wraps one line to `width` columns, keeping the spacing between words. Continuation lines are indented
 * like the first line's text (after its leading spaces and a `- ` bullet) plus `extraIndent`; a word longer
 * than a line is cut hard.
 */
export function wrapLine(line: string, width: number, extraIndent = 2): string[] {
  if (visibleLength(line) <= width) return [line];
  const lead = /^( *(?:- )?)/.exec(line.replace(ANSI, ""))![1].length;
  const hang = " ".repeat(Math.min(lead + extraIndent, Math.floor(width / 2)));
  const body = line.trimStart();
  // Each word with the spaces before it; the first keeps the line's own indentation.
  const words = [...body.matchAll(/( *)(\S+)/g)].map((m, i) => ({
    gap: i === 0 ? line.slice(0, line.length - body.length) : m[1],
    word: m[2],
  }));
  const out: string[] = [];
  let current = "";
  let empty = true;
  for (const { gap, word: whole } of words) {
    let word = whole;
    const room = (): number => width - visibleLength(current) - (empty ? 0 : visibleLength(gap));
    if (!empty && visibleLength(word) > room()) {
      out.push(current);
      current = hang;
      empty = true;
    }
    if (empty && current === "") current = gap;
    while (visibleLength(word) > room()) {
      // A single word wider than the line (URNs and ARNs have no spaces): break it.
      const fits = Math.max(1, room());
      out.push(current + Array.from(word).slice(0, fits).join(""));
      word = Array.from(word).slice(fits).join("");
      current = hang;
    }
    current += (empty ? "" : gap) + word;
    empty = false;
  }
  out.push(current);
  return out;
}

/** Wraps every line of a block of text to `width`. */
export const wrapBlock = (text: string, width: number): string =>
  text
    .split("\n")
    .flatMap((line) => wrapLine(line, width))
    .join("\n");
