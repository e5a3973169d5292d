/**
 * A set of services on one platform, and the rules that span them: listener priorities, route conflicts and
 * shadowing, target group names, callee URLs and the security group rules between callers and callees. Use it
 * with any `PlatformRef` (a platform stack's, read through a `StackReference`); `Platform.addServices()` uses one.
 */
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_DEFAULTS } from "./defaults";
import { ComponentArgsError, throwProblems } from "./errors";
import { FargateService } from "./fargate-service";
import type { FargateServiceArgs, ServiceCaller } from "./fargate-service-args";
import type { CapacityProviderStrategyItem } from "./platform-args";
import type { PlatformRef } from "./platform-ref";
import type { PriorityBands, RouteClaim } from "./routes";
import { calleeUrl, calleeUrlVariable, serviceSetProblems } from "./service-set-validate";
import { serviceScope } from "./service-scope";
import { platformFacts, serviceProblems } from "./validate";

/** One service of a set: a `FargateService`'s args without the platform and callers, plus whom it calls. */
export interface ServiceSetEntry extends Omit<FargateServiceArgs, "platform" | "callers"> {
  /**
   * Services of the same `add()` call this one calls. Each callee's URL is injected as `<CALLEE>_URL`
   * (`http://<callee>.<namespace>:<port>`), and the callee's security group admits this service on its port.
   * @default []
   */
  calls?: readonly string[];
}

/** Settings every service of the set shares. */
export interface ServiceSetOptions {
  /** Resources every ECS service waits for (a new platform's capacity providers). @default [] */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Capacity provider strategy of services that set none. @default - the cluster's default strategy */
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** Resource options of each `FargateService` (e.g. `providers`). @default {} */
  opts?: pulumi.ComponentResourceOptions;
  /**
   * Where services without `routes.priority` get one (a service stack passes `priorityBands` inside its claim).
   * @default - the whole listener (`DEFAULT_PRIORITY_BANDS`)
   */
  priorityBands?: PriorityBands;
}

/** The arguments of `add()`: service name → settings. */
export type ServiceSetArgs = Readonly<Record<string, ServiceSetEntry>>;

/** Services added to one platform; every `add()` is checked against the services already added. */
export class ServiceSet {
  /** The platform the services run on. */
  readonly platform: PlatformRef;
  private readonly options: ServiceSetOptions;
  private readonly added = new Map<string, FargateService>();
  private readonly claims: RouteClaim[] = [];

  constructor(platform: PlatformRef, options: ServiceSetOptions = {}) {
    this.platform = platform;
    this.options = options;
  }

  /** Every service added so far, by name. */
  get services(): ReadonlyMap<string, FargateService> {
    return this.added;
  }

  /**
   * Validates `services` (each alone, then together and against earlier additions), then creates one
   * `FargateService` each, in name order, with its callers' security group rules created inside it. Throws a
   * `ComponentArgsError` before anything is registered.
   */
  add(services: ServiceSetArgs): Record<string, FargateService> {
    const names = Object.keys(services).sort();
    for (const name of names) {
      if (this.added.has(name)) {
        throw ComponentArgsError.of("FargateService", name, [
          { field: [], value: name, allowed: "a name not already added to this platform", fix: "rename the service or add it once" },
        ]);
      }
      throwProblems("FargateService", name, serviceProblems(name, { ...services[name], platform: platformFacts(this.platform) }));
    }
    const caller = names.find((name) => (services[name].calls ?? []).length > 0);
    if (caller !== undefined && this.platform.discovery === undefined) {
      throw ComponentArgsError.of("FargateService", caller, [
        {
          field: ["calls"],
          value: services[caller].calls,
          allowed: "no calls: the platform has no Cloud Map namespace to resolve callees by name",
          fix: "remove {{calls}}, or use a platform with `discovery`",
        },
      ]);
    }
    const check = serviceSetProblems(
      services,
      this.claims,
      serviceScope(this.platform),
      platformFacts(this.platform).vpcCidr ?? "10.0.0.0/16",
      this.options.priorityBands,
    );
    if (check.problems.length > 0) throw ComponentArgsError.of("FargateService", names[0], check.problems);

    // Callers are created in name order, so a later caller's security group is not known yet: a deferred output
    // stands in for it and is resolved as soon as that caller exists.
    const groups = new Map(names.map((name) => [name, pulumi.deferredOutput<string>()] as const));
    const created: Record<string, FargateService> = {};
    for (const name of names) {
      const entry = services[name];
      const { calls, ...rest } = entry;
      const callers: ServiceCaller[] = names
        .filter((other) => (services[other].calls ?? []).includes(name))
        .map((other) => ({ name: other, securityGroupId: groups.get(other)?.[0] ?? "" }));
      const routes = entry.routes === undefined ? undefined : { ...entry.routes, priority: check.priorities.get(name) };
      const service = new FargateService(
        name,
        {
          ...rest,
          platform: this.platform,
          environmentVariables: { ...entry.environmentVariables, ...this.calleeUrls(calls ?? [], services) },
          capacityProviderStrategy: entry.capacityProviderStrategy ?? this.options.capacityProviderStrategy,
          dependsOn: [...(this.options.dependsOn ?? []), ...(entry.dependsOn ?? [])],
          routes,
          callers,
        },
        this.options.opts,
      );
      groups.get(name)?.[1](service.securityGroupId);
      created[name] = service;
      this.added.set(name, service);
      if (routes?.priority !== undefined)
        this.claims.push({
          service: name,
          pathPatterns: routes.pathPatterns ?? [],
          hostHeaders: routes.hostHeaders ?? [],
          priority: routes.priority,
        });
    }
    return created;
  }

  /** `<CALLEE>_URL` → `calleeUrl` for each callee (Cloud Map DNS name = Service Connect alias; no hard-coded namespace). */
  private calleeUrls(calls: readonly string[], services: ServiceSetArgs): Record<string, pulumi.Input<string>> {
    const namespace = this.platform.discovery?.namespaceName ?? "";
    return Object.fromEntries(
      [...calls]
        .sort()
        .map((callee) => [calleeUrlVariable(callee), calleeUrl(callee, namespace, services[callee]?.port ?? SERVICE_DEFAULTS.port)]),
    );
  }
}
