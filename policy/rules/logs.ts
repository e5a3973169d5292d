/** CloudWatch Logs: every log group expires its data after at least the stack's minimum retention. */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { securityHub } from "./controls";
import { LOG_GROUP } from "./tokens";
import { field, num, requireType, settings } from "./util";

const retentionDefaults = { minRetentionDays: 30 };

export const cloudwatchLogGroupRetention: ResourceValidationPolicy = {
  name: "cloudwatch-log-group-retention",
  description: "Log groups must set a retention of at least the stack's minimum.",
  severity: "medium",
  enforcementLevel: "mandatory",
  ...securityHub("CloudWatch.16"),
  remediationSteps: "Set retentionInDays to a CloudWatch-supported value ≥ minRetentionDays (e.g. 7 in dev, 90 in prod).",
  configSchema: {
    properties: {
      minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: retentionDefaults.minRetentionDays,
        description: "Smallest acceptable retentionInDays (0 = never expire also passes).",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, LOG_GROUP);
    const cfg = settings(args, retentionDefaults);
    const days = num(field<aws.cloudwatch.LogGroupArgs>(args.props, "retentionInDays"));
    if (days === undefined) {
      reportViolation(`retentionInDays is not set (logs are kept forever, unbudgeted); set retentionInDays ≥ ${cfg.minRetentionDays}.`);
    } else if (days !== 0 && days < cfg.minRetentionDays) {
      reportViolation(`retentionInDays is ${days}; set it to at least ${cfg.minRetentionDays}.`);
    }
  },
};

export const logsPolicies = [cloudwatchLogGroupRetention];
