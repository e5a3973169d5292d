/**
 * Regenerates `replacement-data.json`: which properties cause replacement, per resource type the update preview
 * covers, from two real sources.
 *
 * - CloudFormation: `@aws-cdk/aws-service-spec` (AWS's resource specification as the CDK ships it; every property
 *   carries `causesReplacement: "yes" | "maybe" | "no"`). It is not a dependency of this repository: it is
 *   installed into a temporary directory for the run, pinned to `SPEC_VERSION`.
 * - The provider's own docs: the installed `@pulumi/aws` declaration files, whose doc comments say "forces a new
 *   resource" where the upstream docs say so.
 *
 *   npx ts-node --transpile-only preview/update/regenerate-replacement-data.ts
 *
 * The runtime reads only the committed JSON file.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { TYPE_MAP, declarationFile } from "./type-map";

export const SPEC_PACKAGE = "@aws-cdk/aws-service-spec";
export const SPEC_VERSION = "0.1.216";
const OUT = path.join(__dirname, "replacement-data.json");
const PULUMI_AWS = path.dirname(require.resolve("@pulumi/aws/package.json"));

interface SpecProperty {
  causesReplacement?: string;
}
interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
}
interface SpecDb {
  schema: { resource: { entities: SpecResource[] } };
}

function installSpec(): { dir: string; licence: string } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "aws-service-spec-"));
  execFileSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--ignore-scripts", `${SPEC_PACKAGE}@${SPEC_VERSION}`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const dir = path.join(prefix, "node_modules", ...SPEC_PACKAGE.split("/"));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string; license: string };
  if (pkg.version !== SPEC_VERSION) throw new Error(`${SPEC_PACKAGE}: installed ${pkg.version}, expected ${SPEC_VERSION}`);
  return { dir, licence: pkg.license };
}

/** Per CloudFormation type: every property name (so the mapping table can be checked) and the replace-only ones. */
function cfnReplacement(db: SpecDb, cfnTypes: string[]): Record<string, { properties: string[]; replace: string[]; maybe: string[] }> {
  const out: Record<string, { properties: string[]; replace: string[]; maybe: string[] }> = {};
  for (const type of [...cfnTypes].sort()) {
    const resource = db.schema.resource.entities.find((r) => r.cloudFormationType === type);
    if (!resource) throw new Error(`${SPEC_PACKAGE}@${SPEC_VERSION} has no ${type}: fix the cfnType in preview/update/type-map.ts`);
    const props = Object.entries(resource.properties);
    out[type] = {
      properties: props.map(([name]) => name).sort(),
      replace: props
        .filter(([, p]) => p.causesReplacement === "yes")
        .map(([name]) => name)
        .sort(),
      maybe: props
        .filter(([, p]) => p.causesReplacement === "maybe")
        .map(([name]) => name)
        .sort(),
    };
  }
  return out;
}

/** `Args` interface properties whose doc comment says the change forces a new resource. */
export function docForcesNew(declaration: string): { property: string; text: string }[] {
  const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(declaration)?.[1] ?? "";
  const found: { property: string; text: string }[] = [];
  const member = /\/\*\*([\s\S]*?)\*\/\s*(?:readonly\s+)?(\w+)\??:/g;
  for (let m = member.exec(args); m; m = member.exec(args)) {
    const doc = m[1]
      .replace(/^\s*\*\s?/gm, " ")
      .replace(/\s+/g, " ")
      .trim();
    const sentence = /[^.]*\bforces? (?:a )?new resource[^.]*\./i.exec(doc);
    if (sentence) found.push({ property: m[2], text: sentence[0].trim() });
  }
  return found;
}

function main(): void {
  const { dir, licence } = installSpec();
  const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, "db.json.gz"))).toString("utf8")) as SpecDb;
  const cfnTypes = [...new Set(Object.values(TYPE_MAP).flatMap((m) => (m.cfnType ? [m.cfnType] : [])))];
  const providerDocs: Record<string, { property: string; text: string }[]> = {};
  for (const type of Object.keys(TYPE_MAP).sort()) {
    const file = declarationFile(type);
    const full = file ? path.join(PULUMI_AWS, file) : undefined;
    if (!full || !fs.existsSync(full)) throw new Error(`${type}: no declaration file ${file} in @pulumi/aws`);
    const found = docForcesNew(fs.readFileSync(full, "utf8"));
    if (found.length > 0) providerDocs[type] = found;
  }
  const pulumiAws = JSON.parse(fs.readFileSync(path.join(PULUMI_AWS, "package.json"), "utf8")) as { version: string; license: string };
  const data = {
    generated: new Date().toISOString().slice(0, 10),
    generator: "preview/update/regenerate-replacement-data.ts",
    sources: {
      cloudFormation: { package: SPEC_PACKAGE, version: SPEC_VERSION, licence, field: "properties.*.causesReplacement" },
      providerDocs: {
        package: "@pulumi/aws",
        version: pulumiAws.version,
        licence: pulumiAws.license,
        field: 'Args doc comments: "forces a new resource"',
      },
    },
    cloudFormation: cfnReplacement(db, cfnTypes),
    providerDocs,
  };
  fs.writeFileSync(OUT, `${JSON.stringify(data, null, 2)}\n`);
  fs.rmSync(path.dirname(path.dirname(path.dirname(dir))), { recursive: true, force: true });
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), OUT)}: ${cfnTypes.length} CloudFormation types, ${Object.keys(providerDocs).length} provider types with doc notes\n`,
  );
}

if (require.main === module) main();
