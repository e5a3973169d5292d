/**
 * `--config KEY=VALUE` for the offline preview: a setting for this run only, never written to the stack file
 * (like `pulumi preview --config`). KEY may be a path into a structured value, as with `pulumi config set
 * --path`: `dockyard:loadBalancer.certificateArn=arn:…` sets one field of `dockyard:loadBalancer`.
 */
import { ProjectFileError } from "./project";

/** Splits `KEY=VALUE`; KEY must be namespaced (`dockyard:…`, `aws:…`). */
export function parseConfigFlag(flag: string): { key: string; value: string } {
  const eq = flag.indexOf("=");
  const key = eq < 0 ? "" : flag.slice(0, eq);
  if (!/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(key)) {
    throw new ProjectFileError(
      `--config ${JSON.stringify(flag)}: allowed: <namespace>:<key>[.<field>…]=<value>. Fix: e.g. --config 'dockyard:loadBalancer.certificateArn=arn:aws:acm:…'`,
    );
  }
  return { key, value: flag.slice(eq + 1) };
}

/** `config` (the CLI's `"<namespace>:<key>"` → string map) with one setting applied; the input is not changed. */
export function applyConfigSetting(config: Readonly<Record<string, string>>, key: string, value: string): Record<string, string> {
  const [top, ...fieldPath] = key.split(".");
  if (fieldPath.length === 0) return { ...config, [top]: value };
  let root: unknown;
  try {
    root = config[top] === undefined ? {} : JSON.parse(config[top]);
  } catch {
    root = undefined;
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new ProjectFileError(
      `--config ${key}: \`${top}\` is not a map, so it has no field ${fieldPath.join(".")}. Fix: set \`${top}\` itself`,
    );
  }
  let cur = root as Record<string, unknown>;
  for (const segment of fieldPath.slice(0, -1)) {
    const next = cur[segment];
    if (next === null || typeof next !== "object" || Array.isArray(next)) cur[segment] = {};
    cur = cur[segment] as Record<string, unknown>;
  }
  cur[fieldPath[fieldPath.length - 1]] = value;
  return { ...config, [top]: JSON.stringify(root) };
}
