/**
 * Mocha global fixture (`--require ./test/support/source-pack-fixture.ts`, or in .mocharc.json's `require`): one
 * source pack served for the whole run, in mocha's main process, so that under `--parallel` every worker's
 * pack-process spec drives the same process instead of starting its own (each start type-checks the pack: ~13 s
 * of CPU). The setup names a file in DOCKYARD_SOURCE_PACK_FILE, which the workers inherit; the first spec that needs
 * the pack asks for it (a `.request` file beside it), this process starts it, and the file receives `{"address"}`
 * once the pack listens, or `{"error"}` if it could not start or stopped (test/support/source-pack.ts). A run
 * without those specs starts nothing. The teardown stops the pack and waits for it, so its CPU counts in the run's.
 *
 * Without this fixture (a single spec run with `--no-config`, or mocha run programmatically), each test process starts its own pack on demand.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { launchSourcePack, type ServedPack } from "./source-pack-launch";

export const SOURCE_PACK_FILE_ENV = "DOCKYARD_SOURCE_PACK_FILE";

/** What the fixture writes for the workers. */
export type SourcePackRecord = { address: string } | { error: string };

let served: { pack?: ServedPack; dir: string; watcher: fs.FSWatcher } | undefined;

/** The file a test process creates to ask for the pack (./source-pack.ts). */
export const requestFile = (file: string): string => `${file}.request`;

function write(file: string, record: SourcePackRecord): void {
  if (!fs.existsSync(path.dirname(file))) return; // after the teardown
  // Whole or not at all: a worker polling the file never reads half of it.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record));
  fs.renameSync(`${file}.tmp`, file);
}

export function mochaGlobalSetup(): void {
  if (process.env[SOURCE_PACK_FILE_ENV] !== undefined) return; // a run inside a run: the outer one serves it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-source-pack-"));
  const file = path.join(dir, "served.json");
  process.env[SOURCE_PACK_FILE_ENV] = file;
  // Started on the first request, so that a run without the pack-process specs never pays for it.
  const watcher = fs.watch(dir, () => {
    if (served === undefined || served.pack !== undefined || !fs.existsSync(requestFile(file))) return;
    const pack = launchSourcePack();
    served.pack = pack;
    pack.address.then(
      (address) => {
        write(file, { address });
        void pack.exited.then((status) => write(file, { error: `the shared policy pack exited with ${status} during the run` }));
      },
      (err: unknown) => write(file, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  watcher.unref();
  served = { dir, watcher };
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (served === undefined) return;
  const { pack, dir, watcher } = served;
  served = undefined;
  watcher.close();
  await pack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
