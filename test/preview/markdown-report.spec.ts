/**
 * `--markdown FILE`: what a pull-request comment shows (changes by type, mandatory and advisory findings with
 * their fixes, cost and its delta against a previous estimate, the diagram linked), escaping of text that
 * comes from the program, and the output paths checked before anything runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GateResult, PACK } from "../../preview/gate";
import { gated } from "../support/captured";
import { allPolicies } from "../../policy/policies";
import { countItems, reportModel } from "../../preview/report/findings";
import { escapeMarkdown, renderMarkdown } from "../../preview/report/markdown";
import { diagramHref } from "../../preview/report/write-reports";
import { fixture, runMain } from "../support/preview-cli";

describe("Markdown report (--markdown)", function () {
  this.timeout(180_000);
  let insecure: GateResult;
  before(async () => {
    insecure = await gated("insecure");
  });

  it("leads with the verdict and counts, then changes by type, then every finding with its policy's fix", () => {
    const model = reportModel(insecure, PACK);
    const md = renderMarkdown(model);
    const mandatory = insecure.report.violations.filter((v) => v.enforcementLevel === "mandatory");
    assert.ok(mandatory.length > 0);
    assert.ok(
      md.startsWith(`## dockyard preview: \`dev\` — ❌ blocked: ${mandatory.length} mandatory policy violations\n`),
      md.slice(0, 200),
    );
    assert.strictEqual(countItems(model.mandatory), mandatory.length);
    assert.ok(md.includes(`\n### Changes: + ${insecure.capture.recorded.length} to create\n`));
    assert.ok(md.includes("\n| `aws:ecs/taskDefinition:TaskDefinition` | 1 |\n"));
    assert.ok(md.includes(`\n### Mandatory findings (${mandatory.length})\n`));
    assert.ok(md.indexOf("### Mandatory findings") < md.indexOf("### Advisory findings"));
    // Every mandatory policy appears once, with its description, each resource, and the pack's remediation as the fix.
    for (const policy of new Set(mandatory.map((v) => v.policy))) {
      const section = md.slice(md.indexOf(`#### \`${policy}\``), md.indexOf("**Fix:**", md.indexOf(`#### \`${policy}\``)));
      const fix = allPolicies.find((p) => p.name === policy)!.remediationSteps!;
      assert.ok(md.includes(`#### \`${policy}\``), policy);
      assert.strictEqual(section.match(/^- /gm)?.length, mandatory.filter((v) => v.policy === policy).length, section);
      assert.ok(md.includes(`**Fix:** ${escapeMarkdown(fix)}\n`), fix);
    }
    const secrets = mandatory.find((v) => v.policy === "ecs-task-definition-no-plaintext-secrets")!;
    assert.ok(md.includes(`- \`app-task\` (\`aws:ecs/taskDefinition:TaskDefinition\`): ${escapeMarkdown(secrets.detail!)}\n`));
  });

  it("shows the cost, and the delta against a previous estimate when one is given", () => {
    const total = insecure.cost.total;
    const plain = renderMarkdown(reportModel(insecure, PACK));
    assert.ok(plain.includes(`\n### Estimated monthly cost: $${total.toFixed(2)}\n`));
    assert.ok(!plain.includes("vs the previous"));
    const up = renderMarkdown(reportModel(insecure, PACK, { previousCost: { total: total - 12.5 } }));
    assert.ok(
      up.includes(
        `\n### Estimated monthly cost: $${total.toFixed(2)} (+$12.50 vs the previous estimate of $${(total - 12.5).toFixed(2)})\n`,
      ),
      up,
    );
    assert.ok(up.includes(`\n| Change vs previous ($${(total - 12.5).toFixed(2)}) | +$12.50 |\n`));
    const down = renderMarkdown(reportModel(insecure, PACK, { previousCost: { total: total + 1 } }));
    assert.ok(down.includes("(−$1.00 vs the previous estimate"), down);
    assert.ok(renderMarkdown(reportModel(insecure, PACK, { previousCost: { total } })).includes("(±$0.00 vs the previous estimate"));
  });

  it("links the diagram: an explicit link, else the --graph file relative to the Markdown file", () => {
    assert.strictEqual(diagramHref({ markdown: "out/report.md", graph: "out/img/dev.svg" }), "img/dev.svg");
    assert.strictEqual(
      diagramHref({ markdown: "report.md", graph: "docs/dev-stack.svg", diagramLink: "https://example.com/run/1" }),
      "https://example.com/run/1",
    );
    assert.strictEqual(diagramHref({ markdown: "report.md" }), undefined);
    const md = renderMarkdown(reportModel(insecure, PACK), { diagramHref: "img/dev stack (1).svg" });
    assert.ok(md.endsWith("### Diagram\n\n[Architecture diagram of dev](img/dev%20stack%20%281%29.svg)\n"), md.slice(-200));
    assert.ok(renderMarkdown(reportModel(insecure, PACK)).endsWith("### Diagram\n\nNot written (run with `--graph FILE.svg`).\n"));
  });

  it("escapes text from the program: no HTML, links, table breaks or mentions get through", () => {
    assert.strictEqual(
      escapeMarkdown("<script>x</script> [a](http://e) |col| @admin *b* `c`"),
      "&lt;script&gt;x&lt;/script&gt; \\[a\\](http://e) \\|col\\| @\u200badmin \\*b\\* \\`c\\`",
    );
  });

  describe("the CLI (in-process main)", () => {
    it("writes --markdown and --html next to --graph (also when the gate blocks) and says where", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-report-"));
      const [md, html, svg] = ["r.md", "r.html", "g.svg"].map((f) => path.join(dir, f));
      const run = await runMain(["--cwd", fixture("basic"), "--markdown", md, "--html", html, "--graph", svg]);
      assert.strictEqual(run.code, 0, run.stderr);
      assert.ok(
        run.stdout.endsWith(`Architecture diagram written to ${svg}\nMarkdown report written to ${md}\nHTML report written to ${html}\n`),
        run.stdout.slice(-400),
      );
      const text = fs.readFileSync(md, "utf8");
      assert.ok(text.startsWith("## dockyard preview: `dev` — ✅ passes the policy gate\n"), text.slice(0, 100));
      assert.ok(text.endsWith("[Architecture diagram of dev](g.svg)\n"));
      assert.match(fs.readFileSync(html, "utf8"), /^<!DOCTYPE html>\n[\s\S]*<svg [\s\S]*<\/html>\n$/);
    });

    it("with --previous: the changes are the update plan's and the cost delta comes from the earlier --json document", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-report-"));
      const previous = path.join(dir, "previous.json");
      const first = await runMain(["--cwd", fixture("basic"), "--json"]);
      assert.strictEqual(first.code, 0, first.stderr);
      fs.writeFileSync(previous, first.stdout.replace(/"total": [\d.]+/, '"total": 70.5'));
      const md = path.join(dir, "r.md");
      const run = await runMain(["--cwd", fixture("basic"), "--previous", previous, "--markdown", md]);
      assert.strictEqual(run.code, 0, run.stderr);
      const text = fs.readFileSync(md, "utf8");
      const total = (JSON.parse(first.stdout) as { costEstimate: { total: number } }).costEstimate.total;
      assert.ok(
        text.includes(`\n### Changes: 7 unchanged (an estimate against ${previous.replace(/[\\`*_[\]|#~]/g, "\\$&")})\n`),
        text.slice(0, 800),
      );
      assert.ok(
        text.includes(
          `\n### Estimated monthly cost: $${total.toFixed(2)} (+$${(total - 70.5).toFixed(2)} vs the previous estimate of $70.50)\n`,
        ),
        text,
      );
    });

    it("refuses an output file in a missing directory before running anything, and creates nothing", async () => {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-report-")), "missing");
      for (const flag of ["--markdown", "--html", "--graph"]) {
        const file = path.join(dir, flag === "--graph" ? "x.svg" : flag === "--html" ? "x.html" : "x.md");
        const run = await runMain(["--cwd", fixture("basic"), flag, file]);
        assert.deepStrictEqual(
          [run.code, run.stdout, run.stderr],
          [
            2,
            "",
            `error: ${flag} ${file}: the directory ${dir} does not exist; allowed: a file in an existing directory. Fix: create it first (mkdir -p ${dir}) or pick another path\n`,
          ],
        );
        assert.strictEqual(fs.existsSync(dir), false);
      }
    });

    it("a report that can't be written is an error naming the flag and the file (exit 2), not a program failure", async () => {
      // /proc exists but no file can be created in it, not even by root.
      const run = await runMain(["--cwd", fixture("basic"), "--markdown", "/proc/dockyard-report.md"]);
      assert.deepStrictEqual(
        [run.code, run.stderr],
        [
          2,
          "error: --markdown /proc/dockyard-report.md: could not write it (ENOENT: no such file or directory, open '/proc/dockyard-report.md'). Fix: check the file's permissions and free space, or write elsewhere\n",
        ],
      );
    });

    it("refuses an unsupported report extension", async () => {
      const run = await runMain(["--cwd", fixture("basic"), "--markdown", "report.txt"]);
      assert.deepStrictEqual(
        [run.code, run.stderr],
        [2, 'error: --markdown report.txt: unsupported extension ".txt"; allowed: .md. Fix: e.g. --markdown preview.md\n'],
      );
    });
  });
});
