/**
 * Does a policy's resource (an ARN with `*` / `?` wildcards and `${aws:…}` policy variables) fit an AWS
 * resource type's ARN format (`arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`)?
 * Both are patterns, so the question is whether some ARN matches both: an emptiness check on the product of the
 * two patterns, memoized over positions (linear in their lengths times each other).
 */

type Token = { kind: "char"; char: string } | { kind: "any" } | { kind: "one" } | { kind: "some" };

/** A policy resource: `*` any run, `?` one character, `${…}` a policy variable (any run). */
export function policyTokens(resource: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < resource.length; i++) {
    const c = resource[i];
    if (c === "$" && resource[i + 1] === "{") {
      const end = resource.indexOf("}", i);
      if (end > 0) {
        tokens.push({ kind: "any" });
        i = end;
        continue;
      }
    }
    tokens.push(c === "*" ? { kind: "any" } : c === "?" ? { kind: "one" } : { kind: "char", char: c });
  }
  return tokens;
}

/** An ARN format: each `${Name}` is one or more characters (a name, an id, a path). */
export function formatTokens(format: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] === "$" && format[i + 1] === "{") {
      const end = format.indexOf("}", i);
      tokens.push({ kind: "some" });
      i = end;
      continue;
    }
    tokens.push({ kind: "char", char: format[i] });
  }
  return tokens;
}

/** True when some string matches both token sequences. */
export function intersects(a: Token[], b: Token[]): boolean {
  // "some" = one character then "any": expand so only char / one / any remain.
  const expand = (tokens: Token[]): Token[] => tokens.flatMap((t) => (t.kind === "some" ? [{ kind: "one" } as Token, { kind: "any" } as Token] : [t]));
  const x = expand(a);
  const y = expand(b);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    else if (i < x.length && x[i].kind === "any") result = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j].kind === "any") result = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i === x.length || j === y.length) result = false;
    else {
      const p = x[i];
      const q = y[j];
      const same = p.kind === "char" && q.kind === "char" ? p.char === q.char : true;
      result = same && go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Does the policy resource fit the ARN format? */
export function resourceFits(resource: string, arnFormat: string): boolean {
  return intersects(policyTokens(resource), formatTokens(arnFormat));
}
