import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contentTag, listFiles, readDockerignore } from "../../components/content-hash";

describe("content-hash", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-ctx-"));
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
    fs.writeFileSync(path.join(dir, "server.js"), "console.log(1)\n");
    fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", "x", "index.js"), "junk");
    fs.writeFileSync(path.join(dir, "debug.log"), "noise");
    fs.writeFileSync(path.join(dir, ".dockerignore"), "# comment\nnode_modules/\n*.log\n!keep.log\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = () => ({ contextDir: dir, dockerfile: "Dockerfile", args: { A: "1" }, platform: "linux/amd64" });

  it("lists files sorted, honouring .dockerignore", () => {
    assert.deepEqual(listFiles(dir, readDockerignore(dir)), [".dockerignore", "Dockerfile", "server.js"]);
  });

  it("re-includes files after a negation, last match winning (allow-list style)", () => {
    fs.writeFileSync(path.join(dir, "keep.log"), "kept");
    assert.deepEqual(listFiles(dir, readDockerignore(dir)), [".dockerignore", "Dockerfile", "keep.log", "server.js"]);
    fs.writeFileSync(path.join(dir, ".dockerignore"), "*\n!server.js\n!Dockerfile\n");
    assert.deepEqual(listFiles(dir, readDockerignore(dir)), ["Dockerfile", "server.js"]);
  });

  it("gives the two example services different tags (their .dockerignore is an allow-list)", () => {
    const root = path.resolve(__dirname, "../..");
    const tag = (svc: string) => contentTag({ contextDir: path.join(root, "services", svc), dockerfile: "Dockerfile", args: {}, platform: "linux/amd64" });
    assert.notEqual(tag("movie-service"), tag("customer-service"));
  });

  it("is stable and shaped sha-<20 hex>", () => {
    assert.match(contentTag(base()), /^sha-[0-9a-f]{20}$/);
    assert.equal(contentTag(base()), contentTag(base()));
  });

  it("ignores changes to ignored files", () => {
    const before = contentTag(base());
    fs.writeFileSync(path.join(dir, "debug.log"), "more noise");
    fs.writeFileSync(path.join(dir, "node_modules", "x", "index.js"), "other junk");
    assert.equal(contentTag(base()), before);
  });

  const changes: [string, (d: string) => Partial<ReturnType<typeof base>> | void][] = [
    ["a source file", (d) => fs.writeFileSync(path.join(d, "server.js"), "console.log(2)\n")],
    ["a new file", (d) => fs.writeFileSync(path.join(d, "extra.js"), "")],
    ["the Dockerfile", (d) => fs.writeFileSync(path.join(d, "Dockerfile"), "FROM busybox\n")],
    ["a build arg", () => ({ args: { A: "2" } })],
    ["the platform", () => ({ platform: "linux/arm64" })],
    ["the target", () => ({ target: "runtime" })],
  ];
  for (const [what, change] of changes) {
    it(`changes when ${what} changes`, () => {
      const before = contentTag(base());
      const patch = change(dir) ?? {};
      assert.notEqual(contentTag({ ...base(), ...patch }), before);
    });
  }
});
