/**
 * ECS Service Connect: the pure pieces (no resources). Service Connect creates no Pulumi resources of its own:
 * ECS runs a managed proxy in each task and registers the service's endpoint in the Cloud Map namespace itself,
 * so all of it is one input of the ECS service, `serviceConnectConfiguration`, built here.
 *
 * How a service is found, per stack (`DiscoveryMode`):
 * - `cloudmap`: an A record `<name>.<namespace>` per task (Cloud Map DNS, `serviceRegistries`).
 * - `serviceConnect`: a client alias with the same name `<name>.<namespace>` that each caller's proxy resolves.
 * - `both`: the migration step: DNS registration stays while Service Connect is on, so a caller reaches the
 *   callee through its proxy when it knows the alias and through DNS otherwise.
 * The alias is the DNS name on purpose: callers' URLs are the same string in every mode, so switching changes
 * no application setting, and a caller that cannot resolve the alias (a task started before the callee's
 * endpoint existed) falls back to DNS for as long as DNS registration stays.
 */
import * as pulumi from "@pulumi/pulumi";
import { portMappingName } from "./container-definitions";
import { SERVICE_DEFAULTS } from "./defaults";
import type { PlatformRef } from "./platform-ref";
import type { Problem } from "./problems";

/** How services find each other. */
export type DiscoveryMode = "cloudmap" | "serviceConnect" | "both";

/** The modes, in migration order. */
export const DISCOVERY_MODES = ["cloudmap", "both", "serviceConnect"] as const satisfies readonly DiscoveryMode[];

/** Service Connect access log formats (ECS `ServiceConnectAccessLoggingFormat`; a test keeps them equal to the model's enum). */
export const ACCESS_LOG_FORMATS = ["JSON", "TEXT"] as const;
/** One of `ACCESS_LOG_FORMATS`. */
export type AccessLogFormat = (typeof ACCESS_LOG_FORMATS)[number];

/**
 * Service Connect settings of one service. The namespace is the platform's (`PlatformRef.discovery`: its
 * `namespaceArn`, and its `namespaceName` for the client alias `<service>.<namespaceName>`).
 */
export interface ServiceConnectArgs {
  /** Envoy access log format; the logs go to the service's log group. @default "JSON" */
  accessLogFormat?: AccessLogFormat;
  /** Seconds a connection may stay idle (0 disables the timeout). @default - ECS's: 300 for HTTP */
  idleTimeoutSeconds?: number;
  /** Seconds the callee has to send a complete response (0 disables it). @default - ECS's: 15 for HTTP */
  perRequestTimeoutSeconds?: number;
  /**
   * Any value; changing it redeploys the service (ECS `forceNewDeployment` with `triggers`) so that every task
   * starts after its callees' Service Connect endpoints exist: step 2 of the migration.
   * @default - no forced redeployment
   */
  restartToken?: string;
}

/** What the configuration is built from. */
export interface ServiceConnectInputs {
  /** Service (and app container) name. */
  name: string;
  /** Container port: the port mapping ECS names, the alias port and the port the proxy receives on. */
  port: number;
  /** Namespace ARN or name. */
  namespace: pulumi.Input<string>;
  /** Namespace name (the client alias's domain). */
  namespaceName: pulumi.Input<string>;
  /** The service's log group: the proxy's logs and access logs go there. */
  logGroupName: pulumi.Input<string>;
  region: string;
  accessLogFormat?: AccessLogFormat;
  idleTimeoutSeconds?: number;
  perRequestTimeoutSeconds?: number;
}

/** The ECS service's `serviceConnectConfiguration` (the AWS provider's input shape). */
export interface ServiceConnectConfiguration {
  enabled: true;
  namespace: pulumi.Input<string>;
  services: {
    portName: string;
    discoveryName: string;
    clientAlias: { port: number; dnsName: pulumi.Input<string> }[];
    timeout?: { idleTimeoutSeconds?: number; perRequestTimeoutSeconds?: number };
  }[];
  logConfiguration: { logDriver: "awslogs"; options: Record<string, pulumi.Input<string>> };
  accessLogConfiguration: { format: AccessLogFormat; includeQueryParameters: "DISABLED" };
}

/** The app container's port mapping that Service Connect serves (the app container is named after the service). */
export function portName(name: string, port: number): string {
  return portMappingName(name, port);
}

/** The client alias callers use: `<name>.<namespace>`, the same name Cloud Map DNS answers for (a string when the namespace is one). */
export function clientAliasName(name: string, namespaceName: string): string;
export function clientAliasName(name: string, namespaceName: pulumi.Input<string>): pulumi.Input<string>;
export function clientAliasName(name: string, namespaceName: pulumi.Input<string>): pulumi.Input<string> {
  return typeof namespaceName === "string" ? `${name}.${namespaceName}` : pulumi.interpolate`${name}.${namespaceName}`;
}

/**
 * The Cloud Map service ECS creates for the endpoint. It must be unique in the namespace and differ from the
 * DNS service `<name>` that `cloudmap` and `both` register, so it is the port mapping's name (ECS's own default).
 */
export function connectDiscoveryName(name: string, port: number): string {
  return portName(name, port);
}

/** Whether the mode registers Cloud Map DNS records (`cloudmap`, `both`). */
export const usesCloudMapDns = (mode: DiscoveryMode): boolean => mode !== "serviceConnect";
/** Whether the mode turns Service Connect on (`both`, `serviceConnect`). */
export const usesServiceConnect = (mode: DiscoveryMode): boolean => mode !== "cloudmap";

/** The mode of one service: whether it registers Cloud Map DNS records and whether Service Connect is on. */
export function discoveryModeOf(dns: boolean, serviceConnect: boolean): DiscoveryMode {
  return !serviceConnect ? "cloudmap" : dns ? "both" : "serviceConnect";
}

/** How a caller → callee security group rule describes the path it opens. */
export function callPathLabel(mode: DiscoveryMode): string {
  return mode === "cloudmap" ? "Cloud Map" : mode === "serviceConnect" ? "Service Connect" : "Cloud Map DNS and Service Connect";
}

/**
 * Builds `serviceConnectConfiguration`: the service is a client-server (callers reach it at the alias, it
 * reaches its own callees through its proxy). The alias port is the container port and `ingressPortOverride`
 * is unset, so the proxy receives on the container port: the caller → callee security group rules stay on it.
 * Access logs exclude query strings (they may carry tokens).
 */
export function buildServiceConnectConfiguration(inputs: ServiceConnectInputs): ServiceConnectConfiguration {
  const timeout = {
    ...(inputs.idleTimeoutSeconds === undefined ? {} : { idleTimeoutSeconds: inputs.idleTimeoutSeconds }),
    ...(inputs.perRequestTimeoutSeconds === undefined ? {} : { perRequestTimeoutSeconds: inputs.perRequestTimeoutSeconds }),
  };
  return {
    enabled: true,
    namespace: inputs.namespace,
    services: [
      {
        portName: portName(inputs.name, inputs.port),
        discoveryName: connectDiscoveryName(inputs.name, inputs.port),
        clientAlias: [{ port: inputs.port, dnsName: clientAliasName(inputs.name, inputs.namespaceName) }],
        ...(Object.keys(timeout).length === 0 ? {} : { timeout }),
      },
    ],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": inputs.logGroupName,
        "awslogs-region": inputs.region,
        "awslogs-stream-prefix": SERVICE_DEFAULTS.serviceConnect.logStreamPrefix,
      },
    },
    accessLogConfiguration: {
      format: inputs.accessLogFormat ?? SERVICE_DEFAULTS.serviceConnect.accessLogFormat,
      includeQueryParameters: "DISABLED",
    },
  };
}

/** ECS `Duration`: an integer from 0 to 2147483647 (the API model's range). */
const MAX_DURATION = 2147483647;

/** The settings `serviceConnectProblems` checks: a service's `ServiceConnectArgs`, or the stack config's `discovery` (with its `mode`). */
export interface ServiceConnectSettings {
  mode?: string;
  accessLogFormat?: string;
  idleTimeoutSeconds?: number;
  perRequestTimeoutSeconds?: number;
  restartToken?: string;
}

/**
 * Checks Service Connect settings, fields relative to `at` (`["serviceConnect"]` in a service's args): values
 * ECS would refuse, and (with `mode`, from stack config) settings that would do nothing because the mode has no
 * Service Connect. `[]` when they are fine.
 */
export function serviceConnectProblems(at: readonly string[], settings: ServiceConnectSettings): Problem[] {
  const problems: Problem[] = [];
  for (const field of ["idleTimeoutSeconds", "perRequestTimeoutSeconds"] as const) {
    const v = settings[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > MAX_DURATION)) {
      problems.push({
        field: [...at, field],
        value: v,
        allowed: `an integer from 0 (no timeout) to ${MAX_DURATION}`,
        fix: "remove it for ECS's default",
      });
    }
  }
  if (settings.mode === "cloudmap") {
    for (const field of ["accessLogFormat", "idleTimeoutSeconds", "perRequestTimeoutSeconds", "restartToken"] as const) {
      if (settings[field] !== undefined) {
        problems.push({
          field: [...at, field],
          value: settings[field],
          allowed: 'unset while mode is "cloudmap" (it configures the Service Connect proxy)',
          fix: `remove it, or set mode to "both" or "serviceConnect"`,
        });
      }
    }
  }
  return problems;
}

/**
 * The ECS service inputs Service Connect sets: `{}` without it (the service keeps its own `forceNewDeployment`).
 * The namespace is the platform's; a validated service with `connect` has `platform.discovery.namespaceArn`.
 */
export function serviceConnectServiceInputs(
  name: string,
  port: number,
  platform: PlatformRef,
  logGroupName: pulumi.Input<string>,
  connect: ServiceConnectArgs | undefined,
): { serviceConnectConfiguration?: ServiceConnectConfiguration; forceNewDeployment?: boolean; triggers?: Record<string, string> } {
  const discovery = platform.discovery;
  if (connect === undefined || discovery?.namespaceArn === undefined) return {};
  const serviceConnectConfiguration = buildServiceConnectConfiguration({
    name,
    port,
    region: platform.region,
    logGroupName,
    namespace: discovery.namespaceArn,
    namespaceName: discovery.namespaceName,
    accessLogFormat: connect.accessLogFormat,
    idleTimeoutSeconds: connect.idleTimeoutSeconds,
    perRequestTimeoutSeconds: connect.perRequestTimeoutSeconds,
  });
  // `triggers` only acts together with `forceNewDeployment` (the provider redeploys when a trigger changes).
  if (connect.restartToken === undefined) return { serviceConnectConfiguration };
  return { serviceConnectConfiguration, forceNewDeployment: true, triggers: { serviceConnectRestart: connect.restartToken } };
}
