import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policyTable } from "../../policy/readme-table";

const root = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

describe("README", () => {
  it("lists every policy with its dev and prod level, exactly as the pack and its configs define them", () => {
    const section = /<!-- policy-table:start[^>]*-->\n([\s\S]*?)\n<!-- policy-table:end -->/.exec(readme);
    assert.ok(section, "README.md has no policy-table markers");
    assert.equal(section[1], policyTable(), "regenerate with: npx ts-node --transpile-only policy/readme-table.ts");
  });

  it("gives the test command .ci/run runs", () => {
    assert.match(readme, /^npm test\b/m);
    assert.match(fs.readFileSync(path.join(root, ".ci/run"), "utf8"), /^npm test$/m);
  });
});
