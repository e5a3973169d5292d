/**
 * The dynamic provider behind `DeploymentVerification`. Its code (bundled into the resource's `__provider`
 * input, see provider-text.ts) runs in Pulumi's `pulumi-nodejs` provider process during `pulumi up`; create and
 * update are never called during preview (diff is). Only pure code and the ECS client; no state but the
 * credentials `configure` reads from the stack config.
 */
import type { ECSClient, ECSClientConfig } from "@aws-sdk/client-ecs";
import type * as pulumi from "@pulumi/pulumi";
import { ecsSdk } from "./ecs-sdk";
import { failureMessage } from "./message";
import type { DeploymentOutcome } from "./outcome";
import { verifyDeployment } from "./verify";

/** The resource's inputs, as the provider receives them (plain values). */
export interface VerificationInputs {
  cluster: string;
  service: string;
  taskDefinitionArn: string;
  region: string;
  timeoutMs: number;
  pollMs: number;
  /** Changes whenever a setting of the ECS service that can start a deployment changes (a digest). */
  serviceSettings: string;
}

/** What is recorded in the state after a verified deployment. */
export interface VerificationOutputs extends VerificationInputs {
  /** The ECS deployment that reached COMPLETED. */
  deploymentId: string;
}

/** Keys whose change means "verify again". */
const WATCHED: readonly (keyof VerificationInputs)[] = [
  "cluster",
  "service",
  "taskDefinitionArn",
  "region",
  "serviceSettings",
  "timeoutMs",
  "pollMs",
];

/** Credentials the stack's own AWS config names (`aws:profile`, `aws:accessKey`/`aws:secretKey`/`aws:token`). */
export interface StackCredentials {
  profile?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Reads the stack's AWS provider config, as the dynamic provider's `configure` receives it. */
export function stackCredentials(config: { get(key: string): string | undefined }): StackCredentials {
  const accessKeyId = config.get("aws:accessKey");
  const secretAccessKey = config.get("aws:secretKey");
  const sessionToken = config.get("aws:token");
  const profile = config.get("aws:profile");
  return {
    ...(profile ? { profile } : {}),
    ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : {}),
  };
}

/** The client config: explicit keys win, then a named profile, else the SDK's default chain (env, SSO, IMDS, …). */
export function clientConfig(region: string, creds: StackCredentials): ECSClientConfig {
  if (creds.accessKeyId && creds.secretAccessKey) {
    return {
      region,
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
      },
    };
  }
  return { region, ...(creds.profile ? { profile: creds.profile } : {}) };
}

/** The provider object; the stack's credentials are kept on it (methods are called on it, so `this` is it). */
export interface VerificationProvider extends pulumi.dynamic.ResourceProvider<VerificationInputs, VerificationOutputs> {
  creds: StackCredentials;
  makeClient(region: string, creds: StackCredentials): ECSClient;
}

/** Builds the provider; `makeClient` is injectable so tests run create/update against an HTTP endpoint. */
export function verificationProvider(
  makeClient: (region: string, creds: StackCredentials) => ECSClient = (region, creds) =>
    new (ecsSdk().ECSClient)(clientConfig(region, creds)),
): VerificationProvider {
  return {
    creds: {},
    makeClient,
    async configure(req) {
      this.creds = stackCredentials(req.config);
    },
    async diff(_id, olds, news) {
      return { changes: WATCHED.some((k) => olds[k] !== news[k]) };
    },
    async create(inputs) {
      return { id: `${inputs.cluster}/${inputs.service}`, outs: await verified(this, inputs) };
    },
    async update(_id, _olds, news) {
      return { outs: await verified(this, news) };
    },
    // Nothing to delete: the verification is a check, not an AWS object.
    async delete() {},
  };
}

/** Verifies the deployment; anything but `completed` fails the step with ECS's own words. */
async function verified(provider: VerificationProvider, inputs: VerificationInputs): Promise<VerificationOutputs> {
  const client = provider.makeClient(inputs.region, provider.creds);
  let outcome: DeploymentOutcome;
  try {
    outcome = await verifyDeployment(client, inputs);
  } catch (err) {
    // Could not see the deployment: a failure (never a pass), saying what was asked and how to get past it.
    const why = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(
      `The deployment verifier could not read ECS service "${inputs.service}" (cluster "${inputs.cluster}", region ${inputs.region}): ${why}. ` +
        "Fix: let the identity running `pulumi up` call ecs:DescribeServices on it, or set the service's deploymentVerification: false.",
    );
  } finally {
    client.destroy();
  }
  if (outcome.kind !== "completed") throw new Error(failureMessage(outcome));
  return { ...inputs, deploymentId: outcome.deploymentId ?? "" };
}
