/** The offline gate on the dev stack sees every service's verifier and judges it: nothing unevaluated, its request checked. */
import * as assert from "node:assert/strict";
import { VERIFICATION_TYPE } from "../../../components/deployment-verifier/type";
import type { GateResult } from "../../../preview/gate";
import { gated } from "../../support/captured";

describe("offline gate: the deployment verifier (dev stack)", () => {
  let result: GateResult;
  before(async () => {
    result = await gated("dev");
  });

  it("one verifier per service, parented to its FargateService", () => {
    const verifiers = result.capture.recorded.map((r) => r.resource).filter((r) => r.type === VERIFICATION_TYPE);
    assert.deepEqual(
      verifiers.map((v) => [v.name, v.parent?.split("::").pop()]),
      [
        ["customer-service-verify", "customer-service"],
        ["movie-service-verify", "movie-service"],
      ],
    );
  });

  it("is judged: not in Not evaluated, not in the aws-api not-checked list, no finding, no policy violation on it", () => {
    assert.deepEqual(result.notEvaluated, []);
    assert.deepEqual(
      result.api.notChecked.filter((n) => n.type === VERIFICATION_TYPE),
      [],
    );
    assert.deepEqual(result.api.findings, []);
    assert.deepEqual(
      result.report.violations.filter((v) => v.urn?.includes(VERIFICATION_TYPE)),
      [],
    );
    // Negative control for the filters above: the same lists do name other resources (the docker images).
    assert.ok(result.api.notChecked.some((n) => n.type === "docker:index/image:Image"));
  });
});
