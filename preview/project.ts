/**
 * Reads a Pulumi project and one stack's config the way the Pulumi CLI does: `Pulumi.yaml` (project name,
 * `main`, project-level `config:` defaults and type declarations) overlaid by `Pulumi.<stack>.yaml`, giving
 * the `"<namespace>:<key>" → string` map the CLI hands a program (structured values JSON-encoded). `secure:`
 * values are never decrypted: they reach the program as `[secret]` and their keys are listed as secret.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";

/** What a secure value looks like to the program and in every report. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A problem with the project or stack files: a user error (exit 2, message only). */
export class ProjectFileError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "ProjectFileError";
  }
}

export interface LoadedProject {
  /** `name` from `Pulumi.yaml`: the default config namespace. */
  projectName: string;
  /** Absolute project directory. */
  projectDir: string;
  /** Absolute path of the program's entry file (from `main`, `package.json` `main`, or `index.ts`). */
  main: string;
  /** Config as the CLI passes it: `"<namespace>:<key>"` → string, structured values JSON-encoded. */
  config: Record<string, string>;
  /** Keys whose value came from a `secure:` entry (sorted). */
  secretKeys: string[];
  /** Absolute path of `Pulumi.<stack>.yaml`. */
  stackFile: string;
  /** `aws:region`. */
  region: string;
}

/** Stack names the CLI accepts for a local stack (`pulumi stack init`): letters, digits, `-`, `_`, `.`. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const DESCRIPTOR_KEYS = new Set(["type", "description", "default", "value", "secret", "items"]);
type Yaml = Record<string, unknown>;

/** How files are named in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function readYaml(file: string): Yaml {
  const text = fs.readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (err) {
    const pos = err instanceof YAML.YAMLError ? err.linePos?.[0] : undefined;
    const reason = (err instanceof Error ? err.message : String(err)).split(" at line ")[0].split("\n")[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
    throw new ProjectFileError(`${displayPath(file)}: invalid YAML${where}: ${reason}. Fix the syntax and run again.`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ProjectFileError(`${displayPath(file)}: expected a YAML map at the top level, got ${describe(parsed)}.`);
  }
  return parsed as Yaml;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function isDescriptor(value: unknown): value is Yaml {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => DESCRIPTOR_KEYS.has(key));
}

/** `desiredCount` → `dockyard:desiredCount`; `aws:region` stays. */
function qualify(key: string, projectName: string): string {
  return key.includes(":") ? key : `${projectName}:${key}`;
}

/** Replaces every `{ secure: … }` with the placeholder; reports whether any was found. */
function redactSecure(value: unknown): { value: unknown; secret: boolean } {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const map = value as Yaml;
    if (Object.keys(map).length === 1 && typeof map["secure"] === "string") return { value: SECRET_PLACEHOLDER, secret: true };
    let secret = false;
    const out: Yaml = {};
    for (const [k, v] of Object.entries(map)) {
      const r = redactSecure(v);
      out[k] = r.value;
      secret ||= r.secret;
    }
    return { value: out, secret };
  }
  if (Array.isArray(value)) {
    const items = value.map(redactSecure);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  return { value, secret: false };
}

/** The CLI passes scalars as their text and structured values as JSON. */
function encode(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function checkType(key: string, value: string, type: unknown, file: string, stack: string): void {
  const ok =
    type === "integer"
      ? /^-?\d+$/.test(value)
      : type === "boolean"
        ? value === "true" || value === "false"
        : type === "array"
          ? value.startsWith("[")
          : true;
  if (ok || value === SECRET_PLACEHOLDER) return;
  const name = key.split(":").slice(1).join(":");
  throw new ProjectFileError(
    `${displayPath(file)}: config \`${key}\` is ${JSON.stringify(value)}, but Pulumi.yaml declares it as type ${String(type)}. ` +
      `Set a valid ${String(type)}, e.g. \`pulumi config set ${name} <${String(type)}> --stack ${stack}\`.`,
  );
}

function resolveMain(projectDir: string, main: unknown): string {
  const base = typeof main === "string" ? path.resolve(projectDir, main) : projectDir;
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  const pkgFile = path.join(base, "package.json");
  if (fs.existsSync(pkgFile)) {
    const pkgMain = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown }).main;
    if (typeof pkgMain === "string" && fs.existsSync(path.resolve(base, pkgMain))) return path.resolve(base, pkgMain);
  }
  for (const candidate of ["index.ts", "index.js"]) {
    if (fs.existsSync(path.join(base, candidate))) return path.join(base, candidate);
  }
  throw new ProjectFileError(
    `${displayPath(path.join(projectDir, "Pulumi.yaml"))}: no program found in ${displayPath(base)} ` +
      `(looked for package.json \`main\`, index.ts, index.js). Set \`main:\` in Pulumi.yaml to the program's entry file.`,
  );
}

/**
 * Refuses a stack name that is not a plain file-name part before any file named after it is read: stack names
 * become `Pulumi.<stack>.yaml` and `policy/config/<stack>.json`, so `../../package` must never get that far.
 */
export function checkStackName(stack: string, known: readonly string[]): void {
  if (STACK_NAME.test(stack) && !/^\.+$/.test(stack)) return;
  throw new ProjectFileError(
    `Invalid stack name ${JSON.stringify(stack)}: stack names may contain only letters, digits, "-", "_" and "." ` +
      `(at most 100 characters). Stacks with a config file here: ${known.length > 0 ? known.join(", ") : "none"}.`,
  );
}

/** Stacks that have a config file next to the project, for "did you mean" hints. */
export function listStacks(configDir: string): string[] {
  if (!fs.existsSync(configDir)) return [];
  return fs
    .readdirSync(configDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * Loads `Pulumi.yaml` and `Pulumi.<stack>.yaml` from `dir`.
 * @throws ProjectFileError naming the file, the field, the value and the fix.
 */
export function loadProject(dir: string, stack: string): LoadedProject {
  const projectDir = path.resolve(dir);
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
  if (!projectFile) {
    throw new ProjectFileError(
      `No Pulumi project in ${displayPath(projectDir) || "."}: Pulumi.yaml not found. ` +
        `Run from a Pulumi project directory or pass --cwd <project dir>.`,
    );
  }
  const project = readYaml(projectFile);
  const projectName = project["name"];
  if (typeof projectName !== "string" || projectName === "") {
    throw new ProjectFileError(`${displayPath(projectFile)}: \`name\` is required (the project name, e.g. \`name: dockyard\`).`);
  }
  const configDir = typeof project["stackConfigDir"] === "string" ? path.resolve(projectDir, project["stackConfigDir"]) : projectDir;
  const stacks = listStacks(configDir);
  const known = stacks.length > 0 ? stacks.join(", ") : "none";
  checkStackName(stack, stacks);
  const stackFile = [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`].map((f) => path.join(configDir, f)).find((f) => fs.existsSync(f));
  if (!stackFile) {
    throw new ProjectFileError(
      `Stack ${JSON.stringify(stack)} has no config file: ${displayPath(path.join(configDir, `Pulumi.${stack}.yaml`))} does not exist. ` +
        `Stacks with a config file here: ${known}. Pass one with --stack, or create the file.`,
    );
  }

  const config: Record<string, string> = {};
  const secret = new Set<string>();
  const declared = new Map<string, Yaml>();
  const projectConfig = project["config"] ?? {};
  if (typeof projectConfig !== "object" || projectConfig === null || Array.isArray(projectConfig)) {
    throw new ProjectFileError(
      `${displayPath(projectFile)}: \`config\` must be a map of keys to values or declarations, got ${describe(projectConfig)}.`,
    );
  }
  for (const [rawKey, entry] of Object.entries(projectConfig as Yaml)) {
    const key = qualify(rawKey, projectName);
    const value = isDescriptor(entry) ? (entry["value"] ?? entry["default"]) : entry;
    if (isDescriptor(entry)) declared.set(key, entry);
    if (value !== undefined && value !== null) config[key] = encode(value);
  }

  const stackConfig = readYaml(stackFile)["config"] ?? {};
  if (typeof stackConfig !== "object" || stackConfig === null || Array.isArray(stackConfig)) {
    throw new ProjectFileError(
      `${displayPath(stackFile)}: \`config\` must be a map of "<namespace>:<key>" to values, got ${describe(stackConfig)}.`,
    );
  }
  for (const [rawKey, raw] of Object.entries(stackConfig as Yaml)) {
    const key = qualify(rawKey, projectName);
    const { value, secret: isSecret } = redactSecure(raw);
    if (value === null || value === undefined) {
      // An empty key would otherwise silently mean "the default", which is rarely what whoever wrote it meant.
      throw new ProjectFileError(
        `${displayPath(stackFile)}: config \`${key}\` is empty (null); allowed: a value. ` +
          `Fix: remove the key to use its default, or give it a value, e.g. \`pulumi config set ${key} <value> --stack ${stack}\`.`,
      );
    }
    config[key] = encode(value);
    if (isSecret) secret.add(key);
  }

  for (const [key, declaration] of declared) {
    if (config[key] === undefined) {
      if (declaration["type"] === undefined) continue;
      throw new ProjectFileError(
        `Stack ${JSON.stringify(stack)} is missing configuration value \`${key}\` (declared in Pulumi.yaml without a default). ` +
          `Add it under \`config:\` in ${displayPath(stackFile)}.`,
      );
    }
    checkType(key, config[key], declaration["type"], stackFile, stack);
  }

  const region = config["aws:region"];
  if (!region) {
    throw new ProjectFileError(
      `${displayPath(stackFile)}: \`aws:region\` is not set. Add \`aws:region: us-east-1\` (or your region) under \`config:\`, ` +
        `or run \`pulumi config set aws:region us-east-1 --stack ${stack}\`.`,
    );
  }
  const sorted = Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    projectName,
    projectDir,
    main: resolveMain(projectDir, project["main"]),
    config: sorted,
    secretKeys: [...secret].sort(),
    stackFile,
    region,
  };
}
