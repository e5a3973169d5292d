/** ECS Service Connect: the managed proxy in every task logs, and its access logs keep query strings out. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import { securityHub } from "./controls";
import { ECS_SERVICE } from "./tokens";
import { field, requireType } from "./util";

type Connect = aws.types.input.ecs.ServiceServiceConnectConfiguration;
type AccessLog = aws.types.input.ecs.ServiceServiceConnectConfigurationAccessLogConfiguration;

export const ecsServiceConnectLogging: ResourceValidationPolicy = {
  name: "ecs-service-connect-logging",
  description: "ECS services with Service Connect must give its proxy a log configuration and access logs, without query parameters.",
  severity: "medium",
  enforcementLevel: "mandatory",
  // ECS.9 covers the containers a task definition declares; the proxy ECS adds is configured on the service.
  ...securityHub(),
  remediationSteps:
    'Set serviceConnectConfiguration.logConfiguration (e.g. awslogs to the service\'s log group) and accessLogConfiguration: { format: "JSON", includeQueryParameters: "DISABLED" }.',
  validateResource: (args, reportViolation) => {
    requireType(args, ECS_SERVICE);
    const connect = field<aws.ecs.ServiceArgs>(args.props, "serviceConnectConfiguration");
    if (connect === undefined || connect === null || field<Connect>(connect, "enabled") !== true) return;
    const problems: string[] = [];
    // Without a log configuration the proxy's logs are lost, and ECS delivers access logs only through it.
    if (field<Connect>(connect, "logConfiguration") === undefined)
      problems.push("serviceConnectConfiguration.logConfiguration is not set: the proxy's logs are lost");
    const access = field<Connect>(connect, "accessLogConfiguration");
    if (access === undefined) {
      problems.push("serviceConnectConfiguration.accessLogConfiguration is not set: no record of the requests between services");
    } else if (field<AccessLog>(access, "includeQueryParameters") === "ENABLED") {
      problems.push(
        'accessLogConfiguration.includeQueryParameters is "ENABLED": query strings (tokens, session ids) would be written to the logs',
      );
    }
    if (problems.length > 0) reportViolation(`${problems.join("; ")}.`);
  },
};

export const serviceConnectPolicies = [ecsServiceConnectLogging];
