/**
 * `npm run bench`'s arithmetic and tables, kept apart from the processes it times so they can be unit-tested:
 * medians over runs, per-resource costs, the ratios to the SDK's bare registration and to CDK synth + cdk-nag.
 */

/** One size, one run: the gate in a fresh process. */
export interface GateSample {
  services: number;
  resources: number;
  /**
   * The whole process, start to exit, as the parent saw it (what `npm run preview` costs), less the bench's own
   * work in it (recording the resources for the SDK baselines), ms.
   */
  wallMs: number;
  /** CPU (user + system) of that process up to the bench's own work, ms. */
  cpuMs: number;
  /** runGate in the process: program under the mock AWS, policies, API check, cost; plus the text report, ms. */
  gateMs: number;
  /** CPU (user + system, every thread) of the process during gateMs: less sensitive to a loaded machine than wall, ms. */
  gateCpuMs: number;
  /** The program under the mock AWS alone (the capture), ms. */
  programMs: number;
  policyMs: number;
}

/** The SDK alone registering the same resources (same types, names, inputs, parents) under an echo mock. */
export interface SdkSample {
  resources: number;
  /** From setMocks to the last registration settled (what the gate's `programMs` measures), ms. */
  registerMs: number;
  /** CPU of the process during registerMs, ms. */
  registerCpuMs: number;
  wallMs: number;
  cpuMs: number;
}

export interface CdkSample {
  /** CloudFormation resources in the synthesized template. */
  resources: number;
  wallMs: number;
  cpuMs: number;
  /** cdk-nag rules with findings. */
  nagRules: number;
}

export interface SizeRuns {
  services: number;
  gate: GateSample[];
  /** The goal's baseline: the SDK as it comes, each resource registered with the inputs the program set. */
  sdk: SdkSample[];
  /** The SDK as it comes, each resource registered with every property its class passes (unset ones undefined). */
  sdkDeclared?: SdkSample[];
  /** As `sdkDeclared`, with the gate's own lean promise bookkeeping (preview/capture/cheap-stacks.ts). */
  sdkLean?: SdkSample[];
  cdk: CdkSample[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of each field over the runs (undefined without runs). */
function medianOf<T extends object>(samples: readonly T[]): { [K in keyof T]: number } | undefined {
  if (samples.length === 0) return undefined;
  const keys = Object.keys(samples[0]) as (keyof T)[];
  return Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => Number(s[k])))])) as { [K in keyof T]: number };
}

export interface SizeSummary {
  services: number;
  runs: number;
  gate: { [K in keyof GateSample]: number };
  sdk: { [K in keyof SdkSample]: number };
  cdk?: { [K in keyof CdkSample]: number };
  /** The gate's in-process cost per resource (gateMs / resources). */
  gateMsPerResource: number;
  /** The program part per resource (programMs / resources). */
  programMsPerResource: number;
  sdkMsPerResource: number;
  /** gateMsPerResource ÷ sdkMsPerResource, wall clock (goal at 100 services: ≤ 1.5). */
  gateToSdk: number;
  programToSdk: number;
  /** The same ratio in CPU time (gateCpuMs ÷ registerCpuMs per resource). */
  gateToSdkCpu: number;
  /** The gate's ms per resource ÷ the other baselines' (wall), when measured. */
  gateToSdkDeclared?: number;
  gateToSdkLean?: number;
  sdkDeclaredMsPerResource?: number;
  sdkLeanMsPerResource?: number;
  /** Gate process wall ÷ CDK synth + cdk-nag process wall (goal at 10 and 30: ≤ 0.5). */
  gateToCdkWall?: number;
  gateToCdkCpu?: number;
}

export function summarize(size: SizeRuns): SizeSummary {
  const gate = medianOf(size.gate);
  const sdk = medianOf(size.sdk);
  if (!gate || !sdk) throw new Error(`size ${size.services}: no gate or SDK sample`);
  const cdk = medianOf(size.cdk);
  const sdkMsPerResource = sdk.registerMs / sdk.resources;
  const perResource = (samples: readonly SdkSample[] | undefined) => {
    const m = medianOf(samples ?? []);
    return m ? m.registerMs / m.resources : undefined;
  };
  const sdkDeclaredMsPerResource = perResource(size.sdkDeclared);
  const sdkLeanMsPerResource = perResource(size.sdkLean);
  const gateMsPerResource = gate.gateMs / gate.resources;
  const programMsPerResource = gate.programMs / gate.resources;
  return {
    services: size.services,
    runs: size.gate.length,
    gate,
    sdk,
    ...(cdk ? { cdk, gateToCdkWall: gate.wallMs / cdk.wallMs, gateToCdkCpu: gate.cpuMs / cdk.cpuMs } : {}),
    gateMsPerResource,
    programMsPerResource,
    sdkMsPerResource,
    gateToSdk: gateMsPerResource / sdkMsPerResource,
    programToSdk: programMsPerResource / sdkMsPerResource,
    gateToSdkCpu: gate.gateCpuMs / gate.resources / (sdk.registerCpuMs / sdk.resources),
    ...(sdkDeclaredMsPerResource === undefined
      ? {}
      : { sdkDeclaredMsPerResource, gateToSdkDeclared: gateMsPerResource / sdkDeclaredMsPerResource }),
    ...(sdkLeanMsPerResource === undefined ? {} : { sdkLeanMsPerResource, gateToSdkLean: gateMsPerResource / sdkLeanMsPerResource }),
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const seconds = (ms: number) => fixed(ms / 1000, 2);

/** The gate against the SDK's bare registration of the same resources. */
export function sdkTable(rows: readonly SizeSummary[]): string {
  return [
    "| services | resources | gate wall s | gate CPU s | gate in-process ms | program ms | policies ms | gate ms/resource | program ms/resource | SDK bare ms/resource | gate ÷ SDK | program ÷ SDK | gate ÷ SDK, CPU |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.services} | ${r.gate.resources} | ${seconds(r.gate.wallMs)} | ${seconds(r.gate.cpuMs)} | ${fixed(r.gate.gateMs, 0)} | ${fixed(r.gate.programMs, 0)} | ${fixed(r.gate.policyMs, 0)} | ` +
        `${fixed(r.gateMsPerResource, 2)} | ${fixed(r.programMsPerResource, 2)} | ${fixed(r.sdkMsPerResource, 2)} | ${fixed(r.gateToSdk, 2)}× | ${fixed(r.programToSdk, 2)}× | ${fixed(r.gateToSdkCpu, 2)}× |`,
    ),
  ].join("\n");
}

/**
 * The gate against the three SDK baselines: the goal's (set inputs, the SDK as it comes), every property each
 * class passes (as it comes), and every property with the gate's lean promise bookkeeping (the strictest: what
 * the gate and the program's own logic add to the SDK's least work).
 */
export function baselinesTable(rows: readonly SizeSummary[]): string {
  const cell = (ms: number | undefined, ratio: number | undefined) =>
    ms === undefined ? "– | –" : `${fixed(ms, 2)} | ${fixed(ratio!, 2)}×`;
  return [
    "| services | gate ms/resource | SDK, set inputs ms/resource | gate ÷ it | SDK, all properties ms/resource | gate ÷ it | SDK, all properties, lean promises ms/resource | gate ÷ it |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.services} | ${fixed(r.gateMsPerResource, 2)} | ${cell(r.sdkMsPerResource, r.gateToSdk)} | ` +
        `${cell(r.sdkDeclaredMsPerResource, r.gateToSdkDeclared)} | ${cell(r.sdkLeanMsPerResource, r.gateToSdkLean)} |`,
    ),
  ].join("\n");
}

/** The gate against CDK synth + cdk-nag of as many ApplicationLoadBalancedFargateServices. */
export function cdkTable(rows: readonly SizeSummary[]): string {
  return [
    "| services | gate resources | gate wall s | gate CPU s | CDK resources | CDK synth + cdk-nag wall s | CDK CPU s | gate ÷ CDK wall | gate ÷ CDK CPU |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      r.cdk
        ? `| ${r.services} | ${r.gate.resources} | ${seconds(r.gate.wallMs)} | ${seconds(r.gate.cpuMs)} | ${r.cdk.resources} | ${seconds(r.cdk.wallMs)} | ${seconds(r.cdk.cpuMs)} | ${fixed(r.gateToCdkWall!, 2)}× | ${fixed(r.gateToCdkCpu!, 2)}× |`
        : `| ${r.services} | ${r.gate.resources} | ${seconds(r.gate.wallMs)} | ${seconds(r.gate.cpuMs)} | – | – | – | – | – |`,
    ),
  ].join("\n");
}
