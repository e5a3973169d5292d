/**
 * Type-token and child-name changes keep existing stacks: the components apply `components/aliases.ts` in their
 * constructors, so a stack deployed with an old token (or child name) is adopted, not replaced. Proven on the URNs
 * the SDK sends: with structured alias specs switched off, the SDK itself resolves every alias (the parent's and
 * the ones children inherit from it) to the full old URNs the engine would match against the stack's state.
 */
import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { Platform } from "../../components/index";
import { CHILD_NAME_ALIASES, TYPE_ALIASES, versioned, type ChildRenames } from "../../components/aliases";
import { runWithMocks } from "../support/run-program";

const URN = "urn:pulumi:dev::dockyard::";

interface MonitorLike {
  registerResource(req: RegisterResourceRequest, callback: (...args: unknown[]) => void): void;
  supportsFeature(req: { getId(): string }, callback: (err: null, res: { getHassupport(): boolean }) => void): void;
}

/** Runs `body` under the mock AWS and returns the alias URNs each registration carried (`<type> <name>` → URNs). */
async function aliasesSent(body: () => void): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>();
  const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => {
    // An engine without alias specs: the SDK then resolves every alias to a URN itself, so we can read them.
    const monitor = getMonitor() as unknown as MonitorLike;
    const supports = monitor.supportsFeature.bind(monitor);
    monitor.supportsFeature = (req, callback) =>
      req.getId() === "aliasSpecs" ? callback(null, { getHassupport: () => false }) : supports(req, callback);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      sent.set(`${req.getType()} ${req.getName()}`, req.getAliasurnsList());
      register(req, callback);
    };
    // Under the root stack, as the CLI runs a program: URNs are exactly the ones a deployed stack holds.
    return runInPulumiStack(async () => {
      body();
      return {};
    });
  });
  await run.result;
  return sent;
}

/** A component with one child, to exercise a child rename through `versioned` exactly as the components use it. */
class Probe extends pulumi.ComponentResource {
  constructor(type: string, name: string, renames: ChildRenames) {
    super(type, name, {}, versioned(type, name, {}, renames));
    new aws.ecs.Cluster(`${name}-cluster`, {}, { parent: this });
    this.registerOutputs({});
  }
}

describe("aliases for type-token and child-name changes (components/aliases.ts)", function () {
  this.timeout(120_000);

  it("the table holds the 0.1.0 token moves to module `index`, and no child renames yet", () => {
    assert.deepStrictEqual(TYPE_ALIASES, {
      "dockyard:index:Platform": ["dockyard:platform:Platform"],
      "dockyard:index:FargateService": ["dockyard:ecs:FargateService"],
    });
    assert.deepStrictEqual(CHILD_NAME_ALIASES, {});
  });

  it("a Platform registered under the new token carries its old URN, and its children their old Parent$Child URNs", async () => {
    const sent = await aliasesSent(() => {
      new Platform("shop", { environment: "dev", network: {}, discoveryNamespace: "shop.internal" });
    });
    assert.deepStrictEqual(sent.get("dockyard:index:Platform shop"), [`${URN}dockyard:platform:Platform::shop`]);
    assert.deepStrictEqual(sent.get("aws:ecs/cluster:Cluster shop-cluster"), [
      `${URN}dockyard:platform:Platform$aws:ecs/cluster:Cluster::shop-cluster`,
    ]);
  });

  it("a renamed child gets aliases for its old name, under the current and every old parent token", async () => {
    const sent = await aliasesSent(() => {
      new Probe("dockyard:index:Platform", "p", { "dockyard:index:Platform": { "-cluster": ["-ecs"] } });
    });
    assert.deepStrictEqual([...(sent.get("aws:ecs/cluster:Cluster p-cluster") ?? [])].sort(), [
      `${URN}dockyard:index:Platform$aws:ecs/cluster:Cluster::p-ecs`,
      `${URN}dockyard:platform:Platform$aws:ecs/cluster:Cluster::p-cluster`,
      `${URN}dockyard:platform:Platform$aws:ecs/cluster:Cluster::p-ecs`,
    ]);
  });

  it("negative control: a token with no row and no renames sends no aliases (the URNs above come from the table)", async () => {
    const sent = await aliasesSent(() => {
      new Probe("dockyard:index:Unversioned", "q", {});
    });
    assert.deepStrictEqual([sent.get("dockyard:index:Unversioned q"), sent.get("aws:ecs/cluster:Cluster q-cluster")], [[], []]);
  });
});
