/**
 * Offline install of a package from its `npm pack` tarball: pack the folder (its `prepack` or `prepare` builds it), extract the
 * tarball into `<dir>/node_modules/<name>` as npm does (the tarball's `package/` prefix stripped), and link the
 * dependencies npm would have installed from the repository's own node_modules (no registry here).
 */
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
const REPO_MODULES = path.join(REPO, "node_modules");

/** What `npm pack --json` reports. */
export interface PackedTarball {
  tarball: string;
  name: string;
  version: string;
  files: string[];
}

/** A fresh directory under os.tmpdir(), outside the repository (so the repository's node_modules is never on the lookup path). */
export function scratchDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  assert.ok(!dir.startsWith(REPO + path.sep), `${dir} must be outside the repository`);
  return dir;
}

/** `npm pack` of `folder` (running its `prepack`/`prepare` build) into `dest` (a fresh temp directory by default). */
export function npmPack(folder: string, dest = scratchDir("dockyard-tgz-")): PackedTarball {
  const run = spawnSync("npm", ["pack", "--json", "--pack-destination", dest], {
    cwd: folder,
    encoding: "utf8",
    env: { ...process.env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false" },
  });
  assert.strictEqual(run.status, 0, `npm pack in ${folder} failed:\n${run.stderr}`);
  const [info] = JSON.parse(run.stdout.slice(run.stdout.indexOf("["))) as {
    filename: string;
    name: string;
    version: string;
    files: { path: string }[];
  }[];
  return { tarball: path.join(dest, info.filename), name: info.name, version: info.version, files: info.files.map((f) => f.path).sort() };
}

/** Extracts `tarball` into `<dir>/node_modules/<name>` and returns that directory. */
export function extractInto(tarball: string, dir: string, name: string): string {
  const target = path.join(dir, "node_modules", ...name.split("/"));
  fs.mkdirSync(target, { recursive: true });
  const run = spawnSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], { encoding: "utf8" });
  assert.strictEqual(run.status, 0, `tar -xzf ${tarball} failed: ${run.stderr}`);
  return target;
}

/** Extracts `tarball` as the directory itself (how a policy pack is installed: `--policy-pack <dir>`). */
export function extractAt(tarball: string, dir: string): string {
  const run = spawnSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"], { encoding: "utf8" });
  assert.strictEqual(run.status, 0, `tar -xzf ${tarball} failed: ${run.stderr}`);
  return dir;
}

/** Links `<dir>/node_modules/<name>` to the repository's installed copy of `name` (what `npm install` would provide). */
export function linkFromRepo(dir: string, name: string): void {
  const source = fs.realpathSync(path.join(REPO_MODULES, ...name.split("/")));
  const target = path.join(dir, "node_modules", ...name.split("/"));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(source, target, "dir");
}

/** Parses a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Loads a CommonJS module by absolute path (a built file outside the repository's compilation). */
export function loadModule<T>(file: string): T {
  return createRequire(__filename)(file) as T;
}
