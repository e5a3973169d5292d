// Every component argument is documented, every optional one with `@default` (scripts/check-arg-docs.ts).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { argDocProblems, argDocProblemsIn, formatArgDocProblems } from "../../scripts/check-arg-docs";

describe("component argument docs (scripts/check-arg-docs.ts)", () => {
  it("reports an optional argument without @default and an undescribed one, reached through a named type (negative control)", () => {
    const problems = argDocProblems({
      "a.ts": [
        "export interface WidgetArgs {",
        "  /** Size in GiB. @default 8 */",
        "  size?: number;",
        "  /** How many. */",
        "  count?: number;",
        "  nested: { deep?: string };",
        "  part: PartSpec;",
        "}",
      ].join("\n"),
      "b.ts":
        "export interface PartSpec {\n  /** Colour. */\n  colour: string;\n  shade?: string;\n}\nexport interface Unreached {\n  x?: number;\n}\n",
    });
    assert.deepEqual(problems, [
      { where: "a.ts:5", property: "WidgetArgs.count", missing: "@default" },
      { where: "a.ts:6", property: "WidgetArgs.nested", missing: "description" },
      { where: "a.ts:6", property: "WidgetArgs.nested.deep", missing: "description" },
      { where: "a.ts:6", property: "WidgetArgs.nested.deep", missing: "@default" },
      { where: "a.ts:7", property: "WidgetArgs.part", missing: "description" },
      { where: "b.ts:4", property: "PartSpec.shade", missing: "description" },
      { where: "b.ts:4", property: "PartSpec.shade", missing: "@default" },
    ]);
  });

  it("every argument of the component package is described, every optional one with @default", () => {
    const problems = argDocProblemsIn(path.resolve(__dirname, "../../components"));
    assert.equal(formatArgDocProblems(problems), "");
  });
});
