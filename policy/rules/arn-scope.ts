/**
 * Whether a Resource ARN names specific resources or stands for "any resource": the one definition the pack's IAM
 * rules and dockyard's config loading share. A wildcard that spans what identifies a resource (`*`, `arn:*`, a
 * wildcard service, account or bucket, `…:secret:*`, `…:table/*`) means any resource; a wildcard inside one named
 * resource (`arn:aws:s3:::my-bucket/*`, `…:log-group:/ecs/api:*`, `…:secret:db-*`) is scoped.
 */

const WILD = /[*?]/;

/** Whether a name is nothing but wildcards (or empty where a name belongs). */
function onlyWildcards(name: string): boolean {
  return name === "" || /^[*?]+$/.test(name);
}

/**
 * Why `resource` (a policy statement's Resource entry) means any resource, or `undefined` when it names specific
 * resources. Strings that are not ARNs and hold no wildcard are not judged here (`undefined`).
 */
export function anyResourceReason(resource: string): string | undefined {
  if (resource === "*") return "`*` means every resource in every service";
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    return WILD.test(resource) ? `\`${resource}\` means every resource in every service` : undefined;
  }
  const [, partition, service, , account] = parts;
  const rest = parts.slice(5).join(":");
  if (WILD.test(partition) || WILD.test(service)) return "a wildcard partition or service means resources of every service";
  if (WILD.test(account)) return "a wildcard account id means resources in every AWS account";
  if (service === "s3") return onlyWildcards(rest.split("/")[0]) ? "a wildcard bucket name means every bucket" : undefined;
  // `type/name…`, `type:name…` or a bare `name`: the name must be more than wildcards.
  const delimiter = /[/:]/.exec(rest);
  if (delimiter === null) return onlyWildcards(rest) ? `\`${rest}\` means every resource of ${service}` : undefined;
  const type = rest.slice(0, delimiter.index);
  if (onlyWildcards(type)) return `\`${rest}\` means every resource of ${service}`;
  const name =
    rest
      .slice(delimiter.index + 1)
      .split(/[/:]/)
      .find((segment) => segment !== "") ?? "";
  return onlyWildcards(name) ? `\`${rest}\` means every ${type} of ${service}` : undefined;
}

/** True when a Resource entry matches every resource of its kind (see `anyResourceReason`). */
export function isAnyResource(resource: string): boolean {
  return anyResourceReason(resource) !== undefined;
}
