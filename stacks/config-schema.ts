/**
 * The schema of dockyard's stack configuration (`dockyard:*` keys). Every error message here is the "allowed"
 * part of a `ConfigError`, so it describes what is accepted, not what went wrong.
 */
import { z } from "zod";
import { DEFAULT_RULES_PER_ALB } from "../components/aws-rules/alb-capacity";
import { ACM_CERT_ARN, KMS_KEY_ARN, PARAMETER_ARN, SECRET_ARN } from "../components/arns";
import { DEPLOYMENT_LIMITS as DL, DEPLOYMENT_STRATEGIES, LIFECYCLE_STAGES } from "../components/deployment/deployment-args";
import { LAMBDA_FUNCTION_ARN, TEST_HEADER_NAME } from "../components/deployment/problems";
import { SERVICE_DEFAULTS as D } from "../components/fargate-service-args";
import { SERVICE_NAME_PATTERN } from "../components/naming";
import { isAlbHttpMatcher, MATCHER_ALLOWED } from "./health-matcher";

const HC = D.containerHealthCheck;

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Defaults shared with `Pulumi.yaml`'s project-level `config:` block (a test keeps the two equal). */
export const DEFAULTS = {
  protect: false,
  logRetentionDays: 30,
  ecrKeepTaggedImages: 10,
  ecrForceDelete: false,
} as const;

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? `known keys: ${Object.keys(shape).join(", ")}` : undefined),
  });
}

const int = (min: number, max: number) =>
  z.number({ error: `an integer from ${min} to ${max}` }).int(`an integer from ${min} to ${max}`).min(min, `an integer from ${min} to ${max}`).max(max, `an integer from ${min} to ${max}`);
const bool = () => z.boolean({ error: "true or false" });
const str = (what: string) => z.string({ error: what }).min(1, what);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(", ")}` });

const serviceName = z.string().regex(SERVICE_NAME_PATTERN, "a service name: lower-case letters, digits and \"-\", 2–32 characters, starting with a letter");
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
const secretRef = z.string({ error: "a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN" }).refine(
  (v) => SECRET_ARN.test(v) || PARAMETER_ARN.test(v),
  "a Secrets Manager secret ARN (optionally with :json-key:stage:version) or an SSM parameter ARN",
);
const kmsArn = z.string().regex(KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");

const capacityProviderItem = strict({
  capacityProvider: oneOf(["FARGATE", "FARGATE_SPOT"] as const),
  base: int(0, 100000).default(0),
  weight: int(0, 1000).default(1),
});
const capacityProviderStrategy = z.array(capacityProviderItem, { error: "a list of { capacityProvider, base, weight }" }).min(1, "at least one capacity provider");

const imageSchema = strict({
  context: str("a build context directory, relative to the project root").optional(),
  dockerfile: str("a Dockerfile path relative to the context").default("Dockerfile"),
  target: str("a Dockerfile stage name").optional(),
  args: z.record(z.string(), z.string({ error: "a string" })).default({}),
  uri: str("a prebuilt image URI, pinned by digest (…@sha256:<64 hex>)").regex(/@sha256:[a-f0-9]{64}$/, "a prebuilt image URI, pinned by digest (…@sha256:<64 hex>)").optional(),
});

const statementSchema = strict({
  actions: z.array(str("an IAM action")).min(1, "at least one IAM action"),
  resources: z.array(str("a resource ARN")).min(1, "at least one resource ARN"),
});

const sidecarSchema = strict({
  image: str("an image URI"),
  cpu: int(0, 16384).optional(),
  memory: int(6, 122880).optional(),
  essential: bool().default(false),
  port: int(1, 65535).optional(),
  environment: z.record(envName, z.string({ error: "a string" })).default({}),
  secrets: z.record(envName, secretRef).default({}),
  command: z.array(z.string()).optional(),
  readonlyRootFilesystem: bool().default(true),
});

const number = (min: number, max: number) =>
  z.number({ error: `a number from ${min} to ${max}` }).min(min, `a number from ${min} to ${max}`).max(max, `a number from ${min} to ${max}`);
const bake = () => int(DL.bakeTimeMinutes.min, DL.bakeTimeMinutes.max);

// Defaults and cross-field rules live in components/deployment (resolveDeployment, deploymentProblems).
const deploymentSchema = strict({
  strategy: oneOf(DEPLOYMENT_STRATEGIES).default("rolling"),
  bakeTimeMinutes: bake().optional(),
  canary: strict({ percent: number(DL.canaryPercent.min, DL.canaryPercent.max).optional(), bakeTimeMinutes: bake().optional() }).optional(),
  linear: strict({ stepPercent: number(DL.linearStepPercent.min, DL.linearStepPercent.max).optional(), stepBakeTimeMinutes: bake().optional() }).optional(),
  lifecycleHooks: z.array(strict({
    functionArn: z.string({ error: "a Lambda function ARN" }).regex(LAMBDA_FUNCTION_ARN, "a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]"),
    stages: z.array(oneOf(LIFECYCLE_STAGES)).min(1, `at least one of ${LIFECYCLE_STAGES.join(", ")}`),
  })).max(DL.lifecycleHooks.max, `at most ${DL.lifecycleHooks.max} hooks`).default([]),
  testHeaderName: z.string({ error: "an HTTP header name" }).regex(TEST_HEADER_NAME, "an HTTP header name of 1–40 characters: letters, digits and !#$%&'*+.^_`|~-").optional(),
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
  port: int(1, 65535).default(D.port),
  desiredCount: int(0, 1000).default(D.desiredCount),
  healthCheck: strict({
    path: str("an absolute path such as /health").regex(/^\//, "an absolute path such as /health").default(D.healthCheckPath),
    intervalSeconds: int(5, 300).default(D.healthCheckIntervalSeconds),
    timeoutSeconds: int(2, 120).default(D.healthCheckTimeoutSeconds),
    healthyThreshold: int(2, 10).default(D.healthyThreshold),
    unhealthyThreshold: int(2, 10).default(D.unhealthyThreshold),
    matcher: str(MATCHER_ALLOWED).refine(isAlbHttpMatcher, MATCHER_ALLOWED).default(D.healthCheckMatcher),
  }).default({
    path: D.healthCheckPath,
    intervalSeconds: D.healthCheckIntervalSeconds,
    timeoutSeconds: D.healthCheckTimeoutSeconds,
    healthyThreshold: D.healthyThreshold,
    unhealthyThreshold: D.unhealthyThreshold,
    matcher: D.healthCheckMatcher,
  }),
  healthCheckGracePeriodSeconds: int(0, 2147483647).default(D.healthCheckGracePeriodSeconds),
  deregistrationDelaySeconds: int(0, 3600).default(D.deregistrationDelaySeconds),
  containerHealthCheck: strict({
    command: z.array(z.string()).min(2, "an ECS health check command such as [\"CMD-SHELL\", \"…\"]").optional(),
    intervalSeconds: int(5, 300).default(HC.intervalSeconds),
    timeoutSeconds: int(2, 60).default(HC.timeoutSeconds),
    retries: int(1, 10).default(HC.retries),
    startPeriodSeconds: int(0, 300).default(HC.startPeriodSeconds),
  }).default({ ...HC }),
  routes: strict({
    pathPatterns: z.array(str("an ALB path pattern such as /movies*")).max(5, "at most 5 path patterns").default([]),
    hostHeaders: z.array(str("a host name")).max(5, "at most 5 host headers").default([]),
    priority: int(1, 50000).optional(),
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
  enableExecuteCommand: bool().default(false),
  // Left unset here: its default depends on enableExecuteCommand (see resolveServices in config.ts).
  readonlyRootFilesystem: bool().optional(),
  stopTimeoutSeconds: int(2, 120).default(D.stopTimeoutSeconds),
  capacityProviderStrategy: capacityProviderStrategy.optional(),
  deployment: deploymentSchema,
});

/** Each `dockyard:*` key and its schema. */
export const CONFIG_KEYS = {
  network: strict({
    availabilityZones: int(2, 6).default(2),
    natGateways: oneOf(["Single", "OnePerAz"] as const).default("Single"),
    cidrBlock: z.string().regex(/^10\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.0\.0\/16$/, "a /16 block in 10.0.0.0/8: 10.<0-255>.0.0/16, e.g. 10.0.0.0/16").default("10.0.0.0/16"),
    vpcEndpoints: bool().default(false),
  }).default({ availabilityZones: 2, natGateways: "Single", cidrBlock: "10.0.0.0/16", vpcEndpoints: false }),
  cluster: strict({
    containerInsights: oneOf(["enabled", "enhanced"] as const).default("enabled"),
    capacityProviderStrategy: capacityProviderStrategy.default([{ capacityProvider: "FARGATE", base: 1, weight: 1 }]),
  }).default({ containerInsights: "enabled", capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }] }),
  loadBalancer: strict({
    certificateArn: z.string().regex(ACM_CERT_ARN, "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)").optional(),
    deletionProtection: bool().default(false),
    idleTimeoutSeconds: int(1, 4000).default(60),
    accessLogs: strict({ bucket: str("an S3 bucket name"), prefix: z.string().default("") }).optional(),
    // Service Quotas "Rules per Application Load Balancer": set it when the account's quota was raised.
    rulesQuota: int(1, 10000).default(DEFAULT_RULES_PER_ALB),
  }).default({ deletionProtection: false, idleTimeoutSeconds: 60, rulesQuota: DEFAULT_RULES_PER_ALB }),
  discovery: strict({
    namespace: z.string().regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "a private DNS domain such as dev.internal").optional(),
  }).default({}),
  protect: bool().default(DEFAULTS.protect),
  logRetentionDays: z
    .number({ error: `one of ${LOG_RETENTION_DAYS.join(", ")}` })
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), `one of ${LOG_RETENTION_DAYS.join(", ")}`)
    .default(DEFAULTS.logRetentionDays),
  ecrKeepTaggedImages: int(1, 1000).default(DEFAULTS.ecrKeepTaggedImages),
  ecrForceDelete: bool().default(DEFAULTS.ecrForceDelete),
  services: z.record(serviceName, serviceSchema, { error: "a map of service name → service settings" }).refine((m) => Object.keys(m).length > 0, "at least one service"),
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
