/**
 * The one table of defaults. Components apply these, the stack config schema states them through these, and the
 * `@default` tags of the args repeat them for readers (a test keeps the tags and this table equal).
 */

/** Defaults of `PlatformArgs`. */
export const PLATFORM_DEFAULTS = {
  network: { availabilityZones: 2, natGateways: "Single", cidrBlock: "10.0.0.0/16", vpcEndpoints: false },
  cluster: {
    containerInsights: "enabled",
    capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }],
  },
  /** Of one capacity provider strategy item (cluster or service). */
  capacityProvider: { base: 0, weight: 1 },
  loadBalancer: { deletionProtection: false, idleTimeoutSeconds: 60, accessLogsPrefix: "" },
} as const;

/** Defaults of `FargateServiceArgs`. */
export const SERVICE_DEFAULTS = {
  architecture: "x86_64",
  cpu: 256,
  memory: 512,
  port: 8080,
  desiredCount: 1,
  dockerfile: "Dockerfile",
  healthCheckPath: "/health",
  healthCheckIntervalSeconds: 5,
  healthCheckTimeoutSeconds: 4,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  healthCheckMatcher: "200",
  deregistrationDelaySeconds: 30,
  healthCheckGracePeriodSeconds: 20,
  logRetentionDays: 30,
  keepTaggedImages: 10,
  stopTimeoutSeconds: 30,
  containerHealthCheck: { intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 },
  cpuTargetPercent: 60,
  memoryTargetPercent: 80,
  sidecar: { essential: false, readonlyRootFilesystem: true },
  enableExecuteCommand: false,
  forceDeleteRepository: false,
  protect: false,
  /** Of `serviceConnect` (`ServiceConnectArgs`); the proxy's log streams in the service's log group get the prefix. */
  serviceConnect: { accessLogFormat: "JSON", logStreamPrefix: "service-connect" },
} as const;

/** Default of the stack config's `discovery.mode`: what a service without `serviceConnect` does (Cloud Map DNS only). */
export const DISCOVERY_DEFAULTS = { mode: "cloudmap" } as const;
