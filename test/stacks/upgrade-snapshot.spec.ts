/**
 * Upgrading the package must not replace anything: dev and prod register the same URNs, parents, inputs,
 * dependencies and options as the snapshot taken before the component-layer refactor (issue 11). A change that
 * is meant to alter resources updates the snapshot deliberately (`UPDATE_UPGRADE_SNAPSHOT=1`) and says why in
 * its commit.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { TYPE_ALIASES } from "../../components/aliases";
import { captured } from "../support/captured";
import { runProgram, type ProgramRun } from "../support/run-program";

const DIR = path.resolve(__dirname, "../fixtures/upgrade");

/**
 * URNs as a stack deployed before a type-token change holds them: each renamed token is written back as its
 * oldest alias (components/aliases.ts), which the engine matches, so the resource is adopted, not replaced
 * (test/package/aliases.spec.ts proves the aliases are sent).
 */
function asBeforeTokenRenames(text: string): string {
  return Object.entries(TYPE_ALIASES).reduce((t, [current, previous]) => t.split(current).join(previous[previous.length - 1]), text);
}

/** Everything about a resource that decides what `pulumi up` does to it (component outputs aside). */
function snapshot(run: ProgramRun): unknown[] {
  return run.resources
    .map((r) => ({
      urn: r.urn,
      parent: r.parent,
      custom: r.custom,
      inputs: r.custom ? r.inputs : undefined,
      dependencies: [...r.dependencies].sort(),
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      ignoreChanges: r.ignoreChanges,
      deleteBeforeReplace: r.deleteBeforeReplace,
    }))
    .sort((a, b) => a.urn.localeCompare(b.urn));
}

describe("upgrade: same URNs and resource inputs as before the refactor", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: every resource, URN, parent, input, dependency and option is unchanged`, async () => {
      const file = path.join(DIR, `${stack}.json`);
      const current = asBeforeTokenRenames(JSON.stringify(snapshot(await captured(stack)), null, 1));
      if (process.env["UPDATE_UPGRADE_SNAPSHOT"] === "1") fs.writeFileSync(file, `${current}\n`);
      const expected = fs.readFileSync(file, "utf8").trimEnd();
      assert.equal(current, expected);
      assert.ok(expected.length > 10000);
    });
  }

  it("a changed input shows up (the comparison can fail)", async () => {
    const expected = fs.readFileSync(path.join(DIR, "dev.json"), "utf8").trimEnd();
    const changed = JSON.stringify(snapshot(await runProgram("dev", { "dockyard:logRetentionDays": "14" })), null, 1);
    assert.notEqual(changed, expected);
  });
});
