import * as assert from "node:assert/strict";
import { deploymentTiming, ECS_STRATEGY, resolveDeployment, type DeploymentStrategy } from "../../components/deployment";
import { rolloutBudgetSeconds } from "../../stacks/rollout";
import { prodCertificateOverride } from "../support/prod-certificate";
import { one, runProgram } from "../support/run-program";

/**
 * "Time until 100 % of traffic" (README, Rollout budget) per strategy, and for dev and prod computed from what the
 * program registers: the rollout budget from the target group and service, the shifting from
 * `deploymentConfiguration`.
 */
describe("deployment timing: time until 100 % of traffic", () => {
  it("per strategy, from a 70 s rollout budget", () => {
    const t = (strategy: DeploymentStrategy, extra: object = {}) => deploymentTiming(resolveDeployment({ strategy, ...extra }), 70);
    assert.deepEqual(t("rolling"), { untilFullTraffic: 70, untilOldTasksStop: 70 });
    assert.deepEqual(t("blueGreen"), { untilFullTraffic: 70, untilOldTasksStop: 370 });
    assert.deepEqual(t("canary"), { untilFullTraffic: 370, untilOldTasksStop: 670 });
    // 25 % steps: 25, 50, 75, 100 — three waits of 2 min.
    assert.deepEqual(t("linear"), { untilFullTraffic: 70 + 3 * 120, untilOldTasksStop: 70 + 360 + 300 });
    assert.deepEqual(t("linear", { linear: { stepPercent: 30, stepBakeTimeMinutes: 1 } }), {
      untilFullTraffic: 70 + 3 * 60,
      untilOldTasksStop: 70 + 180 + 300,
    });
  });

  const expected: [string, number, number][] = [
    ["dev", 60, 60],
    ["prod", 370, 670],
  ];
  for (const [stack, full, old] of expected) {
    it(`${stack}: ${full} s until 100 % of traffic, old tasks gone after ${old} s`, async () => {
      const run = await runProgram(stack, stack === "prod" ? prodCertificateOverride() : {});
      for (const svc of ["customer-service", "movie-service"]) {
        const tg = one(run, "aws:lb/targetGroup:TargetGroup", `${svc}-tg`).inputs;
        const hc = tg["healthCheck"] as { healthyThreshold: number; interval: number };
        const service = one(run, "aws:ecs/service:Service", `${svc}-svc`).inputs;
        const budget = rolloutBudgetSeconds({
          healthCheckGracePeriodSeconds: Number(service["healthCheckGracePeriodSeconds"]),
          healthyThreshold: hc.healthyThreshold,
          intervalSeconds: hc.interval,
          deregistrationDelaySeconds: Number(tg["deregistrationDelay"]),
        });
        const config = service["deploymentConfiguration"] as {
          strategy: string;
          bakeTimeInMinutes?: string;
          canaryConfiguration?: { canaryPercent: number; canaryBakeTimeInMinutes: string };
        };
        const strategy = (Object.keys(ECS_STRATEGY) as DeploymentStrategy[]).find((k) => ECS_STRATEGY[k] === config.strategy);
        assert.ok(strategy !== undefined, config.strategy);
        const registered = resolveDeployment({
          strategy,
          bakeTimeMinutes: config.bakeTimeInMinutes === undefined ? undefined : Number(config.bakeTimeInMinutes),
          canary:
            config.canaryConfiguration === undefined
              ? undefined
              : {
                  percent: config.canaryConfiguration.canaryPercent,
                  bakeTimeMinutes: Number(config.canaryConfiguration.canaryBakeTimeInMinutes),
                },
        });
        assert.deepEqual(deploymentTiming(registered, budget), { untilFullTraffic: full, untilOldTasksStop: old }, svc);
        // Canary in prod brings the alternate group, the test rule and the infrastructure role; rolling in dev none of them.
        const shifting = [
          "aws:lb/targetGroup:TargetGroup tg-alt",
          "aws:lb/listenerRule:ListenerRule test-rule",
          "aws:iam/role:Role infra-role",
          "aws:iam/rolePolicy:RolePolicy infra-policy",
        ].filter((x) => {
          const [type, suffix] = x.split(" ");
          return run.resources.some((r) => r.type === type && r.name === `${svc}-${suffix}`);
        });
        assert.equal(shifting.length, stack === "prod" ? 4 : 0, `${svc}: ${shifting.join(", ")}`);
      }
    });
  }
});
