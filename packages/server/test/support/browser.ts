// Chromium for page tests: Debian's /usr/bin/chromium (env CHROMIUM_PATH for another) driven by
// playwright-core, one browser per test file. Screenshots go under test-results/ (never committed)
// and, when COGNATE_SCREENSHOTS_DIR is set, there too (the docs' images are made so).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where Chromium is looked for. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** True when Chromium is installed; browser tests skip without it, except under CI. */
export const haveChromium = existsSync(chromiumPath);

/** Why a browser test cannot run here. */
export const CHROMIUM_MISSING = `chromium is not installed at ${chromiumPath} (Debian: apt-get install -y --no-install-recommends chromium; or set CHROMIUM_PATH)`;

const here = path.dirname(fileURLToPath(import.meta.url));
/** packages/server/test-results/: screenshots of the last run (gitignored). */
export const resultsDir = path.resolve(here, '../../test-results');

/** Starts headless Chromium (self-signed certificates accepted: the dev TLS certificate is one). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (cookies of its own), accepting self-signed certificates. */
export function newContext(
  browser: Browser,
  opts: { colorScheme?: 'light' | 'dark'; mobile?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    ignoreHTTPSErrors: true,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.mobile ? { width: 390, height: 780 } : { width: 1000, height: 760 },
    deviceScaleFactor: opts.mobile ? 2 : 1,
  });
}

/**
 * Saves a screenshot of `page` as `<name>.png` under test-results/<group>/ and, when env
 * COGNATE_SCREENSHOTS_DIR is set, copies it there.
 */
export async function screenshot(page: Page, group: string, name: string): Promise<string> {
  const dir = path.join(resultsDir, group);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const extra = process.env.COGNATE_SCREENSHOTS_DIR;
  if (extra) {
    mkdirSync(extra, { recursive: true });
    copyFileSync(file, path.join(extra, `${name}.png`));
  }
  return file;
}
