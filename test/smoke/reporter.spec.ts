import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

describe("test reporter", () => {
  it("prints a plain totals line after the spec output", () => {
    const root = path.resolve(__dirname, "../..");
    const out = execFileSync(process.execPath, [
      require.resolve("mocha/bin/mocha.js"), "--no-config", "--require", "ts-node/register/transpile-only",
      "--reporter", "./test/reporter/spec-with-totals.js", "test/reporter/fixture.spec-fixture.ts",
    ], { cwd: root, encoding: "utf8" });
    assert.match(out, /\ntests: 2 passed, 0 failed, 1 skipped\n$/);
  });
});
