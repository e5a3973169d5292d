import * as assert from "assert";
import { createRedactingStream, createRedactor, secretEnvValues } from "../../automation/redact";

describe("automation redaction", () => {
  it("hides every known value, longest first; short values are left alone", () => {
    const redact = createRedactor(["hunter2-long", "hunter2", "on"]);
    assert.strictEqual(redact("a=hunter2-long b=hunter2 c=on"), "a=[secret] b=[secret] c=on");
  });

  it("hides each line of a multi-line secret, so line-by-line output cannot leak it", () => {
    const key = "-----BEGIN KEY-----\nMIIEabcdefgh\n-----END KEY-----";
    const redact = createRedactor([key]);
    assert.strictEqual(redact(`key:\n${key}\n`), "key:\n[secret]\n");
    assert.strictEqual(redact("line 2 is MIIEabcdefgh"), "line 2 is [secret]");
  });

  it("credential-like environment variables are secrets; others are not", () => {
    assert.deepStrictEqual(
      secretEnvValues({
        PULUMI_ACCESS_TOKEN: "pul-1",
        AWS_SECRET_ACCESS_KEY: "k",
        PULUMI_CONFIG_PASSPHRASE: "p",
        HOME: "/root",
        PATH: "/bin",
      }),
      ["pul-1", "k", "p"],
    );
  });

  it("a redacting stream passes on whole lines only, then the rest on flush", () => {
    const out: string[] = [];
    const stream = createRedactingStream((t) => out.push(t), createRedactor(["s3cr3t-value"]));
    stream.write("a: s3cr");
    assert.deepStrictEqual(out, []);
    stream.write("3t-value\nb: s3c");
    stream.write("r3t-value");
    assert.deepStrictEqual(out, ["a: [secret]\n"]);
    stream.flush();
    stream.flush();
    assert.deepStrictEqual(out, ["a: [secret]\n", "b: [secret]"]);
  });
});
