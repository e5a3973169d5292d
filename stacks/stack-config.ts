/** The validated, frozen configuration of one stack: the only thing components are built from. */
import type { AccessLogFormat, DiscoveryMode } from "../components/service-connect";
import type { CapacityProviderItem, ParsedService, ParsedSidecar } from "./config-schema";

/** How a service gets its image. */
export type ImageSource =
  | { kind: "build"; context: string; dockerfile: string; target?: string; args: Readonly<Record<string, string>> }
  | { kind: "prebuilt"; uri: string };

/** A service's routes on the shared listener, with its priority resolved. */
export interface ResolvedRoutes {
  pathPatterns: readonly string[];
  hostHeaders: readonly string[];
  /** As configured, else allocated (`components/routes.ts`). */
  priority: number;
}

/** A service before priorities are allocated and callers known (what `serviceEntry` maps). */
export type UnresolvedService = Omit<ServiceConfig, "allowedCallers" | "routes"> & {
  routes?: Omit<ResolvedRoutes, "priority"> & { priority?: number };
};

/** One service, every default applied and cross-references resolved. */
export interface ServiceConfig extends Omit<ParsedService, "image" | "routes" | "sidecars" | "readonlyRootFilesystem" | "calls"> {
  name: string;
  image: ImageSource;
  routes?: ResolvedRoutes;
  /** Services this one calls, sorted. */
  calls: readonly string[];
  /** Sidecars by container name, sorted by name. */
  sidecars: Readonly<Record<string, ParsedSidecar>>;
  /** Resolved: as configured, else true — false when `enableExecuteCommand` is on (ECS Exec needs a writable root). */
  readonlyRootFilesystem: boolean;
  /** Services that call this one (their task SGs may reach this service's port). */
  allowedCallers: readonly string[];
}

/** Everything the program needs, validated. */
export interface StackConfig {
  stack: string;
  /** Pulumi project name: with `stack`, scopes every physical name (see `components/naming.ts`). */
  project: string;
  /** `Pulumi.<stack>.yaml`, for messages. */
  stackFile: string;
  region: string;
  network: { availabilityZones: number; natGateways: "Single" | "OnePerAz"; cidrBlock: string; vpcEndpoints: boolean };
  cluster: { containerInsights: "enabled" | "enhanced"; capacityProviderStrategy: readonly CapacityProviderItem[] };
  loadBalancer: {
    certificateArn?: string;
    deletionProtection: boolean;
    idleTimeoutSeconds: number;
    accessLogs?: { bucket: string; prefix: string };
  };
  /** Cloud Map private DNS namespace, `<stack>.internal` unless configured. */
  discoveryNamespace: string;
  /** How services find each other (`dockyard:discovery.mode`) and the Service Connect proxy's settings. */
  discovery: {
    mode: DiscoveryMode;
    accessLogFormat?: AccessLogFormat;
    idleTimeoutSeconds?: number;
    perRequestTimeoutSeconds?: number;
    restartToken?: string;
  };
  protect: boolean;
  logRetentionDays: number;
  ecrKeepTaggedImages: number;
  ecrForceDelete: boolean;
  /** Services sorted by name. */
  services: readonly ServiceConfig[];
}
