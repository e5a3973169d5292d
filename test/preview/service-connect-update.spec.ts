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
  /** Gates prod with these discovery settings, planned against the preview document `against` if given. */
  const gate = (discovery: Record<string, string>, against?: string): Promise<GateResult> =>
    // No settings and nothing before it: prod as gated, the shared run.
    Object.keys(discovery).length === 0 && against === undefined
      ? gated("prod")
      : runGate({
          projectDir: REPO_ROOT,
          stack: "prod",
          configOverride: config(discovery),
          ...(against ? { previousFile: against } : {}),
        });
  /** Writes a run's preview document (what the next step plans against) under a name unique in this file. */
  function save(name: string, g: GateResult): string {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(buildPreviewDocument(g)));
    return file;
  }

  interface Step {
    gate: GateResult;
    /** The step's preview document, for the next step's `previousFile`. */
    document: string;
  }
  async function step(name: string, discovery: Record<string, string>, previous?: Step): Promise<Step> {
    const g = await gate(discovery, previous?.document);
    return { gate: g, document: save(name, g) };
  }
  // Each run is memoised: every test awaits what it uses, so any test passes alone (`-g`) and no run repeats.
  let cloudmapRun: Promise<Step> | undefined;
  /** Prod before the migration (Cloud Map DNS only). */
  const cloudmap = (): Promise<Step> => (cloudmapRun ??= step("cloudmap", {}));
  let migrationRun: Promise<{ both: Step; restarted: Step; serviceConnect: Step }> | undefined;
  /** The migration as `pulumi up` would run it: each step planned against the previous one's document. */
  const migration = () =>
    (migrationRun ??= (async () => {
      const both = await step("both", { mode: "both" }, await cloudmap());
      const restarted = await step("both-sc-1", { mode: "both", restartToken: "sc-1" }, both);
      const serviceConnect = await step("serviceConnect-sc-1", { mode: "serviceConnect", restartToken: "sc-1" }, restarted);
      return { both, restarted, serviceConnect };
    })());

  it("cloudmap → both → restart callers → serviceConnect", async () => {
    const { both, restarted, serviceConnect } = await migration();
    const one = both.gate;
    assert.deepStrictEqual(changed(one.update!), [
      "update customer-service-svc [serviceConnectConfiguration]",
      "update customer-service-verify [serviceSettings]",
      "update movie-service-in-customer-service [description]",
      "update movie-service-out-from-customer-service [description]",
      "update movie-service-svc [serviceConnectConfiguration]",
      "update movie-service-verify [serviceSettings]",
    ]);
    assert.deepStrictEqual(findings(one), []);

    const two = restarted.gate;
    assert.deepStrictEqual(changed(two.update!), [
      "update customer-service-svc [triggers]",
      "update customer-service-verify [serviceSettings]",
    ]);
    assert.deepStrictEqual(findings(two), []);

    const three = serviceConnect.gate;
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
    // Straight from Cloud Map to Service Connect, then straight back from that state.
    const forward = await step("serviceConnect-from-cloudmap", { mode: "serviceConnect" }, await cloudmap());
    assert.deepStrictEqual(
      messages(forward.gate),
      ["customer-service-svc", "movie-service-svc"].map(
        (n) =>
          `mandatory ${n}: drops its Cloud Map DNS registration (serviceRegistries) in the update that turns Service Connect on. ${fix}`,
      ),
    );
    const back = await gate({}, forward.document);
    assert.deepStrictEqual(
      messages(back),
      ["customer-service-svc", "movie-service-svc"].map(
        (n) => `mandatory ${n}: turns Service Connect off in the update that registers it in Cloud Map DNS (serviceRegistries). ${fix}`,
      ),
    );
  });
});
