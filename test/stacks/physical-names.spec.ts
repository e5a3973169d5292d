/**
 * Two copies of the program (different Pulumi project names) with a `dev` stack each, in one account and region:
 * no explicit physical name may be shared.
 */
import * as assert from "node:assert/strict";
import { loadProject } from "../../preview/project";
import { parseStackConfig } from "../../stacks/config";
import { buildStack } from "../../stacks/program";
import { ROOT, runWithMocks, type RecordedResource } from "../support/run-program";

/** Every explicit physical name the dev program registers for `project`: `type name → value`. */
async function physicalNames(project: string): Promise<Map<string, string>> {
  const config = loadProject(ROOT, "dev").config;
  const entries: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (k.startsWith("dockyard:")) entries[k.slice("dockyard:".length)] = v;
  const run = await runWithMocks("dev", config, [], () => buildStack(parseStackConfig(entries, "dev", "us-east-1", ROOT, project)));
  const out = new Map<string, string>();
  const add = (r: RecordedResource, prop: string) => {
    const v = r.inputs[prop];
    if (typeof v === "string") out.set(`${r.type} ${r.name}.${prop}`, v);
  };
  for (const r of run.resources) {
    if (r.type === "aws:ecs/taskDefinition:TaskDefinition") add(r, "family");
    else if (r.type === "aws:ec2/securityGroup:SecurityGroup") add(r, "namePrefix");
    else if (r.type !== "aws:servicediscovery/service:Service" && r.type !== "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
      add(r, "name");
  }
  return out;
}

describe("physical names of two projects' dev stacks", function () {
  this.timeout(120_000);

  it("share nothing: ALB, target groups, repositories, log groups, task families, security groups", async () => {
    const a = await physicalNames("dockyard");
    const b = await physicalNames("dockyard-copy");
    assert.deepEqual([...a.keys()], [...b.keys()]);
    const kinds = new Set([...a.keys()].map((k) => k.split(" ")[0]));
    for (const t of [
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:lb/targetGroup:TargetGroup",
      "aws:ecr/repository:Repository",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:ec2/securityGroup:SecurityGroup",
    ]) {
      assert.ok(kinds.has(t), `checks ${t}`);
    }
    const shared = [...a.entries()].filter(([k, v]) => b.get(k) === v);
    assert.deepEqual(shared, []);
  });
});
