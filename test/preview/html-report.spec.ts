/**
 * `--html FILE` in a real browser (Debian's headless Chromium, driven by playwright-core): what a reader sees
 * (headings, the number of findings, a mandatory finding's text and fix, the diagram with its node labels
 * drawn inside their boxes), that the page makes no network request, and a structural pixel check of a
 * full-page screenshot (kept at out/screenshots/) with negative controls.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import { allPolicies } from "../../policy/policies";
import { GateResult, PACK, REPO_ROOT, runGate } from "../../preview/gate";
import { gated } from "../support/captured";
import { architectureOf, architectureSvg } from "../../preview/graph/write";
import { reportModel } from "../../preview/report/findings";
import { renderHtml } from "../../preview/report/html";
import { Browser, launchChromium } from "../support/chromium";
import { fixture } from "./cli-helper";

const SCREENSHOTS = path.join(REPO_ROOT, "out", "screenshots");

async function htmlOf(result: GateResult, withDiagram = true): Promise<string> {
  const resources = result.capture.recorded.map((r) => r.resource);
  return renderHtml({ model: reportModel(result, PACK), resources, ...(withDiagram ? { svg: await architectureSvg(resources) } : {}) });
}

function writePage(html: string, name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-html-")), name);
  fs.writeFileSync(file, html);
  return file;
}

interface Opened {
  page: Page;
  /** Every URL the page requested, except the page itself and data: URIs. */
  external: string[];
  /** Console messages (CSP violations are reported here). */
  console: string[];
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.context.newPage();
  const url = `file://${file}`;
  const external: string[] = [];
  const messages: string[] = [];
  page.on("request", (r) => {
    if (r.url() !== url && !r.url().startsWith("data:")) external.push(r.url());
  });
  page.on("console", (m) => messages.push(m.text()));
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate("document.fonts.ready.then(() => true)");
  return { page, external, console: messages };
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const rectOf = (page: Page, selector: string): Promise<Rect> =>
  page.evaluate<Rect>(
    `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }; })()`,
  );

/** Browser-side: every node/cluster text of the inlined diagram, whether it sticks out of its shape, and its font. */
const MEASURE_LABELS = `(() => [...document.querySelectorAll("figure.diagram svg g.node, figure.diagram svg g.cluster")].flatMap((g) => {
  const shape = g.querySelector("polygon, path, ellipse");
  if (!shape) return [];
  const box = shape.getBBox();
  return [...g.querySelectorAll("text")].map((t) => {
    const b = t.getBBox();
    return { text: t.textContent, overflow: b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5, font: getComputedStyle(t).fontFamily };
  });
}))()`;

interface Region {
  name: string;
  rect: Rect;
}
interface RegionStats {
  name: string;
  total: number;
  nonWhite: number;
  /** Pixels within ±12 per channel of each colour asked for. */
  matches: Record<string, number>;
}

/** Decodes a PNG screenshot in a blank page (canvas) and counts pixels per region. */
async function pixelStats(browser: Browser, png: Buffer, regions: Region[], colours: string[]): Promise<RegionStats[]> {
  const page = await browser.context.newPage();
  await page.setContent(`<img id="shot" src="data:image/png;base64,${png.toString("base64")}">`);
  await page.evaluate('document.getElementById("shot").decode()');
  const stats = await page.evaluate<RegionStats[]>(`(() => {
    const img = document.getElementById("shot");
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const colours = ${JSON.stringify(colours)}.map((hex) => [hex, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
    return ${JSON.stringify(regions)}.map(({ name, rect }) => {
      const x = Math.max(0, Math.round(rect.x)), y = Math.max(0, Math.round(rect.y));
      const w = Math.max(1, Math.min(canvas.width - x, Math.round(rect.width))), h = Math.max(1, Math.min(canvas.height - y, Math.round(rect.height)));
      const data = ctx.getImageData(x, y, w, h).data;
      const matches = Object.fromEntries(colours.map(([hex]) => [hex, 0]));
      let nonWhite = 0;
      for (let i = 0; i < data.length; i += 4) {
        const px = [data[i], data[i + 1], data[i + 2]];
        if (px.some((c) => c < 245)) nonWhite++;
        for (const [hex, rgb] of colours) if (rgb.every((c, k) => Math.abs(c - px[k]) <= 12)) matches[hex]++;
      }
      return { name, total: w * h, nonWhite, matches };
    });
  })()`);
  await page.close();
  return stats;
}

const BLOCKED_RED = "#b42318";
const SERVICE_FILL = "#d7f0dd";
const ALB_FILL = "#fde7c8";

/** What the screenshot of a blocked report must show; each problem is one readable line. */
function screenshotProblems(stats: RegionStats[]): string[] {
  const by = new Map(stats.map((s) => [s.name, s]));
  const problems: string[] = [];
  const header = by.get("header")!;
  if (header.matches[BLOCKED_RED] < header.total * 0.7)
    problems.push(`header: ${header.matches[BLOCKED_RED]}/${header.total} pixels are the blocked red`);
  if (header.total - header.matches[BLOCKED_RED] < 200) problems.push("header: no text drawn on it");
  const border = by.get("first mandatory finding's border")!;
  if (border.matches[BLOCKED_RED] < border.total * 0.7)
    problems.push(`finding border: ${border.matches[BLOCKED_RED]}/${border.total} pixels are red`);
  const diagram = by.get("diagram")!;
  if (diagram.matches[SERVICE_FILL] < 500) problems.push(`diagram: ${diagram.matches[SERVICE_FILL]} pixels of the service fill`);
  if (diagram.matches[ALB_FILL] < 200) problems.push(`diagram: ${diagram.matches[ALB_FILL]} pixels of the ALB fill`);
  if (diagram.nonWhite < diagram.total * 0.03) problems.push(`diagram: only ${diagram.nonWhite}/${diagram.total} pixels drawn`);
  return problems;
}

async function screenshotRegions(browser: Browser, opened: Opened, save?: string): Promise<RegionStats[]> {
  const png = await opened.page.screenshot({ fullPage: true });
  if (save) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, save), png);
  }
  const has = async (selector: string): Promise<boolean> => (await opened.page.$(selector)) !== null;
  const regions: Region[] = [{ name: "header", rect: await rectOf(opened.page, "header") }];
  const finding = (await has(".finding.mandatory")) ? await rectOf(opened.page, ".finding.mandatory") : { x: 0, y: 0, width: 1, height: 1 };
  regions.push({
    name: "first mandatory finding's border",
    rect: { x: finding.x + 1, y: finding.y + 8, width: 4, height: Math.max(1, finding.height - 16) },
  });
  regions.push({
    name: "diagram",
    rect: (await has("figure.diagram")) ? await rectOf(opened.page, "figure.diagram") : await rectOf(opened.page, "#diagram"),
  });
  return pixelStats(browser, png, regions, [BLOCKED_RED, SERVICE_FILL, ALB_FILL]);
}

describe("HTML report (--html) in headless Chromium", function () {
  this.timeout(240_000);
  let browser: Browser;
  let insecure: GateResult;
  let opened: Opened;
  before(async () => {
    insecure = await gated("insecure");
    browser = await launchChromium();
    opened = await open(browser, writePage(await htmlOf(insecure), "insecure.html"));
  });
  after(async () => {
    await browser?.close();
  });

  it("shows the verdict and the sections a reviewer reads, with the number of findings", async () => {
    const mandatory = insecure.report.violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisory = insecure.report.violations.filter((v) => v.enforcementLevel === "advisory");
    const { page } = opened;
    assert.strictEqual(
      await page.locator("h1").innerText(),
      `dockyard preview: dev — blocked: ${mandatory.length} mandatory policy violations`,
    );
    assert.deepStrictEqual(await page.locator("h2").allInnerTexts(), [
      `Mandatory findings (${mandatory.length})`,
      `Advisory findings (${advisory.length})`,
      "Diagram",
      `Estimated monthly cost: $${insecure.cost.total.toFixed(2)}`,
      `Plan: + ${insecure.capture.recorded.length} to create`,
      "Changes by type",
    ]);
    assert.strictEqual(await page.locator(".finding.mandatory li").count(), mandatory.length);
    assert.strictEqual(await page.locator(".finding.mandatory").count(), new Set(mandatory.map((v) => v.policy)).size);
    assert.strictEqual(await page.locator(".finding.advisory li").count(), advisory.length);
    assert.ok((await page.locator("pre.tree").innerText()).includes("aws:ecs/taskDefinition:TaskDefinition"));
  });

  it("escapes text from the program: a resource name or detail can't inject markup", () => {
    const model = reportModel(insecure, PACK);
    const evil = '<img src=x onerror="alert(1)">';
    model.mandatory[0].items[0] = { resource: evil, type: "aws:x/y:Z", detail: `${evil} & more` };
    const html = renderHtml({ model, resources: [] });
    assert.ok(!html.includes(evil));
    assert.ok(
      html.includes(
        "<li><code>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</code> (<code>aws:x/y:Z</code>): &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more</li>",
      ),
    );
  });

  it("a mandatory finding's text and its fix are visible", async () => {
    const violation = insecure.report.violations.find(
      (v) => v.policy === "ecs-task-definition-no-plaintext-secrets" && v.enforcementLevel === "mandatory",
    )!;
    const section = opened.page.locator('section.finding.mandatory[data-policy="ecs-task-definition-no-plaintext-secrets"]');
    await section.scrollIntoViewIfNeeded();
    assert.ok(await section.isVisible());
    const item = section.locator("li").first();
    assert.ok(await item.isVisible());
    assert.strictEqual(await item.innerText(), `app-task (aws:ecs/taskDefinition:TaskDefinition): ${violation.detail}`);
    const fix = section.locator("p.fix");
    assert.ok(await fix.isVisible());
    assert.strictEqual(await fix.innerText(), `Fix: ${allPolicies.find((p) => p.name === violation.policy)!.remediationSteps}`);
  });

  it("renders the diagram inline with the expected node labels, drawn in the embedded font, each inside its box", async () => {
    const diagram = opened.page.locator("figure.diagram svg");
    assert.ok(await diagram.isVisible());
    const size = await diagram.boundingBox();
    assert.ok(size && size.width > 300 && size.height > 200, JSON.stringify(size));
    const labels = await opened.page.evaluate<{ text: string; overflow: boolean; font: string }[]>(MEASURE_LABELS);
    const expected = architectureOf(insecure.capture.recorded.map((r) => r.resource)).nodes.flatMap((n) => n.label.split("\\n"));
    const drawn = labels.map((l) => l.text);
    for (const text of expected) assert.ok(drawn.includes(text), `label "${text}" not drawn; drawn: ${drawn.join(" / ")}`);
    assert.deepStrictEqual(
      labels.filter((l) => l.overflow).map((l) => l.text),
      [],
    );
    assert.ok(
      labels.every((l) => /^"?dockyard-diagram-sans"?,/.test(l.font)),
      labels[0]?.font,
    );
    assert.strictEqual(await opened.page.evaluate<boolean>('document.fonts.check("10px dockyard-diagram-sans")'), true);
  });

  it("negative control: the label check catches text wider than its box", async () => {
    await opened.page.evaluate(
      'document.querySelectorAll("figure.diagram svg text").forEach((t) => t.style.setProperty("letter-spacing", "1.5px", "important"))',
    );
    const labels = await opened.page.evaluate<{ text: string; overflow: boolean }[]>(MEASURE_LABELS);
    assert.ok(labels.filter((l) => l.overflow).length >= 5, JSON.stringify(labels.slice(0, 3)));
    await opened.page.evaluate(
      'document.querySelectorAll("figure.diagram svg text").forEach((t) => t.style.removeProperty("letter-spacing"))',
    );
    assert.deepStrictEqual(
      (await opened.page.evaluate<{ overflow: boolean }[]>(MEASURE_LABELS)).filter((l) => l.overflow),
      [],
    );
  });

  it("makes no network request and reports no blocked load", () => {
    assert.deepStrictEqual(opened.external, []);
    assert.deepStrictEqual(
      opened.console.filter((m) => /Content Security Policy|Failed to load/i.test(m)),
      [],
    );
  });

  it("negative control: the request recorder sees an external load, and the page's CSP blocks it", async () => {
    const probe = '<img src="http://127.0.0.1:9/probe.png" alt="">';
    const html = await htmlOf(insecure, false);
    const withoutCsp = await open(
      browser,
      writePage(html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, "").replace("<main>", `<main>${probe}`), "probe.html"),
    );
    assert.deepStrictEqual(withoutCsp.external, ["http://127.0.0.1:9/probe.png"]);
    // With the page's CSP the attempt is still seen by the recorder, and the browser refuses it.
    const withCsp = await open(browser, writePage(html.replace("<main>", `<main>${probe}`), "probe-csp.html"));
    assert.deepStrictEqual(withCsp.external, ["http://127.0.0.1:9/probe.png"]);
    assert.ok(
      withCsp.console.some((m) => m.includes("violates the following Content Security Policy directive")),
      withCsp.console.join("\n"),
    );
    await withoutCsp.page.close();
    await withCsp.page.close();
  });

  it("screenshot: red verdict header, red-bordered mandatory findings, the diagram drawn (saved to out/screenshots/)", async () => {
    const stats = await screenshotRegions(browser, opened, "preview-report-insecure.png");
    assert.deepStrictEqual(screenshotProblems(stats), [], JSON.stringify(stats));
    assert.ok(fs.statSync(path.join(SCREENSHOTS, "preview-report-insecure.png")).size > 50_000);
  });

  it("negative controls: the pixel check fails for a passing report (green header, no findings) and for a page without the diagram", async () => {
    const basic = await runGate({ projectDir: fixture("basic"), stack: "dev" });
    const passed = await open(browser, writePage(await htmlOf(basic), "basic.html"));
    const passedProblems = screenshotProblems(await screenshotRegions(browser, passed));
    assert.ok(
      passedProblems.some((p) => p.startsWith("header: ")),
      passedProblems.join("\n"),
    );
    assert.ok(
      passedProblems.some((p) => p.startsWith("finding border: ")),
      passedProblems.join("\n"),
    );
    const noDiagram = await open(browser, writePage(await htmlOf(insecure, false), "no-diagram.html"));
    assert.deepStrictEqual(
      screenshotProblems(await screenshotRegions(browser, noDiagram)).map(
        (p) => p.split(":")[0] + ":" + p.split(":")[1].replace(/\d+/g, "N"),
      ),
      ["diagram: N pixels of the service fill", "diagram: N pixels of the ALB fill"],
    );
    await passed.page.close();
    await noDiagram.page.close();
  });
});
