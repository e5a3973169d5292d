import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import { PLATFORM_DEFAULTS } from "./defaults";
import { loadBalancerName, securityGroupNamePrefix, type NameScope } from "./naming";
import type { PlatformArgs } from "./platform-args";
import { transform } from "./transform";

/** TLS policy of the HTTPS listener: TLS 1.3 with TLS 1.2 fallback, forward secrecy only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Where the ALB goes. */
export interface AlbPlacement {
  /** VPC of the ALB's security group. */
  vpcId: pulumi.Input<string>;
  /** Public subnets (one per AZ). */
  publicSubnetIds: pulumi.Input<string[]>;
}

/** The shared ALB, its security group and the listener services attach rules to. */
export interface SharedAlb {
  loadBalancer: aws.lb.LoadBalancer;
  securityGroup: aws.ec2.SecurityGroup;
  /** HTTPS when a certificate is configured, else HTTP. */
  listener: aws.lb.Listener;
  https: boolean;
}

/**
 * Creates the internet-facing ALB: a security group open to the internet on 80 (and 443 with a certificate) only,
 * the load balancer, and the listeners: HTTPS (TLS 1.3 policy) + an HTTP listener that only redirects (301) when a
 * certificate is set, plain HTTP otherwise. Unmatched requests get a fixed 404.
 */
export function createSharedAlb(
  name: string,
  args: PlatformArgs,
  scope: NameScope,
  placement: AlbPlacement,
  parent: pulumi.Resource,
): SharedAlb {
  const t = args.transform ?? {};
  const lbArgs = args.loadBalancer ?? {};
  const https = lbArgs.certificateArn !== undefined;

  // The description is replace-only in EC2: it must not depend on settings that change (HTTPS on/off), or turning
  // HTTPS on would replace the group. The open ports are the ingress rules' business.
  const securityGroup = new aws.ec2.SecurityGroup(
    ...transform(
      t.securityGroup,
      `${name}-alb-sg`,
      {
        namePrefix: securityGroupNamePrefix(scope, "alb"),
        vpcId: placement.vpcId,
        description: `Internet-facing ALB of ${args.environment}: listener ports in from the internet, task ports out`,
        tags: { Name: `${args.environment}-alb` },
      },
      { parent },
    ),
  );
  for (const port of https ? [80, 443] : [80]) {
    new aws.vpc.SecurityGroupIngressRule(
      ...transform(
        t.ingressRule,
        `${name}-alb-in-${port}`,
        {
          securityGroupId: securityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: "0.0.0.0/0",
          description:
            port === 80 && https ? "HTTP from the internet (redirected to HTTPS)" : `${port === 443 ? "HTTPS" : "HTTP"} from the internet`,
        },
        { parent },
      ),
    );
  }

  const D = PLATFORM_DEFAULTS.loadBalancer;
  const loadBalancer = new aws.lb.LoadBalancer(
    ...transform(
      t.loadBalancer,
      `${name}-alb`,
      {
        name: loadBalancerName(scope),
        loadBalancerType: "application",
        internal: false,
        securityGroups: [securityGroup.id],
        subnets: placement.publicSubnetIds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: lbArgs.deletionProtection ?? D.deletionProtection,
        idleTimeout: lbArgs.idleTimeoutSeconds ?? D.idleTimeoutSeconds,
        accessLogs:
          lbArgs.accessLogs === undefined
            ? undefined
            : { enabled: true, bucket: lbArgs.accessLogs.bucket, prefix: lbArgs.accessLogs.prefix ?? D.accessLogsPrefix },
      },
      { parent },
    ),
  );

  const notFound: aws.types.input.lb.ListenerDefaultAction = {
    type: "fixed-response",
    fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"error":"not found"}' },
  };
  if (!https) {
    const listener = new aws.lb.Listener(
      ...transform(
        t.listener,
        `${name}-http`,
        {
          loadBalancerArn: loadBalancer.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [notFound],
        },
        { parent },
      ),
    );
    return { loadBalancer, securityGroup, listener, https };
  }
  const listener = new aws.lb.Listener(
    ...transform(
      t.listener,
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: lbArgs.certificateArn,
        defaultActions: [notFound],
      },
      { parent },
    ),
  );
  new aws.lb.Listener(
    ...transform(
      t.redirectListener,
      `${name}-http`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      },
      { parent },
    ),
  );
  return { loadBalancer, securityGroup, listener, https };
}
