import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policyTable } from "../../policy/readme-table";
import { generatedDocs } from "../../scripts/docs/generate";
import * as components from "../../components/index";

const root = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

describe("README", () => {
  it("lists every policy with its dev and prod level, exactly as the pack and its configs define them", () => {
    const section = /<!-- generated:policy-table[^>]*-->\n([\s\S]*?)\n<!-- generated:policy-table:end -->/.exec(readme);
    assert.ok(section, "README.md has no policy-table markers");
    assert.equal(section[1], policyTable(), "regenerate with: npm run docs");
  });

  it("every generated region of README.md and policy/README.md is what `npm run docs` writes", () => {
    for (const doc of generatedDocs(root)) assert.equal(doc.now, doc.generated, `${doc.file} is stale; regenerate with: npm run docs`);
  });

  it("lists exactly what the component package exports", () => {
    const section = /<!-- generated:components-exports[^>]*-->\n([\s\S]*?)\n<!-- generated:components-exports:end -->/.exec(readme);
    assert.ok(section, "README.md has no components-exports markers");
    const listed = [...section[1].matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    // The runtime exports (classes, functions, constants) are all in the table; types are checked by the generator.
    const runtime = Object.keys(components).filter((k) => k !== "__esModule");
    assert.deepEqual(
      runtime.filter((k) => !listed.includes(k)),
      [],
    );
    assert.ok(listed.length > runtime.length, "the table lists the exported types too");
  });

  it("gives the test command .ci/run runs", () => {
    assert.match(readme, /^npm test\b/m);
    assert.match(fs.readFileSync(path.join(root, ".ci/run"), "utf8"), /^npm test$/m);
  });
});
