import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

describe("test reporter", () => {
  it("prints a plain totals line after the spec output", () => {
    const root = path.resolve(__dirname, "../..");
    const out = execFileSync(
      process.execPath,
      [
        require.resolve("mocha/bin/mocha.js"),
        "--no-config",
        "--require",
        path.join(root, "loader", "register.js"),
        "--reporter",
        "./test/reporter/spec-with-totals.js",
        "test/reporter/fixture.spec-fixture.ts",
      ],
      { cwd: root, encoding: "utf8" },
    );
    assert.match(out, /\ntests: 2 passed, 0 failed, 1 skipped\n$/);
  });

  it("prints no ANSI colour into a CI log (CI=true, not a terminal)", () => {
    const root = path.resolve(__dirname, "../..");
    const run = (extra: NodeJS.ProcessEnv): string =>
      execFileSync(
        process.execPath,
        [
          require.resolve("mocha/bin/mocha.js"),
          "--no-config",
          "--require",
          path.join(root, "loader", "register.js"),
          "--reporter",
          "./test/reporter/spec-with-totals.js",
          "test/reporter/fixture.spec-fixture.ts",
        ],
        { cwd: root, encoding: "utf8", env: { ...process.env, MOCHA_COLORS: undefined, FORCE_COLOR: undefined, ...extra } },
      );
    assert.ok(!run({ CI: "true", GITHUB_ACTIONS: "true" }).includes("\u001b["));
    assert.ok(
      run({ CI: "true", GITHUB_ACTIONS: "true", MOCHA_COLORS: "1" }).includes("\u001b["),
      "colour can still be forced (the check can fail)",
    );
  });
});
