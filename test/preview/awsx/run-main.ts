/** awsx fixture programs and their verdicts; `runMain` is the shared in-process CLI (test/support/preview-cli.ts). */
import * as path from "path";

export { runMain, type MainRun } from "../../support/preview-cli";

export const PROGRAMS = path.resolve(__dirname, "..", "..", "fixtures", "programs");
export const program = (name: string): string => path.join(PROGRAMS, name);

/** `<level> <policy> <resource name>` per finding, sorted: the verdict at the granularity users act on. */
export function verdicts(document: { policyViolations: { enforcementLevel: string; policy: string; urn: string }[] }): string[] {
  return document.policyViolations
    .map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::")[2].split("$").pop()} ${v.urn.split("::").pop()}`)
    .sort();
}
