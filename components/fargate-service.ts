import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDeploymentResources, type DeploymentResources } from "./deployment";
import { SERVICE_DEFAULTS, type FargateServiceArgs } from "./fargate-service-args";
import { createServiceRoles } from "./service-iam";
import { createServiceImage } from "./service-image";
import { createCallerRules, createTaskSecurityGroup } from "./service-network";
import { createServiceRouting, type ServiceRouting } from "./service-routing";
import { createAutoscaling } from "./service-scaling";
import { createLogGroup, createTaskDefinition, urlPath } from "./service-task";
import { validateFargateServiceArgs } from "./validate";

export type { FargateServiceArgs } from "./fargate-service-args";

/**
 * One microservice on ECS Fargate: ECR repository + image, log group, execution and task roles, task definition,
 * task security group, optional target group + listener rule, optional Cloud Map service, the ECS service and
 * optional autoscaling.
 */
export class FargateService extends pulumi.ComponentResource {
  static readonly TYPE = "dockyard:ecs:FargateService";

  /** ECS service name. */ public readonly serviceName: pulumi.Output<string>;
  /** Task definition ARN (family:revision). */ public readonly taskDefinitionArn: pulumi.Output<string>;
  /** Image the task runs, pinned by digest. */ public readonly imageUri: pulumi.Output<string>;
  /** ECR repository URL. */ public readonly repositoryUrl: pulumi.Output<string>;
  /** Task security group id. */ public readonly securityGroupId: pulumi.Output<string>;
  /** Target group ARN, when load balanced. */ public readonly targetGroupArn?: pulumi.Output<string>;
  /** `<name>.<namespace>`, when registered in Cloud Map. */ public readonly discoveryName?: string;
  /** Public URL (ALB base URL + first path prefix), when load balanced. */ public readonly url?: pulumi.Output<string>;
  /** Container port. */ public readonly port: number;

  private readonly serviceLogicalName: string;

  constructor(name: string, args: FargateServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(FargateService.TYPE, name, {}, opts);
    validateFargateServiceArgs(name, args);
    this.serviceLogicalName = name;
    const port = args.port ?? SERVICE_DEFAULTS.port;
    this.port = port;

    const { repository, imageUri } = createServiceImage(name, args, this);
    const logGroup = createLogGroup(name, args, this);
    const roles = createServiceRoles(name, args, repository.arn, logGroup.arn, this);
    const taskDefinition = createTaskDefinition(name, args, { port, imageUri, logGroup, roles }, this);
    const network = createTaskSecurityGroup(name, args, port, this);
    const sg = network.securityGroup;
    const routing = args.loadBalancer === undefined ? undefined : createServiceRouting(name, args, args.loadBalancer, port, this);
    const registry = this.createDiscoveryService(name, args);
    const deployment = createDeploymentResources(name, args, routing, this);
    // Tasks must never start before their permissions and network rules exist (e.g. a newly added secret).
    const ready = [...roles.policies, ...network.rules, ...deployment.ready];
    const service = this.createService(name, args, port, taskDefinition, sg, routing, registry, ready, deployment);
    if (args.autoscaling !== undefined) {
      createAutoscaling(name, args.autoscaling, {
        clusterName: args.clusterName,
        serviceName: service.name,
        loadBalancerArn: args.loadBalancer?.loadBalancerArn,
        targetGroupArn: routing?.targetGroup.arn,
      }, this);
    }

    this.serviceName = service.name;
    this.taskDefinitionArn = taskDefinition.arn;
    this.imageUri = imageUri;
    this.repositoryUrl = repository.repositoryUrl;
    this.securityGroupId = sg.id;
    this.targetGroupArn = routing?.targetGroup.arn;
    this.discoveryName = args.discovery === undefined ? undefined : `${name}.${args.discovery.namespaceName}`;
    this.url = args.loadBalancer === undefined ? undefined : pulumi.interpolate`${args.loadBalancer.baseUrl}${urlPath(args.loadBalancer.pathPatterns ?? [])}`;
    this.registerOutputs({
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      imageUri: this.imageUri,
      targetGroupArn: this.targetGroupArn,
      discoveryName: this.discoveryName,
      url: this.url,
    });
  }

  /**
   * Lets `caller`'s tasks reach this service's port (east-west through Cloud Map): an ingress rule on this
   * service's group and an egress rule on the caller's, both referencing security groups.
   */
  allowCallsFrom(caller: FargateService): void {
    createCallerRules(this.serviceLogicalName, caller.serviceLogicalName, this.securityGroupId, caller.securityGroupId, this.port, this);
  }

  private createDiscoveryService(name: string, args: FargateServiceArgs): aws.servicediscovery.Service | undefined {
    if (args.discovery === undefined) return undefined;
    const sdArgs: aws.servicediscovery.ServiceArgs = {
      name,
      namespaceId: args.discovery.namespaceId,
      dnsConfig: {
        namespaceId: args.discovery.namespaceId,
        dnsRecords: [{ type: "A", ttl: 10 }],
        routingPolicy: "MULTIVALUE",
      },
      // ECS reports task health to Cloud Map. AWS now always uses 1 (the provider marks the field deprecated);
      // it is set explicitly because 1 is the behaviour this service relies on.
      healthCheckCustomConfig: { failureThreshold: 1 },
      forceDestroy: true,
    };
    // The name is the DNS contract (`<name>.<namespace>`), so it cannot carry a hash. Names are unique per
    // namespace: a replacement driven by a new namespace never collides; one driven by the other replace-only
    // settings (routing policy, health check config, all fixed here) would, so the old service goes first
    // (forceDestroy deregisters its instances); discovery of this one service pauses during such a replacement.
    return new aws.servicediscovery.Service(`${name}-discovery`, args.transform?.discoveryService ? args.transform.discoveryService(sdArgs) : sdArgs, { parent: this, deleteBeforeReplace: true });
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
    deployment: DeploymentResources,
  ): aws.ecs.Service {
    const strategy = args.capacityProviderStrategy?.map((s) => ({ capacityProvider: s.capacityProvider, base: s.base ?? 0, weight: s.weight ?? 1 }));
    const svcArgs: aws.ecs.ServiceArgs = {
      cluster: args.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: args.desiredCount ?? SERVICE_DEFAULTS.desiredCount,
      capacityProviderStrategies: strategy,
      // The AWS provider refuses to change a service's capacity provider strategy unless this is true. It only
      // acts when the provider calls UpdateService, i.e. when some other setting of the service changes: then
      // the tasks are replaced (as a new task definition would do anyway). It never triggers a deployment alone.
      forceNewDeployment: strategy === undefined ? undefined : true,
      networkConfiguration: { subnets: args.privateSubnetIds, securityGroups: [sg.id], assignPublicIp: false },
      loadBalancers: routing === undefined ? undefined : [{ targetGroupArn: routing.targetGroup.arn, containerName: name, containerPort: port, advancedConfiguration: deployment.advancedConfiguration }],
      healthCheckGracePeriodSeconds: routing === undefined ? undefined : (args.loadBalancer?.healthCheckGracePeriodSeconds ?? SERVICE_DEFAULTS.healthCheckGracePeriodSeconds),
      serviceRegistries: registry === undefined ? undefined : { registryArn: registry.arn },
      ...deployment.inputs,
      enableExecuteCommand: args.enableExecuteCommand === true,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      waitForSteadyState: true,
    };
    const dependsOn: pulumi.Input<pulumi.Resource>[] = [...(args.dependsOn ?? []), ...ready];
    // ECS rejects a target group that no listener rule attaches to the ALB yet.
    if (routing !== undefined) dependsOn.push(routing.listenerRule);
    return new aws.ecs.Service(`${name}-svc`, args.transform?.service ? args.transform.service(svcArgs) : svcArgs, {
      parent: this,
      dependsOn,
      ignoreChanges: args.autoscaling === undefined ? undefined : ["desiredCount"],
    });
  }
}
