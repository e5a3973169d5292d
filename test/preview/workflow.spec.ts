/**
 * The users' CI workflow can't run here, so we check what can be checked offline: it is valid YAML, the offline
 * gate runs on every pull request and insists on exit 1 for the insecure example, and the real-preview job is
 * gated on credentials (and never runs for forks, which get no secrets).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const FILE = path.resolve(__dirname, "../../.github/workflows/policy-gate.yml");

interface Step {
  name?: string;
  run?: string;
  uses?: string;
}
interface Job {
  if?: string;
  needs?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

function load(): { on: Record<string, unknown>; jobs: Record<string, Job> } {
  const doc = YAML.parseDocument(fs.readFileSync(FILE, "utf8"));
  assert.deepStrictEqual(doc.errors, []);
  return doc.toJS();
}

describe("CI workflow (.github/workflows/policy-gate.yml)", () => {
  it("runs the offline gate on every pull request: tests, dev, prod, and the insecure example must exit 1", () => {
    const workflow = load();
    assert.ok("pull_request" in workflow.on);
    const runs = workflow.jobs["offline-gate"].steps.map((s) => s.run ?? "").join("\n");
    for (const command of ["npm ci", "npm test", "preview -- --stack dev", ".ci/gate-prod", "preview -- --cwd examples/insecure --stack dev"]) {
      assert.ok(runs.includes(command), command);
    }
    assert.match(runs, /if \[ "\$code" -ne 1 \]; then .* exit 1; fi/);
  });

  it("runs the real pulumi preview with the policy pack only where credentials exist, never for forks", () => {
    const job = load().jobs["real-preview"];
    assert.strictEqual(job.if, "${{ vars.AWS_ROLE_ARN != '' && vars.PULUMI_ORG != '' && " +
      "(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}");
    assert.deepStrictEqual([job.needs, job.permissions?.["id-token"]], ["offline-gate", "write"]);
    const gate = job.steps.find((s) => s.run?.startsWith("pulumi preview"));
    assert.ok(gate?.run?.includes("--policy-pack policy --policy-pack-config policy/config/${{ matrix.stack }}.json"), gate?.run);
  });
});
