import * as assert from "assert";
import * as fs from "fs";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies, PACK_NAME, PACK_VERSION } from "../../policy/policies";
import { loadPolicyPackConfig, resolvePolicyConfig } from "../../policy/engine/config";
import * as alb from "../../policy/rules/alb";
import * as awsLimits from "../../policy/rules/aws-limits";
import * as cloudmap from "../../policy/rules/cloudmap";
import * as deployment from "../../policy/rules/deployment";
import * as ecr from "../../policy/rules/ecr";
import * as ecs from "../../policy/rules/ecs";
import * as iam from "../../policy/rules/iam";
import * as logs from "../../policy/rules/logs";
import * as network from "../../policy/rules/network";
import * as securityGroups from "../../policy/rules/security-groups";
import * as serviceConnect from "../../policy/rules/service-connect";
import { policyTable } from "../../policy/readme-table";
import { securityHubControls } from "../../policy/rules/controls";

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

function isPolicy(value: unknown): value is AnyPolicy {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof Reflect.get(value, "name") === "string" &&
    (typeof Reflect.get(value, "validateResource") === "function" || typeof Reflect.get(value, "validateStack") === "function")
  );
}

const exported = [alb, awsLimits, cloudmap, deployment, ecr, ecs, iam, logs, network, securityGroups, serviceConnect].flatMap((m) =>
  Object.values(m).filter(isPolicy),
);

describe("policy pack metadata", () => {
  it("lists every exported rule exactly once in allPolicies", () => {
    assert.deepStrictEqual(allPolicies.map((p) => p.name).sort(), exported.map((p) => p.name).sort());
    assert.strictEqual(new Set(allPolicies.map((p) => p.name)).size, allPolicies.length);
    assert.strictEqual(allPolicies.length, 40);
  });

  for (const p of allPolicies) {
    it(`${p.name}: kebab-case name, one-line description, severity, remediation steps, level, defaults`, () => {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
      assert.ok(p.name.length <= 64 && p.name !== "all");
      assert.match(p.description, /^[A-Z][^\n]{10,200}\.$/);
      assert.ok(["low", "medium", "high", "critical"].includes(p.severity ?? ""));
      assert.ok((p.remediationSteps ?? "").length > 20);
      assert.ok(["advisory", "mandatory", "remediate"].includes(p.enforcementLevel ?? ""));
      for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
        assert.notStrictEqual(key, "enforcementLevel");
        assert.notStrictEqual(schema.default, undefined, `${p.name}.${key} has no default`);
        assert.ok(typeof schema.description === "string" && schema.description.length > 0, `${p.name}.${key} has no description`);
      }
      if (p.enforcementLevel === "remediate") {
        assert.strictEqual(typeof Reflect.get(p, "remediateResource"), "function");
      }
    });
  }

  it("uses remediate exactly for the safe fixes", () => {
    assert.deepStrictEqual(
      allPolicies
        .filter((p) => p.enforcementLevel === "remediate")
        .map((p) => p.name)
        .sort(),
      ["ecr-immutable-tags", "ecr-scan-on-push", "lb-drop-invalid-header-fields"],
    );
    // A fix that could break the program is reported instead: public IPs off without a NAT gateway or VPC
    // endpoints leaves the tasks unable to pull their images.
    for (const name of ["ecs-service-no-public-ip"]) {
      const p = allPolicies.find((x) => x.name === name);
      assert.deepStrictEqual([p?.enforcementLevel, p && Reflect.get(p, "remediateResource")], ["mandatory", undefined], name);
    }
  });

  it("names the AWS Security Hub controls each policy covers (framework metadata), with real control ids", () => {
    const byPolicy = Object.fromEntries(allPolicies.map((p) => [p.name, securityHubControls(p)]));
    for (const p of allPolicies) {
      assert.strictEqual(p.framework?.name, "AWS Security Hub CSPM", `${p.name} has no Security Hub framework metadata`);
      for (const c of byPolicy[p.name]) {
        assert.match(c, /^(ECS|ELB|ECR|IAM|EC2|CloudWatch)\.\d+$/, `${p.name}: ${c}`);
      }
    }
    assert.deepStrictEqual(
      [
        byPolicy["ecs-service-no-public-ip"],
        byPolicy["ecs-task-definition-container-logging"],
        byPolicy["lb-https-modern-tls"],
        byPolicy["ecs-task-definition-non-root-user"],
        byPolicy["cloudwatch-log-group-retention"],
      ],
      [["ECS.2", "ECS.16"], ["ECS.9"], ["ELB.17"], ["ECS.20"], ["CloudWatch.16"]],
    );
  });

  it("is a real pack: name, version from policy/package.json, pinned dependencies, index.ts only builds the PolicyPack", () => {
    const pkg = JSON.parse(fs.readFileSync("policy/package.json", "utf8"));
    const root = JSON.parse(fs.readFileSync("package.json", "utf8"));
    // The version itself lives only in policy/package.json (test/policy/pack-process.spec.ts: every reader agrees).
    assert.deepStrictEqual([PACK_NAME, PACK_VERSION], ["dockyard-guard", pkg.version]);
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    for (const dep of ["@pulumi/policy", "@pulumi/pulumi"]) {
      assert.strictEqual(pkg.dependencies[dep], root.dependencies[dep], dep);
    }
    assert.match(fs.readFileSync("policy/PulumiPolicy.yaml", "utf8"), /^runtime: nodejs$/m);
    const index = fs
      .readFileSync("policy/index.ts", "utf8")
      .replace(/\/\*\*[\s\S]*?\*\//g, "")
      .trim();
    assert.strictEqual(
      index,
      'import { PolicyPack } from "@pulumi/policy";\nimport { allPolicies, PACK_NAME } from "./policies";\n\nnew PolicyPack(PACK_NAME, { policies: allPolicies, enforcementLevel: "advisory" });',
    );
  });

  it("ships dev/prod configs that validate against the pack and set the intended levels", () => {
    const level = (stack: string, policy: string) =>
      resolvePolicyConfig(allPolicies, loadPolicyPackConfig(`policy/config/${stack}.json`), "advisory", stack).get(policy)!;
    assert.deepStrictEqual(
      ["lb-http-redirects-to-https", "lb-deletion-protection", "ecs-service-exec-disabled", "cloudwatch-log-group-retention"].map((p) => [
        p,
        level("dev", p).enforcementLevel,
        level("prod", p).enforcementLevel,
      ]),
      [
        ["lb-http-redirects-to-https", "advisory", "mandatory"],
        ["lb-deletion-protection", "advisory", "mandatory"],
        ["ecs-service-exec-disabled", "advisory", "mandatory"],
        ["cloudwatch-log-group-retention", "mandatory", "mandatory"],
      ],
    );
    assert.deepStrictEqual(
      [level("dev", "cloudwatch-log-group-retention").properties, level("prod", "cloudwatch-log-group-retention").properties],
      [{ minRetentionDays: 7 }, { minRetentionDays: 90 }],
    );
  });
});

describe("policy/README.md", () => {
  it("contains the policy table generated from the pack and the shipped configs", () => {
    assert.ok(
      fs.readFileSync("policy/README.md", "utf8").includes(`${policyTable()}\n`),
      "regenerate with: npx ts-node --transpile-only policy/readme-table.ts",
    );
  });
});
