/**
 * What AWS (or the ECS deployment model) would refuse in a `deployment` setting, as structured problems: pure,
 * so stack config and the component report the same thing, each in its own words (a YAML path, a component arg).
 */
import { MIN_RULE_PRIORITY, ruleConditionProblems } from "../aws-rules";
import {
  DEPLOYMENT_LIMITS as L,
  DEPLOYMENT_STRATEGIES,
  LIFECYCLE_STAGES,
  resolveDeployment,
  shiftsTraffic,
  type DeploymentArgs,
} from "./deployment-args";

/** One problem: the field under `deployment` (`canary.percent`, `lifecycleHooks.0.stages`), its value, what is allowed, the fix. */
export interface DeploymentProblem {
  field: string;
  value: unknown;
  allowed: string;
  fix: string;
}

/** The service around the setting, as far as the checks need it. */
export interface DeploymentContext {
  /** The service's ALB routes; `undefined` for an internal-only service. */
  routes?: { pathPatterns: readonly string[]; hostHeaders: readonly string[]; priority?: number };
}

/** ECS lifecycle hook targets: a Lambda function ARN, optionally qualified by a version or alias. */
export const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
/** An HTTP header name ALB can match: an RFC 9110 token of at most 40 characters. */
export const TEST_HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/;
/** The value the test rule matches in the test header. */
export const TEST_HEADER_VALUE = "true";

const range = (what: string, min: number, max: number, integer: boolean) =>
  `${integer ? "an integer" : "a number"} from ${min} to ${max} (${what})`;

function outside(v: number, min: number, max: number, integer: boolean): boolean {
  return !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v));
}

/** Every problem of `d` for a service in `ctx`, in field order. */
export function deploymentProblems(d: DeploymentArgs | undefined, ctx: DeploymentContext): DeploymentProblem[] {
  if (d === undefined) return [];
  const out: DeploymentProblem[] = [];
  const push = (field: string, value: unknown, allowed: string, fix: string) => out.push({ field, value, allowed, fix });
  if (d.strategy !== undefined && !(DEPLOYMENT_STRATEGIES as readonly string[]).includes(d.strategy)) {
    push(
      "strategy",
      d.strategy,
      `one of ${DEPLOYMENT_STRATEGIES.map((s) => `"${s}"`).join(", ")}`,
      "pick one of the strategies the README describes",
    );
    return out;
  }
  const r = resolveDeployment(d);
  const shifting = shiftsTraffic(r.strategy);
  if (shifting && ctx.routes === undefined) {
    push(
      "strategy",
      r.strategy,
      '"rolling" for a service without routes: blue/green, canary and linear shift ALB traffic between two target groups',
      "add `routes` to the service, or use `strategy: rolling`",
    );
  }
  const bakeLimit = L.bakeTimeMinutes;
  if (d.bakeTimeMinutes !== undefined) {
    if (!shifting)
      push(
        "bakeTimeMinutes",
        d.bakeTimeMinutes,
        'unset with strategy "rolling" (a rolling update has no bake time)',
        "remove `bakeTimeMinutes`, or pick a traffic-shifting strategy",
      );
    else if (outside(d.bakeTimeMinutes, bakeLimit.min, bakeLimit.max, true))
      push(
        "bakeTimeMinutes",
        d.bakeTimeMinutes,
        range("minutes; ECS bakeTimeInMinutes", bakeLimit.min, bakeLimit.max, true),
        "pick a whole number of minutes up to 1440 (24 h)",
      );
  }
  if (d.canary !== undefined) {
    if (r.strategy !== "canary")
      push("canary", d.canary, 'unset unless strategy is "canary"', "remove `canary`, or set `strategy: canary`");
    else {
      const p = L.canaryPercent;
      if (d.canary.percent !== undefined && outside(d.canary.percent, p.min, p.max, false))
        push(
          "canary.percent",
          d.canary.percent,
          range("percent of production traffic; ECS canaryPercent", p.min, p.max, false),
          "pick a share such as 10",
        );
      if (d.canary.bakeTimeMinutes !== undefined && outside(d.canary.bakeTimeMinutes, bakeLimit.min, bakeLimit.max, true))
        push(
          "canary.bakeTimeMinutes",
          d.canary.bakeTimeMinutes,
          range("minutes; ECS canaryBakeTimeInMinutes", bakeLimit.min, bakeLimit.max, true),
          "pick a whole number of minutes up to 1440",
        );
    }
  }
  if (d.linear !== undefined) {
    if (r.strategy !== "linear")
      push("linear", d.linear, 'unset unless strategy is "linear"', "remove `linear`, or set `strategy: linear`");
    else {
      const p = L.linearStepPercent;
      if (d.linear.stepPercent !== undefined && outside(d.linear.stepPercent, p.min, p.max, false))
        push(
          "linear.stepPercent",
          d.linear.stepPercent,
          range("percent of production traffic per step; ECS stepPercent", p.min, p.max, false),
          "pick a step such as 25",
        );
      if (d.linear.stepBakeTimeMinutes !== undefined && outside(d.linear.stepBakeTimeMinutes, bakeLimit.min, bakeLimit.max, true))
        push(
          "linear.stepBakeTimeMinutes",
          d.linear.stepBakeTimeMinutes,
          range("minutes; ECS stepBakeTimeInMinutes", bakeLimit.min, bakeLimit.max, true),
          "pick a whole number of minutes up to 1440",
        );
    }
  }
  hookProblems(r.lifecycleHooks, shifting, push);
  if (d.testHeaderName !== undefined && !TEST_HEADER_NAME.test(d.testHeaderName)) {
    push(
      "testHeaderName",
      d.testHeaderName,
      "an HTTP header name of 1–40 characters: letters, digits and !#$%&'*+.^_`|~-",
      "use a name such as x-dockyard-test",
    );
  }
  if (shifting && ctx.routes !== undefined) testRuleProblems(ctx.routes, push);
  alarmProblems(r.alarms, push);
  return out;
}

type Push = (field: string, value: unknown, allowed: string, fix: string) => void;

function hookProblems(hooks: DeploymentArgs["lifecycleHooks"] & object, shifting: boolean, push: Push): void {
  if (hooks.length === 0) return;
  if (!shifting) {
    push(
      "lifecycleHooks",
      hooks.length,
      'no hooks with strategy "rolling" (ECS runs lifecycle hooks in blue/green, canary and linear deployments)',
      "remove `lifecycleHooks`, or pick a traffic-shifting strategy",
    );
    return;
  }
  if (hooks.length > L.lifecycleHooks.max)
    push("lifecycleHooks", hooks.length, `at most ${L.lifecycleHooks.max} hooks`, "combine checks into fewer functions");
  hooks.forEach((h, i) => {
    if (!LAMBDA_FUNCTION_ARN.test(h.functionArn))
      push(
        `lifecycleHooks.${i}.functionArn`,
        h.functionArn,
        "a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]",
        "copy the function's ARN from `aws lambda get-function`",
      );
    if (h.stages.length === 0)
      push(`lifecycleHooks.${i}.stages`, h.stages, `at least one of ${LIFECYCLE_STAGES.join(", ")}`, "list the stages the hook checks");
    const seen = new Set<string>();
    h.stages.forEach((s, j) => {
      if (!(LIFECYCLE_STAGES as readonly string[]).includes(s))
        push(
          `lifecycleHooks.${i}.stages.${j}`,
          s,
          `one of ${LIFECYCLE_STAGES.join(", ")} (ECS DeploymentLifecycleHookStage)`,
          "use one of the listed stage names",
        );
      else if (seen.has(s)) push(`lifecycleHooks.${i}.stages.${j}`, s, "each stage once per hook", "remove the repeated stage");
      seen.add(s);
    });
  });
}

/** The test rule: the production conditions plus one header value, one priority before the production rule. */
function testRuleProblems(routes: NonNullable<DeploymentContext["routes"]>, push: Push): void {
  const [condition] = ruleConditionProblems({
    pathPatterns: routes.pathPatterns,
    hostHeaders: routes.hostHeaders,
    other: [TEST_HEADER_VALUE],
  }).filter((p) => p.field === "conditions");
  if (condition !== undefined) {
    push(
      "strategy",
      "test listener rule",
      `routes that leave room for the test rule's header condition: ${condition.allowed}`,
      "route one fewer path or host, or use `strategy: rolling` (no test rule)",
    );
  }
  if (routes.priority !== undefined && routes.priority - 1 < MIN_RULE_PRIORITY) {
    push(
      "strategy",
      routes.priority,
      `a production rule priority above ${MIN_RULE_PRIORITY}: the test rule takes the priority just before it`,
      "raise `routes.priority`, or leave it unset",
    );
  }
}

function alarmProblems(a: ReturnType<typeof resolveDeployment>["alarms"], push: Push): void {
  const e = L.errorPercent;
  if (outside(a.errorPercent, e.min, e.max, false))
    push(
      "alarms.errorPercent",
      a.errorPercent,
      range("percent of target responses that are 5xx", e.min, e.max, false),
      "pick a share such as 5",
    );
  const t = L.responseTimeSeconds;
  if (outside(a.responseTimeSeconds, t.min, t.max, false))
    push(
      "alarms.responseTimeSeconds",
      a.responseTimeSeconds,
      range("seconds of p99 target response time", t.min, t.max, false),
      "pick a latency such as 2",
    );
  const p = L.periodSeconds;
  if (outside(a.periodSeconds, p.min, p.max, true) || a.periodSeconds % 60 !== 0)
    push(
      "alarms.periodSeconds",
      a.periodSeconds,
      `a multiple of 60 from ${p.min} to ${p.max} (ALB metrics are published per minute)`,
      "use 60",
    );
  const n = L.evaluationPeriods;
  if (outside(a.evaluationPeriods, n.min, n.max, true))
    push("alarms.evaluationPeriods", a.evaluationPeriods, range("periods", n.min, n.max, true), "use 3");
  if (outside(a.datapointsToAlarm, 1, Math.max(1, a.evaluationPeriods), true))
    push(
      "alarms.datapointsToAlarm",
      a.datapointsToAlarm,
      range("breaching periods, at most alarms.evaluationPeriods", 1, a.evaluationPeriods, true),
      "lower datapointsToAlarm or raise evaluationPeriods",
    );
}
