/** IAM roles and policies → CreateRole (+ inline PutRolePolicy / AttachRolePolicy), PutRolePolicy, CreatePolicy, AttachRolePolicy. */
import type { CapturedResource } from "../../../policy/engine/types";
import { Inputs, Mapped, params, physicalName, policyText, tagList } from "./reader";

export function role(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("forceDetachPolicies");
  const roleName = physicalName(inputs, r);
  const trust = policyText(inputs.get("assumeRolePolicy"));
  out.requests.push({
    service: "iam",
    operation: "CreateRole",
    params: params({
      RoleName: roleName,
      Path: inputs.get("path"),
      AssumeRolePolicyDocument: trust,
      Description: inputs.get("description"),
      MaxSessionDuration: inputs.get("maxSessionDuration"),
      PermissionsBoundary: inputs.get("permissionsBoundary"),
      Tags: tagList(inputs.get("tags")),
    }),
  });
  out.policies.push({ kind: "trust", input: "assumeRolePolicy", document: trust });
  (inputs.list("inlinePolicies") ?? []).forEach((p, i) => {
    const document = policyText(p.get("policy"));
    out.requests.push({
      service: "iam",
      operation: "PutRolePolicy",
      params: params({ RoleName: roleName, PolicyName: p.get("name"), PolicyDocument: document }),
    });
    out.policies.push({ kind: "identity", input: `inlinePolicies[${i}].policy`, document });
  });
  const managed = inputs.get("managedPolicyArns");
  for (const arn of Array.isArray(managed) ? managed : []) {
    out.requests.push({ service: "iam", operation: "AttachRolePolicy", params: params({ RoleName: roleName, PolicyArn: arn }) });
  }
}

export function rolePolicy(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const document = policyText(inputs.get("policy"));
  out.requests.push({
    service: "iam",
    operation: "PutRolePolicy",
    params: params({ RoleName: inputs.get("role"), PolicyName: physicalName(inputs, r), PolicyDocument: document }),
  });
  out.policies.push({ kind: "identity", input: "policy", document });
}

export function policy(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const document = policyText(inputs.get("policy"));
  out.requests.push({
    service: "iam",
    operation: "CreatePolicy",
    params: params({
      PolicyName: physicalName(inputs, r),
      Path: inputs.get("path"),
      Description: inputs.get("description"),
      PolicyDocument: document,
      Tags: tagList(inputs.get("tags")),
    }),
  });
  out.policies.push({ kind: "identity", input: "policy", document });
}

export function rolePolicyAttachment(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  out.requests.push({
    service: "iam",
    operation: "AttachRolePolicy",
    params: params({ RoleName: inputs.get("role"), PolicyArn: inputs.get("policyArn") }),
  });
}
