/**
 * Config keys in a misspelt namespace (`dokyard:network`) are not ours, so the schema never sees them and the
 * setting would silently not apply. This finds them among all of the stack's keys.
 */
import { ConfigError } from "./config-error";
import { closest } from "./suggest";

/**
 * Throws a `ConfigError` for the first key (sorted) whose namespace is a near miss of `namespace`; other
 * namespaces (`aws:`, `pulumi:`, a provider's) are left alone.
 */
export function checkNamespaces(file: string, namespace: string, fullKeys: readonly string[]): void {
  for (const fullKey of [...fullKeys].sort()) {
    const colon = fullKey.indexOf(":");
    if (colon < 0) continue;
    const ns = fullKey.slice(0, colon);
    if (ns === namespace || closest(ns, [namespace]) === undefined) continue;
    const fixed = `${namespace}:${fullKey.slice(colon + 1)}`;
    throw new ConfigError(
      `${file}: \`${fullKey}\` is in namespace "${ns}", which no part of this project reads; allowed: keys in the ` +
        `project's namespace \`${namespace}:\`. Fix: unknown key, did you mean \`${fixed}\`? Rename it in ${file}`,
    );
  }
}
