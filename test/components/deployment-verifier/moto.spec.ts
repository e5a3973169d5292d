/**
 * The verifier against moto_server (Python moto 5.2's AWS emulator), a real HTTP AWS endpoint. What moto's ECS
 * models, measured here: CreateService makes one PRIMARY deployment whose rolloutState is COMPLETED when
 * MOTO_ECS_SERVICE_RUNNING >= desiredCount, else IN_PROGRESS forever; UpdateService changes the service's
 * taskDefinition but not its deployments (no new deployment); events are always empty; nothing is ever
 * FAILED or rolled back. So moto proves success, timeout, a primary deployment on another revision and a
 * missing service; failure and rollback are covered by the recorded-response spec. Without moto_server on
 * PATH the suite is pending, with the reason printed, never passed.
 */
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import { verifyDeployment } from "../../../components/deployment-verifier/verify";
import { validateResponse } from "../../../preview/aws/model";
import { testClient } from "./recorded-ecs";

/** Tasks moto reports running for every service it creates. */
const RUNNING = 1;

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until moto answers HTTP (it takes about a second to start); fails with its output after `ms`. */
async function ready(endpoint: string, child: ChildProcess, output: () => string, ms = 30000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(`${endpoint}/moto-api/`);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`moto_server did not answer on ${endpoint} within ${ms} ms:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The raw JSON body of a DescribeServices call, as moto sends it. */
async function rawDescribe(endpoint: string, cluster: string, service: string): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonEC2ContainerServiceV20141113.DescribeServices",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDTESTVERIFIER/20261201/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify({ cluster, services: [service] }),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe("deployment verifier against moto_server (real HTTP AWS endpoint)", function () {
  let moto: ChildProcess | undefined;
  let endpoint = "";
  let client: ECSClient;
  let log = "";
  const taskDefinitions: string[] = [];
  const fast = { pollMs: 20, timeoutMs: 3000 };

  before(async function () {
    const binary = onPath("moto_server");
    if (binary === undefined) {
      console.log(
        "    pending: moto_server is not on PATH (install Python moto with its server extra: pip install 'moto[server]==5.2.1'); the recorded-response spec still covers all four outcomes",
      );
      this.skip();
    }
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(binary, ["-H", "127.0.0.1", "-p", String(port)], {
      env: { ...process.env, MOTO_ECS_SERVICE_RUNNING: String(RUNNING) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    moto.stdout?.on("data", (c: Buffer) => (log += c.toString()));
    moto.stderr?.on("data", (c: Buffer) => (log += c.toString()));
    await ready(endpoint, moto, () => log);
    client = testClient(endpoint);
    await client.send(new CreateClusterCommand({ clusterName: "c" }));
    for (const image of ["app:1", "app:2"]) {
      const out = await client.send(
        new RegisterTaskDefinitionCommand({
          family: "api",
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: "256",
          memory: "512",
          containerDefinitions: [{ name: "api", image, essential: true }],
        }),
      );
      taskDefinitions.push(out.taskDefinition?.taskDefinitionArn ?? "");
    }
  });

  after(async () => {
    client?.destroy();
    if (moto && moto.exitCode === null) {
      const exited = new Promise((resolve) => moto?.once("exit", resolve));
      moto.kill("SIGTERM");
      await exited;
    }
  });

  const create = (serviceName: string, desiredCount: number) =>
    client.send(
      new CreateServiceCommand({
        cluster: "c",
        serviceName,
        taskDefinition: taskDefinitions[0],
        desiredCount,
        launchType: "FARGATE",
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
          minimumHealthyPercent: 100,
          maximumPercent: 200,
        },
      }),
    );

  it("completed: a service whose tasks all run (moto: COMPLETED at create)", async () => {
    const created = await create("ok", RUNNING);
    const deployment = created.service?.deployments?.[0];
    assert.deepEqual(
      [deployment?.status, deployment?.rolloutState, deployment?.taskDefinition],
      ["PRIMARY", "COMPLETED", taskDefinitions[0]],
    );
    const outcome = await verifyDeployment(client, { cluster: "c", service: "ok", taskDefinitionArn: taskDefinitions[0], ...fast });
    assert.equal(outcome.kind, "completed");
    assert.equal(outcome.deploymentId, deployment?.id);
    assert.deepEqual(outcome.events, [], "moto reports no service events");
  });

  it("moto's DescribeServices answer matches AWS's output shape (the verifier reads real-shaped data)", async () => {
    assert.deepEqual(validateResponse("ecs", "DescribeServices", await rawDescribe(endpoint, "c", "ok")), []);
  });

  it("timedOut: a deployment short of its desired count stays IN_PROGRESS", async () => {
    await create("slow", RUNNING + 1);
    const outcome = await verifyDeployment(client, {
      cluster: "c",
      service: "slow",
      taskDefinitionArn: taskDefinitions[0],
      pollMs: 20,
      timeoutMs: 150,
    });
    assert.equal(outcome.kind, "timedOut");
    assert.ok(outcome.kind === "timedOut");
    assert.equal(outcome.lastRolloutState, "IN_PROGRESS");
    assert.match(outcome.reason ?? "", /^ECS deployment ecs-svc\/\d+ in progress\.$/);
  });

  it("not completed after UpdateService: moto keeps the old revision's deployment primary, which the verifier refuses", async () => {
    await create("updated", RUNNING);
    const updated = await client.send(new UpdateServiceCommand({ cluster: "c", service: "updated", taskDefinition: taskDefinitions[1] }));
    // Exactly what moto returns: the service names revision 2, its only (PRIMARY) deployment still revision 1.
    assert.equal(updated.service?.taskDefinition, taskDefinitions[1]);
    assert.deepEqual(
      updated.service?.deployments?.map((d) => [d.status, d.taskDefinition, d.rolloutState]),
      [["PRIMARY", taskDefinitions[0], "COMPLETED"]],
    );
    const outcome = await verifyDeployment(client, { cluster: "c", service: "updated", taskDefinitionArn: taskDefinitions[1], ...fast });
    assert.equal(outcome.kind, "rolledBack");
    assert.ok(outcome.kind === "rolledBack");
    assert.equal(outcome.runningTaskDefinitionArn, taskDefinitions[0]);
    // Negative control: the revision the primary deployment does run verifies.
    assert.equal(
      (await verifyDeployment(client, { cluster: "c", service: "updated", taskDefinitionArn: taskDefinitions[0], ...fast })).kind,
      "completed",
    );
  });

  it("failed: a service that does not exist (moto: failures MISSING)", async () => {
    const outcome = await verifyDeployment(client, { cluster: "c", service: "nope", taskDefinitionArn: taskDefinitions[0], ...fast });
    assert.equal(outcome.kind, "failed");
    assert.equal(outcome.reason, "DescribeServices found no active service (MISSING)");
  });
});
