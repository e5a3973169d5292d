import * as assert from "assert";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { res, run, UNKNOWN } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const SERVICE = "aws:ecs/service:Service";
const VPC = "awsx:ec2:Vpc";

function stackPolicy(name: string, validateStack: StackValidationPolicy["validateStack"]): StackValidationPolicy {
  return { name, description: `${name}.`, enforcementLevel: "mandatory", validateStack };
}

/** Runs `change` and says whether the write was refused (a TypeError in strict code, a no-op in sloppy code). */
function attempt(change: () => void): string {
  try {
    change();
    return "allowed";
  } catch (e) {
    return e instanceof TypeError ? "refused" : `threw ${String(e)}`;
  }
}

describe("policy engine: one stack graph per evaluation", () => {
  const vpc = res(VPC, "vpc", {}, { outputs: { privateSubnetIds: ["subnet-1"], tags: { team: "core" } } });
  const svc = res(
    SERVICE,
    "api",
    { networkConfiguration: { subnets: ["subnet-1"] } },
    { parent: vpc, propertyDependencies: { networkConfiguration: [vpc] } },
  );

  /** What a policy sees of the graph, as text. */
  const view = (resources: PolicyResource[]): string => {
    const [v, s] = resources;
    return JSON.stringify({
      count: resources.length,
      subnets: v.props.privateSubnetIds,
      tags: v.props.tags,
      deps: s.dependencies.map((d) => d.name),
      networkDeps: s.propertyDependencies.networkConfiguration.map((d) => d.name),
      parent: s.parent?.name,
      aliases: s.opts.aliases,
    });
  };
  const original = JSON.stringify({
    count: 2,
    subnets: ["subnet-1"],
    tags: { team: "core" },
    deps: ["vpc"],
    networkDeps: ["vpc"],
    parent: "vpc",
    aliases: [],
  });

  it("hands every stack policy the same graph, frozen, with props copied per policy: a mutating policy cannot change what the next one sees", async () => {
    const seen: Record<string, string> = {};
    let first: PolicyResource[] | undefined;
    const mutator = stackPolicy("mutator", (args) => {
      first = args.resources;
      const [v, s] = args.resources;
      const writes = {
        push: attempt(() => args.resources.push(v)),
        pop: attempt(() => args.resources.pop()),
        dependencies: attempt(() => s.dependencies.pop()),
        propertyDependencies: attempt(() => {
          // `delete` on a frozen object fails silently in sloppy code: Reflect says whether it happened.
          if (!Reflect.deleteProperty(s.propertyDependencies, "networkConfiguration")) throw new TypeError("not deleted");
        }),
        parent: attempt(() => Object.assign(s, { parent: undefined })),
        aliases: attempt(() => s.opts.aliases.push("urn:x")),
        props: attempt(() => Object.assign(v, { props: {} })),
      };
      // Its own copy of the props takes the change (the server's props are writable too); nobody else's does.
      v.props.privateSubnetIds.push("subnet-9");
      delete v.props.tags;
      seen["mutator writes"] = JSON.stringify(writes);
      seen["mutator after"] = view(args.resources);
    });
    const reader = stackPolicy("reader", (args, report) => {
      seen["reader same graph"] = String(args.resources === first);
      seen["reader frozen"] = String(Object.isFrozen(args.resources) && args.resources.every((r) => Object.isFrozen(r)));
      seen["reader"] = view(args.resources);
      report("seen", args.resources[1].urn);
    });
    const report = await run([mutator, reader], [vpc, svc]);
    const refusedAll = JSON.stringify({
      push: "refused",
      pop: "refused",
      dependencies: "refused",
      propertyDependencies: "refused",
      parent: "refused",
      aliases: "refused",
      props: "refused",
    });
    assert.deepStrictEqual(seen, {
      "mutator writes": refusedAll,
      // Negative control: the mutation of its own props copy did happen, so the reader's clean view is isolation.
      "mutator after": original.replace('["subnet-1"]', '["subnet-1","subnet-9"]').replace(',"tags":{"team":"core"}', ""),
      "reader same graph": "true",
      "reader frozen": "true",
      reader: original,
    });
    assert.deepStrictEqual(
      report.violations.map((v) => [v.policy, v.urn, v.message]),
      [["reader", svc.urn, "reader.\nseen"]],
    );
  });

  it("still checks unknowns nested in the shared graph's props (they are not frozen, so the policy proxy wraps every level)", async () => {
    const nested = res(SERVICE, "a", {}, { outputs: { network: { subnets: [UNKNOWN.string] } } });
    const reader = stackPolicy("nested-reader", (args, report) => {
      const subnets = args.resources[0].props.network.subnets as string[];
      if (subnets[0] === "subnet-1") report("subnet-1");
    });
    const report = await run(reader, [nested]);
    assert.deepStrictEqual(
      report.skipped.map((s) => s.reason),
      [
        `can't run policy 'nested-reader' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: string value at .network.subnets.0 can't be known during preview`,
      ],
    );
    assert.deepStrictEqual(report.violations, []);
  });

  it("gives a provider's props to each policy as its own copy too", async () => {
    const provider = res("pulumi:providers:aws", "east", {}, { outputs: { region: "us-east-1" } });
    const bucket = { ...res("aws:s3/bucket:Bucket", "b", {}), provider: `${provider.urn}::east-id` };
    const regions: string[] = [];
    const writer = stackPolicy("writer", (args) => {
      const props = args.resources[1].provider?.props as { region?: string };
      regions.push(`writer sees ${props.region}`);
      props.region = "eu-west-1";
    });
    const reader = stackPolicy("reader", (args) => {
      const props = args.resources[1].provider?.props as { region?: string };
      regions.push(`reader sees ${props.region}`);
    });
    await run([writer, reader], [provider, bucket]);
    assert.deepStrictEqual(regions, ["writer sees us-east-1", "reader sees us-east-1"]);
  });
});
