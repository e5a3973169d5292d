/** CloudWatch log groups → CreateLogGroup (+ PutRetentionPolicy). */
import type { CapturedResource } from "../../../policy/engine/types";
import { Inputs, Mapped, params, physicalName } from "./reader";

export function logGroup(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("skipDestroy");
  const name = physicalName(inputs, r);
  const retention = inputs.get("retentionInDays");
  out.requests.push({
    service: "logs",
    operation: "CreateLogGroup",
    params: params({
      logGroupName: name,
      kmsKeyId: inputs.get("kmsKeyId"),
      logGroupClass: inputs.get("logGroupClass"),
      deletionProtectionEnabled: inputs.get("deletionProtectionEnabled"),
      tags: inputs.get("tags"),
    }),
  });
  // 0 (the provider's "never expire") sends no retention request.
  if (retention !== undefined && retention !== 0) {
    out.requests.push({ service: "logs", operation: "PutRetentionPolicy", params: { logGroupName: name, retentionInDays: retention } });
  }
}
