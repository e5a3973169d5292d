/**
 * The "aws-api" check of the offline gate, for any program: every resource the program registers is turned
 * into the AWS requests the provider would send (requests/), each request is validated against AWS's full
 * API model (model.ts), and every policy document against AWS's service authorization data (iam.ts).
 * Anything that cannot be checked (no mapping, unmapped inputs, values unknown offline, remote components whose
 * children are invisible) is listed as not checked: never counted as passed.
 */
import type { CapturedResource } from "../../policy/engine/types";
import { checkPolicyDocument, IamCheck, loadIamCatalogue } from "./iam";
import { loadModel, validateRequest } from "./model";
import { requestsFor } from "./requests";

export type ApiCheck = "aws-request-invalid" | IamCheck;

/** Something AWS would refuse: always mandatory. */
export interface ApiFinding {
  kind: "aws-api";
  check: ApiCheck;
  urn: string;
  type: string;
  name: string;
  /** `<botocore service>:<Operation>` (e.g. `elbv2:CreateRule`) for request findings; the policy input for IAM findings. */
  where: string;
  message: string;
}

export interface ApiNotChecked {
  urn: string;
  type: string;
  name: string;
  reason: string;
}

export interface ApiCheckResult {
  /** Where the data came from, for the report. */
  sources: { models: string; iam: string };
  /** Requests validated against a model. */
  requests: number;
  /** Policy documents checked against the IAM data. */
  policies: number;
  findings: ApiFinding[];
  notChecked: ApiNotChecked[];
}

/** Registered by the engine or a provider and sending no AWS request of their own. */
const NO_REQUEST = /^pulumi:(pulumi:Stack|providers:)/;

export function dataSources(): ApiCheckResult["sources"] {
  const ecs = loadModel("ecs").source;
  const iam = loadIamCatalogue();
  return {
    models: `${ecs.package} ${ecs.version} service-2.json models (generated ${loadModel("ecs").generated})`,
    iam: `${iam.source.package} ${iam.source.version} (data of ${iam.source.dataUpdatedAt.slice(0, 10)}, generated ${iam.generated})`,
  };
}

export function checkAwsApi(resources: CapturedResource[]): ApiCheckResult {
  const result: ApiCheckResult = { sources: dataSources(), requests: 0, policies: 0, findings: [], notChecked: [] };
  const parents = new Set(resources.map((r) => r.parent).filter((p): p is string => p !== undefined));
  for (const r of resources) {
    const base = { urn: r.urn, type: r.type, name: r.name };
    const skip = (reason: string) => result.notChecked.push({ ...base, reason });
    if (NO_REQUEST.test(r.type)) continue;
    if (!r.custom) {
      // Our own components have children we check; a component without any is a remote one (awsx) whose
      // AWS resources are created inside its provider plugin, out of sight offline.
      if (!parents.has(r.urn))
        skip("component with no registered children (a remote component creates its AWS resources inside its plugin, invisible offline)");
      continue;
    }
    const mapped = requestsFor(r);
    if (mapped === undefined) {
      skip(`no AWS request mapping for ${r.type}`);
      continue;
    }
    for (const reason of mapped.notChecked) skip(reason);
    for (const request of mapped.requests) {
      const where = `${request.service}:${request.operation}`;
      const validation = validateRequest(request.service, request.operation, request.params, request.providerFills);
      result.requests += 1;
      for (const p of validation.problems)
        result.findings.push({ kind: "aws-api", check: "aws-request-invalid", ...base, where, message: p.message });
      for (const p of validation.unknown) skip(`${where} ${p || "request"}: value unknown offline, not checked`);
    }
    for (const policy of mapped.policies) {
      const checked = checkPolicyDocument(policy.document, policy.kind);
      result.policies += 1;
      if (checked.notChecked) skip(`${policy.input}: ${checked.notChecked}`);
      for (const p of checked.problems)
        result.findings.push({ kind: "aws-api", check: p.check, ...base, where: policy.input, message: p.message });
    }
  }
  return result;
}
