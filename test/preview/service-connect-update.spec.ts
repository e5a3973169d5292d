/**
 * The migration from Cloud Map DNS to Service Connect as `pulumi up` would run it on prod: each step planned
 * against the previous one's document. Every change is in place except the DNS services' deletion at the end,
 * and no update check or mandatory policy objects.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyConfigSetting } from "../../preview/config-override";
import { REPO_ROOT, runGate, type GateResult } from "../../preview/gate";
import { gated } from "../support/captured";
import { buildPreviewDocument } from "../../preview/report/json";
import type { UpdatePlan } from "../../preview/update/plan";
import { prodConfigWithCertificate } from "../support/prod-certificate";

const changed = (plan: UpdatePlan): string[] =>
  plan.steps
    .filter((s) => s.op !== "same")
    .map(
      (s) =>
        `${s.op} ${s.name}${s.replaceReasons.length ? ` (${s.replaceReasons.join(",")})` : s.diffReasons.length ? ` [${s.diffReasons.join(",")}]` : ""}`,
    )
    .sort();
const findings = (g: GateResult): string[] =>
  g.report.violations
    .filter((v) => v.enforcementLevel === "mandatory" || v.policy.startsWith("update-"))
    .map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::").pop()}`);

describe("migration to Service Connect on prod, step by step (update plans)", function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-sc-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (discovery: Record<string, string>) =>
    Object.entries(discovery).reduce((c, [k, v]) => applyConfigSetting(c, `dockyard:discovery.${k}`, v), prodConfigWithCertificate());
  let previous: string | undefined;
  const documents = new Map<string, string>();
  async function step(discovery: Record<string, string>, against = previous): Promise<GateResult> {
    // The first step (cloudmap, nothing before it) is prod as gated: the shared run.
    const g =
      Object.keys(discovery).length === 0 && against === undefined
        ? await gated("prod")
        : await runGate({
            projectDir: REPO_ROOT,
            stack: "prod",
            configOverride: config(discovery),
            ...(against ? { previousFile: against } : {}),
          });
    previous = path.join(dir, `${Object.values(discovery).join("-") || "cloudmap"}.json`);
    fs.writeFileSync(previous, JSON.stringify(buildPreviewDocument(g)));
    documents.set(discovery["mode"] ?? "cloudmap", previous);
    return g;
  }

  it("cloudmap → both → restart callers → serviceConnect", async () => {
    await step({});
    const one = await step({ mode: "both" });
    assert.deepStrictEqual(changed(one.update!), [
      "update customer-service-svc [serviceConnectConfiguration]",
      "update customer-service-verify [serviceSettings]",
      "update movie-service-in-customer-service [description]",
      "update movie-service-out-from-customer-service [description]",
      "update movie-service-svc [serviceConnectConfiguration]",
      "update movie-service-verify [serviceSettings]",
    ]);
    assert.deepStrictEqual(findings(one), []);

    const two = await step({ mode: "both", restartToken: "sc-1" });
    assert.deepStrictEqual(changed(two.update!), [
      "update customer-service-svc [triggers]",
      "update customer-service-verify [serviceSettings]",
    ]);
    assert.deepStrictEqual(findings(two), []);

    const three = await step({ mode: "serviceConnect", restartToken: "sc-1" });
    assert.deepStrictEqual(changed(three.update!), [
      "delete customer-service-discovery",
      "delete movie-service-discovery",
      "update customer-service-svc [serviceRegistries]",
      "update customer-service-verify [serviceSettings]",
      "update movie-service-in-customer-service [description]",
      "update movie-service-out-from-customer-service [description]",
      "update movie-service-svc [serviceRegistries]",
      "update movie-service-verify [serviceSettings]",
    ]);
    assert.deepStrictEqual(findings(three), []);
  });

  it("update-discovery-switch: skipping `both` is refused in either direction, with the way out", async () => {
    const fix =
      "Fix: Go through both: keep serviceRegistries while Service Connect is turned on, restart the callers, then drop one (dockyard: discovery.mode both, then restartToken, then serviceConnect; see the README).";
    const messages = (g: GateResult) =>
      g.report.violations
        .filter((v) => v.policy === "update-discovery-switch")
        .map((v) => `${v.enforcementLevel} ${v.urn.split("::").pop()}: ${v.detail}`);
    const forward = await step({ mode: "serviceConnect" }, documents.get("cloudmap"));
    assert.deepStrictEqual(
      messages(forward),
      ["customer-service-svc", "movie-service-svc"].map(
        (n) =>
          `mandatory ${n}: drops its Cloud Map DNS registration (serviceRegistries) in the update that turns Service Connect on. ${fix}`,
      ),
    );
    const back = await step({}, documents.get("serviceConnect"));
    assert.deepStrictEqual(
      messages(back),
      ["customer-service-svc", "movie-service-svc"].map(
        (n) => `mandatory ${n}: turns Service Connect off in the update that registers it in Cloud Map DNS (serviceRegistries). ${fix}`,
      ),
    );
  });
});
