/**
 * Resource ARNs a task-role statement may name. A wildcard that stands for "any resource" (`*`, `arn:*`,
 * `arn:aws:s3:::*`, `…:table/*`, any account) would hand the task role every resource of a service, so config
 * refuses it; a wildcard inside one named resource (`arn:aws:s3:::my-bucket/*`, `…:log-group:/ecs/api:*`) is fine.
 */

const WILD = /[*?]/;

/** Whether a name is nothing but wildcards (or empty where a name belongs). */
function onlyWildcards(name: string): boolean {
  return name === "" || /^[*?]+$/.test(name);
}

/** Why `arn` grants more than named resources, or `undefined` when it names specific resources. */
export function resourceWildcardProblem(arn: string): string | undefined {
  if (arn === "*") return "`*` means every resource in every service";
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    return WILD.test(arn) ? `\`${arn}\` means every resource in every service` : "not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)";
  }
  const [, partition, service, , account] = parts;
  const resource = parts.slice(5).join(":");
  if (WILD.test(partition) || WILD.test(service)) return "a wildcard partition or service means resources of every service";
  if (WILD.test(account)) return "a wildcard account id means resources in every AWS account";
  if (service === "s3") return onlyWildcards(resource.split("/")[0]) ? "a wildcard bucket name means every bucket" : undefined;
  // `type/name…`, `type:name…` or a bare `name`: the name must be more than wildcards.
  const delimiter = /[/:]/.exec(resource);
  if (delimiter === null) return onlyWildcards(resource) ? `\`${resource}\` means every resource of ${service}` : undefined;
  const type = resource.slice(0, delimiter.index);
  if (onlyWildcards(type)) return `\`${resource}\` means every resource of ${service}`;
  const name = resource.slice(delimiter.index + 1).split(/[/:]/).find((segment) => segment !== "") ?? "";
  return onlyWildcards(name) ? `\`${resource}\` means every ${type} of ${service}` : undefined;
}
