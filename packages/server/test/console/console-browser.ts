// The admin console in Chromium, for the console's browser tests: a test server with the built
// console, a browser, signing in with the server's admin key through the sign-in page, an
// accessibility check (axe-core in the page: no serious or critical violation), and screenshots
// saved under test-results/console/ and as docs/images/console/<page>.png (the docs show them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/index.ts';

export { CHROMIUM_MISSING, haveChromium } from '../support/browser.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
/** packages/console: the console's sources and its build (dist/). */
export const consoleDir = path.join(repoRoot, 'packages/console');
/** docs/images/console: where the screenshots the docs show are written. */
export const docsImagesDir = path.join(repoRoot, 'docs/images/console');

/**
 * Builds the console when its dist/ is missing or older than a source file, so a test never
 * drives a stale page (the root `npm ci` builds it too). The build goes to a folder of its own
 * and is swapped in, so two test files building at once do not see half a dist/.
 */
export function ensureConsoleBuilt(): void {
  const dist = path.join(consoleDir, 'dist');
  const index = path.join(dist, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = [path.join(consoleDir, 'src'), path.join(consoleDir, 'index.html')];
  if (built && !sources.some((s) => newestMtime(s) > built)) return;
  const out = path.join(consoleDir, `.dist-${process.pid}`);
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', out], {
    cwd: consoleDir,
    stdio: 'inherit',
  });
  const old = path.join(consoleDir, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
}

function newestMtime(file: string): number {
  const st = statSync(file);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(
    st.mtimeMs,
    ...readdirSync(file).map((name) => newestMtime(path.join(file, name))),
  );
}

/** A running server with the console, a browser, and the admin key that signs in. */
export interface ConsoleHarness {
  t: TestServer;
  browser: Browser;
  /** `<server>/console/` */
  consoleUrl: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A fresh profile (own cookies) allowed to use the clipboard; `dark` for the dark theme. */
  context(opts?: { colorScheme?: 'light' | 'dark'; mobile?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Starts a test server (store under test) and Chromium, building the console first if needed. */
export async function startConsole(
  opts: Parameters<typeof startTestServer>[0] = {},
): Promise<ConsoleHarness> {
  ensureConsoleBuilt();
  const [t, browser] = await Promise.all([startTestServer(opts), launchBrowser()]);
  const consoleUrl = `${t.url}/console/`;
  const contexts: BrowserContext[] = [];
  return {
    t,
    browser,
    consoleUrl,
    accessKeyId: t.server.accessKey.accessKeyId,
    secretAccessKey: t.server.accessKey.secret,
    async context(o = {}) {
      const ctx = await newContext(browser, o);
      await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(t.url).origin,
      });
      contexts.push(ctx);
      return ctx;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

/**
 * Signs in through the sign-in page with the labelled fields and the `Sign in` button, and waits
 * for the main navigation. `hash` opens another page first (e.g. `#/pools`).
 */
export async function signInToConsole(
  h: ConsoleHarness,
  page: Page,
  opts: { hash?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<void> {
  await page.goto(`${h.consoleUrl}${opts.hash ?? '#/sign-in'}`);
  await page.getByLabel('Access key ID').fill(opts.accessKeyId ?? h.accessKeyId);
  await page.getByLabel('Secret access key').fill(opts.secretAccessKey ?? h.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One axe-core violation, as the check reports it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it stands and fails on any serious or
 * critical violation, naming each with the elements involved. Returns all violations found.
 */
export async function assertAccessible(page: Page, label: string): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's strict CSP does not govern.
  const has = await page.evaluate(() => 'axe' in window);
  if (!has) await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time.
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations.map(
      (v: {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[]; html: string }[];
      }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
      }),
    );
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.html).join(' | ')}`),
    [],
    `accessibility violations on ${label}`,
  );
  return violations;
}

/**
 * Saves a full-page screenshot as docs/images/console/<name>.png (and under test-results/console/),
 * after the page's requests have settled.
 */
export async function screenshotConsole(page: Page, name: string): Promise<string> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const file = await screenshot(page, 'console', name);
  mkdirSync(docsImagesDir, { recursive: true });
  copyFileSync(file, path.join(docsImagesDir, `${name}.png`));
  return file;
}

/** Checks accessibility and saves the screenshot: what every console page test does per page. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await assertAccessible(page, name);
  await screenshotConsole(page, name);
}
