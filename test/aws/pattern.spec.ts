/** Java → JavaScript translation of AWS model patterns: anchored, Java semantics kept, untranslatable refused. */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { awsPattern, translateJavaPattern, UnsupportedPattern } from "../../preview/aws/pattern";
import { MODELS_DIR } from "../../preview/aws/model";

const ok = (java: string, value: string) =>
  assert.equal(awsPattern(java).test(value), true, `${java} should accept ${JSON.stringify(value)}`);
const no = (java: string, value: string) =>
  assert.equal(awsPattern(java).test(value), false, `${java} should refuse ${JSON.stringify(value)}`);

describe("AWS model patterns (Java regex → anchored JavaScript)", () => {
  it("every pattern in the shipped models translates to a valid RegExp", () => {
    let count = 0;
    for (const file of fs.readdirSync(MODELS_DIR)) {
      const model = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, file), "utf8")) as { shapes: Record<string, { pattern?: string }> };
      for (const shape of Object.values(model.shapes)) {
        if (shape.pattern === undefined) continue;
        assert.ok(awsPattern(shape.pattern) instanceof RegExp);
        count += 1;
      }
    }
    assert.ok(count >= 40, `only ${count} patterns found`);
  });

  it("matches the whole value, as the services do (Matcher.matches), even when the pattern has no anchors", () => {
    ok("[\\w+=,.@-]+", "customer-service-exec-role-65c99cf");
    no("[\\w+=,.@-]+", "my role");
    ok("[0-9]{12}", "123456789012");
    no("[0-9]{12}", "1234567890123");
    no("[0-9]{12}", "x123456789012");
  });

  it("anchors a top-level alternation as a whole (IAM's path pattern)", () => {
    const iamPath = "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)";
    ok(iamPath, "/");
    ok(iamPath, "/service-role/");
    no(iamPath, "/service-role");
    no(iamPath, "service-role/");
  });

  it("Java POSIX classes are US-ASCII (\\p{Print}: application autoscaling policy names)", () => {
    ok("\\p{Print}+", "customer-service-scale-cpu-71773ca");
    no("\\p{Print}+", "caf\u00e9");
    no("\\p{Print}+", "tab\there");
    assert.equal(translateJavaPattern("\\p{Alnum}").source, "[a-zA-Z0-9]");
  });

  it("Unicode categories and escapes keep their meaning (tag keys, IAM documents with surrogate pairs)", () => {
    ok("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "Équipe: ops-1");
    no("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", "a*b");
    const doc = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*";
    ok(doc, "emoji \u{1F600} fine");
    no(doc, "bell \u0007");
  });

  it("escaped punctuation, \\Q…\\E quoting, lookarounds and Java's dot", () => {
    ok("[\\.\\-_/#A-Za-z0-9]+", "/ecs/prod/customer-service");
    no("[\\.\\-_/#A-Za-z0-9]+", "/ecs/prod customer");
    ok("\\Q*.\\E[a-z]", "*.x");
    no("\\Q*.\\E[a-z]", "ab.x");
    ok("^(?!arn:)[!-~]{1,253}$", "prod.internal");
    no("^(?!arn:)[!-~]{1,253}$", "arn:aws:x");
    no("[^:].*", "a\u0085b");
    ok("[^:].*", "AWS/ECS");
    no("[^:].*", ":x");
    ok("[a-zA-Z0-9-_]+", "a-b_c");
    no("[a-zA-Z0-9-_]+", "a.b");
    ok("\\s+", " \t");
    no("\\s+", "\u00a0");
  });

  it("a leading (?i), \\x{…}, octal and control escapes", () => {
    ok("(?i)[a-z]+-svc", "API-Svc");
    ok("\\x{1F600}+", "\u{1F600}\u{1F600}");
    ok("\\0101\\cJ", "A\n");
    no("\\0101\\cJ", "A\r");
  });

  it("refuses, naming the construct, what it cannot translate exactly", () => {
    for (const [java, reason] of [
      ["a*+", /possessive quantifier/],
      ["(?>a|ab)c", /group construct \(\?>/],
      ["[a-z&&[^q]]", /nested character class|intersection/],
      ["(?s).", /group construct/],
      ["\\p{javaLowerCase}", /property class/],
      ["\\R", /the escape \\R/],
    ] as const) {
      assert.throws(
        () => awsPattern(java),
        (err: unknown) => err instanceof UnsupportedPattern && reason.test(err.message),
        java,
      );
    }
  });
});
