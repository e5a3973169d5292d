import * as assert from "node:assert/strict";
import { awsApiProblems } from "../support/aws-api";
import { promiseOf } from "../support/promise-of";
import { STAND_IN_CERTIFICATE_ARN } from "../support/prod-certificate";
import { one, ofType, type ProgramRun } from "../support/run-program";
import { captured } from "../support/captured";

describe("program: prod stack under MockAws", () => {
  let run: ProgramRun;
  before(async () => {
    run = await captured("prod");
  });

  it("builds a 3-AZ VPC with a NAT gateway per AZ and the five VPC endpoints in the private subnets", async () => {
    const vpc = one(run, "awsx:ec2:Vpc", "prod-vpc").inputs;
    assert.equal(vpc["numberOfAvailabilityZones"], 3);
    assert.deepEqual(vpc["natGateways"], { strategy: "OnePerAz" });
    const privateSubnets = await promiseOf(run.outputs.privateSubnetIds);
    assert.equal(privateSubnets.length, 3);
    const endpoints = ofType(run, "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.deepEqual(
      endpoints.map((e) => [e.inputs["serviceName"], e.inputs["vpcEndpointType"]]),
      [
        ["com.amazonaws.us-east-1.ecr.api", "Interface"],
        ["com.amazonaws.us-east-1.ecr.dkr", "Interface"],
        ["com.amazonaws.us-east-1.logs", "Interface"],
        ["com.amazonaws.us-east-1.s3", "Gateway"],
        ["com.amazonaws.us-east-1.secretsmanager", "Interface"],
      ],
    );
    for (const e of endpoints.filter((x) => x.inputs["vpcEndpointType"] === "Interface")) {
      assert.deepEqual(e.inputs["subnetIds"], privateSubnets);
      assert.equal(e.inputs["privateDnsEnabled"], true);
    }
    const s3 = endpoints.find((e) => e.name === "prod-endpoint-s3");
    assert.equal((s3?.inputs["routeTableIds"] as string[]).length, 3);
  });

  it("serves HTTPS with the TLS 1.3 policy and the configured certificate; HTTP only redirects (301)", () => {
    const https = one(run, "aws:lb/listener:Listener", "prod-https").inputs;
    assert.deepEqual(
      [https["port"], https["protocol"], https["sslPolicy"], https["certificateArn"]],
      [443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06", STAND_IN_CERTIFICATE_ARN],
    );
    const http = one(run, "aws:lb/listener:Listener", "prod-http").inputs;
    assert.deepEqual(
      [http["port"], http["protocol"], http["defaultActions"]],
      [80, "HTTP", [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]],
    );
    const listenerArn = one(run, "aws:lb/listenerRule:ListenerRule", "movie-service-rule").inputs["listenerArn"];
    assert.match(String(listenerArn), /:listener\/app\/prod-1e0db6-845d-alb\//);
    const open = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
      (r) => r.inputs["cidrIpv4"] === "0.0.0.0/0",
    );
    assert.deepEqual(
      open.map((r) => [r.name, r.inputs["fromPort"]]),
      [
        ["prod-alb-in-443", 443],
        ["prod-alb-in-80", 80],
      ],
    );
    assert.equal(one(run, "aws:lb/loadBalancer:LoadBalancer", "prod-alb").inputs["enableDeletionProtection"], true);
  });

  for (const svc of ["customer-service", "movie-service"]) {
    it(`${svc}: protected, retained repo and log group (90 days), no force delete`, () => {
      const repo = one(run, "aws:ecr/repository:Repository", `${svc}-repo`);
      const logs = one(run, "aws:cloudwatch/logGroup:LogGroup", `${svc}-logs`);
      assert.deepEqual([repo.protect, repo.retainOnDelete, repo.inputs["forceDelete"]], [true, true, false]);
      assert.deepEqual([logs.protect, logs.retainOnDelete, logs.inputs["retentionInDays"]], [true, true, 90]);
    });

    it(`${svc}: 2 tasks, autoscaling 2–10 on CPU 60 % and memory 80 %, desired count ignored, Exec off`, () => {
      const service = one(run, "aws:ecs/service:Service", `${svc}-svc`);
      assert.deepEqual(
        [service.inputs["desiredCount"], service.inputs["enableExecuteCommand"], service.ignoreChanges],
        [2, false, ["desiredCount"]],
      );
      assert.equal(service.inputs["healthCheckGracePeriodSeconds"], 30);
      const target = one(run, "aws:appautoscaling/target:Target", `${svc}-scaling`).inputs;
      assert.deepEqual([target["minCapacity"], target["maxCapacity"], target["scalableDimension"]], [2, 10, "ecs:service:DesiredCount"]);
      assert.match(String(target["resourceId"]), new RegExp(`^service/prod-cluster-[0-9a-f]+/${svc}-svc-[0-9a-f]+$`));
      const policies = ofType(run, "aws:appautoscaling/policy:Policy").filter((p) => p.name.startsWith(`${svc}-`));
      assert.deepEqual(
        policies.map((p) => {
          const c = p.inputs["targetTrackingScalingPolicyConfiguration"] as {
            predefinedMetricSpecification: { predefinedMetricType: string };
            targetValue: number;
          };
          return [p.name, c.predefinedMetricSpecification.predefinedMetricType, c.targetValue, p.inputs["resourceId"]];
        }),
        [
          [`${svc}-scale-cpu`, "ECSServiceAverageCPUUtilization", 60, target["resourceId"]],
          [`${svc}-scale-memory`, "ECSServiceAverageMemoryUtilization", 80, target["resourceId"]],
        ],
      );
      assert.equal(
        ofType(run, "aws:iam/rolePolicy:RolePolicy").some((p) => p.name === `${svc}-task-policy`),
        false,
        "no task policy without Exec or declared statements",
      );
    });

    it(`${svc}: 512/1024 task definition with a read-only root (Exec off), valid for the ECS API`, () => {
      const td = one(run, "aws:ecs/taskDefinition:TaskDefinition", `${svc}-task`).inputs;
      assert.deepEqual([td["family"], td["cpu"], td["memory"]], [`prod-1e0db6-${svc}`, "512", "1024"]);
      const containers = JSON.parse(String(td["containerDefinitions"])) as { name: string; readonlyRootFilesystem: boolean }[];
      assert.deepEqual(
        containers.map((c) => [c.name, c.readonlyRootFilesystem]),
        [[svc, true]],
      );
      assert.deepEqual(awsApiProblems(one(run, "aws:ecs/taskDefinition:TaskDefinition", `${svc}-task`)), []);
    });
  }

  it("outputs https URLs per service and the namespace", async () => {
    const movie = await promiseOf(run.outputs.services["movie-service"]);
    assert.match(movie.url ?? "", /^https:\/\/prod-1e0db6-845d-alb-[0-9a-f]+\.us-east-1\.elb\.amazonaws\.com\/movies$/);
    assert.equal(movie.discoveryName, "movie-service.prod.internal");
    assert.equal(run.outputs.namespaceName, "prod.internal");
  });
});
