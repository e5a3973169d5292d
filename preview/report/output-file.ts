/**
 * Output files named on the command line (`--graph`, `--markdown`, `--html`) are checked before the program
 * runs: a known extension and an existing directory. A missing directory is an error, never created silently
 * (a typo would otherwise scatter reports across new directories).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export function checkOutputFile(flag: string, file: string, extensions: readonly string[], example: string): void {
  const ext = path.extname(file).toLowerCase();
  if (!extensions.includes(ext)) {
    throw new pulumi.RunError(
      `${flag} ${file}: unsupported extension "${ext || "(none)"}"; allowed: ${extensions.join(", ")}. Fix: e.g. ${flag} ${example}`,
    );
  }
  const dir = path.dirname(path.resolve(file));
  const shown = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new pulumi.RunError(
      `${flag} ${file}: the directory ${shown} does not exist; allowed: a file in an existing directory. Fix: create it first (mkdir -p ${shown}) or pick another path`,
    );
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new pulumi.RunError(`${flag} ${file}: is a directory. Fix: name a file, e.g. ${flag} ${path.join(file, path.basename(example))}`);
  }
}
