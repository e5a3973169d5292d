/**
 * Runs the whole dockyard program in-process under `MockAws` with a stack's real config (read from
 * `Pulumi.yaml` + `Pulumi.<stack>.yaml` as the CLI would) and returns every registered resource with its inputs
 * and the options that reached the engine, as captured by the offline preview's `ResourceRecorder`.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ResourceRecorder, type RecordedInvoke } from "../../preview/capture/recorder";
import { MockAws } from "../../preview/mock-aws";
import { leanSdkRuntime } from "../../preview/capture/lean-runtime";
import { disconnect } from "../../preview/capture/sdk";
import { loadProject } from "../../preview/project";
import { dockyardProgram, type DockyardOutputs } from "../../stacks/program";

/** Repository root (the Pulumi project directory). */
export const ROOT = path.resolve(__dirname, "../..");
const PROJECT = "dockyard";

/** A resource as the mock engine saw it. */
export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  /** Inputs as registered: plain JSON, secrets unwrapped (see `ResourceRecorder` for the printable form). */
  inputs: Record<string, unknown>;
  /** The same inputs as they would be printed: every secret replaced by `[secret]`. */
  redactedInputs: Record<string, unknown>;
  /** Outputs: what the mock provider returned, or for a component what it passed to `registerOutputs`. */
  outputs: Record<string, unknown>;
  /** URN of the parent (`undefined` only for the stack itself). */
  parent?: string;
  urn: string;
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  dependencies: string[];
}

/** What a program run produced. */
export interface ProgramRun {
  resources: RecordedResource[];
  /** URNs of resources that registered outputs (the SDK registers `{}` for components that never call it). */
  outputsRegistered: string[];
  outputs: DockyardOutputs;
  /** Provider functions called (token + inputs). */
  invokes: RecordedInvoke[];
}

/** Sets config + mocks for `stack` (with optional `dockyard:*`/`aws:*` overrides), runs the program, waits. */
export async function runProgram(stack: string, overrides: Record<string, string | undefined> = {}): Promise<ProgramRun> {
  const project = loadProject(ROOT, stack);
  const config: Record<string, string> = { ...project.config };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  const run = await runWithMocks(stack, config, project.secretKeys, () => dockyardProgram());
  return { resources: run.resources, invokes: run.invokes, outputs: run.result, outputsRegistered: run.outputsRegistered };
}

/** What `runWithMocks` recorded. */
export interface MockedRun<T> {
  resources: RecordedResource[];
  /** URNs of resources that called `registerOutputs`. */
  outputsRegistered: string[];
  invokes: RecordedInvoke[];
  result: T;
}

/**
 * Runs `body` (a program, or a single component) under `MockAws` with `config`, recording with the offline
 * preview's `ResourceRecorder` (one capture implementation for tests and preview), with the gate's lean SDK
 * bookkeeping (`leanSdkRuntime`: a program runs here as it runs under the gate). Waits until every
 * registration and invoke has settled, as the language host does before exiting; registration errors are
 * rethrown.
 */
export async function runWithMocks<T>(
  stack: string,
  config: Record<string, string>,
  secretKeys: string[],
  body: () => T,
): Promise<MockedRun<T>> {
  await pulumi.runtime.setMocks(new MockAws({ region: config["aws:region"] ?? "us-east-1" }), PROJECT, stack, false);
  pulumi.runtime.setAllConfig(config, secretKeys);
  const recorder = new ResourceRecorder(PROJECT, stack);
  recorder.install();

  // A failed registration surfaces as an unhandled rejection (as under the CLI); collect it for this run.
  const errors: unknown[] = [];
  const onError = (err: unknown): void => void errors.push(err);
  process.on("unhandledRejection", onError);
  const restoreSdk = leanSdkRuntime();
  let result: T;
  try {
    result = body();
  } finally {
    try {
      await disconnect();
    } finally {
      await new Promise((resolve) => setImmediate(resolve));
      restoreSdk();
      process.off("unhandledRejection", onError);
    }
  }
  if (errors.length > 0) throw errors[0];
  const resources = recorder
    .resources()
    .map(({ resource: r, display }): RecordedResource => ({
      type: r.type,
      name: r.name,
      custom: r.custom,
      inputs: r.inputs,
      redactedInputs: display.inputs,
      outputs: r.outputs,
      parent: r.parent,
      urn: r.urn,
      protect: r.options.protect,
      retainOnDelete: r.options.retainOnDelete,
      ignoreChanges: r.options.ignoreChanges,
      deleteBeforeReplace: r.options.deleteBeforeReplace,
      dependencies: r.dependencies,
    }))
    .filter((r) => r.type !== "pulumi:pulumi:Stack");
  return { resources, invokes: recorder.invokes(), result, outputsRegistered: recorder.outputsRegistered() };
}

/** The one resource of `type` named `name`; fails loudly when missing or ambiguous. */
export function one(run: { resources: RecordedResource[] }, type: string, name: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named "${name}", found ${found.length}`);
  return found[0];
}

/** Every resource of `type`, sorted by name. */
export function ofType(run: { resources: RecordedResource[] }, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name));
}
