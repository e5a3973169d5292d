/**
 * The schema of dockyard's stack configuration (`dockyard:*` keys). Every error message here is the "allowed"
 * part of a `ConfigError`, so it describes what is accepted, not what went wrong.
 */
import { z } from "zod";
import {
  ACCESS_LOG_FORMATS,
  ACM_CERT_ARN,
  DISCOVERY_DEFAULTS,
  DISCOVERY_MODES,
  KMS_KEY_ARN,
  PARAMETER_ARN,
  SECRET_ARN,
  PLATFORM_DEFAULTS as P,
  SERVICE_DEFAULTS as D,
  SERVICE_NAME_PATTERN,
  DEFAULT_RULES_PER_ALB,
  DEPLOYMENT_LIMITS as DL,
  DEPLOYMENT_STRATEGIES,
  LAMBDA_FUNCTION_ARN,
  LIFECYCLE_STAGES,
  TEST_HEADER_NAME,
} from "../components/index";
import { isAlbHttpMatcher, MATCHER_ALLOWED } from "./health-matcher";

const HC = D.containerHealthCheck;

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Defaults shared with `Pulumi.yaml`'s project-level `config:` block (a test keeps the two equal). */
export const DEFAULTS = {
  protect: D.protect,
  logRetentionDays: D.logRetentionDays,
  ecrKeepTaggedImages: D.keepTaggedImages,
  ecrForceDelete: D.forceDeleteRepository,
} as const;

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? `known keys: ${Object.keys(shape).join(", ")}` : undefined),
  });
}

/** A whole number; its range is the component's rule (components/validate.ts), reported in the same words from code. */
const integer = (what: string) => z.number({ error: what }).int(what);
const int = (min: number, max: number) =>
  z
    .number({ error: `an integer from ${min} to ${max}` })
    .int(`an integer from ${min} to ${max}`)
    .min(min, `an integer from ${min} to ${max}`)
    .max(max, `an integer from ${min} to ${max}`);
const bool = () => z.boolean({ error: "true or false" });
const str = (what: string) => z.string({ error: what }).min(1, what);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(", ")}` });

const serviceName = z
  .string()
  .regex(SERVICE_NAME_PATTERN, 'a service name: lower-case letters, digits and "-", 2–32 characters, starting with a letter');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
const secretRef = z
  .string({ error: "a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN" })
  .refine(
    (v) => SECRET_ARN.test(v) || PARAMETER_ARN.test(v),
    "a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN",
  );
const kmsArn = z.string().regex(KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");

const capacityProviderItem = strict({
  capacityProvider: oneOf(["FARGATE", "FARGATE_SPOT"] as const),
  base: int(0, 100000).default(P.capacityProvider.base),
  weight: int(0, 1000).default(P.capacityProvider.weight),
});
const capacityProviderStrategy = z
  .array(capacityProviderItem, { error: "a list of { capacityProvider, base, weight }" })
  .min(1, "at least one capacity provider");

const imageSchema = strict({
  context: str("a build context directory, relative to the project root").optional(),
  dockerfile: str("a Dockerfile path relative to the context").default(D.dockerfile),
  target: str("a Dockerfile stage name").optional(),
  args: z.record(z.string(), z.string({ error: "a string" })).default({}),
  uri: str("a prebuilt image URI, pinned by digest (…@sha256:<64 hex>)").optional(),
});

const statementSchema = strict({
  actions: z.array(str("an IAM action")).min(1, "at least one IAM action"),
  resources: z.array(str("a resource ARN")).min(1, "at least one resource ARN"),
});

const sidecarSchema = strict({
  image: str("an image URI"),
  cpu: int(0, 16384).optional(),
  memory: int(6, 122880).optional(),
  essential: bool().default(D.sidecar.essential),
  port: int(1, 65535).optional(),
  environment: z.record(envName, z.string({ error: "a string" })).default({}),
  secrets: z.record(envName, secretRef).default({}),
  command: z.array(z.string()).optional(),
  readonlyRootFilesystem: bool().default(D.sidecar.readonlyRootFilesystem),
});

const number = (min: number, max: number) =>
  z
    .number({ error: `a number from ${min} to ${max}` })
    .min(min, `a number from ${min} to ${max}`)
    .max(max, `a number from ${min} to ${max}`);
const bake = () => int(DL.bakeTimeMinutes.min, DL.bakeTimeMinutes.max);

// Defaults and cross-field rules live in components/deployment (resolveDeployment, deploymentProblems).
const deploymentSchema = strict({
  strategy: oneOf(DEPLOYMENT_STRATEGIES).default("rolling"),
  bakeTimeMinutes: bake().optional(),
  canary: strict({ percent: number(DL.canaryPercent.min, DL.canaryPercent.max).optional(), bakeTimeMinutes: bake().optional() }).optional(),
  linear: strict({
    stepPercent: number(DL.linearStepPercent.min, DL.linearStepPercent.max).optional(),
    stepBakeTimeMinutes: bake().optional(),
  }).optional(),
  lifecycleHooks: z
    .array(
      strict({
        functionArn: z
          .string({ error: "a Lambda function ARN" })
          .regex(LAMBDA_FUNCTION_ARN, "a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]"),
        stages: z.array(oneOf(LIFECYCLE_STAGES)).min(1, `at least one of ${LIFECYCLE_STAGES.join(", ")}`),
      }),
    )
    .max(DL.lifecycleHooks.max, `at most ${DL.lifecycleHooks.max} hooks`)
    .default([]),
  testHeaderName: z
    .string({ error: "an HTTP header name" })
    .regex(TEST_HEADER_NAME, "an HTTP header name of 1–40 characters: letters, digits and !#$%&'*+.^_`|~-")
    .optional(),
  alarms: strict({
    errorPercent: number(DL.errorPercent.min, DL.errorPercent.max).optional(),
    responseTimeSeconds: number(DL.responseTimeSeconds.min, DL.responseTimeSeconds.max).optional(),
    periodSeconds: int(DL.periodSeconds.min, DL.periodSeconds.max).optional(),
    evaluationPeriods: int(DL.evaluationPeriods.min, DL.evaluationPeriods.max).optional(),
    datapointsToAlarm: int(1, DL.evaluationPeriods.max).optional(),
  }).optional(),
}).default({ strategy: "rolling", lifecycleHooks: [] });

const serviceSchema = strict({
  image: imageSchema,
  architecture: oneOf(["x86_64", "arm64"] as const).default(D.architecture),
  cpu: int(256, 16384).default(D.cpu),
  memory: int(512, 122880).default(D.memory),
  port: integer("an integer from 1 to 65535").default(D.port),
  desiredCount: int(0, 1000).default(D.desiredCount),
  healthCheck: strict({
    path: str("an absolute path such as /health").regex(/^\//, "an absolute path such as /health").default(D.healthCheckPath),
    intervalSeconds: int(5, 300).default(D.healthCheckIntervalSeconds),
    timeoutSeconds: int(2, 120).default(D.healthCheckTimeoutSeconds),
    healthyThreshold: int(2, 10).default(D.healthyThreshold),
    unhealthyThreshold: int(2, 10).default(D.unhealthyThreshold),
    matcher: str(MATCHER_ALLOWED).refine(isAlbHttpMatcher, MATCHER_ALLOWED).default(D.healthCheckMatcher),
  }).prefault({}),
  healthCheckGracePeriodSeconds: int(0, 2147483647).default(D.healthCheckGracePeriodSeconds),
  deregistrationDelaySeconds: int(0, 3600).default(D.deregistrationDelaySeconds),
  containerHealthCheck: strict({
    command: z.array(z.string()).min(2, 'an ECS health check command such as ["CMD-SHELL", "…"]').optional(),
    intervalSeconds: int(5, 300).default(HC.intervalSeconds),
    timeoutSeconds: int(2, 60).default(HC.timeoutSeconds),
    retries: int(1, 10).default(HC.retries),
    startPeriodSeconds: int(0, 300).default(HC.startPeriodSeconds),
  }).prefault({}),
  routes: strict({
    pathPatterns: z.array(str("an ALB path pattern such as /movies*")).max(5, "at most 5 path patterns").default([]),
    hostHeaders: z.array(str("a host name")).max(5, "at most 5 host headers").default([]),
    priority: integer("an integer from 1 to 50000").optional(),
  }).optional(),
  environment: z.record(envName, z.string({ error: "a string" })).default({}),
  secrets: z.record(envName, secretRef).default({}),
  kmsKeyArns: z.array(kmsArn).default([]),
  sidecars: z.record(serviceName, sidecarSchema).default({}),
  calls: z.array(serviceName).default([]),
  taskPolicy: z.array(statementSchema).default([]),
  autoscaling: strict({
    min: int(1, 1000),
    max: int(1, 1000),
    cpuTargetPercent: int(10, 95).default(D.cpuTargetPercent),
    memoryTargetPercent: int(10, 95).default(D.memoryTargetPercent),
    requestsPerTarget: int(1, 100000).optional(),
  }).optional(),
  enableExecuteCommand: bool().default(D.enableExecuteCommand),
  // Left unset here: its default depends on enableExecuteCommand (see resolveServices in config.ts).
  readonlyRootFilesystem: bool().optional(),
  stopTimeoutSeconds: int(2, 120).default(D.stopTimeoutSeconds),
  capacityProviderStrategy: capacityProviderStrategy.optional(),
  deployment: deploymentSchema,
});

/** Each `dockyard:*` key and its schema. */
export const CONFIG_KEYS = {
  network: strict({
    availabilityZones: integer("an integer from 2 to 6").default(P.network.availabilityZones),
    natGateways: oneOf(["Single", "OnePerAz"] as const).default(P.network.natGateways),
    cidrBlock: z
      .string()
      .regex(/^10\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.0\.0\/16$/, "a /16 block in 10.0.0.0/8: 10.<0-255>.0.0/16, e.g. 10.0.0.0/16")
      .default(P.network.cidrBlock),
    vpcEndpoints: bool().default(P.network.vpcEndpoints),
  }).prefault({}),
  cluster: strict({
    containerInsights: oneOf(["enabled", "enhanced"] as const).default(P.cluster.containerInsights),
    capacityProviderStrategy: capacityProviderStrategy.prefault(P.cluster.capacityProviderStrategy.map((item) => ({ ...item }))),
  }).prefault({}),
  loadBalancer: strict({
    certificateArn: z.string().regex(ACM_CERT_ARN, "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)").optional(),
    deletionProtection: bool().default(P.loadBalancer.deletionProtection),
    idleTimeoutSeconds: int(1, 4000).default(P.loadBalancer.idleTimeoutSeconds),
    accessLogs: strict({ bucket: str("an S3 bucket name"), prefix: z.string().default(P.loadBalancer.accessLogsPrefix) }).optional(),
    // Service Quotas "Rules per Application Load Balancer": set it when the account's quota was raised.
    rulesQuota: int(1, 10000).default(DEFAULT_RULES_PER_ALB),
  }).prefault({}),
  discovery: strict({
    namespace: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "a private DNS domain such as dev.internal")
      .optional(),
    // Service Connect settings: ranges and cross-field rules are `serviceConnectProblems` (components/service-connect.ts).
    mode: oneOf(DISCOVERY_MODES).default(DISCOVERY_DEFAULTS.mode),
    accessLogFormat: oneOf(ACCESS_LOG_FORMATS).optional(),
    idleTimeoutSeconds: z.number({ error: "a number of seconds" }).optional(),
    perRequestTimeoutSeconds: z.number({ error: "a number of seconds" }).optional(),
    restartToken: str("any non-empty string (changing it redeploys the services that call others)").optional(),
  }).prefault({}),
  protect: bool().default(DEFAULTS.protect),
  logRetentionDays: z
    .number({ error: `one of ${LOG_RETENTION_DAYS.join(", ")}` })
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), `one of ${LOG_RETENTION_DAYS.join(", ")}`)
    .default(DEFAULTS.logRetentionDays),
  ecrKeepTaggedImages: int(1, 1000).default(DEFAULTS.ecrKeepTaggedImages),
  ecrForceDelete: bool().default(DEFAULTS.ecrForceDelete),
  services: z
    .record(serviceName, serviceSchema, { error: "a map of service name → service settings" })
    .refine((m) => Object.keys(m).length > 0, "at least one service"),
} as const;

/** The schema of all `dockyard:*` keys together (each key's value already JSON-decoded). */
export const configSchema = strict(CONFIG_KEYS);

/** Parsed (defaults applied) `dockyard:*` configuration, before cross-field checks. */
export type ParsedConfig = z.output<typeof configSchema>;
/** One parsed service. */
export type ParsedService = z.output<typeof serviceSchema>;
/** One parsed sidecar. */
export type ParsedSidecar = z.output<typeof sidecarSchema>;
/** One capacity provider strategy item. */
export type CapacityProviderItem = z.output<typeof capacityProviderItem>;
