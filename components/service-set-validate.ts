/**
 * The rules that span the services of one set (one listener, one namespace): calls name services of the set and
 * never collide with a variable the service sets itself; no two routes conflict or shadow each other; listener
 * priorities are allocated once; target group names differ. Pure: returns `Problem`s (with `service` set) and
 * the allocated priorities.
 */
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_DEFAULTS } from "./defaults";
import { envName, targetGroupName, type NameScope } from "./naming";
import type { Problem } from "./problems";
import { findWildcardHostShadows, reorderFix } from "./route-order";
import { clientAliasName } from "./service-connect";
import {
  allocatePriorities,
  DEFAULT_PRIORITY_BANDS,
  findRouteConflicts,
  findShadowedRoutes,
  type PriorityBands,
  type RouteClaim,
} from "./routes";
import type { ServiceArgsToCheck } from "./validate";

/** What the set rules need of one service. */
export type SetMember = ServiceArgsToCheck & {
  /** Services of the same set this one calls. @default [] */
  readonly calls?: readonly string[];
};

/** Problems across `members` (by name), given the claims already on the listener; and every member's priority. */
export interface SetCheck {
  problems: Problem[];
  /** Priority of each routed member (explicit, or allocated). */
  priorities: Map<string, number>;
}

/** `<CALLEE>_URL`, the variable a caller gets for each service it calls. */
export function calleeUrlVariable(callee: string): string {
  return `${envName(callee)}_URL`;
}

/**
 * The value of `<CALLEE>_URL`: `http://<callee>.<namespace>:<port>`. The host is the Cloud Map DNS name and also
 * the Service Connect client alias (`clientAliasName`), so the URL is the same in every discovery mode.
 */
export function calleeUrl(callee: string, namespaceName: pulumi.Input<string>, port: number): pulumi.Input<string> {
  const host = clientAliasName(callee, namespaceName);
  return typeof host === "string" ? `http://${host}:${port}` : pulumi.interpolate`http://${host}:${port}`;
}

/**
 * Checks `members` together (and against `existing` claims of services added earlier to the same listener).
 * `scope` and `vpcCidr` name the target groups; unset priorities are allocated inside `bands`.
 */
export function serviceSetProblems(
  members: Readonly<Record<string, SetMember>>,
  existing: readonly RouteClaim[],
  scope: NameScope,
  vpcCidr: string,
  bands: PriorityBands = DEFAULT_PRIORITY_BANDS,
): SetCheck {
  const names = Object.keys(members).sort();
  const problems: Problem[] = [...callProblems(members, names)];
  const claims: RouteClaim[] = names.flatMap((name) => {
    const r = members[name].routes;
    return r === undefined
      ? []
      : [{ service: name, pathPatterns: r.pathPatterns ?? [], hostHeaders: r.hostHeaders ?? [], priority: r.priority }];
  });
  const all = [...existing, ...claims];
  const conflicts = findRouteConflicts(all);
  const conflict = conflicts.find((c) => members[c.service] !== undefined) ?? conflicts[0];
  if (conflict !== undefined) {
    problems.push({
      service: conflict.service,
      field: ["routes", conflict.field],
      value: conflict.value,
      allowed: `a ${conflict.field === "priority" ? "priority" : "route"} no other service uses (${conflict.message})`,
      fix: "give one of the two services a different value",
    });
  }
  const priorities = allocatePriorities(all, bands);
  const taken = new Set(priorities.values());
  const shadowed = findShadowedRoutes(all, priorities)[0];
  if (shadowed !== undefined) {
    const { service, by, broad, narrow, priority, byPriority } = shadowed;
    problems.push({
      service,
      field: ["routes", "priority"],
      value: priority,
      allowed: `an order that evaluates this rule before service "${by}"'s (priority ${byPriority}): "${by}" routes "${broad}", which also matches "${narrow}", and ALB evaluates the lower priority first`,
      fix: reorderFix(service, by, priority, byPriority, taken),
    });
  }
  const wild = findWildcardHostShadows(all, priorities)[0];
  if (wild !== undefined) {
    const { service, host, by, byHost, path, priority, byPriority, mutual } = wild;
    problems.push(
      mutual
        ? {
            service,
            field: ["routes", "hostHeaders"],
            value: all.find((c) => c.service === service)?.hostHeaders,
            allowed: `host patterns that cannot match the same host as another service's on the same path: "${by}" routes "${byHost}" and this service "${host}" on path "${path}", so whichever ALB evaluates first takes the other's requests`,
            fix: `list exact hosts, or narrow "${host}" or "${by}"'s "${byHost}" so no host matches both`,
          }
        : {
            service,
            field: ["routes", "priority"],
            value: priority,
            allowed: `an order that evaluates this rule before service "${by}"'s (priority ${byPriority}): "${by}" routes host "${byHost}", which also matches "${host}", on path "${path}", and ALB evaluates the lower priority first`,
            fix: reorderFix(service, by, priority, byPriority, taken),
          },
    );
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const tg = targetGroupName(scope, name, { port: members[name].port ?? SERVICE_DEFAULTS.port, vpcCidr });
    const other = seen.get(tg);
    if (other !== undefined)
      problems.push({
        service: name,
        field: [],
        value: name,
        allowed: `a name whose target group name differs from service "${other}"`,
        fix: "shorten or rename one of the services",
      });
    seen.set(tg, name);
  }
  return { problems, priorities: new Map([...priorities].filter(([n]) => members[n] !== undefined)) };
}

function callProblems(members: Readonly<Record<string, SetMember>>, names: readonly string[]): Problem[] {
  for (const name of names) {
    const calls = members[name].calls ?? [];
    for (const callee of calls) {
      if (callee === name || members[callee] === undefined) {
        return [
          {
            service: name,
            field: ["calls"],
            value: calls,
            allowed: `names of other services in this stack: ${names.filter((n) => n !== name).join(", ") || "(none)"}`,
            fix: `remove "${callee}" from the list or add that service`,
          },
        ];
      }
    }
    for (const callee of calls) {
      const injected = calleeUrlVariable(callee);
      const env = members[name].environmentVariables ?? {};
      const secrets = members[name].secrets ?? {};
      for (const [field, values] of [
        ["environmentVariables", env],
        ["secrets", secrets],
      ] as const) {
        if (Object.prototype.hasOwnProperty.call(values, injected)) {
          return [
            {
              service: name,
              field: [field, injected],
              value: values[injected],
              allowed: `a variable other than ${injected}: the platform sets it to "${callee}"'s Cloud Map URL because \`calls\` lists "${callee}"`,
              fix: `remove {{.${field}.${injected}}} (the injected URL is http://${callee}.<namespace>:<port>), or remove "${callee}" from \`calls\``,
            },
          ];
        }
      }
    }
  }
  return [];
}
