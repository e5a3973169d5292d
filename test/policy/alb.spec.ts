import * as assert from "assert";
import {
  lbDeletionProtection,
  lbDropInvalidHeaderFields,
  lbHttpListenerRulesRedirectOnly,
  lbHttpRedirectsToHttps,
  lbHttpsModernTls,
  lbInternetFacingAllowListed,
  lbTargetGroupIpWithHealthCheck,
} from "../../policy/rules/alb";
import { details, flagged, res, run, UNKNOWN } from "./harness";

const TOKENS = ["lb", "alb"] as const;
const listener = (ns: string, name: string, inputs: Record<string, unknown>) => res(`aws:${ns}/listener:Listener`, name, inputs);
const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = { type: "forward", targetGroupArn: "arn:tg" };

for (const ns of TOKENS) {
  describe(`ALB rules on aws:${ns}/* tokens`, () => {
    it("lb-http-redirects-to-https: flags HTTP forwarding (seed anti-pattern), fixed responses and extra actions; passes redirects and HTTPS", async () => {
      const report = await run(lbHttpRedirectsToHttps, [
        listener(ns, "pass-redirect", { protocol: "HTTP", port: 80, defaultActions: [redirect] }),
        listener(ns, "pass-https", {
          protocol: "HTTPS",
          port: 443,
          certificateArn: "arn:aws:acm:us-east-1:1:certificate/x",
          defaultActions: [forward],
        }),
        listener(ns, "fail-forward", { protocol: "HTTP", port: 80, defaultActions: [forward] }),
        listener(ns, "fail-fixed", {
          port: 80,
          defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "404", contentType: "text/plain" } }],
        }),
        listener(ns, "fail-two", { protocol: "HTTP", defaultActions: [redirect, forward] }),
        listener(ns, "fail-http-redirect", {
          protocol: "HTTP",
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
        }),
      ]);
      assert.deepStrictEqual(details(report), [
        'fail-fixed: HTTP listener\'s default action is "fixed-response"; make its only default action a redirect to HTTPS (redirect.protocol "HTTPS").',
        'fail-forward: HTTP listener\'s default action is "forward"; make its only default action a redirect to HTTPS (redirect.protocol "HTTPS").',
        'fail-http-redirect: HTTP listener\'s default action is "redirect" to a non-HTTPS target; make its only default action a redirect to HTTPS (redirect.protocol "HTTPS").',
        'fail-two: HTTP listener has 2 default actions; make its only default action a redirect to HTTPS (redirect.protocol "HTTPS").',
      ]);
    });

    it("lb-http-listener-rules-redirect-only: rules that forward on an HTTP listener bypass the redirect", async () => {
      const http = res(
        `aws:${ns}/listener:Listener`,
        "http",
        {},
        { outputs: { arn: "arn:http", protocol: "HTTP", defaultActions: [redirect] } },
      );
      const https = res(
        `aws:${ns}/listener:Listener`,
        "https",
        {},
        { outputs: { arn: "arn:https", protocol: "HTTPS", certificateArn: "arn:aws:acm:x" } },
      );
      const rule = (name: string, listener: typeof http, actions: unknown[], graph = true) =>
        res(
          `aws:${ns}/listenerRule:ListenerRule`,
          name,
          {},
          { outputs: { listenerArn: listener.outputs.arn, actions }, propertyDependencies: graph ? { listenerArn: [listener] } : {} },
        );
      const report = await run(lbHttpListenerRulesRedirectOnly, [
        http,
        https,
        rule("pass-https", https, [forward]),
        rule("pass-redirect", http, [redirect]),
        rule("fail-forward", http, [forward]),
        rule("fail-by-arn", http, [{ type: "fixed-response" }], false),
      ]);
      assert.deepStrictEqual(details(report), [
        'fail-by-arn: listener rule fail-by-arn on HTTP listener http has "fixed-response" action; attach it to the HTTPS listener or make it redirect to HTTPS.',
        'fail-forward: listener rule fail-forward on HTTP listener http has "forward" action; attach it to the HTTPS listener or make it redirect to HTTPS.',
      ]);
    });

    it("lb-https-modern-tls: needs an allow-listed sslPolicy and an ACM certificate", async () => {
      const acm = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
      const report = await run(lbHttpsModernTls, [
        listener(ns, "pass", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: acm }),
        listener(ns, "pass-pq", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", certificateArn: acm }),
        listener(ns, "pass-fips-pq", { protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", certificateArn: acm }),
        listener(ns, "pass-fips", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", certificateArn: acm }),
        listener(ns, "fail-tls11", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06", certificateArn: acm }),
        listener(ns, "pass-http", { protocol: "HTTP", defaultActions: [redirect] }),
        listener(ns, "fail-old", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08", certificateArn: acm }),
        listener(ns, "fail-default", { protocol: "HTTPS", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" }),
      ]);
      assert.deepStrictEqual(details(report), [
        'fail-default: certificateArn is "arn:aws:iam::123456789012:server-certificate/x"; use an ACM certificate ARN (arn:aws:acm:…).',
        "fail-default: sslPolicy is not set (AWS defaults to ELBSecurityPolicy-2016-08); set it to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (allowedSslPolicies lists 22).",
        'fail-old: sslPolicy is "ELBSecurityPolicy-2016-08"; set it to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (allowedSslPolicies lists 22).',
        'fail-tls11: sslPolicy is "ELBSecurityPolicy-TLS13-1-1-2021-06"; set it to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (allowedSslPolicies lists 22).',
      ]);
    });

    it("lb-https-modern-tls: an unknown certificate ARN in preview skips the check (enforced at up)", async () => {
      const report = await run(lbHttpsModernTls, [
        listener(ns, "pending", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: UNKNOWN.string }),
      ]);
      assert.deepStrictEqual([report.violations.length, report.skipped.length], [0, 1]);
    });

    it("lb-drop-invalid-header-fields: remediates ALBs (not NLBs) and, at mandatory, flags them", async () => {
      const lb = (name: string, inputs: Record<string, unknown>) => res(`aws:${ns}/loadBalancer:LoadBalancer`, name, inputs);
      const resources = [
        lb("pass", { dropInvalidHeaderFields: true }),
        lb("pass-nlb", { loadBalancerType: "network" }),
        lb("fail", { loadBalancerType: "application" }),
      ];
      const remediated = await run(lbDropInvalidHeaderFields, resources);
      assert.deepStrictEqual(
        [remediated.remediations.map((r) => [r.urn.split("::").pop(), r.properties]), remediated.violations],
        [[["fail", ["dropInvalidHeaderFields"]]], []],
      );
      const strict = await run(lbDropInvalidHeaderFields, resources, { config: { "lb-drop-invalid-header-fields": "mandatory" } });
      assert.deepStrictEqual(details(strict), ["fail: dropInvalidHeaderFields is not true; set dropInvalidHeaderFields: true."]);
    });

    it("lb-deletion-protection and lb-internet-facing-allow-listed: judged by ports, never by name; the name allow-list only restricts", async () => {
      const lb = (name: string, inputs: Record<string, unknown>) => res(`aws:${ns}/loadBalancer:LoadBalancer`, name, inputs);
      const on = (name: string, target: ReturnType<typeof lb>, port: number) =>
        res(
          `aws:${ns}/listener:Listener`,
          name,
          { loadBalancerArn: target.outputs.arn, port },
          { propertyDependencies: { loadBalancerArn: [target] } },
        );
      const frontend = lb("frontend", {});
      const edge = lb("edge", {});
      const internal = lb("internal-api", { internal: true });
      const resources = [
        lb("platform-alb", { enableDeletionProtection: true, internal: false }),
        internal,
        frontend,
        edge,
        on("frontend-http", frontend, 80),
        on("frontend-https", frontend, 443),
        on("edge-admin", edge, 8443),
        on("internal-8080", internal, 8080),
      ];
      assert.deepStrictEqual(flagged(await run(lbDeletionProtection, resources)), ["edge", "frontend", "internal-api"]);
      assert.deepStrictEqual(details(await run(lbInternetFacingAllowListed, resources)), [
        "edge: load balancer edge: listener edge-admin serves port 8443 to the internet; set internal: true or serve only 443 (HTTPS) and 80 (redirect).",
      ]);
      // Negative control: the opt-in allow-list restricts which may be internet-facing (and still checks ports).
      const restricted = await run(lbInternetFacingAllowListed, resources, {
        config: { "lb-internet-facing-allow-listed": { internetFacingLoadBalancers: ["platform-*"] } },
      });
      assert.deepStrictEqual(details(restricted), [
        "edge: load balancer edge: it is internet-facing but matches none of internetFacingLoadBalancers (platform-*); listener edge-admin serves port 8443 to the internet; set internal: true or serve only 443 (HTTPS) and 80 (redirect).",
        "frontend: load balancer frontend: it is internet-facing but matches none of internetFacingLoadBalancers (platform-*); set internal: true or serve only 443 (HTTPS) and 80 (redirect).",
      ]);
    });

    it("lb-target-group-ip-with-health-check", async () => {
      const tg = (name: string, inputs: Record<string, unknown>) => res(`aws:${ns}/targetGroup:TargetGroup`, name, inputs);
      const report = await run(lbTargetGroupIpWithHealthCheck, [
        tg("pass", { targetType: "ip", healthCheck: { enabled: true, path: "/health" } }),
        tg("fail-instance", { healthCheck: { path: "/" } }),
        tg("fail-disabled", { targetType: "ip", healthCheck: { enabled: false } }),
        tg("pass-aws-default", { targetType: "ip" }),
        tg("not-applicable-lambda", { targetType: "lambda" }),
        tg("not-applicable-alb", { targetType: "alb", port: 80, protocol: "TCP" }),
      ]);
      assert.deepStrictEqual(details(report), [
        "fail-disabled: healthCheck.enabled is false; enable the health check so unhealthy tasks are replaced.",
        'fail-instance: targetType is not set (AWS defaults to "instance"); set targetType: "ip" for awsvpc tasks.',
      ]);
    });
  });
}
