import * as assert from "node:assert/strict";
import { AWS_DEFAULT_ROLLOUT_SECONDS, rolloutBudgetSeconds } from "../../stacks/rollout";
import { one } from "../support/run-program";
import { captured, type Stack } from "../support/captured";

/**
 * The rollout budget (grace + healthy threshold × interval + deregistration delay) computed from what the
 * program actually registers, per service: dev ≤ 60 s, prod ≤ 90 s, against AWS's ~450 s defaults.
 */
describe("rollout budget", () => {
  it("AWS's defaults cost 450 s", () => assert.equal(AWS_DEFAULT_ROLLOUT_SECONDS, 450));

  const limits: [Stack, number, number][] = [
    ["dev", 60, 60],
    ["prod", 90, 70],
  ];
  for (const [stack, limit, expected] of limits) {
    it(`${stack}: every service's budget is ${expected} s (limit ${limit} s)`, async () => {
      const run = await captured(stack);
      for (const svc of ["customer-service", "movie-service"]) {
        const tg = one(run, "aws:lb/targetGroup:TargetGroup", `${svc}-tg`).inputs;
        const hc = tg["healthCheck"] as { healthyThreshold: number; interval: number };
        const grace = one(run, "aws:ecs/service:Service", `${svc}-svc`).inputs["healthCheckGracePeriodSeconds"];
        const budget = rolloutBudgetSeconds({
          healthCheckGracePeriodSeconds: Number(grace),
          healthyThreshold: hc.healthyThreshold,
          intervalSeconds: hc.interval,
          deregistrationDelaySeconds: Number(tg["deregistrationDelay"]),
        });
        assert.equal(budget, expected, svc);
        assert.ok(budget <= limit);
      }
    });
  }
});
