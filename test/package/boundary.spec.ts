/**
 * The package boundaries, read from the source: the stacks use the component package only through its entry
 * point, nothing in the repository imports the `components` directory itself (its package.json points `main` at
 * the build output, so a stale `dist/` would silently win), the pack imports nothing outside `policy/`, and the
 * manifests agree with the pinned SDKs.
 */
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import semver from "semver";
import { readJson, REPO } from "./tarball";

/** Every `.ts` file under `dir` (relative to the repository), skipping node_modules and dist. */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(REPO, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "dist") walk(rel);
      } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** Module specifiers of every import/export/require in `text` (a file's content; read from disk by default). */
function specifiers(file: string, text = fs.readFileSync(path.join(REPO, file), "utf8")): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|\brequire\("([^"]+)"\)|\bimport\("([^"]+)"\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

/** Packages (not relative, not Node built-ins) `file` imports: type-only ones (`import type`) or the others. */
function packageImports(file: string, typeOnly: boolean): string[] {
  const text = fs.readFileSync(path.join(REPO, file), "utf8");
  const found = [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\b[^;]*?\bfrom\s+"([^".][^"]*)"/g)]
    .filter((m) => (m[2] !== undefined) === typeOnly)
    .map((m) => m[3]);
  return found
    .filter((s) => !s.startsWith("node:") && !["path", "fs", "crypto", "util", "os", "child_process"].includes(s))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]));
}

/** `file`'s relative imports resolved to repository paths. */
function localImports(file: string, text?: string): { spec: string; target: string }[] {
  return specifiers(file, text)
    .filter((s) => s.startsWith("."))
    .map((spec) => ({ spec, target: path.relative(REPO, path.resolve(REPO, path.dirname(file), spec)) }));
}

/** Files of `dirs` whose relative imports break `allowed` (`extra`: in-memory files, for the negative control). */
function violations(dirs: readonly string[], allowed: (target: string) => boolean, extra: Record<string, string> = {}): string[] {
  const files: [string, string | undefined][] = [
    ...dirs.flatMap(sources).map((f): [string, undefined] => [f, undefined]),
    ...Object.entries(extra),
  ];
  return files.flatMap(([f, text]) =>
    localImports(f, text)
      .filter((i) => !allowed(i.target))
      .map((i) => `${f}: ${i.spec}`),
  );
}

describe("package boundaries (components, pack, stacks)", () => {
  it("stacks/ reach the components only through the package entry (components/index)", () => {
    assert.deepStrictEqual(
      violations(["stacks"], (t) => !t.startsWith(`components${path.sep}`) || t === path.join("components", "index")),
      [],
    );
  });

  it("the components reach the pack only through the pure modules it exports (dockyard-guard/aws-rules, rules/secrets, rules/arn-scope)", () => {
    const exported = Object.keys(readJson<{ exports: Record<string, unknown> }>(path.join(REPO, "policy/package.json")).exports)
      .filter((k) => k !== "./package.json")
      .map((k) => path.join("policy", k.slice(2)));
    assert.deepStrictEqual(
      violations(["components"], (t) => !t.startsWith(`policy${path.sep}`) || exported.includes(t)),
      [],
    );
  });

  it("nothing imports the components directory itself (it would load components/dist when one is built)", () => {
    const dirs = ["stacks", "preview", "automation", "policy", "test", "bench", "scripts", "examples", "components"].filter((d) =>
      fs.existsSync(path.join(REPO, d)),
    );
    assert.deepStrictEqual(
      violations(dirs, (t) => t !== "components"),
      [],
    );
  });

  it("the pack imports nothing outside policy/ (self-contained; the dependency runs components → pack only)", () => {
    assert.deepStrictEqual(
      violations(["policy"], (t) => t === "policy" || t.startsWith(`policy${path.sep}`)),
      [],
    );
    // Packages: what runs must be a dependency; what is only imported for types (`import type`) a devDependency
    // (what `npm install` in the installed pack provides for ts-node's type check).
    const manifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
      path.join(REPO, "policy/package.json"),
    );
    const used = (typeOnly: boolean) => [...new Set(sources("policy").flatMap((f) => packageImports(f, typeOnly)))].sort();
    assert.deepStrictEqual(
      used(false).filter((p) => !(p in manifest.dependencies)),
      [],
      "runtime imports must be dependencies",
    );
    assert.deepStrictEqual(
      used(true).filter((p) => !(p in manifest.dependencies) && !(p in manifest.devDependencies)),
      [],
      "type-only imports must be declared",
    );
  });

  it("negative control: the checks above see a forbidden import", () => {
    const probe = {
      [path.join("stacks", "probe.ts")]:
        'import { FargateService } from "../components/fargate-service";\nimport { x } from "../components";\nexport { FargateService, x };\n',
    };
    assert.deepStrictEqual(
      violations([], (t) => !t.startsWith(`components${path.sep}`) || t === path.join("components", "index"), probe),
      ["stacks/probe.ts: ../components/fargate-service"],
    );
    assert.deepStrictEqual(
      violations([], (t) => t !== "components", probe),
      ["stacks/probe.ts: ../components"],
    );
    assert.deepStrictEqual(
      violations([], (t) => t.startsWith(`policy${path.sep}`), {
        [path.join("policy", "rules", "x.ts")]: 'import { a } from "../../components/aws-rules";\n',
      }),
      ["policy/rules/x.ts: ../../components/aws-rules"],
    );
  });

  it("peer dependency ranges include the SDK versions the repository pins; the provider manifest has the package's version", () => {
    const root = readJson<{ dependencies: Record<string, string> }>(path.join(REPO, "package.json")).dependencies;
    const components = readJson<{ version: string; peerDependencies: Record<string, string> }>(path.join(REPO, "components/package.json"));
    for (const [peer, range] of Object.entries(components.peerDependencies)) {
      assert.ok(semver.satisfies(root[peer], range), `${peer} ${root[peer]} is outside the peer range ${range}`);
    }
    assert.strictEqual(readJson<{ version: string }>(path.join(REPO, "components/provider/package.json")).version, components.version);
    // What `pulumi package add` installs to run the provider from its TypeScript source (provider/host.ts) with ts-node: the repository's own pins.
    const dev = readJson<{ devDependencies: Record<string, string> }>(path.join(REPO, "package.json")).devDependencies;
    const pluginDev = readJson<{ devDependencies: Record<string, string> }>(path.join(REPO, "components/package.json")).devDependencies;
    assert.deepStrictEqual(
      Object.entries(pluginDev).filter(([k, v]) => dev[k] !== v),
      [],
    );
    const changelog = fs.readFileSync(path.join(REPO, "components/CHANGELOG.md"), "utf8");
    assert.match(
      changelog,
      new RegExp(`^## ${components.version.replace(/\./g, "\\.")}\\b`, "m"),
      "the current version has a CHANGELOG entry",
    );
    const pack = readJson<{ version: string }>(path.join(REPO, "policy/package.json"));
    assert.match(
      fs.readFileSync(path.join(REPO, "policy/CHANGELOG.md"), "utf8"),
      new RegExp(`^## ${pack.version.replace(/\./g, "\\.")}( \\(\\d{4}-\\d{2}-\\d{2}\\))?$`, "m"),
      "the pack's current version has a CHANGELOG entry, `## <version>` or, released, `## <version> (<date>)`",
    );
  });
});
