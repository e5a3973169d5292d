/** Cloud Map: service discovery stays private. */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ECS_SERVICE, SD_HTTP_NAMESPACE, SD_PRIVATE_NAMESPACE, SD_PUBLIC_NAMESPACE, SD_SERVICE } from "./tokens";
import { securityHub } from "./controls";
import { eachDeferringUnknowns, field, items, ofTypes, path, requireType, resourceIds, settings, strings, resourcesOfTypes } from "./util";

const publicDefaults = { allowedPublicNamespaces: [] as string[] };

export const cloudmapNoPublicNamespace: ResourceValidationPolicy = {
  name: "cloudmap-no-public-namespace",
  description: "Service discovery must not use public DNS namespaces.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps: "Use aws.servicediscovery.PrivateDnsNamespace with vpc set; list intentional public zones in allowedPublicNamespaces.",
  configSchema: {
    properties: {
      allowedPublicNamespaces: {
        type: "array",
        items: { type: "string" },
        default: publicDefaults.allowedPublicNamespaces,
        description: "Namespace names (domains) allowed to be public.",
      },
    },
  },
  validateResource: (args, reportViolation) => {
    requireType(args, SD_PUBLIC_NAMESPACE);
    const cfg = settings(args, publicDefaults);
    const name = String(field<aws.servicediscovery.PublicDnsNamespaceArgs>(args.props, "name"));
    if (!cfg.allowedPublicNamespaces.includes(name)) {
      reportViolation(`public DNS namespace "${name}" exposes service discovery on the internet; use a PrivateDnsNamespace in the VPC.`);
    }
  },
};

const privateDefaults = { privateNamespaceIds: [] as string[] };

export const cloudmapServicePrivateNamespace: StackValidationPolicy = {
  name: "cloudmap-service-private-namespace",
  description: "Cloud Map services that ECS services register in must belong to a private DNS namespace.",
  severity: "high",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    "Create the discovery service in an aws.servicediscovery.PrivateDnsNamespace (dnsConfig.namespaceId); for namespaces outside the stack, list their IDs in privateNamespaceIds.",
  configSchema: {
    properties: {
      privateNamespaceIds: {
        type: "array",
        items: { type: "string" },
        default: privateDefaults.privateNamespaceIds,
        description: "IDs of private namespaces outside the stack.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const cfg = settings(args, privateDefaults);
    const all = args.resources;
    const registered = new Set(
      ofTypes(args, ECS_SERVICE).flatMap((svc) => {
        const deps = svc.propertyDependencies.serviceRegistries;
        if (deps && deps.length > 0) {
          return deps.filter((d) => SD_SERVICE.has(d.type));
        }
        // aws v7 models serviceRegistries as one object; older providers and other tools send a list.
        const registries = field<aws.ecs.ServiceArgs>(svc.props, "serviceRegistries");
        const arns = (Array.isArray(registries) ? items(registries) : [registries]).flatMap((r) =>
          strings(field<aws.ecs.ServiceArgs["serviceRegistries"]>(r, "registryArn")),
        );
        return resourcesOfTypes(all, SD_SERVICE).filter((r) => arns.includes(String(field<aws.servicediscovery.Service>(r.props, "arn"))));
      }),
    );
    const namespaceTypes = new Set([...SD_PRIVATE_NAMESPACE, ...SD_PUBLIC_NAMESPACE, ...SD_HTTP_NAMESPACE]);
    eachDeferringUnknowns([...registered], (sd) => {
      // The graph is known even during preview; fall back to comparing IDs only when there is no graph edge.
      let namespaces = [...(sd.propertyDependencies.dnsConfig ?? []), ...(sd.propertyDependencies.namespaceId ?? [])].filter((d) =>
        namespaceTypes.has(d.type),
      );
      if (namespaces.length === 0) {
        const nsId =
          path<aws.servicediscovery.ServiceArgs>(sd.props, "dnsConfig", "namespaceId") ??
          field<aws.servicediscovery.ServiceArgs>(sd.props, "namespaceId");
        namespaces = all.filter((n) => namespaceTypes.has(n.type) && typeof nsId === "string" && resourceIds(n).includes(nsId));
        if (namespaces.length === 0) {
          if (!(typeof nsId === "string" && cfg.privateNamespaceIds.includes(nsId))) {
            reportViolation(
              `cannot prove namespace ${String(nsId)} of discovery service ${sd.name} private: create the service in a PrivateDnsNamespace in this stack or list the namespace ID in privateNamespaceIds.`,
              sd.urn,
            );
          }
          return;
        }
      }
      const notPrivate = namespaces.filter((n) => !SD_PRIVATE_NAMESPACE.has(n.type));
      if (notPrivate.length > 0) {
        reportViolation(
          `discovery service ${sd.name} is in ${notPrivate.map((n) => `${n.type.split(":").pop()} ${n.name}`).join(", ")}; move it to a PrivateDnsNamespace.`,
          sd.urn,
        );
      }
    });
  },
};

export const cloudmapPolicies = [cloudmapNoPublicNamespace, cloudmapServicePrivateNamespace];
