/**
 * Does a policy's resource (an ARN with `*` / `?` wildcards and `${aws:…}` policy variables) fit an AWS
 * resource type's ARN format (`arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`)?
 * Both are patterns, so the question is whether some ARN matches both: an emptiness check on the product of the
 * two patterns, memoized over positions. In a format, a variable in the partition/service/region/account
 * fields stays within its field (no `:`); a policy's `*` may span fields, as IAM matches it.
 */

/** A single-character matcher (a literal, or any character with or without `:`), or a run of such. */
type Token = { kind: "lit"; char: string } | { kind: "one"; colon: boolean } | { kind: "star"; colon: boolean };

/** A policy resource: `*` any run, `?` one character, `${…}` a policy variable (any run). */
export function policyTokens(resource: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < resource.length; i++) {
    const c = resource[i];
    if (c === "$" && resource[i + 1] === "{") {
      const end = resource.indexOf("}", i);
      if (end > 0) {
        tokens.push({ kind: "star", colon: true });
        i = end;
        continue;
      }
    }
    tokens.push(c === "*" ? { kind: "star", colon: true } : c === "?" ? { kind: "one", colon: true } : { kind: "lit", char: c });
  }
  return tokens;
}

/** An ARN format: each `${Name}` is one or more characters, without `:` in the first five fields. */
export function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  let colons = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] === "$" && format[i + 1] === "{") {
      const colon = colons >= 5;
      tokens.push({ kind: "one", colon }, { kind: "star", colon });
      i = format.indexOf("}", i);
      continue;
    }
    if (format[i] === ":") colons += 1;
    tokens.push({ kind: "lit", char: format[i] });
  }
  return tokens;
}

/** Can one character satisfy both single-character matchers? (A star is compared as its single step.) */
function compatible(a: Token, b: Token): boolean {
  if (a.kind === "lit" && b.kind === "lit") return a.char === b.char;
  if (a.kind === "lit") return b.kind !== "lit" && (b.colon || a.char !== ":");
  if (b.kind === "lit") return a.colon || b.char !== ":";
  return true;
}

/** True when some string matches both token sequences. */
export function intersects(x: Token[], y: Token[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    const p = x[i];
    const q = y[j];
    if (p === undefined && q === undefined) result = true;
    else if (p?.kind === "star" && (go(i + 1, j) || (q !== undefined && q.kind !== "star" && compatible(p, q) && go(i, j + 1))))
      result = true;
    else if (q?.kind === "star" && (go(i, j + 1) || (p !== undefined && p.kind !== "star" && compatible(p, q) && go(i + 1, j))))
      result = true;
    else if (p === undefined || q === undefined || p.kind === "star" || q.kind === "star") result = false;
    else result = compatible(p, q) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Does the policy resource fit the ARN format? */
export function resourceFits(resource: string, arnFormat: string): boolean {
  return intersects(policyTokens(resource), formatTokens(arnFormat));
}
