/**
 * Headless Chromium from Debian's `chromium` package, driven by playwright-core, with a fresh empty profile
 * and no background networking. A missing browser is an error, not a skipped test (`.ci/run` installs it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML report is tested in Debian's Chromium. Fix: apt-get update && apt-get install -y chromium (bash .ci/run installs it)`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
