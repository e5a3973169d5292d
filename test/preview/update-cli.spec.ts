/** `dockyard-preview --previous` end to end (`main(argv, io)` in-process): the JSON steps, the text plan, exit codes, errors. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, runMain } from "../support/preview-cli";
import type { PreviewDocument } from "../../preview/report/json";
import type { UpdatePreviewDocument } from "../../preview/update/render";

const SG_URN = "urn:pulumi:dev::fixture::aws:ec2/securityGroup:SecurityGroup::sg";
const OLD_REPO_URN = "urn:pulumi:dev::fixture::aws:ecr/repository:Repository::old-repo";

describe("preview CLI --previous (in-process main)", function () {
  this.timeout(180_000);
  let dir = "";
  let previous = "";

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-previous-cli-"));
    const first = await runMain(["--cwd", fixture("basic"), "--json"]);
    assert.strictEqual(first.code, 0, first.stderr);
    previous = path.join(dir, "previous.json");
    fs.writeFileSync(previous, first.stdout);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("same program, same config: every step is `same`, exit 0, and the text plan says it is an estimate", async () => {
    const run = await runMain(["--cwd", fixture("basic"), "--previous", previous]);
    assert.strictEqual(run.code, 0, run.stderr);
    // The report wraps at 100 columns off a terminal and the temp path's length varies: compare the words.
    assert.ok(
      run.stdout
        .replace(/\s+/g, " ")
        .includes(
          ` Update plan against ${previous} (dockyard-preview) — an estimate: replacement semantics: @aws-cdk/aws-service-spec@0.1.216`,
        ),
      run.stdout,
    );
    assert.match(run.stdout, /\n {4}no changes\n {4}7 unchanged\n/);
    assert.match(
      run.stdout,
      /\nResources:\n {4}\+ 0 to create\n {4}~ 0 to update\n {4}\+- 0 to replace\n {4}- 0 to delete\n {4}7 unchanged {2}\(an estimate, against /,
    );
  });

  it("--json: pulumi-preview-shaped steps with op, oldState, diffReasons, replaceReasons, detailedDiff; a protected deletion fails the gate", async () => {
    const doc = JSON.parse(fs.readFileSync(previous, "utf8")) as PreviewDocument;
    const sg = doc.steps.find((s) => s.urn === SG_URN)!;
    sg.newState.inputs["description"] = "port 80";
    const oldRepo = {
      op: "create",
      urn: OLD_REPO_URN,
      newState: {
        urn: OLD_REPO_URN,
        custom: true,
        type: "aws:ecr/repository:Repository",
        inputs: { name: "old" },
        outputs: {},
        protect: true,
      },
    };
    const edited = path.join(dir, "edited.json");
    fs.writeFileSync(edited, JSON.stringify({ ...doc, steps: [...doc.steps, oldRepo] }));

    const run = await runMain(["--cwd", fixture("basic"), "--json", "--previous", edited]);
    assert.strictEqual(run.code, 1, run.stderr);
    const out = JSON.parse(run.stdout) as UpdatePreviewDocument;
    assert.deepStrictEqual(Object.keys(out), [
      "config",
      "steps",
      "diagnostics",
      "duration",
      "changeSummary",
      "policyViolations",
      "policySkipped",
      "policyRemediations",
      "costEstimate",
      "apiFindings",
      "apiNotChecked",
      "apiChecks",
      "synthesized",
      "notEvaluated",
      "updateEstimate",
    ]);
    assert.deepStrictEqual(out.changeSummary, { replace: 1, delete: 1, same: 6 });
    const replaced = out.steps.find((s) => s.urn === SG_URN)!;
    assert.deepStrictEqual(
      {
        op: replaced.op,
        diffReasons: replaced.diffReasons,
        replaceReasons: replaced.replaceReasons,
        detailedDiff: replaced.detailedDiff,
        old: replaced.oldState?.inputs["description"],
        new: replaced.newState?.inputs["description"],
      },
      {
        op: "replace",
        diffReasons: ["description"],
        replaceReasons: ["description"],
        detailedDiff: { description: { kind: "update-replace", inputDiff: true } },
        old: "port 80",
        new: "port 8080",
      },
    );
    const deleted = out.steps.find((s) => s.urn === OLD_REPO_URN)!;
    assert.deepStrictEqual(deleted, {
      op: "delete",
      urn: OLD_REPO_URN,
      oldState: {
        urn: OLD_REPO_URN,
        type: "aws:ecr/repository:Repository",
        custom: true,
        inputs: { name: "old" },
        outputs: {},
        protect: true,
      },
    });
    assert.deepStrictEqual(
      out.policyViolations
        .filter((v) => v.policy.startsWith("update-"))
        .map((v) => `${v.enforcementLevel} ${v.policy} ${v.urn.split("::").pop()}`),
      ["mandatory update-protected-delete old-repo", "advisory update-stateful-replace-or-delete old-repo"],
    );
    assert.deepStrictEqual(out.updateEstimate, {
      previous: edited,
      format: "dockyard-preview",
      estimate: true,
      replacementSource: out.updateEstimate.replacementSource,
      notes: [],
    });
  });

  it("rejects a --previous file it cannot use, before running the program", async () => {
    const missing = await runMain(["--cwd", fixture("basic"), "--previous", "nope.json"]);
    assert.deepStrictEqual(
      [missing.code, missing.stdout, missing.stderr],
      [
        2,
        "",
        "error: nope.json: cannot read the --previous file. Fix: pass the path of an earlier `dockyard-preview --json` output or a `pulumi stack export` file.\n",
      ],
    );
    const wrong = path.join(dir, "wrong.json");
    fs.writeFileSync(wrong, "{}");
    const bad = await runMain(["--cwd", fixture("basic"), "--previous", wrong]);
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(
      bad.stderr,
      `error: ${wrong}: it has neither \`steps\` nor \`deployment\` (top-level keys: none); expected the output of \`dockyard-preview --json\` (an object with \`steps\`) or of \`pulumi stack export\` (an object with \`deployment.resources\`). Fix: pass --previous a file written by one of those commands.\n`,
    );
  });
});
