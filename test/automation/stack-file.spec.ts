import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackProtection } from "../../automation/stack-file";

describe("stack protection flag (dockyard:protect)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-protect-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);

  it("is true when the stack file sets it", () => {
    write("Pulumi.prod.yaml", "config:\n  aws:region: us-east-1\n  dockyard:protect: true\n");
    assert.deepStrictEqual(readStackProtection(dir, "prod"), { protected: true, file: "Pulumi.prod.yaml" });
  });

  it("accepts the string form the CLI writes with `pulumi config set`", () => {
    write("Pulumi.prod.yaml", 'config:\n  dockyard:protect: "true"\n');
    assert.deepStrictEqual(readStackProtection(dir, "prod"), { protected: true, file: "Pulumi.prod.yaml" });
  });

  it("the stack file wins over the project default", () => {
    write("Pulumi.yaml", "name: dockyard\nconfig:\n  protect:\n    type: boolean\n    default: true\n");
    write("Pulumi.dev.yaml", "config:\n  dockyard:protect: false\n");
    assert.deepStrictEqual(readStackProtection(dir, "dev"), { protected: false, file: "Pulumi.dev.yaml" });
  });

  it("falls back to the project-level default (typed or namespaced form)", () => {
    write("Pulumi.yaml", "name: dockyard\nconfig:\n  protect:\n    type: boolean\n    default: true\n");
    assert.deepStrictEqual(readStackProtection(dir, "qa"), { protected: true, file: "Pulumi.yaml" });
    write("Pulumi.yaml", "name: dockyard\nconfig:\n  dockyard:protect:\n    value: true\n");
    assert.deepStrictEqual(readStackProtection(dir, "qa"), { protected: true, file: "Pulumi.yaml" });
  });

  it("is false when nothing sets it (no files at all)", () => {
    assert.deepStrictEqual(readStackProtection(dir, "dev"), { protected: false });
  });

  it("rejects a non-boolean with the file, field, value, allowed values and fix", () => {
    write("Pulumi.prod.yaml", "config:\n  dockyard:protect: yes-please\n");
    assert.throws(() => readStackProtection(dir, "prod"), {
      name: "InvalidInputError",
      message:
        'Pulumi.prod.yaml: `config.dockyard:protect` is "yes-please"; allowed: true or false. ' +
        "Set it with `pulumi config set dockyard:protect true`.",
    });
  });

  it("reports unreadable YAML by file name", () => {
    write("Pulumi.prod.yaml", "config: [unclosed\n");
    assert.throws(
      () => readStackProtection(dir, "prod"),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, /^Pulumi\.prod\.yaml: not valid YAML \(.+\)\. Fix the file and retry\.$/);
        return true;
      },
    );
  });

  it("reads this repository's stack files when they exist (prod must be protected)", function () {
    const repo = path.resolve(__dirname, "..", "..");
    if (!fs.existsSync(path.join(repo, "Pulumi.prod.yaml"))) this.skip();
    const text = fs.readFileSync(path.join(repo, "Pulumi.prod.yaml"), "utf8");
    if (!text.includes("dockyard:protect")) this.skip();
    assert.deepStrictEqual(readStackProtection(repo, "prod"), { protected: true, file: "Pulumi.prod.yaml" });
  });
});
