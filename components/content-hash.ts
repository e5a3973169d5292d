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
  /**
   * Every other input of the `docker.Image` except the tag itself and the registry credentials (the context and
   * Dockerfile paths as passed, cache sources, builder version, …), as plain JSON. @default {}
   */
  buildInputs?: Readonly<Record<string, unknown>>;
}

/**
 * A content tag for an image, changing whenever @pulumi/docker 4.x would rebuild and push it. The provider
 * (v4.11.2, `provider/provider.go`: `hashContext`, `Diff`, `diffUpdates`) rebuilds on any change of its inputs
 * except `registry.username`/`password`; one input, `build.contextDigest`, hashes the Dockerfile and every file
 * the context's ignore file (`<Dockerfile>.dockerignore` first, else `.dockerignore`) keeps: relative path,
 * **file mode** and bytes, and for a symlink its resolved target path. So the tag covers the same: every kept
 * entry's path, type, permission bits and bytes (or resolved link target), the Dockerfile, build args, target,
 * platform and the other inputs. An ECR IMMUTABLE repository refuses a second push of a tag (even of an
 * identical image), so a rebuild under an unchanged tag would fail every later `up`: a chmod, another umask or a
 * checkout elsewhere (symlink targets are absolute) now gives a new tag. Same inputs → same tag; no timestamps.
 */
export function contentTag(fp: BuildFingerprint): string {
  const hash = createHash("sha256");
  const ignore = readDockerignore(fp.contextDir, fp.dockerfile);
  for (const entry of listEntries(fp.contextDir, ignore)) {
    const abs = path.join(fp.contextDir, entry.rel);
    hash.update(`${entry.kind}\0${entry.rel}\0${entry.mode.toString(8)}\0`);
    if (entry.kind === "file") hash.update(fs.readFileSync(abs));
    else if (entry.kind === "symlink") hash.update(resolvedLink(abs));
    hash.update("\0");
  }
  hash.update(`dockerfile\0${fp.dockerfile}\0`);
  const dockerfilePath = path.join(fp.contextDir, fp.dockerfile);
  if (fs.existsSync(dockerfilePath)) hash.update(fs.readFileSync(dockerfilePath));
  for (const key of Object.keys(fp.args).sort()) hash.update(`arg\0${key}=${fp.args[key]}\0`);
  hash.update(`target\0${fp.target ?? ""}\0platform\0${fp.platform}\0`);
  hash.update(`inputs\0${canonicalJson(fp.buildInputs ?? {})}`);
  return `sha-${hash.digest("hex").slice(0, 20)}`;
}

/** One entry of a build context, as the provider's walk sees it (directories contribute nothing). */
export interface ContextEntry {
  /** Path relative to the context, `/`-separated. */
  rel: string;
  kind: "file" | "symlink" | "other";
  /** Permission bits (including setuid/setgid/sticky). */
  mode: number;
}

/** Files, symlinks and other non-directories under `dir`, sorted, minus ignored ones. */
export function listEntries(dir: string, rules: readonly IgnoreRule[] = []): ContextEntry[] {
  const out: ContextEntry[] = [];
  // Without negations an ignored directory can be skipped whole; with them a child may be re-included.
  const canPrune = !rules.some((r) => r.negated);
  const walk = (relDir: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relDir), { withFileTypes: true })) {
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!(canPrune && isIgnored(rel, rules))) walk(rel);
        continue;
      }
      if (isIgnored(rel, rules)) continue;
      const mode = fs.lstatSync(path.join(dir, rel)).mode & 0o7777;
      out.push({ rel, kind: entry.isFile() ? "file" : entry.isSymbolicLink() ? "symlink" : "other", mode });
    }
  };
  walk("");
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Relative paths of the regular files under `dir`, sorted, minus ignored ones. */
export function listFiles(dir: string, rules: readonly IgnoreRule[] = []): string[] {
  return listEntries(dir, rules)
    .filter((e) => e.kind === "file")
    .map((e) => e.rel);
}

/** The provider hashes a symlink's resolved target (an absolute path); a dangling link hashes what it names. */
function resolvedLink(abs: string): string {
  try {
    return fs.realpathSync(abs).split(path.sep).join("/");
  } catch {
    return `dangling:${fs.readlinkSync(abs)}`;
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
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

/**
 * Reads the context's ignore rules as Docker (and the provider) choose the file: `<Dockerfile>.dockerignore` when
 * it exists, else `.dockerignore` at the context root. Supports the common forms (`name`, `dir/`, `*.log`, `**`
 * segments, `!re-include`), evaluated in order with the last match winning, as Docker does.
 */
export function readDockerignore(dir: string, dockerfile = "Dockerfile"): IgnoreRule[] {
  const specific = path.join(dir, `${dockerfile}.dockerignore`);
  const file = fs.existsSync(specific) ? specific : path.join(dir, ".dockerignore");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) =>
      line.startsWith("!") ? { pattern: globToRegExp(line.slice(1)), negated: true } : { pattern: globToRegExp(line), negated: false },
    );
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
