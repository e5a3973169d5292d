// The generated-region mechanics behind `npm run docs` (scripts/docs/regions.ts).
import { strict as assert } from "node:assert";
import { regionsOf, rewrite } from "../../scripts/docs/regions";

const doc = "intro\n<!-- generated:t (by a script) -->\nold row\n<!-- generated:t:end -->\noutro\n";

describe("generated doc regions (scripts/docs/regions.ts)", () => {
  it("replaces only the text between the markers", () => {
    assert.equal(
      rewrite(doc, "X.md", (name) => (name === "t" ? "new row 1\nnew row 2" : undefined)),
      "intro\n<!-- generated:t (by a script) -->\nnew row 1\nnew row 2\n<!-- generated:t:end -->\noutro\n",
    );
  });

  it("leaves a current region byte-identical (so a check can compare)", () => {
    assert.equal(
      rewrite(doc, "X.md", () => "old row"),
      doc,
    );
  });

  it("reads each region's name and text", () => {
    assert.deepEqual(
      regionsOf(doc, "X.md").map((r) => [r.name, r.body]),
      [["t", "old row"]],
    );
  });

  it("refuses a region without an end marker, and one no generator knows (negative controls)", () => {
    assert.throws(() => regionsOf("<!-- generated:t -->\nrow\n", "X.md"), {
      message: 'X.md: region "t" has no end marker; add <!-- generated:t:end --> after its text',
    });
    assert.throws(() => rewrite(doc, "X.md", () => undefined), { message: 'X.md: no generator for region "t"' });
  });
});
