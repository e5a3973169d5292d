/**
 * Records every resource a program registers, by wrapping the mock monitor's `registerResource` and
 * `registerResourceOutputs`. The request protobuf carries what the mocks API does not: parent,
 * dependencies, property dependencies and the resource options that reach the engine.
 */
import type { CapturedResource } from "../../policy/engine/types";
import { decodeProperties } from "./decode";
import {
  getMonitor,
  MockMonitor,
  type Alias,
  type RegisterResourceOutputsRequest,
  type RegisterResourceRequest,
  type RegisterResourceResponse,
  type ResourceInvokeRequest,
} from "./sdk";

/** A captured resource plus the printable form of its values (secrets shown as `[secret]`). */
export interface RecordedResource {
  resource: CapturedResource;
  display: { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
}

type Callback<T> = (err: Error | null, response?: T) => void;

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, as the engine derives it: the qualified type is
 * the parent's qualified type + `$` + the type, except that the root stack is never part of it. (The mock
 * monitor prefixes only the parent's last type, root stack included; the recorder corrects that.)
 */
export function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const parentType = parentUrn ? parentUrn.split("::")[2] : ROOT_STACK_TYPE;
  const qualified = parentType === ROOT_STACK_TYPE ? type : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** A provider function the program called (e.g. `aws:index/getCallerIdentity:getCallerIdentity`). */
export interface RecordedInvoke {
  token: string;
  /** Arguments as sent (plain JSON, secrets unwrapped). */
  inputs: Record<string, unknown>;
}

const sortedUnique = (values: string[]): string[] => [...new Set(values.filter((v) => v !== ""))].sort();

export class ResourceRecorder {
  private readonly records: RecordedResource[] = [];
  private readonly byUrn = new Map<string, RecordedResource>();
  private readonly pendingOutputs = new Map<string, RegisterResourceOutputsRequest>();
  private readonly invokeLog: RecordedInvoke[] = [];
  private readonly outputsLog: string[] = [];

  constructor(
    private readonly project: string,
    private readonly stack: string,
    /** Called on every monitor operation (the run watch counts them as progress). */
    private readonly onActivity: () => void = () => undefined,
  ) {}

  /** Installs the recorder on the current mock monitor (call right after `setMocks`). */
  install(): void {
    const monitor: unknown = getMonitor();
    if (!(monitor instanceof MockMonitor)) {
      throw new Error("ResourceRecorder.install() must run after pulumi.runtime.setMocks(): no mock monitor is active");
    }
    const register = monitor.registerResource.bind(monitor);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    const invoke = monitor.invoke.bind(monitor);
    monitor.registerResource = (req: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>) =>
      register(req, (err: Error | null, response?: RegisterResourceResponse) => {
        this.onActivity();
        if (!err && response) {
          const mockUrn = response.getUrn();
          const urn = makeUrn(this.stack, this.project, req.getParent(), req.getType(), req.getName());
          const entry = monitor.resources.get(mockUrn);
          if (entry && urn !== mockUrn) {
            monitor.resources.delete(mockUrn);
            monitor.resources.set(urn, { ...entry, urn });
          }
          response.setUrn(urn);
          this.onRegistered(req, response);
        }
        callback(err, response);
      });
    monitor.registerResourceOutputs = (req: RegisterResourceOutputsRequest, callback: Callback<object>) => {
      this.onActivity();
      this.outputsLog.push(req.getUrn());
      this.onOutputs(req);
      registerOutputs(req, callback);
    };
    monitor.invoke = (req: ResourceInvokeRequest, callback: Callback<object>) => {
      this.onActivity();
      this.invokeLog.push({ token: req.getTok(), inputs: decodeProperties(req.getArgs()?.toJavaScript(), false) });
      return invoke(req, callback);
    };
  }

  /** Provider functions called so far, in call order. */
  invokes(): RecordedInvoke[] {
    return [...this.invokeLog];
  }

  /** URNs of the resources that called `registerOutputs`, in call order (a component convention tests check). */
  outputsRegistered(): string[] {
    return [...this.outputsLog];
  }

  /** Everything registered so far, in registration order. */
  resources(): RecordedResource[] {
    return [...this.records];
  }

  private onRegistered(req: RegisterResourceRequest, response: RegisterResourceResponse): void {
    const urn = response.getUrn();
    const parent = req.getParent();
    const wireInputs = req.getObject()?.toJavaScript();
    const custom = req.getCustom();
    // What the provider (or, for a remote component such as awsx's Vpc, its plugin) returned; a local
    // component's outputs arrive later through registerOutputs.
    const wireOutputs = response.getObject()?.toJavaScript();
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = sortedUnique(deps.getUrnsList());
    });
    const resource: CapturedResource = {
      type: req.getType(),
      name: req.getName(),
      urn,
      ...(response.getId() ? { id: response.getId() } : {}),
      custom,
      ...(parent ? { parent } : {}),
      inputs: decodeProperties(wireInputs, false),
      outputs: decodeProperties(wireOutputs, false),
      dependencies: sortedUnique(req.getDependenciesList()),
      propertyDependencies: Object.fromEntries(Object.entries(propertyDependencies).sort(([a], [b]) => a.localeCompare(b))),
      options: {
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        ignoreChanges: [...req.getIgnorechangesList()],
        deleteBeforeReplace: req.getDeletebeforereplace(),
        aliases: sortedUnique([...req.getAliasurnsList(), ...req.getAliasesList().map((alias) => this.aliasUrn(alias, req))]),
        additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
      },
      ...(req.getProvider() ? { provider: req.getProvider() } : {}),
    };
    const record: RecordedResource = {
      resource,
      display: { inputs: decodeProperties(wireInputs, true), outputs: decodeProperties(wireOutputs, true) },
    };
    this.records.push(record);
    this.byUrn.set(urn, record);
    const early = this.pendingOutputs.get(urn);
    if (early) this.onOutputs(early);
  }

  private onOutputs(req: RegisterResourceOutputsRequest): void {
    const record = this.byUrn.get(req.getUrn());
    if (!record) {
      this.pendingOutputs.set(req.getUrn(), req);
      return;
    }
    this.pendingOutputs.delete(req.getUrn());
    const wire = req.getOutputs()?.toJavaScript();
    record.resource.outputs = decodeProperties(wire, false);
    record.display.outputs = decodeProperties(wire, true);
  }

  /** An alias spec resolved to the URN it names, defaulting each part to the resource's own. */
  private aliasUrn(alias: Alias, req: RegisterResourceRequest): string {
    if (alias.hasUrn()) return alias.getUrn();
    const spec = alias.getSpec();
    if (!spec) return "";
    const parent = spec.getNoparent() ? "" : spec.hasParenturn() ? spec.getParenturn() : req.getParent();
    return makeUrn(
      spec.getStack() || this.stack,
      spec.getProject() || this.project,
      parent,
      spec.getType() || req.getType(),
      spec.getName() || req.getName(),
    );
  }
}
