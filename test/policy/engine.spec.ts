import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, NotApplicableError } from "../../policy/engine/evaluate";
import { loadPolicyPackConfig, PolicyConfigError } from "../../policy/engine/config";
import { res, run, UNKNOWN, urnOf } from "./harness";
import { PACK_VERSION } from "../../policy/pack-info";

const SERVICE = "aws:ecs/service:Service";

/** A resource policy that records what it was given and flags `bad: true`. */
function probe(seen: unknown[], level: ResourceValidationPolicy["enforcementLevel"] = "mandatory"): ResourceValidationPolicy {
  return {
    name: "probe",
    description: "Probe policy.",
    enforcementLevel: level,
    severity: "high",
    configSchema: {
      properties: { limit: { type: "integer", default: 3 }, names: { type: "array", items: { type: "string" }, default: ["a"] } },
    },
    validateResource: (args, report) => {
      if (args.type !== SERVICE) {
        args.notApplicable("only services");
      }
      seen.push({ config: args.getConfig(), tags: [...args.stackTags.entries()], name: args.name, urn: args.urn });
      if (args.props.bad === true) {
        report("bad is true; set it to false.");
      }
    },
  };
}

describe("policy engine: resource policies", () => {
  it("passes inputs, urn, name, stack tags and schema defaults merged with the stack's config", async () => {
    const seen: unknown[] = [];
    await run(probe(seen), [res(SERVICE, "api", { bad: false })], {
      config: { probe: { names: ["b", "c"] } },
      stackTags: { z: "1", environment: "dev" },
    });
    assert.deepStrictEqual(seen, [
      {
        config: { limit: 3, names: ["b", "c"] },
        tags: [
          ["environment", "dev"],
          ["z", "1"],
        ],
        name: "api",
        urn: urnOf(SERVICE, "api"),
      },
    ]);
  });

  it("formats violations like the server: `<description>\\n<message>`, with pack identity, level and severity", async () => {
    const report = await run(probe([]), [res(SERVICE, "api", { bad: true })]);
    assert.deepStrictEqual(report.violations, [
      {
        policyPack: "dockyard-guard",
        policyPackVersion: PACK_VERSION,
        policy: "probe",
        description: "Probe policy.",
        enforcementLevel: "mandatory",
        severity: "high",
        urn: urnOf(SERVICE, "api"),
        message: "Probe policy.\nbad is true; set it to false.",
        detail: "bad is true; set it to false.",
      },
    ]);
  });

  it("treats notApplicable() as a skip: other resource types produce nothing", async () => {
    const seen: unknown[] = [];
    const report = await run(probe(seen), [res("aws:s3/bucket:Bucket", "b", { bad: true })]);
    assert.deepStrictEqual([seen, report.violations, report.skipped], [[], [], []]);
    assert.throws(() => {
      throw new NotApplicableError("x");
    }, /x/);
  });

  it("reports an unknown value read as a skipped run with the server's wording, and still runs on other resources", async () => {
    const report = await run(probe([]), [res(SERVICE, "pending", { bad: UNKNOWN.boolean }), res(SERVICE, "known", { bad: true })]);
    assert.deepStrictEqual(report.skipped, [
      {
        policy: "probe",
        urn: urnOf(SERVICE, "pending"),
        reason: `can't run policy 'probe' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: boolean value at .bad can't be known during preview`,
      },
    ]);
    assert.deepStrictEqual(
      report.violations.map((v) => v.urn),
      [urnOf(SERVICE, "known")],
    );
  });

  it("resolves levels: policy entry > `all` > policy default > pack default; disabled skips", async () => {
    const noLevel: ResourceValidationPolicy = { ...probe([]), enforcementLevel: undefined };
    const level = async (policy: ResourceValidationPolicy, config?: PolicyPackConfig) =>
      (await run(policy, [res(SERVICE, "api", { bad: true })], { config })).violations.map((v) => v.enforcementLevel);
    assert.deepStrictEqual(await level(noLevel), ["advisory"]);
    assert.deepStrictEqual(await level(probe([])), ["mandatory"]);
    assert.deepStrictEqual(await level(probe([]), { all: "advisory" }), ["advisory"]);
    assert.deepStrictEqual(await level(probe([]), { all: "advisory", probe: { enforcementLevel: "mandatory" } }), ["mandatory"]);
    assert.deepStrictEqual(await level(probe([]), { probe: "disabled" }), []);
  });

  it("propagates an unexpected policy error with the policy and resource named (the server fails the run)", async () => {
    const broken: ResourceValidationPolicy = {
      name: "broken",
      description: "d",
      validateResource: () => {
        throw new Error("boom");
      },
    };
    await assert.rejects(run(broken, [res(SERVICE, "api", {})]), {
      message: `Error validating resource ${urnOf(SERVICE, "api")} with policy 'broken' from policy pack 'dockyard-guard@v${PACK_VERSION}': boom`,
    });
  });
});

describe("policy engine: not-applicable fast path", () => {
  it("skips a policy for later resources of a type it rejected from the type alone", async () => {
    let calls = 0;
    const typed: ResourceValidationPolicy = {
      name: "typed",
      description: "d",
      validateResource: (args) => {
        calls++;
        if (args.type !== SERVICE) {
          args.notApplicable();
        }
      },
    };
    await run(typed, [
      res("aws:s3/bucket:Bucket", "a", {}),
      res("aws:s3/bucket:Bucket", "b", {}),
      res(SERVICE, "c", {}),
      res(SERVICE, "d", {}),
    ]);
    assert.strictEqual(calls, 3);
  });

  it("keeps running a policy whose applicability depended on anything but the type", async () => {
    const byProps: ResourceValidationPolicy = {
      name: "by-props",
      description: "d",
      enforcementLevel: "mandatory",
      validateResource: (args, report) => {
        if (args.props.skip === true) {
          args.notApplicable("skipped by props");
        }
        report("checked");
      },
    };
    const report = await run(byProps, [res(SERVICE, "first", { skip: true }), res(SERVICE, "second", { skip: false })]);
    assert.deepStrictEqual(
      report.violations.map((v) => v.urn),
      [urnOf(SERVICE, "second")],
    );
  });
});

describe("policy engine: remediation", () => {
  const fix = (name: string, key: string): ResourceValidationPolicy => ({
    name,
    description: `${key} must be true.`,
    enforcementLevel: "remediate",
    validateResource: (args, report) => {
      if (args.props[key] !== true) {
        report(`${key} is not true`);
      }
    },
    remediateResource: (args) => ({ ...args.props, [key]: true }),
  });

  it("runs remediations first, threads props through them and reports the changed properties", async () => {
    const report = await run([fix("fix-a", "a"), fix("fix-b", "b")], [res(SERVICE, "api", { a: false, b: true, c: 1 })]);
    assert.deepStrictEqual(report.remediations, [{ policy: "fix-a", urn: urnOf(SERVICE, "api"), properties: ["a"] }]);
    assert.deepStrictEqual(report.violations, []);
  });

  it("reports a remediate-level policy that still finds a violation as mandatory", async () => {
    const stubborn: ResourceValidationPolicy = { ...fix("stubborn", "a"), remediateResource: () => undefined };
    const report = await run(stubborn, [res(SERVICE, "api", { a: false })]);
    assert.deepStrictEqual(
      report.violations.map((v) => [v.policy, v.enforcementLevel]),
      [["stubborn", "mandatory"]],
    );
  });

  it("does not remediate when the policy is configured down to advisory", async () => {
    const report = await run(fix("fix-a", "a"), [res(SERVICE, "api", { a: false })], { config: { "fix-a": "advisory" } });
    assert.deepStrictEqual([report.remediations, report.violations.map((v) => v.enforcementLevel)], [[], ["advisory"]]);
  });
});

describe("policy engine: stack policies", () => {
  it("builds parent/dependencies/propertyDependencies as object references over outputs", async () => {
    const vpc = res("awsx:ec2:Vpc", "vpc", {}, { outputs: { privateSubnetIds: ["subnet-1"] } });
    const svc = res(
      SERVICE,
      "api",
      { networkConfiguration: { subnets: ["subnet-1"] } },
      { parent: vpc, propertyDependencies: { networkConfiguration: [vpc] } },
    );
    const seen: string[] = [];
    const graph: StackValidationPolicy = {
      name: "graph",
      description: "d",
      enforcementLevel: "mandatory",
      validateStack: (args, report) => {
        const [v, s] = args.resources;
        seen.push(
          String(s.parent === v),
          String(s.dependencies[0] === v),
          String(s.propertyDependencies.networkConfiguration[0] === v),
          JSON.stringify(v.props.privateSubnetIds),
          String(s.opts.parent === v.urn),
        );
        report("found", s.urn);
      },
    };
    const report = await run(graph, [vpc, svc]);
    assert.deepStrictEqual(seen, ["true", "true", "true", '["subnet-1"]', "true"]);
    assert.deepStrictEqual(
      report.violations.map((v) => [v.urn, v.message]),
      [[svc.urn, "d\nfound"]],
    );
  });

  it("skips a stack policy that reads an unknown output, and downgrades remediate to mandatory", async () => {
    const reader = (level: StackValidationPolicy["enforcementLevel"]): StackValidationPolicy => ({
      name: "reader",
      description: "d",
      enforcementLevel: level,
      validateStack: (args, report) => {
        if (args.resources[0].props.x) {
          report("x");
        }
      },
    });
    const unknown = await run(reader("mandatory"), [res(SERVICE, "a", {}, { outputs: { x: UNKNOWN.string } })]);
    assert.deepStrictEqual(
      unknown.skipped.map((s) => s.reason),
      [
        `can't run policy 'reader' from policy pack 'dockyard-guard@v${PACK_VERSION}' during preview: string value at .x can't be known during preview`,
      ],
    );
    const known = await run(reader("remediate"), [res(SERVICE, "a", {}, { outputs: { x: "y" } })]);
    assert.deepStrictEqual(
      known.violations.map((v) => v.enforcementLevel),
      ["mandatory"],
    );
  });
});

describe("policy engine: config validation", () => {
  const resources = [res(SERVICE, "api", {})];
  const error = async (config: PolicyPackConfig) => {
    try {
      await evaluatePolicies([probe([])], { resources, config, configSource: "policy/config/prod.json" });
    } catch (e) {
      assert.ok(e instanceof PolicyConfigError && pulumi.RunError.isInstance(e));
      return e.message;
    }
    return "no error";
  };

  it("names the file, field, value, what is allowed and the fix", async () => {
    assert.strictEqual(
      await error({ probe: { limit: "3" } }),
      'policy/config/prod.json: "probe".limit is "3"; allowed: a value of type "integer". Fix: set limit to a valid value or remove it to use the default 3',
    );
    assert.strictEqual(
      await error({ prob: "advisory" }),
      'policy/config/prod.json: "prob" is not a policy in this pack. Fix: use one of: all, probe',
    );
    assert.strictEqual(
      await error({ probe: { limt: 1 } }),
      'policy/config/prod.json: "probe".limt is not a setting of this policy. Fix: use one of: limit, names',
    );
    assert.strictEqual(
      await error(JSON.parse('{ "probe": "strict" }')),
      'policy/config/prod.json: "probe".enforcementLevel is "strict"; allowed: advisory, mandatory, remediate, disabled. Fix: set a valid enforcement level',
    );
    assert.strictEqual(
      await error({ probe: { names: ["a", 2] } }),
      'policy/config/prod.json: "probe".names[1] is 2; allowed: a value of type "string". Fix: set names to a valid value or remove it to use the default ["a"]',
    );
  });

  it("loads the shipped per-stack config files", () => {
    assert.deepStrictEqual(loadPolicyPackConfig("policy/config/dev.json")["cloudwatch-log-group-retention"], {
      enforcementLevel: "mandatory",
      minRetentionDays: 7,
    });
    assert.throws(() => loadPolicyPackConfig("policy/config/nope.json"), {
      message:
        "policy/config/nope.json: cannot read the policy pack config file. Fix: create it (see policy/config/dev.json) or pass an existing path.",
    });
  });
});

describe("policy engine: isType / asType with real @pulumi/aws classes", () => {
  it("matches by the class's type token and hands out the proxied inputs", async () => {
    // Loaded lazily: @pulumi/aws is large and only this case needs it.
    const aws = await import("@pulumi/aws");
    const seen: string[] = [];
    const typed: ResourceValidationPolicy = {
      name: "typed",
      description: "d",
      validateResource: (args) => {
        const svc = args.asType(aws.ecs.Service);
        seen.push(
          `${args.name} ${args.isType(aws.ecs.Service)} ${args.isType(aws.lb.Listener)} ${svc?.networkConfiguration ? JSON.stringify(svc.networkConfiguration.subnets) : "-"}`,
        );
      },
    };
    await run(typed, [res(SERVICE, "api", { networkConfiguration: { subnets: ["s-1"] } }), res("aws:alb/listener:Listener", "l", {})]);
    assert.deepStrictEqual(seen, ['api true false ["s-1"]', "l false false -"]);
  });
});
