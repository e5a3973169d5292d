/** ECS resources → CreateCluster, PutClusterCapacityProviders, RegisterTaskDefinition, CreateService. */
import type { CapturedResource } from "../../../policy/engine/types";
import { caseInsensitiveMembers } from "../model";
import { isUnknown } from "../unknown";
import { each, Inputs, Mapped, params, physicalName, tagList } from "./reader";

const ecsTags = (tags: unknown) => tagList(tags, "key", "value");

const strategy = (items: Inputs[] | undefined) =>
  each(items, (s) => params({ capacityProvider: s.get("capacityProvider"), weight: s.get("weight"), base: s.get("base") }));

export function cluster(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const configuration = inputs.object("configuration");
  const exec = configuration?.object("executeCommandConfiguration");
  const log = exec?.object("logConfiguration");
  const storage = configuration?.object("managedStorageConfiguration");
  const connect = inputs.object("serviceConnectDefaults");
  out.requests.push({
    service: "ecs",
    operation: "CreateCluster",
    params: params({
      clusterName: physicalName(inputs, r),
      settings: each(inputs.list("settings"), (s) => params({ name: s.get("name"), value: s.get("value") })),
      configuration: configuration
        ? params({
            executeCommandConfiguration: exec
              ? params({
                  kmsKeyId: exec.get("kmsKeyId"),
                  logging: exec.get("logging"),
                  logConfiguration: log
                    ? params({
                        cloudWatchLogGroupName: log.get("cloudWatchLogGroupName"),
                        cloudWatchEncryptionEnabled: log.get("cloudWatchEncryptionEnabled"),
                        s3BucketName: log.get("s3BucketName"),
                        s3EncryptionEnabled: log.get("s3EncryptionEnabled"),
                        s3KeyPrefix: log.get("s3KeyPrefix"),
                      })
                    : undefined,
                })
              : undefined,
            managedStorageConfiguration: storage
              ? params({
                  kmsKeyId: storage.get("kmsKeyId"),
                  fargateEphemeralStorageKmsKeyId: storage.get("fargateEphemeralStorageKmsKeyId"),
                })
              : undefined,
          })
        : undefined,
      serviceConnectDefaults: connect ? params({ namespace: connect.get("namespace") }) : undefined,
      tags: ecsTags(inputs.get("tags")),
    }),
  });
}

export function clusterCapacityProviders(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  out.requests.push({
    service: "ecs",
    operation: "PutClusterCapacityProviders",
    params: params({
      cluster: inputs.get("clusterName"),
      // The provider always sends both lists (empty clears them).
      capacityProviders: inputs.get("capacityProviders") ?? [],
      defaultCapacityProviderStrategy: strategy(inputs.list("defaultCapacityProviderStrategies")) ?? [],
    }),
  });
}

function volume(v: Inputs): Record<string, unknown> {
  const docker = v.object("dockerVolumeConfiguration");
  const efs = v.object("efsVolumeConfiguration");
  const efsAuth = efs?.object("authorizationConfig");
  const fsx = v.object("fsxWindowsFileServerVolumeConfiguration");
  const fsxAuth = fsx?.object("authorizationConfig");
  const hostPath = v.get("hostPath");
  return params({
    name: v.get("name"),
    host: hostPath !== undefined ? { sourcePath: hostPath } : undefined,
    configuredAtLaunch: v.get("configureAtLaunch"),
    dockerVolumeConfiguration: docker
      ? params({
          scope: docker.get("scope"),
          autoprovision: docker.get("autoprovision"),
          driver: docker.get("driver"),
          driverOpts: docker.get("driverOpts"),
          labels: docker.get("labels"),
        })
      : undefined,
    efsVolumeConfiguration: efs
      ? params({
          fileSystemId: efs.get("fileSystemId"),
          rootDirectory: efs.get("rootDirectory"),
          transitEncryption: efs.get("transitEncryption"),
          transitEncryptionPort: efs.get("transitEncryptionPort"),
          authorizationConfig: efsAuth ? params({ accessPointId: efsAuth.get("accessPointId"), iam: efsAuth.get("iam") }) : undefined,
        })
      : undefined,
    fsxWindowsFileServerVolumeConfiguration: fsx
      ? params({
          fileSystemId: fsx.get("fileSystemId"),
          rootDirectory: fsx.get("rootDirectory"),
          authorizationConfig: fsxAuth
            ? params({ credentialsParameter: fsxAuth.get("credentialsParameter"), domain: fsxAuth.get("domain") })
            : undefined,
        })
      : undefined,
  });
}

/**
 * `containerDefinitions` is AWS's own JSON: the provider decodes it into the SDK's structs (field names matched
 * case-insensitively) and sends those.
 */
function containerDefinitions(value: unknown, out: Mapped): unknown {
  if (typeof value !== "string" || isUnknown(value)) return value;
  try {
    return caseInsensitiveMembers("ecs", "ContainerDefinitions", JSON.parse(value));
  } catch (err) {
    out.notChecked.push(`containerDefinitions is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}

export function taskDefinition(inputs: Inputs, _r: CapturedResource, out: Mapped): void {
  const proxy = inputs.object("proxyConfiguration");
  const ephemeral = inputs.object("ephemeralStorage");
  const platform = inputs.object("runtimePlatform");
  inputs.local("skipDestroy", "trackLatest");
  const proxyProperties = proxy?.get("properties");
  out.requests.push({
    service: "ecs",
    operation: "RegisterTaskDefinition",
    params: params({
      family: inputs.get("family"),
      taskRoleArn: inputs.get("taskRoleArn"),
      executionRoleArn: inputs.get("executionRoleArn"),
      networkMode: inputs.get("networkMode"),
      containerDefinitions: containerDefinitions(inputs.get("containerDefinitions"), out),
      volumes: each(inputs.list("volumes"), volume),
      placementConstraints: each(inputs.list("placementConstraints"), (c) =>
        params({ type: c.get("type"), expression: c.get("expression") }),
      ),
      requiresCompatibilities: inputs.get("requiresCompatibilities"),
      cpu: inputs.get("cpu"),
      memory: inputs.get("memory"),
      tags: ecsTags(inputs.get("tags")),
      pidMode: inputs.get("pidMode"),
      ipcMode: inputs.get("ipcMode"),
      proxyConfiguration: proxy
        ? params({
            type: proxy.get("type"),
            containerName: proxy.get("containerName"),
            properties:
              proxyProperties && typeof proxyProperties === "object"
                ? Object.entries(proxyProperties).map(([name, value]) => ({ name, value }))
                : undefined,
          })
        : undefined,
      inferenceAccelerators: each(inputs.list("inferenceAccelerators"), (a) =>
        params({ deviceName: a.get("deviceName"), deviceType: a.get("deviceType") }),
      ),
      ephemeralStorage: ephemeral ? params({ sizeInGiB: ephemeral.get("sizeInGib") }) : undefined,
      runtimePlatform: platform
        ? params({ operatingSystemFamily: platform.get("operatingSystemFamily"), cpuArchitecture: platform.get("cpuArchitecture") })
        : undefined,
      enableFaultInjection: inputs.get("enableFaultInjection"),
    }),
  });
}

/**
 * `serviceConnectConfiguration` → ECS `ServiceConnectConfiguration`. The provider's names differ from the API's in
 * three places: `clientAlias` (a list) is `clientAliases`, `testTrafficRules` (a list of one) is one structure,
 * and `tls.issuerCertAuthority` is `issuerCertificateAuthority`.
 */
function serviceConnect(c: Inputs): Record<string, unknown> {
  const log = c.object("logConfiguration");
  const access = c.object("accessLogConfiguration");
  return params({
    enabled: c.get("enabled"),
    namespace: c.get("namespace"),
    services: each(c.list("services"), (s) => {
      const timeout = s.object("timeout");
      const tls = s.object("tls");
      const ca = tls?.object("issuerCertAuthority");
      return params({
        portName: s.get("portName"),
        discoveryName: s.get("discoveryName"),
        ingressPortOverride: s.get("ingressPortOverride"),
        clientAliases: each(s.list("clientAlias"), (a) => {
          const header = a.list("testTrafficRules")?.[0]?.object("header");
          const value = header?.object("value");
          return params({
            port: a.get("port"),
            dnsName: a.get("dnsName"),
            testTrafficRules: header
              ? { header: params({ name: header.get("name"), value: value ? params({ exact: value.get("exact") }) : undefined }) }
              : undefined,
          });
        }),
        timeout: timeout
          ? params({
              idleTimeoutSeconds: timeout.get("idleTimeoutSeconds"),
              perRequestTimeoutSeconds: timeout.get("perRequestTimeoutSeconds"),
            })
          : undefined,
        tls: tls
          ? params({
              issuerCertificateAuthority: ca ? params({ awsPcaAuthorityArn: ca.get("awsPcaAuthorityArn") }) : undefined,
              kmsKey: tls.get("kmsKey"),
              roleArn: tls.get("roleArn"),
            })
          : undefined,
      });
    }),
    logConfiguration: log
      ? params({
          logDriver: log.get("logDriver"),
          options: log.get("options"),
          secretOptions: each(log.list("secretOptions"), (o) => params({ name: o.get("name"), valueFrom: o.get("valueFrom") })),
        })
      : undefined,
    accessLogConfiguration: access
      ? params({ format: access.get("format"), includeQueryParameters: access.get("includeQueryParameters") })
      : undefined,
  });
}

/** `true`/`false` → `ENABLED`/`DISABLED`, as the provider sends `assignPublicIp`. */
const enabled = (value: unknown): unknown => (typeof value === "boolean" ? (value ? "ENABLED" : "DISABLED") : value);

export function service(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  inputs.local("waitForSteadyState", "forceNewDeployment", "forceDelete", "triggers");
  const breaker = inputs.object("deploymentCircuitBreaker");
  const alarms = inputs.object("alarms");
  const controller = inputs.object("deploymentController");
  const network = inputs.object("networkConfiguration");
  const registries = inputs.object("serviceRegistries");
  const connect = inputs.object("serviceConnectConfiguration");
  const maximumPercent = inputs.get("deploymentMaximumPercent");
  const minimumHealthyPercent = inputs.get("deploymentMinimumHealthyPercent");
  const deployment = params({
    maximumPercent,
    minimumHealthyPercent,
    deploymentCircuitBreaker: breaker ? params({ enable: breaker.get("enable"), rollback: breaker.get("rollback") }) : undefined,
    alarms: alarms
      ? params({ alarmNames: alarms.get("alarmNames"), enable: alarms.get("enable"), rollback: alarms.get("rollback") })
      : undefined,
    ...deploymentStrategy(inputs.object("deploymentConfiguration")),
  });
  out.requests.push({
    service: "ecs",
    operation: "CreateService",
    params: params({
      serviceName: physicalName(inputs, r),
      cluster: inputs.get("cluster"),
      taskDefinition: inputs.get("taskDefinition"),
      desiredCount: inputs.get("desiredCount"),
      launchType: inputs.get("launchType"),
      capacityProviderStrategy: strategy(inputs.list("capacityProviderStrategies")),
      platformVersion: inputs.get("platformVersion"),
      deploymentConfiguration: Object.keys(deployment).length > 0 ? deployment : undefined,
      deploymentController: controller ? params({ type: controller.get("type") }) : undefined,
      enableECSManagedTags: inputs.get("enableEcsManagedTags"),
      enableExecuteCommand: inputs.get("enableExecuteCommand"),
      healthCheckGracePeriodSeconds: inputs.get("healthCheckGracePeriodSeconds"),
      role: inputs.get("iamRole"),
      loadBalancers: each(inputs.list("loadBalancers"), (lb) =>
        params({
          targetGroupArn: lb.get("targetGroupArn"),
          loadBalancerName: lb.get("elbName"),
          containerName: lb.get("containerName"),
          containerPort: lb.get("containerPort"),
          advancedConfiguration: advanced(lb.object("advancedConfiguration")),
        }),
      ),
      networkConfiguration: network
        ? {
            awsvpcConfiguration: params({
              subnets: network.get("subnets"),
              securityGroups: network.get("securityGroups"),
              assignPublicIp: enabled(network.get("assignPublicIp")),
            }),
          }
        : undefined,
      placementStrategy: each(inputs.list("orderedPlacementStrategies"), (s) => params({ type: s.get("type"), field: s.get("field") })),
      placementConstraints: each(inputs.list("placementConstraints"), (c) =>
        params({ type: c.get("type"), expression: c.get("expression") }),
      ),
      propagateTags: inputs.get("propagateTags"),
      schedulingStrategy: inputs.get("schedulingStrategy"),
      availabilityZoneRebalancing: inputs.get("availabilityZoneRebalancing"),
      serviceRegistries: registries
        ? [
            params({
              registryArn: registries.get("registryArn"),
              port: registries.get("port"),
              containerName: registries.get("containerName"),
              containerPort: registries.get("containerPort"),
            }),
          ]
        : undefined,
      serviceConnectConfiguration: connect ? serviceConnect(connect) : undefined,
      tags: ecsTags(inputs.get("tags")),
    }),
  });
}

/** The provider's string-typed minute counts (`bakeTimeInMinutes` …) go to ECS as integers. */
const minutes = (value: unknown): unknown => (typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value);

/** `deploymentConfiguration` (strategy, bake time, canary/linear, lifecycle hooks) → DeploymentConfiguration members. */
function deploymentStrategy(config: Inputs | undefined): Record<string, unknown> {
  if (config === undefined) return {};
  const canary = config.object("canaryConfiguration");
  const linear = config.object("linearConfiguration");
  return params({
    strategy: config.get("strategy"),
    bakeTimeInMinutes: minutes(config.get("bakeTimeInMinutes")),
    canaryConfiguration: canary
      ? params({ canaryPercent: canary.get("canaryPercent"), canaryBakeTimeInMinutes: minutes(canary.get("canaryBakeTimeInMinutes")) })
      : undefined,
    linearConfiguration: linear
      ? params({ stepPercent: linear.get("stepPercent"), stepBakeTimeInMinutes: minutes(linear.get("stepBakeTimeInMinutes")) })
      : undefined,
    lifecycleHooks: each(config.list("lifecycleHooks"), (h) => {
      const timeout = h.object("timeoutConfiguration");
      return params({
        targetType: h.get("targetType"),
        hookTargetArn: h.get("hookTargetArn"),
        roleArn: h.get("roleArn"),
        lifecycleStages: h.get("lifecycleStages"),
        hookDetails: h.get("hookDetails"),
        timeoutConfiguration: timeout
          ? params({ timeoutInMinutes: minutes(timeout.get("timeoutInMinutes")), action: timeout.get("action") })
          : undefined,
      });
    }),
  });
}

/** A load balancer's `advancedConfiguration` (traffic-shifting strategies). */
function advanced(a: Inputs | undefined): Record<string, unknown> | undefined {
  if (a === undefined) return undefined;
  return params({
    alternateTargetGroupArn: a.get("alternateTargetGroupArn"),
    productionListenerRule: a.get("productionListenerRule"),
    testListenerRule: a.get("testListenerRule"),
    roleArn: a.get("roleArn"),
  });
}

export function capacityProvider(inputs: Inputs, r: CapturedResource, out: Mapped): void {
  const asg = inputs.object("autoScalingGroupProvider");
  const scaling = asg?.object("managedScaling");
  out.requests.push({
    service: "ecs",
    operation: "CreateCapacityProvider",
    params: params({
      name: physicalName(inputs, r),
      cluster: inputs.get("cluster"),
      autoScalingGroupProvider: asg
        ? params({
            autoScalingGroupArn: asg.get("autoScalingGroupArn"),
            managedDraining: asg.get("managedDraining"),
            managedTerminationProtection: asg.get("managedTerminationProtection"),
            managedScaling: scaling
              ? params({
                  status: scaling.get("status"),
                  targetCapacity: scaling.get("targetCapacity"),
                  minimumScalingStepSize: scaling.get("minimumScalingStepSize"),
                  maximumScalingStepSize: scaling.get("maximumScalingStepSize"),
                  instanceWarmupPeriod: scaling.get("instanceWarmupPeriod"),
                })
              : undefined,
          })
        : undefined,
      tags: ecsTags(inputs.get("tags")),
    }),
  });
}
