/**
 * Runs one stack of the examples/teams projects in-process under `MockAws` with its real config (read as the CLI
 * would) and the outputs of the stacks it references answered by the mocks file's `stackReferences` (the mock's
 * newResource for `pulumi:pulumi:StackReference` returns them as `outputs`). Records what it registers with the
 * offline preview's `ResourceRecorder`. Unlike `runWithMocks`, it awaits the program (a service stack awaits the
 * reference before it registers its services).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { leanSdkRuntime } from "../../preview/capture/lean-runtime";
import { ResourceRecorder } from "../../preview/capture/recorder";
import { disconnect } from "../../preview/capture/sdk";
import { MockAws } from "../../preview/mock-aws";
import type { StackReferenceAnswer, UserMocks } from "../../preview/mock/user-mocks";
import { loadProject } from "../../preview/project";
import { teamStackProgram } from "../../stacks/team-program";

export const TEAMS_DIR = path.resolve(__dirname, "../../examples/teams");

/** A resource as the mock engine saw it. */
export interface TeamResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** What the mock provider returned. */
  outputs: Record<string, unknown>;
  parent?: string;
  urn: string;
}

export interface TeamRun {
  /** Every resource registered (a `StackReference` read is not a registration). */
  resources: TeamResource[];
  /** The stack's outputs, every Output resolved. */
  outputs: Record<string, unknown>;
  mock: MockAws;
}

/** Options of one run. */
export interface TeamRunOptions {
  /** `dockyard:*`/`aws:*` overrides (JSON-encoded values); `undefined` removes a key. @default {} */
  overrides?: Record<string, string | undefined>;
  /** Outputs of referenced stacks. @default [] */
  stackReferences?: StackReferenceAnswer[];
}

/** Runs `stack` of examples/teams/`project` and waits for every registration; rethrows the program's error. */
export async function runTeamStack(project: "platform" | "services", stack: string, options: TeamRunOptions = {}): Promise<TeamRun> {
  const { run, error } = await execute(project, stack, options);
  if (error !== undefined) throw error;
  return run;
}

/** What a refused run produced: the error and what was registered before it (should be nothing). */
export interface Refusal {
  error: Error;
  resources: TeamResource[];
  mock: MockAws;
}

/** Runs a stack that must fail; fails itself when the program succeeds. */
export async function refuse(project: "platform" | "services", stack: string, options: TeamRunOptions = {}): Promise<Refusal> {
  const { run, error } = await execute(project, stack, options);
  if (error === undefined) throw new Error(`expected ${project}/${stack} to be refused, but it ran (${run.resources.length} resources)`);
  if (!(error instanceof Error)) throw new Error(`expected an Error, got ${String(error)}`);
  return { error, resources: run.resources, mock: run.mock };
}

async function execute(
  project: "platform" | "services",
  stack: string,
  options: TeamRunOptions,
): Promise<{ run: TeamRun; error?: unknown }> {
  const loaded = loadProject(path.join(TEAMS_DIR, project), stack);
  const config: Record<string, string> = { ...loaded.config };
  for (const [k, v] of Object.entries(options.overrides ?? {})) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  const mocks: UserMocks = { source: "test", invokes: [], resources: [], vpcs: [], stackReferences: options.stackReferences ?? [] };
  const mock = new MockAws({ region: config["aws:region"] ?? "us-east-1", mocks });
  await pulumi.runtime.setMocks(mock, loaded.projectName, stack, false, "organization");
  pulumi.runtime.setAllConfig(config, loaded.secretKeys);
  const recorder = new ResourceRecorder(loaded.projectName, stack);
  recorder.install();

  const errors: unknown[] = [];
  const onError = (err: unknown): void => void errors.push(err);
  process.on("unhandledRejection", onError);
  const restoreSdk = leanSdkRuntime();
  let outputs: Record<string, unknown> = {};
  try {
    const exported = await teamStackProgram();
    outputs = await new Promise((resolve) => pulumi.output(exported).apply((v) => resolve(v as Record<string, unknown>)));
  } catch (err) {
    errors.unshift(err);
  } finally {
    try {
      await disconnect();
    } finally {
      await new Promise((resolve) => setImmediate(resolve));
      restoreSdk();
      process.off("unhandledRejection", onError);
    }
  }
  const resources = recorder
    .resources()
    .map(({ resource: r }): TeamResource => ({
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      outputs: r.outputs,
      parent: r.parent,
      urn: r.urn,
    }))
    .filter((r) => r.type !== "pulumi:pulumi:Stack");
  return { run: { resources, outputs, mock }, error: errors[0] };
}

/** The one resource of `type` named `name`; fails loudly when missing or ambiguous. */
export function only(run: TeamRun, type: string, name: string): TeamResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named "${name}", found ${found.length}`);
  return found[0];
}
