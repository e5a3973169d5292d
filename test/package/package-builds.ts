/**
 * Each package built and packed once per content of what it is built from, shared by the specs that need it
 * (across mocha's workers and across runs while nothing changed): `npm pack` (its build included: policy's `prepack`, the components' `prepare`) of a copy
 * of `components/` and `policy/` (their files without node_modules, dist or builds in progress) in a directory
 * that resolves packages from the repository's node_modules. The copy keeps the build out of the repository's own
 * folders, where it would swap files under anything reading them meanwhile.
 *
 * Keyed by the sha-256 of every file copied, the repository's package-lock.json, the Node version and where the
 * repository's node_modules is (the build's link points there, so a build made in a checkout since deleted is
 * never used from another): a changed byte is a new build. Kept in os.tmpdir()/dockyard-package-builds/<package>-<key>
 * (not node_modules/.cache: the TypeScript compiler treats files under a node_modules path as a library's and emits
 * nothing for them), behind a
 * lock (test/support/dir-lock.ts) so that concurrent specs wait for one build; a build is used only once its record
 * is written, last. Making a build removes the finished ones of deleted checkouts. Deleting the directory is always
 * safe. The specs copy a build before changing anything in it.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lock } from "../support/dir-lock";
import { npmPack, readJson, REPO, type PackedTarball } from "./tarball";

/** Bump when what a build entry holds changes. */
const ENTRY_FORMAT = 1;
const CACHE = path.join(os.tmpdir(), "dockyard-package-builds");

/** A package built and packed: `root` holds the copied folders (and a node_modules link), `packed` the tarball. */
export interface PackageBuild {
  root: string;
  /** The packed folder inside `root`. */
  folder: string;
  packed: PackedTarball;
  /** Whether this call built it (else an earlier call, or run, did). */
  built: boolean;
}

/** The repository's node_modules, links resolved: what a build's own node_modules link points to. */
const modulesDir = (): string => fs.realpathSync(path.join(REPO, "node_modules"));

const skipped = (name: string) => name === "node_modules" || name === "dist" || name.startsWith(".dist-");

/** Files under `REPO/dir` that are copied (relative to REPO), sorted. */
function filesOf(dir: string): string[] {
  return fs
    .readdirSync(path.join(REPO, dir), { withFileTypes: true })
    .filter((e) => !skipped(e.name))
    .flatMap((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

function keyOf(dirs: readonly string[]): string {
  const hash = crypto.createHash("sha256").update(`${ENTRY_FORMAT}\0${process.version}\0${modulesDir()}\0`);
  for (const file of [...dirs.flatMap(filesOf), "package-lock.json"])
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(REPO, file)))
      .update("\0");
  return hash.digest("hex").slice(0, 24);
}

/**
 * Removes the finished builds whose node_modules link leads nowhere: made in a checkout since deleted, they can
 * never be used again (the key holds where node_modules is). A build still being made has no record yet, and is
 * left alone.
 */
export function pruneOrphans(cache = CACHE): void {
  for (const name of fs.existsSync(cache) ? fs.readdirSync(cache) : []) {
    const entry = path.join(cache, name);
    if (name.endsWith(".lock") || !fs.existsSync(path.join(entry, "packed.json"))) continue;
    if (!fs.existsSync(path.join(entry, "tree", "node_modules"))) fs.rmSync(entry, { recursive: true, force: true });
  }
}

/** The build of `folder` (one of `dirs`, all copied), from the cache or made now. */
async function packageBuild(folder: string, dirs: readonly string[]): Promise<PackageBuild> {
  const entry = path.join(CACHE, `${folder}-${keyOf(dirs)}`);
  const record = path.join(entry, "packed.json");
  const root = path.join(entry, "tree");
  const read = (built: boolean): PackageBuild => ({
    root,
    folder: path.join(root, folder),
    packed: readJson<PackedTarball>(record),
    built,
  });
  if (fs.existsSync(record)) return read(false);
  fs.mkdirSync(CACHE, { recursive: true });
  const release = await lock(`${entry}.lock`);
  try {
    if (fs.existsSync(record)) return read(false);
    pruneOrphans();
    fs.rmSync(entry, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    for (const file of dirs.flatMap(filesOf)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO, file), path.join(root, file));
    }
    fs.symlinkSync(modulesDir(), path.join(root, "node_modules"), "dir");
    const packed = npmPack(path.join(root, folder), entry);
    // Last: its presence means the build and the tarball are complete.
    fs.writeFileSync(`${record}.tmp`, JSON.stringify(packed));
    fs.renameSync(`${record}.tmp`, record);
    return read(true);
  } finally {
    release();
  }
}

/** `@dockyard/components` packed (its prepare: components/build.js, which also builds the provider and its schema). */
export function componentsBuild(): Promise<PackageBuild> {
  return packageBuild("components", ["components", "policy"]);
}

/** `dockyard-guard` packed (its prepack: policy/build.js). */
export function policyBuild(): Promise<PackageBuild> {
  return packageBuild("policy", ["policy"]);
}
