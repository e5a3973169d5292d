// Static facts about each service's image and package: they cannot be run here (no Docker engine), so the
// Dockerfile and sources are parsed and checked against what ECS with a read-only root filesystem needs.
import * as assert from "node:assert/strict";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { SERVICE_NAMES, SERVICES_DIR } from "./harness";

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile → instructions, with comments dropped and `\` continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n")
    .replace(/\\\n/g, " ");
  return logical
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(l)!;
      return { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") };
    });
}

/** Files a `*` + `!name` allowlist .dockerignore lets into the build context; other forms are rejected. */
function dockerignoreAllowlist(text: string): string[] {
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  assert.equal(rules[0], "*", ".dockerignore must start with `*` (allowlist)");
  for (const r of rules.slice(1)) assert.match(r, /^![\w.-]+$/, `.dockerignore allowlist entry ${r}`);
  return rules
    .slice(1)
    .map((r) => r.slice(1))
    .sort();
}

function requiresOf(source: string): string[] {
  return [...source.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

describe("services: Dockerfiles and packages", () => {
  it("parseDockerfile joins continuations and drops comments", () => {
    assert.deepEqual(parseDockerfile('# c\nFROM a:1\nENV A=1 \\\n    B=2\n\nCMD ["x"]\n'), [
      { keyword: "FROM", args: "a:1" },
      { keyword: "ENV", args: "A=1 B=2" },
      { keyword: "CMD", args: '["x"]' },
    ]);
  });

  it("runtime.js is byte-identical in every service (one shared implementation, copied per build context)", () => {
    const [first, ...rest] = SERVICE_NAMES.map((s) => fs.readFileSync(path.join(SERVICES_DIR, s, "runtime.js"), "utf8"));
    for (const copy of rest) assert.equal(copy, first);
  });

  for (const name of SERVICE_NAMES) {
    describe(name, () => {
      const dir = path.join(SERVICES_DIR, name);
      const dockerfile = fs.readFileSync(path.join(dir, "Dockerfile"), "utf8");
      const steps = parseDockerfile(dockerfile);
      const all = (keyword: string) => steps.filter((s) => s.keyword === keyword).map((s) => s.args);
      const index = (keyword: string) => steps.map((s) => s.keyword).lastIndexOf(keyword);

      it("has one FROM, pinned to a node 20 minor on a pinned Alpine (no latest, no floating major)", () => {
        assert.deepEqual(all("FROM"), ["node:20.19-alpine3.21"]);
        assert.match(all("FROM")[0], /^node:20\.\d+(\.\d+)?-alpine3\.\d+$/);
        assert.doesNotMatch(steps.map((s) => s.args).join("\n"), /latest/i);
      });

      it("runs as the non-root `node` user, set before CMD and never switched back", () => {
        assert.deepEqual(all("USER"), ["node"]);
        assert.ok(index("USER") < index("CMD"));
      });

      it("sets NODE_ENV=production and PORT=8080, exposes 8080, starts with `node server.js`", () => {
        assert.deepEqual(all("ENV"), ["NODE_ENV=production PORT=8080"]);
        assert.deepEqual(all("EXPOSE"), ["8080"]);
        assert.deepEqual(
          all("CMD").map((c) => JSON.parse(c)),
          [["node", "server.js"]],
        );
        assert.deepEqual(all("ENTRYPOINT"), []);
      });

      it("has no HEALTHCHECK (ECS checks health) and nothing to RUN (no dependencies, no build step)", () => {
        assert.deepEqual(all("HEALTHCHECK"), []);
        assert.deepEqual(all("RUN"), []);
      });

      it("copies exactly the files .dockerignore lets in, all of which exist, root-owned (no --chown)", () => {
        const copies = all("COPY");
        assert.equal(copies.length, 1);
        const parts = copies[0].split(" ");
        assert.equal(parts.at(-1), "./");
        assert.ok(!parts.some((p) => p.startsWith("--")), "no --chown/--chmod: code stays read-only to `node`");
        const sources = parts.slice(0, -1).sort();
        assert.deepEqual(sources, dockerignoreAllowlist(fs.readFileSync(path.join(dir, ".dockerignore"), "utf8")));
        for (const file of sources) assert.ok(fs.existsSync(path.join(dir, file)), `${file} exists`);
      });

      it("needs only Node built-ins and copied files at run time, and never touches the filesystem", () => {
        const copied = new Set(all("COPY")[0].split(" ").slice(0, -1));
        for (const file of ["server.js", "runtime.js"]) {
          const source = fs.readFileSync(path.join(dir, file), "utf8");
          for (const mod of requiresOf(source)) {
            if (mod.startsWith(".")) {
              assert.ok(copied.has(`${path.normalize(mod)}.js`), `${file} requires ${mod}, which the image contains`);
            } else {
              assert.ok(mod.startsWith("node:") && builtinModules.includes(mod.slice(5)), `${file}: ${mod} is a node: built-in`);
              assert.ok(!/^node:fs/.test(mod), `${file} must not use the filesystem (read-only root FS)`);
            }
          }
        }
      });

      it("package.json is private, dependency-free, with `npm start` = `node server.js`", () => {
        const pkg: unknown = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        assert.deepEqual(pkg, {
          name,
          version: "1.0.0",
          private: true,
          description: (pkg as { description: string }).description,
          license: "Apache-2.0",
          main: "server.js",
          engines: { node: ">=20.19" },
          scripts: { start: "node server.js" },
        });
      });
    });
  }
});
