import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ProjectFileError, displayPath, loadProject } from "../../preview/project";

/** Writes the given files into a fresh temp project directory. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-project-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const PROJECT = [
  "name: shop",
  "runtime: nodejs",
  "config:",
  "  aws:region:",
  "    value: us-east-1",
  "  desiredCount:",
  "    type: integer",
  "    default: 1",
  "  logRetentionDays: 7",
  "",
].join("\n");

function rejects(dir: string, stack: string, message: string): void {
  assert.throws(
    () => loadProject(dir, stack),
    (err: unknown) => {
      assert.ok(err instanceof ProjectFileError, String(err));
      assert.ok(err instanceof pulumi.RunError, "a user error the tools print without a stack trace");
      assert.strictEqual(err.message, message);
      return true;
    },
  );
}

describe("loadProject", () => {
  it("overlays the stack file on project defaults, namespaces keys and JSON-encodes structured values", () => {
    const dir = project({
      "Pulumi.yaml": PROJECT,
      "index.ts": "export {};\n",
      "Pulumi.dev.yaml": [
        "config:",
        "  aws:region: eu-west-1",
        "  shop:desiredCount: 2",
        "  shop:services:",
        "    api:",
        "      cpu: 256",
        "      public: true",
        "    web: {cpu: 512}",
        "",
      ].join("\n"),
    });
    const loaded = loadProject(dir, "dev");
    assert.deepStrictEqual(loaded, {
      projectName: "shop",
      projectDir: dir,
      main: path.join(dir, "index.ts"),
      config: {
        "aws:region": "eu-west-1",
        "shop:desiredCount": "2",
        "shop:logRetentionDays": "7",
        "shop:services": '{"api":{"cpu":256,"public":true},"web":{"cpu":512}}',
      },
      secretKeys: [],
      stackFile: path.join(dir, "Pulumi.dev.yaml"),
      region: "eu-west-1",
    });
  });

  it("never decrypts secure values: they read [secret], and their keys are listed as secret", () => {
    const dir = project({
      "Pulumi.yaml": PROJECT,
      "index.ts": "",
      "Pulumi.prod.yaml": [
        "encryptionsalt: v1:abc=",
        "config:",
        "  shop:dbPassword:",
        "    secure: v1:AAAABBBB==",
        "  shop:api:",
        "    token:",
        "      secure: v1:CCCC==",
        "    port: 8080",
        "",
      ].join("\n"),
    });
    const loaded = loadProject(dir, "prod");
    assert.strictEqual(loaded.config["shop:dbPassword"], "[secret]");
    assert.strictEqual(loaded.config["shop:api"], '{"token":"[secret]","port":8080}');
    assert.deepStrictEqual(loaded.secretKeys, ["shop:api", "shop:dbPassword"]);
    assert.ok(!JSON.stringify(loaded).includes("v1:AAAABBBB"));
  });

  it("resolves main from Pulumi.yaml, then package.json", () => {
    const withMain = project({ "Pulumi.yaml": `${PROJECT}main: src/app.ts\n`, "Pulumi.dev.yaml": "" });
    fs.mkdirSync(path.join(withMain, "src"));
    fs.writeFileSync(path.join(withMain, "src", "app.ts"), "");
    assert.strictEqual(loadProject(withMain, "dev").main, path.join(withMain, "src", "app.ts"));
    const withPkg = project({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "", "package.json": '{"main":"bin/run.js"}' });
    fs.mkdirSync(path.join(withPkg, "bin"));
    fs.writeFileSync(path.join(withPkg, "bin", "run.js"), "");
    assert.strictEqual(loadProject(withPkg, "dev").main, path.join(withPkg, "bin", "run.js"));
  });

  it("rejects a key set to null instead of silently using its default", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "config:\n  shop:network:\n" });
    rejects(
      dir,
      "dev",
      `${displayPath(path.join(dir, "Pulumi.dev.yaml"))}: config \`shop:network\` is empty (null); allowed: a value. Fix: remove the key to use its default, or give it a value, e.g. \`pulumi config set shop:network <value> --stack dev\`.`,
    );
  });

  it("rejects a stack name that would step out of the directory, before reading any file", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "" });
    for (const bad of ["../../package", "..", "."]) {
      rejects(
        dir,
        bad,
        `Invalid stack name ${JSON.stringify(bad)}: stack names may contain only letters, digits, "-", "_" and "." (at most 100 characters). Stacks with a config file here: dev.`,
      );
    }
  });

  it("rejects a bad stack name, listing the stacks that exist", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "", "Pulumi.prod.yaml": "" });
    rejects(
      dir,
      "dev/../x",
      'Invalid stack name "dev/../x": stack names may contain only letters, digits, "-", "_" and "." (at most 100 characters). Stacks with a config file here: dev, prod.',
    );
  });

  it("rejects a stack without a config file", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "" });
    rejects(
      dir,
      "qa",
      `Stack "qa" has no config file: ${displayPath(path.join(dir, "Pulumi.qa.yaml"))} does not exist. Stacks with a config file here: dev. Pass one with --stack, or create the file.`,
    );
  });

  it("rejects a directory without Pulumi.yaml", () => {
    const dir = project({});
    rejects(
      dir,
      "dev",
      `No Pulumi project in ${displayPath(dir)}: Pulumi.yaml not found. Run from a Pulumi project directory or pass --cwd <project dir>.`,
    );
  });

  it("rejects invalid YAML, naming the file, line and column", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "config:\n  aws:region: [us-east-1\n  shop:x: 1\n" });
    rejects(
      dir,
      "dev",
      `${displayPath(path.join(dir, "Pulumi.dev.yaml"))}: invalid YAML at line 3, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix the syntax and run again.`,
    );
  });

  it("rejects a value of the wrong declared type, with the fix", () => {
    const dir = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "config:\n  shop:desiredCount: two\n" });
    rejects(
      dir,
      "dev",
      `${displayPath(path.join(dir, "Pulumi.dev.yaml"))}: config \`shop:desiredCount\` is "two", but Pulumi.yaml declares it as type integer. Set a valid integer, e.g. \`pulumi config set desiredCount <integer> --stack dev\`.`,
    );
  });

  it("rejects a missing required value and a missing aws:region", () => {
    const required = project({
      "Pulumi.yaml": `${PROJECT.replace("config:\n", "config:\n  domain:\n    type: string\n")}`,
      "index.ts": "",
      "Pulumi.dev.yaml": "",
    });
    rejects(
      required,
      "dev",
      `Stack "dev" is missing configuration value \`shop:domain\` (declared in Pulumi.yaml without a default). Add it under \`config:\` in ${displayPath(path.join(required, "Pulumi.dev.yaml"))}.`,
    );
    const noRegion = project({ "Pulumi.yaml": "name: bare\n", "index.ts": "", "Pulumi.dev.yaml": "config: {}\n" });
    rejects(
      noRegion,
      "dev",
      `${displayPath(path.join(noRegion, "Pulumi.dev.yaml"))}: \`aws:region\` is not set. Add \`aws:region: us-east-1\` (or your region) under \`config:\`, or run \`pulumi config set aws:region us-east-1 --stack dev\`.`,
    );
  });

  it("rejects a project without a name and a config that is not a map", () => {
    const noName = project({ "Pulumi.yaml": "runtime: nodejs\n", "Pulumi.dev.yaml": "" });
    rejects(
      noName,
      "dev",
      `${displayPath(path.join(noName, "Pulumi.yaml"))}: \`name\` is required (the project name, e.g. \`name: dockyard\`).`,
    );
    const listConfig = project({ "Pulumi.yaml": PROJECT, "index.ts": "", "Pulumi.dev.yaml": "config:\n  - a\n" });
    rejects(
      listConfig,
      "dev",
      `${displayPath(path.join(listConfig, "Pulumi.dev.yaml"))}: \`config\` must be a map of "<namespace>:<key>" to values, got a list.`,
    );
  });
});
