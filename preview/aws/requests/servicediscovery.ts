/** Cloud Map namespaces and services → CreatePrivateDnsNamespace / CreatePublicDnsNamespace / CreateHttpNamespace, CreateService. */
import type { CapturedResource } from "../../../policy/engine/types";
import { each, Inputs, Mapped, params, physicalName, tagList } from "./reader";

const namespace = (operation: string, withVpc: boolean) =>
  function (inputs: Inputs, r: CapturedResource, out: Mapped): void {
    inputs.local("forceDestroy");
    out.requests.push({
      service: "servicediscovery",
      operation,
      params: params({
        Name: physicalName(inputs, r),
        Description: inputs.get("description"),
        Vpc: withVpc ? inputs.get("vpc") : undefined,
        Tags: tagList(inputs.get("tags")),
      }),
    });
  };

export const privateDnsNamespace = namespace("CreatePrivateDnsNamespace", true);
export const publicDnsNamespace = namespace("CreatePublicDnsNamespace", false);
export const httpNamespace = namespace("CreateHttpNamespace", false);

export function service(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("forceDestroy");
  const dns = inputs.object("dnsConfig");
  const hc = inputs.object("healthCheckConfig");
  const custom = inputs.object("healthCheckCustomConfig");
  out.requests.push({
    service: "servicediscovery",
    operation: "CreateService",
    params: params({
      Name: physicalName(inputs, r),
      NamespaceId: inputs.get("namespaceId"),
      Description: inputs.get("description"),
      Type: inputs.get("type"),
      DnsConfig: dns
        ? params({
            NamespaceId: dns.get("namespaceId"),
            RoutingPolicy: dns.get("routingPolicy"),
            DnsRecords: each(dns.list("dnsRecords"), (d) => params({ Type: d.get("type"), TTL: d.get("ttl") })),
          })
        : undefined,
      HealthCheckConfig: hc
        ? params({ Type: hc.get("type"), ResourcePath: hc.get("resourcePath"), FailureThreshold: hc.get("failureThreshold") })
        : undefined,
      HealthCheckCustomConfig: custom ? params({ FailureThreshold: custom.get("failureThreshold") }) : undefined,
      Tags: tagList(inputs.get("tags")),
    }),
  });
}
