/** ECR repositories and their policies → CreateRepository, PutLifecyclePolicy, SetRepositoryPolicy. */
import type { CapturedResource } from "../../../policy/engine/types";
import { each, Inputs, Mapped, params, physicalName, policyText, tagList } from "./reader";

export function repository(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("forceDelete");
  const scanning = inputs.object("imageScanningConfiguration");
  // A list input in Pulumi, a single structure in the API (the provider sends the first).
  const encryption = inputs.list("encryptionConfigurations");
  if (encryption && encryption.length > 1)
    out.notChecked.push(`encryptionConfigurations has ${encryption.length} entries; the provider sends only the first`);
  const first = encryption?.[0];
  const encryptionConfiguration = first ? params({ encryptionType: first.get("encryptionType"), kmsKey: first.get("kmsKey") }) : undefined;
  encryption?.slice(1).forEach((e) => e.local(...Object.keys(e.values)));
  out.requests.push({
    service: "ecr",
    operation: "CreateRepository",
    params: params({
      repositoryName: physicalName(inputs, r),
      imageTagMutability: inputs.get("imageTagMutability"),
      imageTagMutabilityExclusionFilters: each(inputs.list("imageTagMutabilityExclusionFilters"), (f) =>
        params({ filter: f.get("filter"), filterType: f.get("filterType") }),
      ),
      imageScanningConfiguration: scanning ? params({ scanOnPush: scanning.get("scanOnPush") }) : undefined,
      encryptionConfiguration,
      tags: tagList(inputs.get("tags")),
    }),
  });
}

export function lifecyclePolicy(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  out.requests.push({
    service: "ecr",
    operation: "PutLifecyclePolicy",
    params: params({ repositoryName: inputs.get("repository"), lifecyclePolicyText: inputs.get("policy") }),
  });
}

export function repositoryPolicy(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const policy = policyText(inputs.get("policy"));
  out.requests.push({
    service: "ecr",
    operation: "SetRepositoryPolicy",
    params: params({ repositoryName: inputs.get("repository"), policyText: policy }),
  });
  out.policies.push({ kind: "resource", input: "policy", document: policy });
}
