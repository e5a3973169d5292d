/**
 * Config → component args, and component arg paths → config paths: the only place that knows how
 * `dockyard:services.<name>` is spelled in the component package's terms.
 */
import { usesCloudMapDns, usesServiceConnect, type FieldLabel, type ServiceConnectArgs, type ServiceSetEntry } from "../components/index";
import type { StackConfig, UnresolvedService } from "./stack-config";

/** Stack-wide settings every service gets. */
export type StackServiceSettings = Pick<
  StackConfig,
  "logRetentionDays" | "ecrKeepTaggedImages" | "ecrForceDelete" | "protect" | "discovery"
>;

/**
 * One configured service as `ServiceSet` args (the platform supplies everything else); build contexts are
 * relative to `projectRoot`.
 */
export function serviceEntry(svc: UnresolvedService, stack: StackServiceSettings, projectRoot: string): ServiceSetEntry {
  return {
    image: svc.image.kind === "build" ? { ...svc.image, contextRoot: projectRoot } : svc.image,
    architecture: svc.architecture,
    cpu: svc.cpu,
    memory: svc.memory,
    port: svc.port,
    desiredCount: svc.desiredCount,
    environmentVariables: svc.environment,
    secrets: svc.secrets,
    kmsKeyArns: svc.kmsKeyArns,
    sidecars: svc.sidecars,
    containerHealthCheck: svc.containerHealthCheck,
    readonlyRootFilesystem: svc.readonlyRootFilesystem,
    stopTimeoutSeconds: svc.stopTimeoutSeconds,
    taskPolicy: svc.taskPolicy,
    enableExecuteCommand: svc.enableExecuteCommand,
    capacityProviderStrategy: svc.capacityProviderStrategy,
    routes: svc.routes,
    healthCheck: svc.healthCheck,
    deregistrationDelaySeconds: svc.deregistrationDelaySeconds,
    healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
    autoscaling: svc.autoscaling,
    deployment: svc.deployment,
    calls: svc.calls,
    discovery: usesCloudMapDns(stack.discovery.mode) ? undefined : false,
    serviceConnect: serviceConnect(svc, stack.discovery),
    logRetentionDays: stack.logRetentionDays,
    keepTaggedImages: stack.ecrKeepTaggedImages,
    forceDeleteRepository: stack.ecrForceDelete,
    protect: stack.protect,
  };
}

/** `dockyard:discovery`'s Service Connect settings as one service's `serviceConnect` (unset in mode `cloudmap`). */
function serviceConnect(svc: UnresolvedService, discovery: StackConfig["discovery"]): ServiceConnectArgs | undefined {
  const { mode, restartToken, accessLogFormat, idleTimeoutSeconds, perRequestTimeoutSeconds } = discovery;
  if (!usesServiceConnect(mode)) return undefined;
  // Only callers need restarting during the migration: their tasks must start after their callees' endpoints exist.
  return { accessLogFormat, idleTimeoutSeconds, perRequestTimeoutSeconds, restartToken: svc.calls.length > 0 ? restartToken : undefined };
}

/** Service arg names whose config key differs; every other arg path is the config path. */
const SERVICE_FIELDS: Readonly<Record<string, string>> = { environmentVariables: "environment" };
/** Platform arg names whose config key differs. */
const PLATFORM_FIELDS: Readonly<Record<string, string>> = { discoveryNamespace: "discovery.namespace", environment: "stack name" };

/** The config path of a component field (`services.api.environment.X`, without the namespace). */
export function configSegments(field: readonly string[], service: string | undefined): string[] {
  const [head, ...rest] = field;
  if (service === undefined) return head === undefined ? [] : [...(PLATFORM_FIELDS[head] ?? head).split("."), ...rest];
  // A service's Service Connect settings are the stack's `discovery` settings.
  if (head === "serviceConnect") return ["discovery", ...rest];
  return ["services", service, ...(head === undefined ? [] : [SERVICE_FIELDS[head] ?? head, ...rest])];
}

/** Labels component fields as `Pulumi.<stack>.yaml` paths (`dockyard:services.api.cpu`); relative ones without the service prefix. */
export function configLabel(namespace: string): FieldLabel {
  return (field, service, relative) => {
    const segments = configSegments(field, service);
    if (relative && service !== undefined && segments[0] === "services") return segments.slice(2).join(".");
    if (segments[0] === "stack name") return "stack name";
    return `${namespace}:${segments.join(".")}`;
  };
}
