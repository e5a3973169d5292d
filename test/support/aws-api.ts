/**
 * The gate's aws-api check on one recorded resource: what AWS's full API models and IAM data refuse, plus
 * anything that could not be checked. `[]` means every request the provider would send was checked and valid.
 */
import { checkAwsApi } from "../../preview/aws/check";
import type { RecordedResource } from "./run-program";

export function awsApiProblems(r: RecordedResource): string[] {
  const result = checkAwsApi([
    {
      type: r.type,
      name: r.name,
      urn: r.urn,
      custom: r.custom,
      ...(r.parent ? { parent: r.parent } : {}),
      inputs: r.inputs,
      outputs: r.outputs,
      dependencies: r.dependencies,
      propertyDependencies: {},
      options: {
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        ignoreChanges: r.ignoreChanges,
        deleteBeforeReplace: false,
        aliases: [],
        additionalSecretOutputs: [],
      },
    },
  ]);
  if (result.requests === 0) return [`no request checked for ${r.type}`];
  return [
    ...result.findings.map((f) => `${f.check} ${f.where}: ${f.message}`),
    ...result.notChecked.map((n) => `not checked: ${n.reason}`),
  ];
}
