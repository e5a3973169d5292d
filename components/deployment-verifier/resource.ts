/**
 * `DeploymentVerification`: a dynamic resource that runs after the ECS service's create or update and fails
 * the step unless the deployment of the requested task definition reached COMPLETED (see provider.ts). It is
 * registered as `pulumi.dynamic.Resource` would register it (type `pulumi-nodejs:dynamic/…`, the provider's code
 * in `__provider`), with the code bundled by esbuild instead of serialised from a closure (provider-text.ts).
 */
import { createHash } from "node:crypto";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { VerificationInputs } from "./provider";
import { providerText } from "./provider-text";
import type { VerificationSettings } from "./settings";
import { VERIFICATION_TYPE } from "./type";

type Args = { [K in keyof VerificationInputs]: pulumi.Input<VerificationInputs[K]> };

/** The check after an ECS service's create or update: fails the step unless ECS completed the deployment of the requested task definition. */
export class DeploymentVerification extends pulumi.CustomResource {
  /** The ECS deployment that reached COMPLETED. */
  declare public readonly deploymentId: pulumi.Output<string>;

  constructor(name: string, args: Args, opts: pulumi.CustomResourceOptions) {
    super(VERIFICATION_TYPE, name, { __provider: providerText(), ...args, deploymentId: undefined }, opts);
  }
}

/**
 * A digest of every input the service was given except its task definition (passed apart): any change means
 * the provider updates the service, so the deployment is verified again. Inputs, not outputs: outputs the
 * provider computes are not known offline, and after a rollback some of them describe the old deployment.
 */
function serviceArgsDigest(serviceArgs: aws.ecs.ServiceArgs): pulumi.Output<string> {
  const { taskDefinition: _requested, ...rest } = serviceArgs;
  return pulumi.output(rest).apply(settingsDigest);
}

/** sha256 of the canonical JSON (keys sorted, undefined left out) of plain values: same settings, same digest. */
export function settingsDigest(values: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, canonical(x)]));
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(values)))
    .digest("hex");
}

/**
 * The verifier child of a FargateService. The requested ARN is the task definition resource's own, never the
 * service's `taskDefinition` output: after a rollback the provider reads the service back, and that output is
 * then the old revision, which would verify the rollback as a success.
 */
export function createDeploymentVerification(
  name: string,
  target: {
    clusterArn: pulumi.Input<string>;
    region: string;
    service: aws.ecs.Service;
    serviceArgs: aws.ecs.ServiceArgs;
    taskDefinitionArn: pulumi.Input<string>;
  },
  settings: VerificationSettings,
  parent: pulumi.Resource,
): DeploymentVerification {
  return new DeploymentVerification(
    `${name}-verify`,
    {
      cluster: target.clusterArn,
      service: target.service.name,
      taskDefinitionArn: target.taskDefinitionArn,
      region: target.region,
      timeoutMs: settings.timeoutSeconds * 1000,
      pollMs: settings.pollIntervalSeconds * 1000,
      serviceSettings: serviceArgsDigest(target.serviceArgs),
    },
    { parent, dependsOn: [target.service] },
  );
}
