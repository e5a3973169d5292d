/**
 * AWS model `pattern`s are Java regular expressions that the services apply to the whole value
 * (`Matcher.matches()`): `[\w+=,.@-]+` refuses `my role` even though a substring matches. This translates one
 * into an anchored JavaScript RegExp (`u` flag, code points like Java) and refuses, loudly, what it cannot
 * translate exactly (possessive quantifiers, atomic groups, class intersections, nested classes, inline flags
 * other than a leading `(?i)`), so a constraint is never silently weakened.
 */

export class UnsupportedPattern extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`cannot translate the Java pattern ${JSON.stringify(pattern)}: ${reason}`);
    this.name = "UnsupportedPattern";
  }
}

/** Java's POSIX classes (US-ASCII only unless UNICODE_CHARACTER_CLASS, which AWS does not use): class contents. */
const POSIX: Record<string, string> = {
  Lower: "a-z",
  Upper: "A-Z",
  ASCII: "\\u{0}-\\u{7F}",
  Alpha: "a-zA-Z",
  Digit: "0-9",
  Alnum: "a-zA-Z0-9",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Cntrl: "\\u{0}-\\u{1F}\\u{7F}",
  XDigit: "0-9a-fA-F",
  Space: " \\t\\n\\u{B}\\f\\r",
};
/** Java's `\s` is ASCII whitespace; JavaScript's also matches Unicode spaces. */
const JAVA_SPACE = " \\t\\n\\u{B}\\f\\r";
/** Java's `.` excludes these line terminators (JavaScript's omits U+0085). */
const JAVA_DOT = "[^\\n\\r\\u{85}\\u{2028}\\u{2029}]";

const hex = (codePoint: number): string => `\\u{${codePoint.toString(16).toUpperCase()}}`;

/** The `u`-mode JavaScript source of a Java pattern, without anchors; and the flags it needs. */
export function translateJavaPattern(java: string): { source: string; flags: string } {
  const fail = (reason: string): never => {
    throw new UnsupportedPattern(java, reason);
  };
  let i = 0;
  let out = "";
  let flags = "u";
  let inClass = false;
  /** Inside a class: was the previous item a set (`\d`, `\p{L}`), so a following `-` must be literal? */
  let prevWasSet = false;
  let classStart = false;
  if (java.startsWith("(?i)")) {
    flags += "i";
    i = 4;
  }

  const setEscape = (set: string, negated: boolean): string => {
    if (!inClass) return negated ? `[^${set}]` : `[${set}]`;
    if (negated) fail("a negated POSIX or \\s class inside a character class");
    return set;
  };

  /** Translates the escape at `java[i] === "\\"`; advances `i`. Returns [text, isSet]. */
  const escape = (): [string, boolean] => {
    const c = java[i + 1];
    if (c === undefined) fail("a trailing backslash");
    i += 2;
    switch (c) {
      case "d":
      case "D":
      case "w":
      case "W":
        return [`\\${c}`, true];
      case "s":
        return [setEscape(JAVA_SPACE, false), true];
      case "S":
        return [setEscape(JAVA_SPACE, true), true];
      case "t":
      case "n":
      case "r":
      case "f":
        return [`\\${c}`, false];
      case "a":
        return [hex(7), false];
      case "e":
        return [hex(0x1b), false];
      case "b":
      case "B":
        if (inClass) fail(`\\${c} inside a character class`);
        return [`\\${c}`, false];
      case "A":
        if (inClass) fail("\\A inside a character class");
        return ["^", false];
      case "z":
        if (inClass) fail("\\z inside a character class");
        return ["$", false];
      case "p":
      case "P": {
        let name: string;
        if (java[i] === "{") {
          const end = java.indexOf("}", i);
          if (end < 0) fail("an unterminated \\p{…}");
          name = java.slice(i + 1, end);
          i = end + 1;
        } else {
          name = java[i] ?? "";
          i += 1;
        }
        const posix = POSIX[name.replace(/^Is/, "")];
        if (posix !== undefined) return [setEscape(posix, c === "P"), true];
        const category = name.replace(/^Is/, "");
        if (/^[A-Z][a-z]?$/.test(category)) return [`\\${c}{${category}}`, true];
        return fail(`the property class \\${c}{${name}}`);
      }
      case "x": {
        if (java[i] === "{") {
          const end = java.indexOf("}", i);
          const digits = java.slice(i + 1, end);
          if (end < 0 || !/^[0-9a-fA-F]+$/.test(digits)) fail("a malformed \\x{…}");
          i = end + 1;
          return [hex(parseInt(digits, 16)), false];
        }
        const digits = java.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(digits)) fail("a malformed \\xhh");
        i += 2;
        return [hex(parseInt(digits, 16)), false];
      }
      case "u": {
        const digits = java.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) fail("a malformed \\uhhhh");
        i += 4;
        // Kept as \uhhhh: a surrogate pair of escapes is then one code point, as in Java.
        return [`\\u${digits}`, false];
      }
      case "0": {
        const m = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(java.slice(i));
        if (!m) fail("a malformed octal escape");
        i += m![0].length;
        return [hex(parseInt(m![0], 8)), false];
      }
      case "c": {
        const letter = java[i];
        if (letter === undefined) fail("a trailing \\c");
        i += 1;
        return [hex(letter!.charCodeAt(0) ^ 64), false];
      }
      case "Q": {
        const end = java.indexOf("\\E", i);
        const literal = end < 0 ? java.slice(i) : java.slice(i, end);
        i = end < 0 ? java.length : end + 2;
        return [[...literal].map((ch) => hex(ch.codePointAt(0)!)).join(""), false];
      }
      default:
        if (/[1-9]/.test(c!)) {
          if (inClass) fail("a back-reference inside a character class");
          return [`\\${c}`, false];
        }
        if (c === "k" && java[i] === "<") {
          const end = java.indexOf(">", i);
          const ref = java.slice(i - 2, end + 1);
          i = end + 1;
          return [ref, false];
        }
        // Java lets any non-alphanumeric character be escaped; JavaScript's `u` mode does not: use its code point.
        if (!/[A-Za-z0-9]/.test(c!)) return [hex(c!.codePointAt(0)!), false];
        return fail(`the escape \\${c}`);
    }
  };

  while (i < java.length) {
    const c = java[i];
    if (c === "\\") {
      const [text, isSet] = escape();
      out += text;
      if (inClass) {
        prevWasSet = isSet;
        classStart = false;
      }
      continue;
    }
    if (inClass) {
      if (c === "[") fail("a nested character class (union)");
      if (c === "&" && java[i + 1] === "&") fail("a character class intersection (&&)");
      if (c === "]" && !classStart) {
        out += "]";
        inClass = false;
        i += 1;
        continue;
      }
      if (c === "]") {
        out += "\\]";
        classStart = false;
        i += 1;
        continue;
      }
      if (c === "-") {
        const next = java[i + 1];
        const nextIsSet = next === "\\" && /[dDwWsSpP]/.test(java[i + 2] ?? "");
        out += classStart || prevWasSet || next === "]" || nextIsSet ? "\\-" : "-";
        prevWasSet = false;
        classStart = false;
        i += 1;
        continue;
      }
      // `/` and `|` are fine in a JS class; everything else is literal as in Java.
      out += c;
      prevWasSet = false;
      classStart = false;
      i += 1;
      continue;
    }
    switch (c) {
      case "[":
        inClass = true;
        classStart = true;
        prevWasSet = false;
        out += "[";
        i += 1;
        if (java[i] === "^") {
          out += "^";
          i += 1;
        }
        continue;
      case ".":
        out += JAVA_DOT;
        i += 1;
        continue;
      case "(": {
        const rest = java.slice(i);
        const group = /^\((\?:|\?=|\?!|\?<=|\?<!|\?<[A-Za-z][A-Za-z0-9]*>)?/.exec(rest)![0];
        if (group === "(" && rest.startsWith("(?")) fail(`the group construct ${rest.slice(0, 3)}…`);
        out += group;
        i += group.length;
        continue;
      }
      case "*":
      case "+":
      case "?":
        out += c;
        i += 1;
        if (java[i] === "+") fail("a possessive quantifier");
        if (java[i] === "?") {
          out += "?";
          i += 1;
        }
        continue;
      case "{": {
        const m = /^\{\d+(,\d*)?\}/.exec(java.slice(i));
        if (!m) fail("a malformed {n,m} quantifier");
        out += m![0];
        i += m![0].length;
        if (java[i] === "+") fail("a possessive quantifier");
        if (java[i] === "?") {
          out += "?";
          i += 1;
        }
        continue;
      }
      case "}":
      case "]":
        out += `\\${c}`;
        i += 1;
        continue;
      default:
        out += c;
        i += 1;
    }
  }
  if (inClass) fail("an unterminated character class");
  return { source: out, flags };
}

const cache = new Map<string, RegExp>();

/** The anchored RegExp for an AWS model pattern: the whole value must match, as the services check it. */
export function awsPattern(java: string): RegExp {
  let re = cache.get(java);
  if (re === undefined) {
    const { source, flags } = translateJavaPattern(java);
    try {
      re = new RegExp(`^(?:${source})$`, flags);
    } catch (err) {
      throw new UnsupportedPattern(
        java,
        `its translation /${source}/ is not a valid JavaScript pattern (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    cache.set(java, re);
  }
  return re;
}
