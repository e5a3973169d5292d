/**
 * The offline gate: capture the program for a stack, evaluate the policy pack over what it would create
 * (with the stack's pack config), and estimate its monthly cost. The CLI, the bench and the tests share it.
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { loadPolicyPackConfig } from "../policy/engine/config";
import { evaluatePolicies } from "../policy/engine/evaluate";
import type { CapturedResource, PolicyReport } from "../policy/engine/types";
import { PACK_NAME, PACK_VERSION, allPolicies } from "../policy/policies";
import { ApiCheckResult, checkAwsApi } from "./aws/check";
import { AwsxExpansion, KnownWorld, NotEvaluated, annotateFindings, expandAwsx } from "./capture/awsx";
import { Capture, CaptureOptions, captureProgram } from "./capture/run";
import { CostEstimate, estimateCost } from "./cost/estimate";
import { withSubnetEvidence } from "./mock/evidence";
import type { World } from "./mock/world";
import { subnetEvidence } from "./mock/user-mocks";
import { checkStackName, displayPath, listStacks } from "./project";
import { evaluateUpdate, prepareUpdate } from "./update/gate-hook";
import type { UpdatePlan } from "./update/plan";

/** The repository root: the pack and its per-stack configs live here whatever program is gated. */
export const REPO_ROOT = path.resolve(__dirname, "..");

export interface GateOptions extends CaptureOptions {
  /**
   * Policy pack config JSON (`--policy-pack-config`).
   * @default - `policy/config/<stack>.json` when it exists, else the pack's own defaults
   */
  policyConfigFile?: string;
  /**
   * `--previous`: an earlier `--json` document or a `pulumi stack export`; adds the update plan and its checks.
   * @default - no update plan: everything is a create
   */
  previousFile?: string;
  /**
   * Levels of the update checks (`--update-config`).
   * @default - `policy/config/<stack>.update.json` when it exists, else the checks' defaults
   */
  updateConfigFile?: string;
}

export interface GateResult {
  capture: Capture;
  report: PolicyReport;
  /** The pack config file used, if any. */
  policyConfigFile?: string;
  /** When no file was given and `policy/config/<stack>.json` does not exist: the path looked for (pack defaults apply). */
  policyConfigNotFound?: string;
  cost: CostEstimate;
  /** Milliseconds spent evaluating policies. */
  policyMs: number;
  /** With `previousFile`: the estimated update plan (its findings are in `report.violations`). */
  update?: UpdatePlan;
  /** The update-check config used, if any. */
  updateConfigFile?: string;
  /** The "aws-api" check: requests against AWS's full API models, policies against its IAM data (mandatory). */
  api: ApiCheckResult;
  /** What awsx components would create at deploy time (evaluated like raw resources). */
  expansion: AwsxExpansion;
  /** What the gate could not judge; the CLI fails on any unless `--allow-unevaluated`. */
  notEvaluated: NotEvaluated[];
}

/** Exit 1 material: a mandatory policy violation or anything the AWS API check says AWS would refuse. */
export function hasMandatoryFindings(result: GateResult): boolean {
  return result.report.violations.some((v) => v.enforcementLevel === "mandatory") || result.api.findings.length > 0;
}

export const PACK = { name: PACK_NAME, version: PACK_VERSION };

/** The per-stack pack config to use: the explicit file, else `policy/config/<stack>.json` if present. */
export function policyConfigFor(stack: string, explicit?: string): { file?: string; config?: PolicyPackConfig; notFound?: string } {
  checkStackName(stack, listStacks(REPO_ROOT));
  const file = explicit ?? path.join(REPO_ROOT, "policy", "config", `${stack}.json`);
  if (explicit === undefined && !fs.existsSync(file)) return { notFound: displayPath(file) };
  return { file, config: loadPolicyPackConfig(displayPath(path.resolve(file))) };
}

/** Stack tags as the service attaches them to every stack; stack policies may read them. */
function stackTags(capture: Capture): Record<string, string> {
  return { "pulumi:project": capture.project.projectName, "pulumi:runtime": "nodejs" };
}

/** What awsx's defaults reach for outside the stack: the default VPC the embedded AWS (or a mocks file) describes. */
function awsxWorld(world: World): KnownWorld {
  const vpc = world.vpcs.find((v) => v.isDefault);
  if (!vpc) return {};
  const ids = (keep: (type: string) => boolean) => vpc.subnets.filter((s) => keep(s.type)).map((s) => s.id);
  return { defaultVpc: { vpcId: vpc.id, publicSubnetIds: ids((t) => t === "public"), privateSubnetIds: ids((t) => t !== "public") } };
}

export async function runGate(options: GateOptions): Promise<GateResult> {
  checkStackName(options.stack, listStacks(options.projectDir));
  const { file, config: fileConfig, notFound } = policyConfigFor(options.stack, options.policyConfigFile);
  const configSource = file ? displayPath(path.resolve(file)) : undefined;
  // Before the program runs: the mocks file contradicting the policy config is bad input.
  if (options.mocks) withSubnetEvidence(fileConfig, subnetEvidence(options.mocks.vpcs), options.mocks.source, configSource);
  const update = options.previousFile ? prepareUpdate(options.previousFile, options.stack, REPO_ROOT, options.updateConfigFile) : undefined;
  const capture = await captureProgram(options);
  const expansion = expandAwsx(
    capture.recorded.map((r) => r.resource),
    capture.aws,
    awsxWorld(capture.world),
  );
  const resources: CapturedResource[] = expansion.resources;
  // What the embedded AWS knows (the default VPC's public subnets) and the mocks file's VPCs.
  const config = withSubnetEvidence(
    fileConfig,
    subnetEvidence(capture.world.vpcs),
    options.mocks?.source ?? "the embedded AWS (default VPC)",
    configSource,
  );
  const started = process.hrtime.bigint();
  const report = await evaluatePolicies(allPolicies, {
    resources,
    config,
    configSource: file ? displayPath(path.resolve(file)) : undefined,
    stackTags: stackTags(capture),
  });
  const plan = update ? evaluateUpdate(update, capture.recorded, report, options.accountId) : undefined;
  const policyMs = Number(process.hrtime.bigint() - started) / 1e6;
  annotateFindings(report.violations, expansion);
  // AWS's API models judge what the program registers itself; awsx's would-be children are listed as not checked.
  const api = checkAwsApi(capture.recorded.map((r) => r.resource));
  return {
    capture,
    report,
    policyConfigFile: file,
    ...(notFound === undefined ? {} : { policyConfigNotFound: notFound }),
    cost: estimateCost(resources, capture.project.region),
    policyMs,
    ...(plan ? { update: plan, ...(update?.configFile ? { updateConfigFile: update.configFile } : {}) } : {}),
    api,
    expansion,
    notEvaluated: expansion.notEvaluated,
  };
}
