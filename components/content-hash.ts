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

/** One `.dockerignore` rule: a pattern, and whether it re-includes (`!pattern`). */
export interface IgnoreRule {
  pattern: RegExp;
  negated: boolean;
}

/** Docker semantics: the last rule matching a path (or one of its parent directories) decides. */
export function isIgnored(rel: string, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(rel)) ignored = !rule.negated;
  return ignored;
}

/** Files under `dir`, relative with `/` separators, sorted, minus ignored ones (`.git` is always skipped). */
export function listFiles(dir: string, rules: readonly IgnoreRule[] = []): string[] {
  const out: string[] = [];
  // Without negations an ignored directory can be skipped whole; with them a child may be re-included.
  const canPrune = !rules.some((r) => r.negated);
  const walk = (relDir: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relDir), { withFileTypes: true })) {
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.name === ".git") continue;
      if (entry.isDirectory()) {
        if (!(canPrune && isIgnored(rel, rules))) walk(rel);
      } else if (entry.isFile() && !isIgnored(rel, rules)) out.push(rel);
    }
  };
  walk("");
  return out.sort();
}

/**
 * Reads `.dockerignore` rules. Supports the common forms (`name`, `dir/`, `*.log`, `**` segments, `!re-include`),
 * evaluated in order with the last match winning, as Docker does.
 */
export function readDockerignore(dir: string): IgnoreRule[] {
  const file = path.join(dir, ".dockerignore");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => (line.startsWith("!") ? { pattern: globToRegExp(line.slice(1)), negated: true } : { pattern: globToRegExp(line), negated: false }));
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
