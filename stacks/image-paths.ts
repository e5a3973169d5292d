/**
 * Where a build may read from: the context must be a directory inside the project root (the whole context is
 * hashed and sent to the builder, so `..` would ship the parent directory), and the Dockerfile a file inside
 * the context. Symlinks are followed before the check, so a link cannot lead outside either.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Whether `child` is `parent` or inside it (both absolute, symlinks resolved). */
function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function real(p: string): string {
  return fs.realpathSync(p);
}

/** The problem with a build context, or `undefined` when it is a directory inside `projectRoot`. */
export function contextProblem(projectRoot: string, context: string): string | undefined {
  if (path.isAbsolute(context)) return "an absolute path; use a path relative to the project root";
  const dir = path.resolve(projectRoot, context);
  if (!inside(projectRoot, dir)) return "outside the project root";
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return "not an existing directory";
  if (!inside(real(projectRoot), real(dir))) return "a link to a directory outside the project root";
  return undefined;
}

/** The problem with a Dockerfile path (relative to the context), or `undefined` when it is a file inside it. */
export function dockerfileProblem(contextDir: string, dockerfile: string): string | undefined {
  if (path.isAbsolute(dockerfile)) return "an absolute path; use a path relative to the context";
  const file = path.resolve(contextDir, dockerfile);
  if (!inside(contextDir, file)) return "outside the build context";
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return "not an existing file";
  if (!inside(real(contextDir), real(file))) return "a link to a file outside the build context";
  return undefined;
}
