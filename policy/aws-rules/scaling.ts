/**
 * Application Auto Scaling identifiers whose format the API model leaves as free text (a 1–1600 character
 * string): the ECS scalable target's ResourceId and the ALBRequestCountPerTarget ResourceLabel. Pure.
 */

/** `service/<cluster-name>/<service-name>`. */
export const RESOURCE_ID_DOC = "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html";
/** `app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>`. */
export const RESOURCE_LABEL_DOC = "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html";

const NAME = "[A-Za-z0-9_-]+";
const ECS_RESOURCE_ID = new RegExp(`^service/${NAME}/${NAME}$`);
const ALB_RESOURCE_LABEL = /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+\/targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]+$/;

/** Why `resourceId` is not an ECS service's scalable-target id, or `undefined`. */
export function ecsResourceIdProblem(resourceId: string): string | undefined {
  if (ECS_RESOURCE_ID.test(resourceId)) return undefined;
  return `ECS resource id "${resourceId}" is not service/<cluster-name>/<service-name> (${RESOURCE_ID_DOC})`;
}

/**
 * Why `label` is not an ALBRequestCountPerTarget resource label, or `undefined`. The label is the ALB ARN's
 * `app/<name>/<id>` and the target group ARN's `targetgroup/<name>/<id>`, joined by `/`.
 */
export function albResourceLabelProblem(label: string): string | undefined {
  if (ALB_RESOURCE_LABEL.test(label)) return undefined;
  return `ALBRequestCountPerTarget resource label "${label}" is not app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id> (${RESOURCE_LABEL_DOC})`;
}

/** Builds the resource label from the two ARNs (the one place that knows the format). */
export function albResourceLabel(loadBalancerArn: string, targetGroupArn: string): string {
  return `${arnResource(loadBalancerArn, ":loadbalancer/")}/${arnResource(targetGroupArn, ":")}`;
}

/** `app/<name>/<id>` from an ALB ARN (after `:loadbalancer/`), `targetgroup/<name>/<id>` from a target group ARN. */
function arnResource(arn: string, marker: string): string {
  const i = marker === ":" ? arn.lastIndexOf(":") : arn.indexOf(marker);
  return i < 0 ? arn : arn.slice(i + marker.length);
}
