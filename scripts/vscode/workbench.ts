// Debian's Chromium driven by playwright-core, pointed at a running code-server: what the extension tests and
// the browser test share. Nothing is downloaded: the browser is /usr/bin/chromium.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Workbench {
  page: Page;
  /** Every console line of the page, for the logs. */
  console: string[];
}

/** Opens the workbench on `folder` and waits until its activity bar is there. */
export async function openWorkbench(browser: Browser, serverUrl: string, folder: string, timeoutMs = 120_000): Promise<Workbench> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  const url = new URL(serverUrl);
  url.searchParams.set('folder', folder);
  await page.goto(url.toString(), { timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').first().waitFor({ timeout: timeoutMs });
  return { page, console: lines };
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** `--name value` pairs of process.argv. */
export function args(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[a.slice(2)] = 'true';
      else out[a.slice(2)] = argv[++i];
    }
  }
  return out;
}
