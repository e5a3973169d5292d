/**
 * Reads the `dockyard:protect` flag the way the CLI resolves config: the stack file's value wins, else the
 * project-level default in Pulumi.yaml. Read from the YAML directly so the check needs no CLI and no
 * backend, and happens before anything runs.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { InvalidInputError } from "./errors";

/** Where the protect flag came from and its value. */
export interface StackProtection {
  protected: boolean;
  /** File that decided it (`Pulumi.<stack>.yaml` or `Pulumi.yaml`), or `undefined` when neither sets it. */
  file?: string;
}

const KEY = "dockyard:protect";

/** Resolves `dockyard:protect` for a stack. Throws `InvalidInputError` on unreadable YAML or a non-boolean. */
export function readStackProtection(workDir: string, stack: string): StackProtection {
  const stackFile = `Pulumi.${path.basename(stack)}.yaml`;
  const fromStack = lookup(workDir, stackFile, (doc) => field(field(doc, "config"), KEY));
  if (fromStack !== undefined) return { protected: toBool(fromStack, stackFile, `config.${KEY}`), file: stackFile };
  // Project-level config: `protect: { type, default }` or a namespaced `dockyard:protect: { value }`.
  const projectConfig = (doc: unknown) => field(doc, "config");
  const fromProject =
    lookup(workDir, "Pulumi.yaml", (doc) => field(field(projectConfig(doc), "protect"), "default")) ??
    lookup(workDir, "Pulumi.yaml", (doc) => field(field(projectConfig(doc), KEY), "value"));
  if (fromProject !== undefined) {
    return { protected: toBool(fromProject, "Pulumi.yaml", "config.protect.default"), file: "Pulumi.yaml" };
  }
  return { protected: false };
}

function lookup(workDir: string, file: string, pick: (doc: unknown) => unknown): unknown {
  const full = path.join(workDir, file);
  if (!fs.existsSync(full)) return undefined;
  let doc: unknown;
  try {
    doc = parse(fs.readFileSync(full, "utf8"));
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new InvalidInputError(`${file}: not valid YAML (${reason}). Fix the file and retry.`);
  }
  return pick(doc);
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

function toBool(value: unknown, file: string, fieldPath: string): boolean {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new InvalidInputError(
    `${file}: \`${fieldPath}\` is ${JSON.stringify(value)}; allowed: true or false. ` + `Set it with \`pulumi config set ${KEY} true\`.`,
  );
}
