/** The verifier's bundled provider text, kept in the loader's cache and used again only while its sources match. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheFile, loadProviderText, providerText } from "../../../components/deployment-verifier/provider-text";

describe("deployment verifier: the kept provider bundle", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-bundle-"));

  it("bundles once, then serves the same text from the kept file", () => {
    const file = cacheFile(dir())!;
    const built = loadProviderText(file);
    assert.strictEqual(built.from, "esbuild");
    const again = loadProviderText(file);
    assert.deepStrictEqual(again, { text: built.text, from: "kept" });
    // The process's own text (the loader's cache) is the same bundle.
    assert.strictEqual(providerText(), built.text);
    assert.match(built.text, /require\("@aws-sdk\/client-ecs"\)/);
  });

  it("negative control: a kept bundle whose sources changed is bundled again (and kept anew)", () => {
    const file = cacheFile(dir())!;
    const built = loadProviderText(file);
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as { inputs: Record<string, string>; text: string };
    // Every file esbuild read is recorded: the entry and what it imports.
    assert.deepStrictEqual(Object.keys(kept.inputs).sort(), [
      "components/deployment-verifier/ecs-sdk.ts",
      "components/deployment-verifier/host.ts",
      "components/deployment-verifier/message.ts",
      "components/deployment-verifier/outcome.ts",
      "components/deployment-verifier/provider.ts",
      "components/deployment-verifier/verify.ts",
    ]);
    const changed = "components/deployment-verifier/outcome.ts";
    fs.writeFileSync(file, JSON.stringify({ ...kept, inputs: { ...kept.inputs, [changed]: "0".repeat(64) }, text: "stale" }));
    assert.deepStrictEqual(loadProviderText(file), { text: built.text, from: "esbuild" });
    assert.strictEqual(loadProviderText(file).from, "kept");
  });

  it("a kept bundle is trusted only through its hashes: matching ones are served as they are; a corrupt file is ignored", () => {
    const file = cacheFile(dir())!;
    loadProviderText(file);
    const kept = JSON.parse(fs.readFileSync(file, "utf8")) as { inputs: Record<string, string> };
    fs.writeFileSync(file, JSON.stringify({ ...kept, text: "kept text" }));
    assert.deepStrictEqual(loadProviderText(file), { text: "kept text", from: "kept" });
    fs.writeFileSync(file, "{ not json");
    assert.strictEqual(loadProviderText(file).from, "esbuild");
  });

  it("without the loader's cache directory there is nothing to keep: esbuild every process", () => {
    assert.strictEqual(cacheFile(undefined), undefined);
    assert.strictEqual(loadProviderText(undefined).from, "esbuild");
  });
});
