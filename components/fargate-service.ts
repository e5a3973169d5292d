import * as pulumi from "@pulumi/pulumi";
import { versioned } from "./aliases";
import * as aws from "./aws";
import { createDeploymentVerification, resolveVerification } from "./deployment-verifier";
import { PLATFORM_DEFAULTS, SERVICE_DEFAULTS } from "./defaults";
import type { FargateServiceArgs } from "./fargate-service-args";
import { createDeploymentResources, type DeploymentResources } from "./deployment";
import { resolveDeployment } from "./deployment/deployment-args";
import { deploymentTiming } from "./deployment/timing";
import { createServiceRoles } from "./service-iam";
import { callPathLabel, clientAliasName, discoveryModeOf, serviceConnectServiceInputs } from "./service-connect";
import { createServiceImage } from "./service-image";
import { createCallerRules, createTaskSecurityGroup } from "./service-network";
import { createServiceRouting, type ServiceRouting } from "./service-routing";
import { createAutoscaling } from "./service-scaling";
import { createLogGroup, createTaskDefinition, urlPath } from "./service-task";
import { transform } from "./transform";
import { validateFargateServiceArgs } from "./validate";

export type { FargateServiceArgs } from "./fargate-service-args";

/**
 * One microservice on ECS Fargate, attached to a platform through its `PlatformRef`: ECR repository + image, log
 * group, execution and task roles, task definition, task security group (with its callers' rules), optional
 * target group + listener rule, optional Cloud Map service, the ECS service (with optional Service Connect, see
 * `service-connect.ts`) and optional autoscaling.
 */
export class FargateService extends pulumi.ComponentResource {
  static readonly TYPE = "dockyard:index:FargateService";

  /** ECS service name. */ public readonly serviceName: pulumi.Output<string>;
  /** Task definition ARN (family:revision). */ public readonly taskDefinitionArn: pulumi.Output<string>;
  /** Image the task runs, pinned by digest. */ public readonly imageUri: pulumi.Output<string>;
  /** ECR repository URL. */ public readonly repositoryUrl: pulumi.Output<string>;
  /** Task security group id. */ public readonly securityGroupId: pulumi.Output<string>;
  /** Target group ARN, when routed. */ public readonly targetGroupArn?: pulumi.Output<string>;
  /** `<name>.<namespace>`, when registered in Cloud Map or reachable through Service Connect (the client alias). */ public readonly discoveryName?: pulumi.Output<string>;
  /** Public URL (ALB base URL + first path prefix), when routed. */ public readonly url?: pulumi.Output<string>;
  /** Container port. */ public readonly port: number;

  constructor(name: string, args: FargateServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(FargateService.TYPE, name, {}, versioned(FargateService.TYPE, name, opts));
    validateFargateServiceArgs(name, args);
    // ECS reports COMPLETED only after a canary/linear/blue-green deployment has shifted and baked.
    const strategySeconds = deploymentTiming(resolveDeployment(args.deployment), 0).untilOldTasksStop;
    const verification = resolveVerification(name, args.deploymentVerification, strategySeconds);
    const port = args.port ?? SERVICE_DEFAULTS.port;
    this.port = port;

    const { repository, imageUri } = createServiceImage(name, args, this);
    const logGroup = createLogGroup(name, args, this);
    const roles = createServiceRoles(name, args, repository.arn, logGroup.arn, this);
    const taskDefinition = createTaskDefinition(name, args, { port, imageUri, logGroup, roles }, this);
    const network = createTaskSecurityGroup(name, args, port, this);
    // With Service Connect the caller's proxy connects to this service's proxy on the container port (no
    // `ingressPortOverride`), so the rules are the same port in every mode; only their description differs.
    const via = callPathLabel(
      discoveryModeOf(args.platform.discovery !== undefined && args.discovery !== false, args.serviceConnect !== undefined),
    );
    for (const caller of args.callers ?? [])
      createCallerRules(name, caller, network.securityGroup.id, port, via, args.transform ?? {}, this);
    const routing = args.routes === undefined ? undefined : createServiceRouting(name, args, port, this);
    const registry = this.createDiscoveryService(name, args);
    // Tasks must never start before their permissions and network rules exist (e.g. a newly added secret).
    const deployment = createDeploymentResources(name, args, routing, this);
    const ready = [...roles.policies, ...network.rules, ...deployment.ready];
    const connect = serviceConnectServiceInputs(name, port, args.platform, logGroup.name, args.serviceConnect);
    const { service, serviceArgs } = this.createService(
      name,
      args,
      port,
      taskDefinition,
      network.securityGroup,
      routing,
      registry,
      ready,
      connect,
      deployment,
    );
    // Rollbacks fail the deploy: `pulumi up` fails unless ECS completed the deployment of this task definition.
    if (verification) {
      createDeploymentVerification(
        name,
        {
          clusterArn: args.platform.cluster.arn,
          region: args.platform.region,
          service,
          serviceArgs,
          taskDefinitionArn: taskDefinition.arn,
        },
        verification,
        this,
      );
    }
    if (args.autoscaling !== undefined) {
      createAutoscaling(
        name,
        args.autoscaling,
        {
          clusterName: args.platform.cluster.name,
          serviceName: service.name,
          loadBalancerArn: args.platform.listener?.loadBalancerArn,
          targetGroupArn: routing?.targetGroup.arn,
        },
        args.transform ?? {},
        this,
      );
    }

    this.serviceName = service.name;
    this.taskDefinitionArn = taskDefinition.arn;
    this.imageUri = imageUri;
    this.repositoryUrl = repository.repositoryUrl;
    this.securityGroupId = network.securityGroup.id;
    this.targetGroupArn = routing?.targetGroup.arn;
    const namespaceName = args.platform.discovery?.namespaceName;
    this.discoveryName =
      namespaceName === undefined || (registry === undefined && args.serviceConnect === undefined)
        ? undefined
        : pulumi.output(clientAliasName(name, namespaceName));
    const listener = args.platform.listener;
    this.url =
      routing === undefined || listener === undefined
        ? undefined
        : pulumi.interpolate`${listener.baseUrl}${urlPath(args.routes?.pathPatterns ?? [])}`;
    this.registerOutputs({
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      imageUri: this.imageUri,
      repositoryUrl: this.repositoryUrl,
      securityGroupId: this.securityGroupId,
      targetGroupArn: this.targetGroupArn,
      discoveryName: this.discoveryName,
      url: this.url,
      port: this.port,
    });
  }

  private createDiscoveryService(name: string, args: FargateServiceArgs): aws.servicediscovery.Service | undefined {
    const discovery = args.platform.discovery;
    if (discovery === undefined || args.discovery === false) return undefined;
    // The name is the DNS contract (`<name>.<namespace>`), so it cannot carry a hash. Names are unique per
    // namespace: a replacement driven by a new namespace never collides; one driven by the other replace-only
    // settings (routing policy, health check config, all fixed here) would, so the old service goes first
    // (forceDestroy deregisters its instances); discovery of this one service pauses during such a replacement.
    return new aws.servicediscovery.Service(
      ...transform(
        args.transform?.discoveryService,
        `${name}-discovery`,
        {
          name,
          namespaceId: discovery.namespaceId,
          dnsConfig: {
            namespaceId: discovery.namespaceId,
            dnsRecords: [{ type: "A", ttl: 10 }],
            routingPolicy: "MULTIVALUE",
          },
          // ECS reports task health to Cloud Map. AWS now always uses 1 (the provider marks the field deprecated);
          // it is set explicitly because 1 is the behaviour this service relies on.
          healthCheckCustomConfig: { failureThreshold: 1 },
          forceDestroy: true,
        },
        { parent: this, deleteBeforeReplace: true },
      ),
    );
  }

  private createService(
    name: string,
    args: FargateServiceArgs,
    port: number,
    taskDefinition: aws.ecs.TaskDefinition,
    sg: aws.ec2.SecurityGroup,
    routing: ServiceRouting | undefined,
    registry: aws.servicediscovery.Service | undefined,
    ready: pulumi.Resource[],
    connect: Partial<aws.ecs.ServiceArgs>,
    deployment: DeploymentResources,
  ): { service: aws.ecs.Service; serviceArgs: aws.ecs.ServiceArgs } {
    const d = PLATFORM_DEFAULTS.capacityProvider;
    const strategy = args.capacityProviderStrategy?.map((s) => ({
      capacityProvider: s.capacityProvider,
      base: s.base ?? d.base,
      weight: s.weight ?? d.weight,
    }));
    const svcArgs: aws.ecs.ServiceArgs = {
      cluster: args.platform.cluster.arn,
      taskDefinition: taskDefinition.arn,
      desiredCount: args.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
      capacityProviderStrategies: strategy,
      // The AWS provider refuses to change a service's capacity provider strategy unless this is true. It only
      // acts when the provider calls UpdateService, i.e. when some other setting of the service changes: then
      // the tasks are replaced (as a new task definition would do anyway). It never triggers a deployment alone.
      forceNewDeployment: strategy === undefined ? undefined : true,
      networkConfiguration: { subnets: args.platform.network.privateSubnetIds, securityGroups: [sg.id], assignPublicIp: false },
      loadBalancers:
        routing === undefined
          ? undefined
          : [
              {
                targetGroupArn: routing.targetGroup.arn,
                containerName: name,
                containerPort: port,
                advancedConfiguration: deployment.advancedConfiguration,
              },
            ],
      healthCheckGracePeriodSeconds:
        routing === undefined ? undefined : (args.healthCheckGracePeriodSeconds ?? SERVICE_DEFAULTS.healthCheckGracePeriodSeconds),
      serviceRegistries: registry === undefined ? undefined : { registryArn: registry.arn },
      ...deployment.inputs,
      enableExecuteCommand: args.enableExecuteCommand === true,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      waitForSteadyState: true,
      ...connect,
    };
    const dependsOn: pulumi.Input<pulumi.Resource>[] = [...(args.dependsOn ?? []), ...ready];
    // ECS rejects a target group that no listener rule attaches to the ALB yet.
    if (routing !== undefined) dependsOn.push(routing.listenerRule);
    const [svcName, serviceArgs, svcOpts] = transform(args.transform?.service, `${name}-svc`, svcArgs, {
      parent: this,
      dependsOn,
      ignoreChanges: args.autoscaling === undefined ? undefined : ["desiredCount"],
    });
    // The args after the transform: the deployment verifier re-runs when any of them changes.
    return { service: new aws.ecs.Service(svcName, serviceArgs, svcOpts), serviceArgs };
  }
}
