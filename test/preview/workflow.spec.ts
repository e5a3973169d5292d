/**
 * The users' CI workflow can't run here, so we check what can be checked offline: it is valid YAML, the offline
 * gate runs on every pull request and insists on exit 1 for the insecure example, and the real-preview job is
 * gated on credentials (and never runs for forks, which get no secrets).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const FILE = path.resolve(__dirname, "../../.github/workflows/policy-gate.yml");

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string;
  container?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Comment {
  id: number;
  body: string;
  user: { type: string; login: string };
}
interface Calls {
  created: string[];
  updated: { id: number; body: string }[];
}

/** Runs the pr-comment job's github-script the way the action does, against a fake GitHub API and artifact files. */
async function runCommentScript(script: string, files: Record<string, string>, existing: Comment[]): Promise<Calls> {
  const calls: Calls = { created: [], updated: [] };
  const fakeFs = { existsSync: (f: string) => f in files, readFileSync: (f: string) => files[f] };
  const listComments = (): Comment[] => existing;
  const github = {
    paginate: async (fn: () => Comment[]) => fn(),
    rest: {
      issues: {
        listComments,
        createComment: async (args: { body: string }) => void calls.created.push(args.body),
        updateComment: async (args: { comment_id: number; body: string }) =>
          void calls.updated.push({ id: args.comment_id, body: args.body }),
      },
    },
  };
  const context = { serverUrl: "https://github.com", repo: { owner: "acme", repo: "dockyard" }, runId: 42, issue: { number: 7 } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction("require", "github", "context", script)(
    (m: string) => (m === "fs" ? fakeFs : assert.fail(`script requires ${m}`)),
    github,
    context,
  );
  return calls;
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
    for (const command of [
      "npm ci",
      "npm test",
      "preview -- --stack dev",
      ".ci/gate-prod",
      "preview -- --cwd examples/insecure --stack dev",
    ]) {
      assert.ok(runs.includes(command), command);
    }
    assert.match(runs, /if \[ "\$code" -ne 1 \]; then .* exit 1; fi/);
  });

  it("runs the real pulumi preview with the policy pack only where credentials exist, never for forks", () => {
    const job = load().jobs["real-preview"];
    assert.strictEqual(
      job.if,
      "${{ vars.AWS_ROLE_ARN != '' && vars.PULUMI_ORG != '' && " +
        "(github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository) }}",
    );
    assert.deepStrictEqual([job.needs, job.permissions?.["id-token"]], ["offline-gate", "write"]);
    const gate = job.steps.find((s) => s.run?.startsWith("pulumi preview"));
    assert.ok(gate?.run?.includes("--policy-pack policy --policy-pack-config policy/config/${{ matrix.stack }}.json"), gate?.run);
  });

  it("writes the Markdown and HTML reports in a Debian container with Chromium installed before the tests, and puts them in the job summary", () => {
    const job = load().jobs["offline-gate"];
    assert.match(job.container ?? "", /^node:20\.\d+\.\d+-bookworm$/);
    const runs = job.steps.map((s) => s.run ?? "");
    const chromium = runs.findIndex((r) => r.includes("bash .ci/install-chromium.sh"));
    assert.ok(chromium >= 0 && chromium < runs.findIndex((r) => r.includes("npm test")), "Chromium is installed before npm test");
    for (const stack of ["dev", "prod"]) {
      // prod goes through .ci/gate-prod (its committed certificate is a placeholder the config refuses).
      const gate = runs.find((r) => r.includes(stack === "prod" ? ".ci/gate-prod" : `preview -- --stack ${stack}`))!;
      assert.ok(gate.includes(`--markdown preview-${stack}.md --html preview-${stack}.html --diagram-link "$RUN_URL#artifacts"`), gate);
    }
    const summary = job.steps.find((s) => s.run?.includes("$GITHUB_STEP_SUMMARY"))!;
    assert.strictEqual(summary.if, "always()");
    assert.match(summary.run!, /for f in preview-dev\.md preview-prod\.md; do/);
    const artifact = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    for (const file of ["preview-dev.md", "preview-dev.html", "preview-prod.md", "preview-prod.html", "out/screenshots/"])
      assert.ok(artifact.with!["path"].includes(file), file);
  });

  it("comments on same-repository pull requests only, with nothing but comment rights, from pinned actions and none of the PR's code", () => {
    const job = load().jobs["pr-comment"];
    assert.strictEqual(job.needs, "offline-gate");
    assert.strictEqual(
      job.if,
      "${{ always() && needs.offline-gate.result != 'skipped' && needs.offline-gate.result != 'cancelled' && " +
        "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository }}",
    );
    assert.deepStrictEqual(job.permissions, { "pull-requests": "write" });
    assert.deepStrictEqual(
      job.steps.map((s) => s.uses?.replace(/@.*/, "")),
      ["actions/download-artifact", "actions/github-script"],
    );
    for (const step of job.steps) assert.match(step.uses!, /@v\d+\.\d+\.\d+$/, `${step.uses} is pinned to an exact version`);
    assert.ok(
      job.steps.every((s) => s.run === undefined),
      "no shell steps: the job runs none of the pull request's code",
    );
  });

  it("the comment is sticky: created once, then updated in place; a user's comment quoting the marker is left alone", async () => {
    const script = load().jobs["pr-comment"].steps[1].with!["script"];
    const files = { "report/preview-dev.md": "## dev report\n", "report/preview-prod.md": "## prod report\n" };
    const expected =
      "<!-- dockyard-preview -->\n\n## dev report\n\n\n## prod report\n\n\nDiagrams and HTML reports: [artifacts of this run](https://github.com/acme/dockyard/actions/runs/42#artifacts).";
    assert.deepStrictEqual(await runCommentScript(script, files, []), { created: [expected], updated: [] });
    const user = { id: 1, body: "<!-- dockyard-preview --> quoted", user: { type: "User", login: "mallory" } };
    const bot = { id: 2, body: "<!-- dockyard-preview -->\nold", user: { type: "Bot", login: "github-actions[bot]" } };
    assert.deepStrictEqual(await runCommentScript(script, files, [user, bot]), { created: [], updated: [{ id: 2, body: expected }] });
    assert.deepStrictEqual((await runCommentScript(script, files, [user])).created, [expected]);
  });

  it("the comment says when a report is missing, and stays under GitHub's size limit", async () => {
    const script = load().jobs["pr-comment"].steps[1].with!["script"];
    const missing = await runCommentScript(script, { "report/preview-dev.md": "## dev\n" }, []);
    assert.ok(
      missing.created[0].includes(
        "> **preview-prod.md was not written**: the gate stopped before it; see [the run](https://github.com/acme/dockyard/actions/runs/42).",
      ),
    );
    const huge = await runCommentScript(script, { "report/preview-dev.md": "x".repeat(70_000), "report/preview-prod.md": "y" }, []);
    assert.ok(huge.created[0].length < 65_536);
    assert.ok(
      huge.created[0].endsWith("… truncated: the full report is in [the run's summary](https://github.com/acme/dockyard/actions/runs/42)."),
    );
  });

  it(".ci/install-chromium.sh keeps an installed Chromium, and fails loudly when it can't install one", () => {
    const script = path.resolve(__dirname, "../../.ci/install-chromium.sh");
    const ok = spawnSync("bash", [script], { encoding: "utf8", timeout: 60_000 });
    assert.strictEqual(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^Chromium \d+\./m);
    assert.ok(!ok.stdout.includes("installing"), "nothing installed when present");
    const bash = spawnSync("bash", ["-c", "command -v bash"], { encoding: "utf8" }).stdout.trim();
    const missing = spawnSync(bash, [script], { encoding: "utf8", env: { PATH: "/nonexistent", CHROMIUM: "/nonexistent/chromium" } });
    assert.strictEqual(missing.status, 1);
    assert.strictEqual(
      missing.stderr,
      "error: /nonexistent/chromium is missing and could not be installed (needs Debian's apt-get as root or passwordless sudo).\n" +
        "Fix: apt-get update && apt-get install -y chromium; the HTML report's browser test (test/preview/html-report.spec.ts) needs it.\n",
    );
  });
});
