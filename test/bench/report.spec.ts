/** The bench's arithmetic and tables (the numbers themselves are printed by `npm run bench`, never asserted). */
import * as assert from "assert";
import { baselinesTable, cdkTable, median, sdkTable, summarize, type SizeRuns } from "../../bench/report";

const gate = (wallMs: number, gateMs: number) => ({
  services: 10,
  resources: 200,
  wallMs,
  cpuMs: wallMs / 2,
  gateMs,
  gateCpuMs: gateMs / 2,
  programMs: gateMs / 2,
  policyMs: 100,
});
const sdk = (registerMs: number) => ({
  resources: 200,
  registerMs,
  registerCpuMs: registerMs / 4,
  wallMs: registerMs + 500,
  cpuMs: registerMs,
});

describe("bench report", () => {
  it("median: odd, even, empty", () => {
    assert.strictEqual(median([3, 1, 2]), 2);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it("summarize: medians per field, ms per resource and the ratios to the SDK and to CDK", () => {
    const runs: SizeRuns = {
      services: 10,
      gate: [gate(3000, 1000), gate(1000, 600), gate(2000, 800)],
      sdk: [sdk(400), sdk(200), sdk(300)],
      cdk: [
        { resources: 150, wallMs: 8000, cpuMs: 6000, nagRules: 4 },
        { resources: 150, wallMs: 4000, cpuMs: 2000, nagRules: 4 },
      ],
    };
    const s = summarize(runs);
    assert.strictEqual(s.runs, 3);
    assert.strictEqual(s.gate.wallMs, 2000);
    assert.strictEqual(s.gateMsPerResource, 4);
    assert.strictEqual(s.programMsPerResource, 2);
    assert.strictEqual(s.sdkMsPerResource, 1.5);
    assert.strictEqual(s.gateToSdk, 4 / 1.5);
    // CPU: gate 400 ms / 200 resources against the SDK's 75 ms / 200.
    assert.strictEqual(s.gateToSdkCpu, 400 / 75);
    assert.strictEqual(s.cdk?.wallMs, 6000);
    assert.strictEqual(s.gateToCdkWall, 2000 / 6000);
    assert.strictEqual(s.gateToCdkCpu, 1000 / 4000);
  });

  it("without CDK samples there is no CDK ratio, and the CDK table says so with dashes", () => {
    const s = summarize({ services: 1, gate: [gate(1500, 500)], sdk: [sdk(100)], cdk: [] });
    assert.strictEqual(s.cdk, undefined);
    assert.strictEqual(s.gateToCdkWall, undefined);
    assert.strictEqual(cdkTable([s]).split("\n")[2], "| 1 | 200 | 1.50 | 0.75 | – | – | – | – | – |");
  });

  it("formats the SDK table row: seconds with 2 decimals, ms per resource, ratios with ×", () => {
    const s = summarize({
      services: 10,
      gate: [gate(2500, 900)],
      sdk: [sdk(300)],
      cdk: [{ resources: 150, wallMs: 5000, cpuMs: 4000, nagRules: 4 }],
    });
    assert.strictEqual(
      sdkTable([s]).split("\n")[2],
      "| 10 | 200 | 2.50 | 1.25 | 900 | 450 | 100 | 4.50 | 2.25 | 1.50 | 3.00× | 1.50× | 6.00× |",
    );
    assert.strictEqual(cdkTable([s]).split("\n")[2], "| 10 | 200 | 2.50 | 1.25 | 150 | 5.00 | 4.00 | 0.50× | 0.31× |");
  });

  it("the baselines table: the goal's (set inputs) and the two others, each with the gate's ratio to it; dashes when one was not measured", () => {
    const measured = summarize({
      services: 100,
      gate: [gate(5000, 1000)],
      sdk: [sdk(500)],
      sdkDeclared: [sdk(1000), sdk(1200), sdk(800)],
      sdkLean: [sdk(250)],
      cdk: [],
    });
    assert.strictEqual(measured.sdkDeclaredMsPerResource, 5);
    assert.strictEqual(measured.gateToSdkDeclared, 1);
    assert.strictEqual(measured.gateToSdkLean, 4);
    assert.strictEqual(baselinesTable([measured]).split("\n")[2], "| 100 | 5.00 | 2.50 | 2.00× | 5.00 | 1.00× | 1.25 | 4.00× |");
    const goalOnly = summarize({ services: 1, gate: [gate(5000, 1000)], sdk: [sdk(500)], cdk: [] });
    assert.strictEqual(goalOnly.gateToSdkLean, undefined);
    assert.strictEqual(baselinesTable([goalOnly]).split("\n")[2], "| 1 | 5.00 | 2.50 | 2.00× | – | – | – | – |");
  });

  it("a size without gate samples is an error, not a row of zeros", () => {
    assert.throws(() => summarize({ services: 30, gate: [], sdk: [], cdk: [] }), /size 30: no gate or SDK sample/);
  });
});
