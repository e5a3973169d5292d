/**
 * Day-2 changes, as two consecutive runs under MockAws: what the second run registers must be something AWS and
 * the providers accept as an update of the first (a new image tag when the build would be redone, a forced
 * deployment for a capacity-strategy change, permissions before tasks, no cosmetic replacement, no name clash).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FargateService } from "../../components/fargate-service";
import type { FargateServiceArgs } from "../../components/fargate-service-args";
import { one, runProgram, runWithMocks, type MockedRun } from "../support/run-program";
import { captured } from "../support/captured";
import { STAND_IN_CERTIFICATE_ARN } from "../support/prod-certificate";
import { bareRef } from "./platform-fixture";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/db-AbCdEf";
const T = {
  image: "docker:index/image:Image",
  repo: "aws:ecr/repository:Repository",
  service: "aws:ecs/service:Service",
  execPolicy: "aws:iam/rolePolicy:RolePolicy",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
} as const;

const base: FargateServiceArgs = {
  platform: bareRef("dev"),
  image: { kind: "prebuilt", uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/ci/api@sha256:${"d".repeat(64)}` },
};

function run(args: FargateServiceArgs, name = "api"): Promise<MockedRun<FargateService>> {
  return runWithMocks("dev", { "aws:region": "us-east-1" }, [], () => new FargateService(name, args));
}

describe("second deploys (two consecutive runs)", () => {
  describe("a chmod in the build context", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-chmod-"));
      fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\nCOPY run.sh /\n");
      fs.writeFileSync(path.join(dir, "run.sh"), "#!/bin/sh\necho hi\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const build = (): FargateServiceArgs => ({ ...base, image: { kind: "build", context: dir } });

    it("changes the pushed tag (the provider rebuilds on a mode change; ECR refuses a second push of a tag)", async () => {
      const first = await run(build());
      const again = await run(build());
      fs.chmodSync(path.join(dir, "run.sh"), (fs.statSync(path.join(dir, "run.sh")).mode & 0o7777) ^ 0o100);
      const second = await run(build());
      const tag = (r: MockedRun<FargateService>) => String(one(r, T.image, "api-image").inputs["imageName"]);
      assert.equal(tag(again), tag(first), "negative control: an unchanged context keeps its tag");
      assert.notEqual(tag(second), tag(first));
      assert.deepEqual(one(second, T.repo, "api-repo").inputs, one(first, T.repo, "api-repo").inputs, "the repository is untouched");
      assert.equal(
        one(second, T.image, "api-image-cache").inputs["imageName"],
        one(first, T.image, "api-image-cache").inputs["imageName"],
        "the cache tag is the one mutable tag",
      );
    });
  });

  it("a capacity-strategy change is an update AWS accepts: forceNewDeployment is set whenever a strategy is", async () => {
    const a = await run({ ...base, capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }] });
    const b = await run({
      ...base,
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
    });
    const svc = (r: MockedRun<FargateService>) => one(r, T.service, "api-svc").inputs;
    assert.deepEqual([svc(a)["forceNewDeployment"], svc(b)["forceNewDeployment"]], [true, true]);
    assert.notDeepEqual(svc(a)["capacityProviderStrategies"], svc(b)["capacityProviderStrategies"]);
    const none = await run(base);
    assert.equal(svc(none)["forceNewDeployment"], undefined, "without a strategy (launch type) nothing is forced");
  });

  it("adding a secret: the ECS service waits for the execution policy that grants it", async () => {
    const before = await run(base);
    const after = await run({ ...base, secrets: { DB_PASSWORD: SECRET } });
    for (const r of [before, after]) {
      assert.ok(one(r, T.service, "api-svc").dependencies.includes(one(r, T.execPolicy, "api-exec-policy").urn));
    }
    assert.ok(String(one(after, T.execPolicy, "api-exec-policy").inputs["policy"]).includes(SECRET));
    assert.ok(!String(one(before, T.execPolicy, "api-exec-policy").inputs["policy"]).includes(SECRET));
  });

  it("renaming a service: every explicit physical name of the new one differs from the old one's", async () => {
    const old = await run(base, "api");
    const renamed = await run(base, "orders");
    const names = (r: MockedRun<FargateService>) => [
      one(r, T.repo, `${r === old ? "api" : "orders"}-repo`).inputs["name"],
      one(r, "aws:cloudwatch/logGroup:LogGroup", `${r === old ? "api" : "orders"}-logs`).inputs["name"],
      one(r, "aws:ecs/taskDefinition:TaskDefinition", `${r === old ? "api" : "orders"}-task`).inputs["family"],
      one(r, T.sg, `${r === old ? "api" : "orders"}-sg`).inputs["namePrefix"],
    ];
    const [a, b] = [names(old), names(renamed)];
    assert.deepEqual(a, ["dev-a66f6c/api", "/ecs/dev-a66f6c/api", "dev-a66f6c-api", "dev-a66f6c-api-"]);
    a.forEach((n, i) => assert.notEqual(n, b[i]));
  });

  it("turning HTTPS on does not replace the ALB or its security group (same replace-only inputs), it adds the 443 rule", async () => {
    const http = await captured("dev");
    const cert = STAND_IN_CERTIFICATE_ARN;
    const https = await runProgram("dev", { "dockyard:loadBalancer": JSON.stringify({ certificateArn: cert }) });
    const sg = (r: typeof http) => one(r, T.sg, "dev-alb-sg").inputs;
    assert.deepEqual(sg(https), sg(http));
    assert.equal(sg(http)["description"], "Internet-facing ALB of dev: listener ports in from the internet, task ports out");
    assert.deepEqual(one(https, T.alb, "dev-alb").inputs["name"], one(http, T.alb, "dev-alb").inputs["name"]);
    const open = (r: typeof http) =>
      r.resources
        .filter((x) => x.type === T.ingress && x.inputs["cidrIpv4"] === "0.0.0.0/0")
        .map((x) => x.inputs["fromPort"])
        .sort();
    assert.deepEqual([open(http), open(https)], [[80], [443, 80]]);
  });
});
