import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** What goes into an image's content tag, besides the build context's files. */
export interface BuildFingerprint {
  /** Absolute path of the build context directory. */
  contextDir: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  args: Readonly<Record<string, string>>;
  target?: string;
  platform: string;
}

/**
 * A content tag for an image: sha256 over the context's files (sorted relative paths and their bytes, minus
 * what a simple `.dockerignore` excludes), the Dockerfile, build args, target and platform. Same inputs → same
 * tag; no timestamps, so an unchanged service is neither rebuilt nor redeployed.
 */
export function contentTag(fp: BuildFingerprint): string {
  const hash = createHash("sha256");
  const ignore = readDockerignore(fp.contextDir);
  for (const rel of listFiles(fp.contextDir, ignore)) {
    hash.update(`file\0${rel}\0`);
    hash.update(fs.readFileSync(path.join(fp.contextDir, rel)));
  }
  hash.update(`dockerfile\0${fp.dockerfile}\0`);
  const dockerfilePath = path.join(fp.contextDir, fp.dockerfile);
  if (fs.existsSync(dockerfilePath)) hash.update(fs.readFileSync(dockerfilePath));
  for (const key of Object.keys(fp.args).sort()) hash.update(`arg\0${key}=${fp.args[key]}\0`);
  hash.update(`target\0${fp.target ?? ""}\0platform\0${fp.platform}`);
  return `sha-${hash.digest("hex").slice(0, 20)}`;
}

/** Files under `dir`, relative with `/` separators, sorted, minus ignored ones (`.git` is always skipped). */
export function listFiles(dir: string, ignore: readonly RegExp[] = []): string[] {
  const out: string[] = [];
  const walk = (relDir: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relDir), { withFileTypes: true })) {
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.name === ".git" || ignore.some((re) => re.test(rel))) continue;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/**
 * Reads `.dockerignore` patterns as regular expressions. Supports the common forms (`name`, `dir/`, `*.log`,
 * `**` segments); negations (`!pattern`) are ignored, which can only make the hash include more files.
 */
export function readDockerignore(dir: string): RegExp[] {
  const file = path.join(dir, ".dockerignore");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("!"))
    .map(globToRegExp);
}

function globToRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\.?\//, "").replace(/\/+$/, "");
  let re = "";
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    if (ch === "*" && clean[i + 1] === "*") {
      re += ".*";
      i++;
      if (clean[i + 1] === "/") i++;
    } else if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A pattern matches the path itself and everything under it.
  return new RegExp(`^${re}(/.*)?$`);
}
