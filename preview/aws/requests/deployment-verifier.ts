/**
 * dockyard's DeploymentVerification (a dynamic resource) creates nothing in AWS: during `up` it only reads
 * the service with DescribeServices, which is the request checked here.
 */
import { Inputs, Mapped, params } from "./reader";

export function deploymentVerification(inputs: Inputs, _r: unknown, out: Mapped): void {
  // Consumed by the verifier itself (the serialised provider, its timing, the trigger digest, its output).
  inputs.local("__provider", "taskDefinitionArn", "timeoutMs", "pollMs", "serviceSettings", "deploymentId");
  out.requests.push({
    service: "ecs",
    operation: "DescribeServices",
    params: params({ cluster: inputs.get("cluster"), services: [inputs.get("service")] }),
  });
}
