/** The package specs' build cache (test/package/package-builds.ts): what making a build removes, and what it keeps. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pruneOrphans } from "./package-builds";

describe("package builds: the cache drops the builds of deleted checkouts", () => {
  it("removes a finished build whose node_modules link leads nowhere; keeps a live one and one still being made", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-builds-spec-"));
    const modules = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-builds-spec-modules-"));
    const entry = (name: string, { record, link }: { record: boolean; link: string }) => {
      fs.mkdirSync(path.join(cache, name, "tree"), { recursive: true });
      fs.symlinkSync(link, path.join(cache, name, "tree", "node_modules"), "dir");
      if (record) fs.writeFileSync(path.join(cache, name, "packed.json"), "{}");
    };
    entry("components-orphan", { record: true, link: path.join(modules, "deleted-checkout") });
    entry("components-live", { record: true, link: modules });
    // A build in progress has no record yet (its link may not exist yet either): never removed.
    entry("policy-in-progress", { record: false, link: path.join(modules, "deleted-checkout") });
    fs.writeFileSync(path.join(cache, "policy-in-progress.lock"), "");
    try {
      pruneOrphans(cache);
      assert.deepEqual(fs.readdirSync(cache).sort(), ["components-live", "policy-in-progress", "policy-in-progress.lock"]);
    } finally {
      for (const dir of [cache, modules]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
