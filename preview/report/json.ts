/**
 * The `--json` document: shaped like `pulumi preview --json` (the CLI's PreviewDigest: `config`, `steps[]`
 * with `op`, `urn`, `newState`, `diagnostics`, `duration` in nanoseconds, `changeSummary`), plus
 * `policyViolations[]`, `policySkipped[]`, `costEstimate`, and the aws-api check's `apiFindings[]`, `apiNotChecked[]`,
 * `apiChecks`. Values are the printable ones: secrets `[secret]`.
 */
import type { PolicyViolation } from "../../policy/engine/types";
import type { ApiCheckResult } from "../aws/check";
import type { CostEstimate } from "../cost/estimate";
import type { GateResult } from "../gate";
import { SECRET_PLACEHOLDER } from "../project";

/** Like the CLI's digest, the prefix (`warning: `, `advisory: `) is part of `message` and `prefix` is omitted. */
export interface PreviewDiagnostic {
  urn?: string;
  message: string;
  severity: "error" | "warning" | "info";
}

export interface PreviewStep {
  op: "create";
  urn: string;
  provider?: string;
  newState: {
    urn: string;
    custom: boolean;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    aliases?: string[];
    additionalSecretOutputs?: string[];
    provider?: string;
  };
}

export interface PreviewDocument {
  config: Record<string, string>;
  steps: PreviewStep[];
  diagnostics: PreviewDiagnostic[];
  /** Nanoseconds, as Go's `time.Duration` marshals. */
  duration: number;
  changeSummary: { create: number };
  policyViolations: Pick<
    PolicyViolation,
    | "policyPack"
    | "policyPackVersion"
    | "policy"
    | "enforcementLevel"
    | "urn"
    | "message"
    | "securityHubControls"
    | "synthesizedFrom"
    | "argPath"
  >[];
  policySkipped: { policy: string; urn: string; reason: string }[];
  /** Remediations the engine would apply at `up` (`remediate` level): the top-level properties changed. */
  policyRemediations: { policy: string; urn: string; properties: string[] }[];
  costEstimate: CostEstimate;
  /** The "aws-api" check: what AWS would refuse (each one mandatory) and what could not be checked offline. */
  apiFindings: ApiCheckResult["findings"];
  apiNotChecked: ApiCheckResult["notChecked"];
  apiChecks: Pick<ApiCheckResult, "sources" | "requests" | "policies">;
  /** Resources awsx components would create at deploy time (evaluated like the others; not steps of this preview). */
  synthesized: { urn: string; type: string; name: string; synthesizedFrom: string }[];
  /** What the gate could not judge; the CLI fails on any unless `--allow-unevaluated`. */
  notEvaluated: { urn: string; what: string; why: string }[];
}

export function buildPreviewDocument(result: GateResult): PreviewDocument {
  const { capture, report } = result;
  const secret = new Set(capture.project.secretKeys);
  const config = Object.fromEntries(Object.entries(capture.project.config).map(([k, v]) => [k, secret.has(k) ? SECRET_PLACEHOLDER : v]));
  const steps: PreviewStep[] = capture.recorded.map(({ resource: r, display }) => {
    const o = r.options;
    return {
      op: "create",
      urn: r.urn,
      ...(r.provider ? { provider: r.provider } : {}),
      newState: {
        urn: r.urn,
        custom: r.custom,
        type: r.type,
        inputs: display.inputs,
        outputs: display.outputs,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(o.protect ? { protect: true } : {}),
        ...(o.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(r.dependencies.length ? { dependencies: r.dependencies } : {}),
        ...(Object.keys(r.propertyDependencies).length ? { propertyDependencies: r.propertyDependencies } : {}),
        ...(o.ignoreChanges.length ? { ignoreChanges: o.ignoreChanges } : {}),
        ...(o.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
        ...(o.aliases.length ? { aliases: o.aliases } : {}),
        ...(o.additionalSecretOutputs.length ? { additionalSecretOutputs: o.additionalSecretOutputs } : {}),
        ...(r.provider ? { provider: r.provider } : {}),
      },
    };
  });
  const stackUrn = capture.recorded[0]?.resource.urn;
  const programDiagnostics: PreviewDiagnostic[] = capture.messages.map((m) => ({
    ...(stackUrn ? { urn: stackUrn } : {}),
    message: `${m.severity}: ${m.message}`,
    severity: m.severity,
  }));
  const policyDiagnostics: PreviewDiagnostic[] = report.violations.map((v) => ({
    urn: v.urn,
    message: `${v.enforcementLevel}: [${v.policy}] ${v.message}`,
    severity: v.enforcementLevel === "mandatory" ? "error" : "warning",
  }));
  return {
    config,
    steps,
    diagnostics: [
      ...programDiagnostics,
      ...policyDiagnostics,
      ...result.api.findings.map((f): PreviewDiagnostic => ({
        urn: f.urn,
        message: `mandatory: [${f.check}] ${f.where}: ${f.message}`,
        severity: "error",
      })),
    ],
    duration: Math.round((capture.durationMs + result.policyMs) * 1e6),
    changeSummary: { create: steps.length },
    policyViolations: report.violations.map((v) => ({
      policyPack: v.policyPack,
      policyPackVersion: v.policyPackVersion,
      policy: v.policy,
      enforcementLevel: v.enforcementLevel,
      urn: v.urn,
      message: v.message,
      ...(v.securityHubControls ? { securityHubControls: v.securityHubControls } : {}),
      ...(v.synthesizedFrom ? { synthesizedFrom: v.synthesizedFrom, argPath: v.argPath } : {}),
    })),
    policySkipped: report.skipped,
    policyRemediations: report.remediations,
    costEstimate: result.cost,
    apiFindings: result.api.findings,
    apiNotChecked: result.api.notChecked,
    apiChecks: { sources: result.api.sources, requests: result.api.requests, policies: result.api.policies },
    synthesized: result.expansion.synthesized.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      synthesizedFrom: r.synthesizedFrom ?? "",
    })),
    notEvaluated: result.notEvaluated,
  };
}
