/**
 * Generated regions of Markdown files: `<!-- generated:NAME (…) -->` … `<!-- generated:NAME:end -->`. The text
 * between the markers belongs to a generator; `npm run docs` rewrites it, and the docs test fails when it is stale.
 */

/** A region's name, its text now, and where it sits. */
export interface Region {
  readonly name: string;
  readonly body: string;
  readonly start: number;
  readonly end: number;
}

const START = /<!-- generated:([a-z0-9-]+)(?: [^>]*)? -->\n/g;

/** Every generated region of `text`, in order; throws on a start marker without its end marker. */
export function regionsOf(text: string, file: string): Region[] {
  const out: Region[] = [];
  for (const m of text.matchAll(START)) {
    const name = m[1];
    const bodyStart = (m.index ?? 0) + m[0].length;
    const endMarker = `<!-- generated:${name}:end -->`;
    const end = text.indexOf(endMarker, bodyStart);
    if (end < 0) throw new Error(`${file}: region "${name}" has no end marker; add ${endMarker} after its text`);
    out.push({ name, body: text.slice(bodyStart, end).replace(/\n$/, ""), start: bodyStart, end });
  }
  return out;
}

/** `text` with each region's body replaced by `render(name)`; throws for a region no generator knows. */
export function rewrite(text: string, file: string, render: (name: string) => string | undefined): string {
  let out = "";
  let at = 0;
  for (const region of regionsOf(text, file)) {
    const body = render(region.name);
    if (body === undefined) throw new Error(`${file}: no generator for region "${region.name}"`);
    out += `${text.slice(at, region.start)}${body}\n`;
    at = region.end;
  }
  return out + text.slice(at);
}
