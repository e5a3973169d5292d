import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * mocha in a child process, without the repository's config, with `reporter` over the fixture spec `files` (a long
 * timeout: on a busy machine the child a fixture waits for takes longer than mocha's default 2 s).
 */
function mocha(reporter: string, files: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(
    process.execPath,
    [
      require.resolve("mocha/bin/mocha.js"),
      "--no-config",
      "--require",
      path.join(ROOT, "loader", "register.js"),
      "--timeout",
      "60000",
      "--reporter",
      reporter,
      ...files,
    ],
    { cwd: ROOT, encoding: "utf8", env },
  );
}

describe("test reporter", () => {
  it("prints a plain totals line after the spec output", () => {
    const out = mocha("./test/reporter/spec-with-totals.js", ["test/reporter/fixture.spec-fixture.ts"]);
    assert.match(out, /\ntests: 2 passed, 0 failed, 1 skipped\n$/);
  });

  it("the timing reporter charges a child's CPU to the file that started it, not to the one running when it is reaped", () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-timing-")), "timing.json");
    mocha("./test/reporter/timing.js", ["test/reporter/child-starts.spec-fixture.ts", "test/reporter/child-reaped.spec-fixture.ts"], {
      ...process.env,
      TEST_TIMING_JSON: json,
    });
    const { files } = JSON.parse(fs.readFileSync(json, "utf8")) as { files: { file: string; cpuMs: number; children: string[] }[] };
    const row = (name: string) => files.find((f) => f.file === `test/reporter/${name}.spec-fixture.ts`)!;
    const [starts, reaped] = [row("child-starts"), row("child-reaped")];
    assert.equal(starts.children.length, 1);
    // The child burns 250 ms of CPU; the reaping file itself only waits.
    assert.ok(starts.cpuMs >= 200, `the starting file got ${starts.cpuMs} ms`);
    assert.ok(reaped.cpuMs < starts.cpuMs - 150, `the reaping file got ${reaped.cpuMs} ms, the starting one ${starts.cpuMs} ms`);
  });

  it("prints no ANSI colour into a CI log (CI=true, not a terminal)", () => {
    const run = (extra: NodeJS.ProcessEnv): string =>
      mocha("./test/reporter/spec-with-totals.js", ["test/reporter/fixture.spec-fixture.ts"], {
        ...process.env,
        MOCHA_COLORS: undefined,
        FORCE_COLOR: undefined,
        ...extra,
      });
    assert.ok(!run({ CI: "true", GITHUB_ACTIONS: "true" }).includes("\u001b["));
    assert.ok(
      run({ CI: "true", GITHUB_ACTIONS: "true", MOCHA_COLORS: "1" }).includes("\u001b["),
      "colour can still be forced (the check can fail)",
    );
  });
});
