/**
 * Polls `DescribeServices` until the service's deployment of the requested task definition is final
 * (completed, failed, rolled back) or the time is up. The client is injected: the dynamic provider passes a
 * real `ECSClient`; tests point one at moto_server or a recorded-response HTTP server.
 */
import type { DescribeServicesCommand, DescribeServicesCommandOutput } from "@aws-sdk/client-ecs";
import { ecsSdk } from "./ecs-sdk";
import { readService, type DeploymentOutcome, type Reading } from "./outcome";

/** The one call the verifier makes (`ECSClient` satisfies it). */
export interface DescribeServicesClient {
  send(command: DescribeServicesCommand): Promise<DescribeServicesCommandOutput>;
}

export interface VerifyDeploymentOptions {
  /** Cluster name or ARN. */
  cluster: string;
  /** Service name or ARN. */
  service: string;
  /** The task definition ARN the service must end up running. */
  taskDefinitionArn: string;
  /** Give up (outcome `timedOut`) after this long. */
  timeoutMs: number;
  /** Wait between two polls. */
  pollMs: number;
  /** @default Date.now */
  now?: () => number;
  /** @default - setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One poll. Exported for tests that read a single answer. */
export async function readOnce(
  client: DescribeServicesClient,
  o: Pick<VerifyDeploymentOptions, "cluster" | "service" | "taskDefinitionArn">,
): Promise<Reading> {
  const out = await client.send(new (ecsSdk().DescribeServicesCommand)({ cluster: o.cluster, services: [o.service] }));
  const failure = out.failures?.[0];
  const missing = failure ? `${failure.reason ?? "failure"}${failure.detail ? `: ${failure.detail}` : ""}` : undefined;
  return readService(o, out.services?.[0], missing);
}

/**
 * Polls DescribeServices until the deployment of the task definition is final or the time is up; at least once. Errors of the call itself (access denied, throttling beyond the SDK's retries) are
 * thrown: the caller cannot tell anything about the deployment then, which is a failure, never a pass.
 */
export async function verifyDeployment(client: DescribeServicesClient, o: VerifyDeploymentOptions): Promise<DeploymentOutcome> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const started = now();
  for (;;) {
    const reading = await readOnce(client, o);
    if (reading.kind !== "inProgress") return reading;
    const waited = now() - started;
    if (waited + o.pollMs > o.timeoutMs) {
      const { rolloutState, ...rest } = reading;
      return { ...rest, kind: "timedOut", waitedMs: waited, lastRolloutState: rolloutState };
    }
    await sleep(o.pollMs);
  }
}
