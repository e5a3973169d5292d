/** Application load balancers (`aws.lb.*` and `aws.alb.*`): HTTPS only, modern TLS, hardened, IP targets. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import { LISTENER, LISTENER_RULE, LOAD_BALANCER, TARGET_GROUP } from "./tokens";
import { securityHub } from "./controls";
import { MODERN_TLS_POLICIES, MODERN_TLS_POLICIES_AS_OF } from "./tls-policies";
import {
  eachDeferringUnknowns,
  field,
  globMatch,
  items,
  num,
  ofTypes,
  path,
  rawProps,
  refersTo,
  requireType,
  settings,
  targetsOf,
} from "./util";

// aws.lb.* and aws.alb.* share these shapes (the rules match both tokens).
type Listener = aws.lb.ListenerArgs;
type Rule = aws.lb.ListenerRuleArgs;
type LoadBalancer = aws.lb.LoadBalancerArgs;
type TargetGroup = aws.lb.TargetGroupArgs;

function isApplication(type: unknown): boolean {
  return type === undefined || type === "application";
}

export const lbHttpRedirectsToHttps: ResourceValidationPolicy = {
  name: "lb-http-redirects-to-https",
  description: "HTTP listeners must only redirect to HTTPS.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ELB.1"),
  remediationSteps:
    'Make the port-80 listener\'s single default action { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } and serve traffic on an HTTPS listener.',
  validateResource: (args, reportViolation) => {
    requireType(args, LISTENER);
    if (!isHttpListener(args.props)) {
      return;
    }
    const actions = items(field<Listener>(args.props, "defaultActions"));
    const fix = 'make its only default action a redirect to HTTPS (redirect.protocol "HTTPS")';
    if (actions.length !== 1) {
      reportViolation(`HTTP listener has ${actions.length} default actions; ${fix}.`);
      return;
    }
    const type = field<Listener["defaultActions"]>(actions[0], "type");
    if (!isHttpsRedirect(actions[0])) {
      reportViolation(`HTTP listener's default action is "${String(type)}"${type === "redirect" ? " to a non-HTTPS target" : ""}; ${fix}.`);
    }
  },
};

const tlsDefaults = { allowedSslPolicies: [...MODERN_TLS_POLICIES] };

function isHttpListener(props: unknown): boolean {
  const protocol = field<Listener>(props, "protocol");
  return protocol === "HTTP" || (protocol === undefined && field<Listener>(props, "certificateArn") === undefined);
}

function isHttpsRedirect(action: unknown): boolean {
  return field<Rule["actions"]>(action, "type") === "redirect" && path<Rule["actions"]>(action, "redirect", "protocol") === "HTTPS";
}

export const lbHttpListenerRulesRedirectOnly: StackValidationPolicy = {
  name: "lb-http-listener-rules-redirect-only",
  description: "Listener rules on HTTP listeners must only redirect to HTTPS (no forwarding around the redirect).",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ELB.1"),
  remediationSteps:
    "Attach the service's listener rules to the HTTPS listener; keep the HTTP listener's only behaviour a redirect to HTTPS.",
  validateStack: (args, reportViolation) => {
    eachDeferringUnknowns(ofTypes(args, LISTENER_RULE), (rule) => {
      const http = targetsOf(rule, "listenerArn", args.resources, LISTENER).filter((l) => isHttpListener(l.props));
      if (http.length === 0) {
        return;
      }
      const bad = items(field<Rule>(rule.props, "actions"))
        .filter((a) => !isHttpsRedirect(a))
        .map((a) => String(field<Rule["actions"]>(a, "type")));
      if (bad.length > 0) {
        reportViolation(
          `listener rule ${rule.name} on HTTP listener ${http.map((l) => l.name).join(", ")} has ${bad.map((t) => `"${t}"`).join(", ")} action${bad.length > 1 ? "s" : ""}; attach it to the HTTPS listener or make it redirect to HTTPS.`,
          rule.urn,
        );
      }
    });
  },
};

export const lbHttpsModernTls: ResourceValidationPolicy = {
  name: "lb-https-modern-tls",
  description: "HTTPS/TLS listeners must use an allow-listed TLS 1.2+/1.3 security policy and an ACM certificate.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub("ELB.17"),
  remediationSteps:
    "Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (AWS's current recommendation) or another allow-listed policy and certificateArn to an ACM certificate (arn:aws:acm:…).",
  configSchema: {
    properties: {
      allowedSslPolicies: {
        type: "array",
        items: { type: "string" },
        default: tlsDefaults.allowedSslPolicies,
        description: `Listener sslPolicy values that are acceptable (default: AWS's TLS 1.2+/1.3 policies as of ${MODERN_TLS_POLICIES_AS_OF}, FIPS and post-quantum included).`,
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, LISTENER);
    const protocol = field<Listener>(args.props, "protocol");
    if (protocol !== "HTTPS" && protocol !== "TLS") {
      return;
    }
    const cfg = settings(args, tlsDefaults);
    const policy = field<Listener>(args.props, "sslPolicy");
    if (typeof policy !== "string" || !cfg.allowedSslPolicies.includes(policy)) {
      reportViolation(
        `sslPolicy is ${policy === undefined ? "not set (AWS defaults to ELBSecurityPolicy-2016-08)" : `"${String(policy)}"`}; set it to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (allowedSslPolicies lists ${cfg.allowedSslPolicies.length}).`,
      );
    }
    const cert = field<Listener>(args.props, "certificateArn");
    if (typeof cert !== "string" || !/^arn:aws[a-z-]*:acm:/.test(cert)) {
      reportViolation(
        `certificateArn is ${cert === undefined ? "not set" : `"${String(cert)}"`}; use an ACM certificate ARN (arn:aws:acm:…).`,
      );
    }
  },
};

export const lbDropInvalidHeaderFields: ResourceValidationPolicy = {
  name: "lb-drop-invalid-header-fields",
  description: "Application load balancers must drop invalid HTTP header fields.",
  severity: "medium",
  enforcementLevel: "remediate",
  ...securityHub("ELB.4"),
  remediationSteps: "Set dropInvalidHeaderFields: true on the load balancer.",
  validateResource: (args, reportViolation) => {
    requireType(args, LOAD_BALANCER);
    if (
      isApplication(field<LoadBalancer>(args.props, "loadBalancerType")) &&
      field<LoadBalancer>(args.props, "dropInvalidHeaderFields") !== true
    ) {
      reportViolation("dropInvalidHeaderFields is not true; set dropInvalidHeaderFields: true.");
    }
  },
  remediateResource: (args) => {
    requireType(args, LOAD_BALANCER);
    const props = rawProps(args);
    if (!isApplication(props.loadBalancerType) || props.dropInvalidHeaderFields === true) {
      return undefined;
    }
    return { ...props, dropInvalidHeaderFields: true };
  },
};

export const lbDeletionProtection: ResourceValidationPolicy = {
  name: "lb-deletion-protection",
  description: "Load balancers must have deletion protection enabled.",
  severity: "medium",
  enforcementLevel: "advisory",
  ...securityHub("ELB.6"),
  remediationSteps: "Set enableDeletionProtection: true (the stacks drive it from config; prod enables it).",
  validateResource: (args, reportViolation) => {
    requireType(args, LOAD_BALANCER);
    if (field<LoadBalancer>(args.props, "enableDeletionProtection") !== true) {
      reportViolation("enableDeletionProtection is not true; set enableDeletionProtection: true.");
    }
  },
};

export const lbTargetGroupIpWithHealthCheck: ResourceValidationPolicy = {
  name: "lb-target-group-ip-with-health-check",
  description:
    'Target groups (except Lambda and ALB targets) must use targetType "ip" for Fargate tasks and keep their health check enabled.',
  severity: "medium",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    'Set targetType: "ip" and do not disable the health check (AWS enables one by default; set healthCheck.path to the service\'s health path).',
  validateResource: (args, reportViolation) => {
    requireType(args, TARGET_GROUP);
    const targetType = field<TargetGroup>(args.props, "targetType");
    // Lambda and ALB targets can't be ECS tasks: other rules (not this one) apply to them.
    if (targetType === "lambda" || targetType === "alb") {
      args.notApplicable(`target group of targetType "${targetType}" cannot hold ECS tasks`);
    }
    if (targetType !== "ip") {
      reportViolation(
        `targetType is ${targetType === undefined ? 'not set (AWS defaults to "instance")' : `"${String(targetType)}"`}; set targetType: "ip" for awsvpc tasks.`,
      );
    }
    // Without a healthCheck block AWS enables its default health check; only an explicit disable loses it.
    if (path<TargetGroup>(args.props, "healthCheck", "enabled") === false) {
      reportViolation("healthCheck.enabled is false; enable the health check so unhealthy tasks are replaced.");
    }
  },
};

/** Ports an internet-facing load balancer may serve: 80 (to redirect) and 443 (HTTPS). */
export const WEB_PORTS: readonly number[] = [80, 443];

const internetFacingDefaults = { internetFacingLoadBalancers: [] as string[] };

/**
 * Judged by what reaches the load balancer and how it serves, never by its name: listeners on 80/443 only (the
 * redirect and TLS rules judge how those serve). The name allow-list is an opt-in restriction on top.
 */
export const lbInternetFacingAllowListed: StackValidationPolicy = {
  name: "lb-internet-facing-allow-listed",
  description:
    "Internet-facing load balancers may listen only on ports 80 and 443; an opt-in allow-list can restrict which may be internet-facing.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    "Set internal: true, or serve the internet only on 443 (HTTPS) and 80 (redirect to HTTPS); move other ports to an internal load balancer. To restrict which load balancers may be internet-facing, list logical-name globs in internetFacingLoadBalancers.",
  configSchema: {
    properties: {
      internetFacingLoadBalancers: {
        type: "array",
        items: { type: "string" },
        default: internetFacingDefaults.internetFacingLoadBalancers,
        description:
          "Opt-in restriction: logical-name globs of the only load balancers that may be internet-facing ([] = any, judged by ports).",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = settings(args, internetFacingDefaults);
    const listeners = ofTypes(args, LISTENER);
    eachDeferringUnknowns(ofTypes(args, LOAD_BALANCER), (lb) => {
      if (field<LoadBalancer>(lb.props, "internal") === true) {
        return;
      }
      const problems: string[] = [];
      const allowList = cfg.internetFacingLoadBalancers;
      if (allowList.length > 0 && !allowList.some((p) => globMatch(p, lb.name))) {
        problems.push(`it is internet-facing but matches none of internetFacingLoadBalancers (${allowList.join(", ")})`);
      }
      for (const listener of listeners.filter((l) => refersTo(l, "loadBalancerArn", lb))) {
        const port = num(field<Listener>(listener.props, "port"));
        if (port === undefined || !WEB_PORTS.includes(port)) {
          problems.push(`listener ${listener.name} serves port ${port ?? "(not set)"} to the internet`);
        }
      }
      if (problems.length > 0) {
        reportViolation(
          `load balancer ${lb.name}: ${problems.join("; ")}; set internal: true or serve only 443 (HTTPS) and 80 (redirect).`,
          lb.urn,
        );
      }
    });
  },
};

export const albPolicies = [
  lbHttpRedirectsToHttps,
  lbHttpListenerRulesRedirectOnly,
  lbHttpsModernTls,
  lbDropInvalidHeaderFields,
  lbDeletionProtection,
  lbTargetGroupIpWithHealthCheck,
  lbInternetFacingAllowListed,
];
