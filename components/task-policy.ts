/**
 * Resource ARNs a task-role statement may name. What counts as "any resource" is the pack's definition
 * (`policy/rules/arn-scope.ts`), so component validation and the gate agree by construction; a string that is
 * not an ARN at all is refused too.
 */
import { anyResourceReason } from "../policy/rules/arn-scope";

/** Why `arn` grants more than named resources (or is no ARN), or `undefined` when it names specific resources. */
export function resourceWildcardProblem(arn: string): string | undefined {
  const broad = anyResourceReason(arn);
  if (broad !== undefined) return broad;
  const parts = arn.split(":");
  return parts.length < 6 || parts[0] !== "arn" ? "not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)" : undefined;
}
