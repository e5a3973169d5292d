/**
 * Load balancers (`aws:lb/*` and `aws:alb/*`, one provider resource under two tokens) → CreateLoadBalancer +
 * ModifyLoadBalancerAttributes, CreateTargetGroup + ModifyTargetGroupAttributes, CreateListener, CreateRule.
 */
import type { CapturedResource } from "../../../policy/engine/types";
import { each, Inputs, Mapped, params, physicalName, tagList } from "./reader";

/** Attribute inputs → ELB attribute keys (values are sent as strings). */
type AttributeMap = Record<string, string>;

const LB_ATTRIBUTES: AttributeMap = {
  idleTimeout: "idle_timeout.timeout_seconds",
  enableDeletionProtection: "deletion_protection.enabled",
  dropInvalidHeaderFields: "routing.http.drop_invalid_header_fields.enabled",
  enableHttp2: "routing.http2.enabled",
  desyncMitigationMode: "routing.http.desync_mitigation_mode",
  enableCrossZoneLoadBalancing: "load_balancing.cross_zone.enabled",
  enableWafFailOpen: "waf.fail_open.enabled",
  preserveHostHeader: "routing.http.preserve_host_header.enabled",
  xffHeaderProcessingMode: "routing.http.xff_header_processing.mode",
  enableXffClientPort: "routing.http.xff_client_port.enabled",
  enableTlsVersionAndCipherSuiteHeaders: "routing.http.x_amzn_tls_version_and_cipher_suite.enabled",
  clientKeepAlive: "client_keep_alive.seconds",
  enableZonalShift: "zonal_shift.config.enabled",
  dnsRecordClientRoutingPolicy: "dns_record.client_routing_policy",
};

const TG_ATTRIBUTES: AttributeMap = {
  deregistrationDelay: "deregistration_delay.timeout_seconds",
  slowStart: "slow_start.duration_seconds",
  loadBalancingAlgorithmType: "load_balancing.algorithm.type",
  loadBalancingAnomalyMitigation: "load_balancing.algorithm.anomaly_mitigation",
  loadBalancingCrossZoneEnabled: "load_balancing.cross_zone.enabled",
  proxyProtocolV2: "proxy_protocol_v2.enabled",
  connectionTermination: "deregistration_delay.connection_termination.enabled",
  preserveClientIp: "preserve_client_ip.enabled",
  lambdaMultiValueHeadersEnabled: "lambda.multi_value_headers.enabled",
};

function attributes(inputs: Inputs, map: AttributeMap): { Key: string; Value: unknown }[] {
  const out: { Key: string; Value: unknown }[] = [];
  for (const [input, key] of Object.entries(map)) {
    const value = inputs.get(input);
    if (value !== undefined && value !== null) out.push({ Key: key, Value: typeof value === "string" ? value : String(value) });
  }
  return out;
}

/** `{ bucket, prefix, enabled }` logs blocks → `<base>.enabled`, `<base>.bucket`, `<base>.prefix`. */
function logAttributes(block: Inputs | undefined, base: string): { Key: string; Value: unknown }[] {
  if (!block) return [];
  return attributes(block, { enabled: `${base}.enabled`, bucket: `${base}.bucket`, prefix: `${base}.prefix` });
}

export function loadBalancer(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const internal = inputs.get("internal");
  const attrs = [
    ...attributes(inputs, LB_ATTRIBUTES),
    ...logAttributes(inputs.object("accessLogs"), "access_logs.s3"),
    ...logAttributes(inputs.object("connectionLogs"), "connection_logs.s3"),
  ];
  const ipam = inputs.object("ipamPools");
  out.requests.push({
    service: "elbv2",
    operation: "CreateLoadBalancer",
    params: params({
      Name: physicalName(inputs, r),
      Subnets: inputs.get("subnets"),
      SubnetMappings: each(inputs.list("subnetMappings"), (m) =>
        params({
          SubnetId: m.get("subnetId"),
          AllocationId: m.get("allocationId"),
          PrivateIPv4Address: m.get("privateIpv4Address"),
          IPv6Address: m.get("ipv6Address"),
        }),
      ),
      SecurityGroups: inputs.get("securityGroups"),
      Scheme: typeof internal === "boolean" ? (internal ? "internal" : "internet-facing") : internal,
      Type: inputs.get("loadBalancerType"),
      IpAddressType: inputs.get("ipAddressType"),
      CustomerOwnedIpv4Pool: inputs.get("customerOwnedIpv4Pool"),
      EnablePrefixForIpv6SourceNat: inputs.get("enablePrefixForIpv6SourceNat"),
      IpamPools: ipam ? params({ Ipv4IpamPoolId: ipam.get("ipv4IpamPoolId") }) : undefined,
      Tags: tagList(inputs.get("tags")),
    }),
  });
  if (attrs.length > 0) {
    out.requests.push({
      service: "elbv2",
      operation: "ModifyLoadBalancerAttributes",
      params: { LoadBalancerArn: r.outputs["arn"], Attributes: attrs },
    });
  }
}

export function targetGroup(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const hc = inputs.object("healthCheck");
  const stickiness = inputs.object("stickiness");
  const protocolVersion = inputs.get("protocolVersion");
  const matcher = hc?.get("matcher");
  const attrs = attributes(inputs, TG_ATTRIBUTES);
  if (stickiness) {
    attrs.push(
      ...attributes(stickiness, {
        enabled: "stickiness.enabled",
        type: "stickiness.type",
        cookieDuration: "stickiness.lb_cookie.duration_seconds",
        cookieName: "stickiness.app_cookie.cookie_name",
      }),
    );
  }
  inputs.local("targetFailovers", "targetHealthStates");
  out.requests.push({
    service: "elbv2",
    operation: "CreateTargetGroup",
    params: params({
      Name: physicalName(inputs, r),
      Protocol: inputs.get("protocol"),
      ProtocolVersion: protocolVersion,
      Port: inputs.get("port"),
      VpcId: inputs.get("vpcId"),
      TargetType: inputs.get("targetType"),
      IpAddressType: inputs.get("ipAddressType"),
      HealthCheckEnabled: hc?.get("enabled"),
      HealthCheckProtocol: hc?.get("protocol"),
      HealthCheckPort: hc?.get("port"),
      HealthCheckPath: hc?.get("path"),
      HealthCheckIntervalSeconds: hc?.get("interval"),
      HealthCheckTimeoutSeconds: hc?.get("timeout"),
      HealthyThresholdCount: hc?.get("healthyThreshold"),
      UnhealthyThresholdCount: hc?.get("unhealthyThreshold"),
      Matcher: matcher === undefined ? undefined : protocolVersion === "GRPC" ? { GrpcCode: matcher } : { HttpCode: matcher },
      Tags: tagList(inputs.get("tags")),
    }),
  });
  if (attrs.length > 0) {
    out.requests.push({
      service: "elbv2",
      operation: "ModifyTargetGroupAttributes",
      params: { TargetGroupArn: r.outputs["arn"], Attributes: attrs },
    });
  }
}

/** Pulumi's action blocks → ELB `Action`s (listener default actions and rule actions share the shape). */
function action(a: Inputs): Record<string, unknown> {
  const forward = a.object("forward");
  const sticky = forward?.object("stickiness");
  const redirect = a.object("redirect");
  const fixed = a.object("fixedResponse");
  const cognito = a.object("authenticateCognito");
  const oidc = a.object("authenticateOidc");
  return params({
    Type: a.get("type"),
    Order: a.get("order"),
    TargetGroupArn: a.get("targetGroupArn"),
    ForwardConfig: forward
      ? params({
          TargetGroups: each(forward.list("targetGroups"), (t) => params({ TargetGroupArn: t.get("arn"), Weight: t.get("weight") })),
          TargetGroupStickinessConfig: sticky
            ? params({ Enabled: sticky.get("enabled"), DurationSeconds: sticky.get("duration") })
            : undefined,
        })
      : undefined,
    RedirectConfig: redirect
      ? params({
          Host: redirect.get("host"),
          Path: redirect.get("path"),
          Port: redirect.get("port"),
          Protocol: redirect.get("protocol"),
          Query: redirect.get("query"),
          StatusCode: redirect.get("statusCode"),
        })
      : undefined,
    FixedResponseConfig: fixed
      ? params({ ContentType: fixed.get("contentType"), MessageBody: fixed.get("messageBody"), StatusCode: fixed.get("statusCode") })
      : undefined,
    AuthenticateCognitoConfig: cognito
      ? params({
          UserPoolArn: cognito.get("userPoolArn"),
          UserPoolClientId: cognito.get("userPoolClientId"),
          UserPoolDomain: cognito.get("userPoolDomain"),
          AuthenticationRequestExtraParams: cognito.get("authenticationRequestExtraParams"),
          OnUnauthenticatedRequest: cognito.get("onUnauthenticatedRequest"),
          Scope: cognito.get("scope"),
          SessionCookieName: cognito.get("sessionCookieName"),
          SessionTimeout: cognito.get("sessionTimeout"),
        })
      : undefined,
    AuthenticateOidcConfig: oidc
      ? params({
          AuthorizationEndpoint: oidc.get("authorizationEndpoint"),
          ClientId: oidc.get("clientId"),
          ClientSecret: oidc.get("clientSecret"),
          Issuer: oidc.get("issuer"),
          TokenEndpoint: oidc.get("tokenEndpoint"),
          UserInfoEndpoint: oidc.get("userInfoEndpoint"),
          AuthenticationRequestExtraParams: oidc.get("authenticationRequestExtraParams"),
          OnUnauthenticatedRequest: oidc.get("onUnauthenticatedRequest"),
          Scope: oidc.get("scope"),
          SessionCookieName: oidc.get("sessionCookieName"),
          SessionTimeout: oidc.get("sessionTimeout"),
        })
      : undefined,
  });
}

export function listener(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const certificate = inputs.get("certificateArn");
  const alpn = inputs.get("alpnPolicy");
  const mtls = inputs.object("mutualAuthentication");
  out.requests.push({
    service: "elbv2",
    operation: "CreateListener",
    params: params({
      LoadBalancerArn: inputs.get("loadBalancerArn"),
      Protocol: inputs.get("protocol"),
      Port: inputs.get("port"),
      SslPolicy: inputs.get("sslPolicy"),
      Certificates: certificate !== undefined ? [{ CertificateArn: certificate }] : undefined,
      AlpnPolicy: alpn !== undefined ? [alpn] : undefined,
      DefaultActions: each(inputs.list("defaultActions"), action),
      MutualAuthentication: mtls
        ? params({
            Mode: mtls.get("mode"),
            TrustStoreArn: mtls.get("trustStoreArn"),
            IgnoreClientCertificateExpiry: mtls.get("ignoreClientCertificateExpiry"),
          })
        : undefined,
      Tags: tagList(inputs.get("tags")),
    }),
  });
}

/** One Pulumi condition block → one ELB `RuleCondition` (the provider requires exactly one kind per block). */
function condition(c: Inputs, index: number, out: Mapped): Record<string, unknown> {
  /** `{ values }` blocks: the field name and its config member. */
  const valuesKind = (key: string, field: string, config: string) => {
    const block = c.object(key);
    return block ? { Field: field, [config]: { Values: block.get("values") } } : undefined;
  };
  const header = c.object("httpHeader");
  const query = c.list("queryString");
  const kinds: (Record<string, unknown> | undefined)[] = [
    valuesKind("hostHeader", "host-header", "HostHeaderConfig"),
    valuesKind("pathPattern", "path-pattern", "PathPatternConfig"),
    valuesKind("httpRequestMethod", "http-request-method", "HttpRequestMethodConfig"),
    valuesKind("sourceIp", "source-ip", "SourceIpConfig"),
    header && {
      Field: "http-header",
      HttpHeaderConfig: params({ HttpHeaderName: header.get("httpHeaderName"), Values: header.get("values") }),
    },
    query && {
      Field: "query-string",
      QueryStringConfig: { Values: query.map((q) => params({ Key: q.get("key"), Value: q.get("value") })) },
    },
  ];
  const set = kinds.filter((k): k is Record<string, unknown> => k !== undefined);
  if (set.length !== 1)
    out.notChecked.push(`conditions[${index}] sets ${set.length} condition kinds; the provider requires exactly one per block`);
  return Object.assign({}, ...set);
}

export function listenerRule(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const priority = inputs.get("priority");
  out.requests.push({
    service: "elbv2",
    operation: "CreateRule",
    params: params({
      ListenerArn: inputs.get("listenerArn"),
      Priority: priority,
      Conditions: inputs.list("conditions")?.map((c, i) => condition(c, i, out)),
      Actions: each(inputs.list("actions"), action),
      Tags: tagList(inputs.get("tags")),
    }),
    // Without a priority the provider asks the listener for the next free one at create time.
    ...(priority === undefined ? { providerFills: ["Priority"] } : {}),
  });
}
