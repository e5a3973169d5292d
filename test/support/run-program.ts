/**
 * Runs the whole dockyard program in-process under `MockAws` with a stack's real config (read from
 * `Pulumi.yaml` + `Pulumi.<stack>.yaml` as the CLI would) and returns every registered resource with its inputs
 * and the options that reached the engine.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { MockAws } from "../../preview/mock-aws";
import { loadProject } from "../../preview/project";
import { dockyardProgram, type DockyardOutputs } from "../../stacks/program";

/** Repository root (the Pulumi project directory). */
export const ROOT = path.resolve(__dirname, "../..");

/** A resource as the mock engine saw it. */
export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** URN of the parent (`undefined` only for the stack itself). */
  parent?: string;
  urn: string;
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  dependencies: string[];
}

/** What a program run produced. */
export interface ProgramRun {
  resources: RecordedResource[];
  /** URNs of resources that called `registerOutputs`. */
  outputsRegistered: string[];
  outputs: DockyardOutputs;
  /** Provider functions called (token + inputs). */
  invokes: { token: string; inputs: Record<string, unknown> }[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
}
interface RegisterResponse {
  getUrn(): string;
}
type Callback<R> = (err: Error | null, response: R) => void;
interface PatchableMonitor {
  registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): unknown;
  registerResourceOutputs(req: { getUrn(): string }, cb: Callback<object>): unknown;
  invoke(req: object, cb: Callback<object>): unknown;
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
  invokes: { token: string; inputs: Record<string, unknown> }[];
  result: T;
}

/**
 * Runs `body` (a program, or a single component) under `MockAws` with `config`, waits until every registration
 * and invoke has settled, and returns what was registered. Registration errors are rethrown.
 */
export async function runWithMocks<T>(stack: string, config: Record<string, string>, secretKeys: string[], body: () => T): Promise<MockedRun<T>> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  const inputsByKey = new Map<string, Record<string, unknown>>();
  const invokes: MockedRun<T>["invokes"] = [];
  const aws = new MockAws({ region: config["aws:region"] ?? "us-east-1" });
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => {
      inputsByKey.set(`${args.type}::${args.name}`, JSON.parse(JSON.stringify(args.inputs ?? {})));
      return aws.newResource(args);
    },
    call: (args) => {
      invokes.push({ token: args.token, inputs: { ...(args.inputs as Record<string, unknown>) } });
      return aws.call(args);
    },
  };
  await pulumi.runtime.setMocks(mocks, "dockyard", stack, false);

  const recorded: Omit<RecordedResource, "inputs">[] = [];
  const errors: Error[] = [];
  let pending = 0;
  const monitor: unknown = settings.getMonitor();
  if (!isPatchable(monitor)) throw new Error("setMocks installed no mock monitor");
  const register = monitor.registerResource.bind(monitor);
  const invoke = monitor.invoke.bind(monitor);
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  const outputsRegistered: string[] = [];
  monitor.registerResourceOutputs = (req, cb) => {
    outputsRegistered.push(req.getUrn());
    return registerOutputs(req, cb);
  };
  monitor.registerResource = (req, cb) => {
    pending++;
    return register(req, (err, res) => {
      pending--;
      if (err) errors.push(err);
      else {
        recorded.push({
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          urn: res.getUrn(),
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          ignoreChanges: req.getIgnorechangesList(),
          dependencies: req.getDependenciesList(),
        });
      }
      cb(err, res);
    });
  };
  monitor.invoke = (req, cb) => {
    pending++;
    return invoke(req, (err, res) => {
      pending--;
      if (err) errors.push(err);
      cb(err, res);
    });
  };

  const result = body();
  await settle(() => pending);
  if (errors.length > 0) throw errors[0];
  const resources = recorded
    .filter((r) => r.type !== "pulumi:pulumi:Stack")
    .map((r) => ({ ...r, inputs: inputsByKey.get(`${r.type}::${r.name}`) ?? {} }));
  return { resources, invokes, result, outputsRegistered };
}

function isPatchable(m: unknown): m is PatchableMonitor {
  return typeof m === "object" && m !== null && "registerResource" in m && "invoke" in m && "registerResourceOutputs" in m;
}

/** Waits until no registration or invoke has been in flight for several turns of the event loop. */
async function settle(pending: () => number): Promise<void> {
  let quiet = 0;
  while (quiet < 20) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    quiet = pending() === 0 ? quiet + 1 : 0;
  }
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
