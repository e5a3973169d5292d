/** Application load balancers (`aws.lb.*` and `aws.alb.*`): HTTPS only, modern TLS, hardened, IP targets. */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { LISTENER, LISTENER_RULE, LOAD_BALANCER, TARGET_GROUP } from "./tokens";
import { eachDeferringUnknowns, field, globMatch, items, ofTypes, rawProps, requireType, settings, targetsOf } from "./util";

function isApplication(type: unknown): boolean {
  return type === undefined || type === "application";
}

export const lbHttpRedirectsToHttps: ResourceValidationPolicy = {
  name: "lb-http-redirects-to-https",
  description: "HTTP listeners must only redirect to HTTPS.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Make the port-80 listener's single default action { type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } } and serve traffic on an HTTPS listener.",
  validateResource: (args, reportViolation) => {
    requireType(args, LISTENER);
    if (!isHttpListener(args.props)) {
      return;
    }
    const actions = items(field(args.props, "defaultActions"));
    const fix = "make its only default action a redirect to HTTPS (redirect.protocol \"HTTPS\")";
    if (actions.length !== 1) {
      reportViolation(`HTTP listener has ${actions.length} default actions; ${fix}.`);
      return;
    }
    const type = field(actions[0], "type");
    if (!isHttpsRedirect(actions[0])) {
      reportViolation(`HTTP listener's default action is "${String(type)}"${type === "redirect" ? " to a non-HTTPS target" : ""}; ${fix}.`);
    }
  },
};

const tlsDefaults = {
  allowedSslPolicies: [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  ],
};

function isHttpListener(props: unknown): boolean {
  const protocol = field(props, "protocol");
  return protocol === "HTTP" || (protocol === undefined && field(props, "certificateArn") === undefined);
}

function isHttpsRedirect(action: unknown): boolean {
  return field(action, "type") === "redirect" && field(field(action, "redirect"), "protocol") === "HTTPS";
}

export const lbHttpListenerRulesRedirectOnly: StackValidationPolicy = {
  name: "lb-http-listener-rules-redirect-only",
  description: "Listener rules on HTTP listeners must only redirect to HTTPS (no forwarding around the redirect).",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Attach the service's listener rules to the HTTPS listener; keep the HTTP listener's only behaviour a redirect to HTTPS.",
  validateStack: (args, reportViolation) => {
    eachDeferringUnknowns(ofTypes(args, LISTENER_RULE), (rule) => {
      const http = targetsOf(rule, "listenerArn", args.resources, LISTENER).filter((l) => isHttpListener(l.props));
      if (http.length === 0) {
        return;
      }
      const bad = items(field(rule.props, "actions")).filter((a) => !isHttpsRedirect(a)).map((a) => String(field(a, "type")));
      if (bad.length > 0) {
        reportViolation(`listener rule ${rule.name} on HTTP listener ${http.map((l) => l.name).join(", ")} has ${bad.map((t) => `"${t}"`).join(", ")} action${bad.length > 1 ? "s" : ""}; attach it to the HTTPS listener or make it redirect to HTTPS.`, rule.urn);
      }
    });
  },
};

export const lbHttpsModernTls: ResourceValidationPolicy = {
  name: "lb-https-modern-tls",
  description: "HTTPS/TLS listeners must use an allow-listed TLS 1.2+/1.3 security policy and an ACM certificate.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another allow-listed policy) and certificateArn to an ACM certificate (arn:aws:acm:…).",
  configSchema: {
    properties: {
      allowedSslPolicies: { type: "array", items: { type: "string" }, default: tlsDefaults.allowedSslPolicies, description: "Listener sslPolicy values that are acceptable." },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, LISTENER);
    const protocol = field(args.props, "protocol");
    if (protocol !== "HTTPS" && protocol !== "TLS") {
      return;
    }
    const cfg = settings(args, tlsDefaults);
    const policy = field(args.props, "sslPolicy");
    if (typeof policy !== "string" || !cfg.allowedSslPolicies.includes(policy)) {
      reportViolation(`sslPolicy is ${policy === undefined ? "not set (AWS defaults to ELBSecurityPolicy-2016-08)" : `"${String(policy)}"`}; set it to one of ${cfg.allowedSslPolicies.join(", ")}.`);
    }
    const cert = field(args.props, "certificateArn");
    if (typeof cert !== "string" || !/^arn:aws[a-z-]*:acm:/.test(cert)) {
      reportViolation(`certificateArn is ${cert === undefined ? "not set" : `"${String(cert)}"`}; use an ACM certificate ARN (arn:aws:acm:…).`);
    }
  },
};

export const lbDropInvalidHeaderFields: ResourceValidationPolicy = {
  name: "lb-drop-invalid-header-fields",
  description: "Application load balancers must drop invalid HTTP header fields.",
  severity: "medium",
  enforcementLevel: "remediate",
  remediationSteps: "Set dropInvalidHeaderFields: true on the load balancer.",
  validateResource: (args, reportViolation) => {
    requireType(args, LOAD_BALANCER);
    if (isApplication(field(args.props, "loadBalancerType")) && field(args.props, "dropInvalidHeaderFields") !== true) {
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
  remediationSteps: "Set enableDeletionProtection: true (the stacks drive it from config; prod enables it).",
  validateResource: (args, reportViolation) => {
    requireType(args, LOAD_BALANCER);
    if (field(args.props, "enableDeletionProtection") !== true) {
      reportViolation("enableDeletionProtection is not true; set enableDeletionProtection: true.");
    }
  },
};

export const lbTargetGroupIpWithHealthCheck: ResourceValidationPolicy = {
  name: "lb-target-group-ip-with-health-check",
  description: "Target groups (except Lambda and ALB targets) must use targetType \"ip\" for Fargate tasks and an enabled health check.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediationSteps: "Set targetType: \"ip\" and healthCheck: { enabled: true, path: \"/health\", matcher: \"200-399\" }.",
  validateResource: (args, reportViolation) => {
    requireType(args, TARGET_GROUP);
    const targetType = field(args.props, "targetType");
    // Lambda and ALB targets can't be ECS tasks: other rules (not this one) apply to them.
    if (targetType === "lambda" || targetType === "alb") {
      args.notApplicable(`target group of targetType "${targetType}" cannot hold ECS tasks`);
    }
    if (targetType !== "ip") {
      reportViolation(`targetType is ${targetType === undefined ? "not set (AWS defaults to \"instance\")" : `"${String(targetType)}"`}; set targetType: "ip" for awsvpc tasks.`);
    }
    const healthCheck = field(args.props, "healthCheck");
    if (healthCheck === undefined || field(healthCheck, "enabled") === false) {
      reportViolation(`healthCheck is ${healthCheck === undefined ? "not set" : "disabled"}; configure healthCheck with enabled: true and the service's health path.`);
    }
  },
};

const internetFacingDefaults = { internetFacingLoadBalancers: ["*alb*", "*public*"] };

export const lbInternetFacingAllowListed: ResourceValidationPolicy = {
  name: "lb-internet-facing-allow-listed",
  description: "Only load balancers allow-listed by logical name may be internet-facing.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps: "Set internal: true, or add a glob matching the load balancer's logical name to internetFacingLoadBalancers in the policy config.",
  configSchema: {
    properties: {
      internetFacingLoadBalancers: { type: "array", items: { type: "string" }, default: internetFacingDefaults.internetFacingLoadBalancers, description: "Logical-name globs of load balancers allowed to be internet-facing." },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, LOAD_BALANCER);
    const cfg = settings(args, internetFacingDefaults);
    if (field(args.props, "internal") !== true && !cfg.internetFacingLoadBalancers.some((p) => globMatch(p, args.name))) {
      reportViolation(`load balancer "${args.name}" is internet-facing but matches none of ${cfg.internetFacingLoadBalancers.join(", ")}; set internal: true or add its name to internetFacingLoadBalancers.`);
    }
  },
};

export const albPolicies = [lbHttpRedirectsToHttps, lbHttpListenerRulesRedirectOnly, lbHttpsModernTls, lbDropInvalidHeaderFields, lbDeletionProtection, lbTargetGroupIpWithHealthCheck, lbInternetFacingAllowListed];
