import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contentTag, listEntries, listFiles, readDockerignore } from "../../components/content-hash";

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
    const tag = (svc: string) =>
      contentTag({ contextDir: path.join(root, "services", svc), dockerfile: "Dockerfile", args: {}, platform: "linux/amd64" });
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
    // @pulumi/docker's contextDigest hashes file modes: a rebuild under the same tag is refused by an IMMUTABLE repository.
    [
      "a file's mode (chmod u+x)",
      (d) => fs.chmodSync(path.join(d, "server.js"), (fs.statSync(path.join(d, "server.js")).mode & 0o7777) ^ 0o100),
    ],
    [
      "the Dockerfile's mode",
      (d) => fs.chmodSync(path.join(d, "Dockerfile"), (fs.statSync(path.join(d, "Dockerfile")).mode & 0o7777) ^ 0o004),
    ],
    ["a new symlink", (d) => fs.symlinkSync("server.js", path.join(d, "link.js"))],
    ["another Docker input (cache source, context path)", () => ({ buildInputs: { cacheFrom: ["<repository>:other"] } })],
  ];
  for (const [what, change] of changes) {
    it(`changes when ${what} changes`, () => {
      const before = contentTag(base());
      const patch = change(dir) ?? {};
      assert.notEqual(contentTag({ ...base(), ...patch }), before);
    });
  }

  it("a chmod back restores the tag (modes are hashed, not timestamps)", () => {
    const before = contentTag(base());
    const mode = fs.statSync(path.join(dir, "server.js")).mode & 0o7777;
    fs.chmodSync(path.join(dir, "server.js"), mode ^ 0o100);
    fs.chmodSync(path.join(dir, "server.js"), mode);
    assert.equal(contentTag(base()), before);
  });

  it("hashes a symlink by its resolved target, as the provider does (moving the target elsewhere changes the tag)", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-link-"));
    try {
      fs.writeFileSync(path.join(other, "a.txt"), "same");
      fs.mkdirSync(path.join(other, "b"));
      fs.writeFileSync(path.join(other, "b", "a.txt"), "same");
      fs.symlinkSync(path.join(other, "a.txt"), path.join(dir, "data.txt"));
      const first = contentTag(base());
      fs.rmSync(path.join(dir, "data.txt"));
      fs.symlinkSync(path.join(other, "b", "a.txt"), path.join(dir, "data.txt"));
      assert.notEqual(contentTag(base()), first);
      assert.deepEqual(listEntries(dir, readDockerignore(dir)).find((e) => e.rel === "data.txt")?.kind, "symlink");
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("prefers <Dockerfile>.dockerignore over .dockerignore, as Docker and the provider do", () => {
    fs.writeFileSync(path.join(dir, "Dockerfile.dockerignore"), "server.js\n");
    assert.deepEqual(listFiles(dir, readDockerignore(dir, "Dockerfile")), [
      ".dockerignore",
      "Dockerfile",
      "Dockerfile.dockerignore",
      "debug.log",
      "node_modules/x/index.js",
    ]);
    const before = contentTag(base());
    fs.writeFileSync(path.join(dir, "server.js"), "ignored now\n");
    assert.equal(contentTag(base()), before);
  });

  it("does not skip .git unless it is ignored (the provider hashes whatever the ignore file keeps)", () => {
    fs.mkdirSync(path.join(dir, ".git"));
    fs.writeFileSync(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    assert.ok(listFiles(dir, readDockerignore(dir)).includes(".git/HEAD"));
  });
});
