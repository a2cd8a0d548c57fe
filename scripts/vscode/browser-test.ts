// The browser test: what a new user does with the mouse, then with the keyboard only, in code-server driven by
// Debian's Chromium. Each scenario opens its own window, so each gets its own extension host and its own lab
// pair (which starts on 9.18(4)22).
//   mouse:    ASA Upgrade view -> "Open Lab" welcome button -> lab pair in the tree -> right-click "Upgrade Pair..."
//             -> ASA image and ASDM image from the lab's image server -> "Upgrade" -> confirm the modal -> the
//             webview reaches the end with every phase done -> the tree shows the primary active on the new version
//   keyboard: the same from the command palette (F1), typing and Enter only, then "Show Log"
//   states:   the tree in each state a user meets (healthy, a pair not contacted yet, a refused password, an
//             unreachable pair with stale units, a changed host key), reached through the test-only runner
//             extension's "ASA Upgrade Test: ..." commands (test/vscode/runner/scenes.ts)
// Screenshots: test-results/tree.png, test-results/webview.png, one per step under test-results/browser/, and the
// README's pictures in media/screenshots/ (refreshed on every run, so they stay true).
//   usage: tsx scripts/vscode/browser-test.ts --url http://127.0.0.1:PORT/ --workspace DIR [--out test-results]
//            [--only mouse|keyboard] [--upgrade-timeout 240]
// Prints mocha-style "N passing"/"N failing"; exit code 0 when both scenarios passed.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { args, launchChromium, openWorkbench, screenshot } from './workbench';

const a = args();
const url = a.url;
const workspace = resolve(a.workspace ?? 'out/vscode-tests/workspace-browser');
const outDir = resolve(a.out ?? 'test-results');
const stepsDir = join(outDir, 'browser');
/** The README's pictures (also copied under test-results/readme/). */
const readmeDir = resolve(a['readme-shots'] ?? 'media/screenshots');
const upgradeTimeoutMs = Number(a['upgrade-timeout'] ?? 240) * 1000;
const NEW_VERSION = '9.20(2)';
const LAB_PAIR = 'Lab pair';
const UI_TIMEOUT = 30_000;
/** What the keyboard scenario types to filter the image picks: the names the mouse scenario saw, else the lab's. */
const typed = { asa: 'asa9-20-2', asdm: 'asdm-7201' };

interface StepLog {
  scenario: string;
  steps: Array<{ title: string; ms: number; error?: string }>;
}

/** Runs named steps in order; the first failure ends the scenario with a screenshot of where it stood. */
class Scenario {
  readonly log: StepLog;
  private n = 0;
  constructor(
    readonly name: string,
    readonly page: Page,
  ) {
    this.log = { scenario: name, steps: [] };
    console.log(`\n  ${name}`);
  }

  async step(title: string, fn: () => Promise<void>, shot?: string): Promise<void> {
    const started = Date.now();
    this.n++;
    try {
      await fn();
      if (shot) await screenshot(this.page, stepsDir, `${this.name}-${String(this.n).padStart(2, '0')}-${shot}`);
      const ms = Date.now() - started;
      this.log.steps.push({ title, ms });
      console.log(`    ✓ ${title} (${ms}ms)`);
    } catch (e) {
      const ms = Date.now() - started;
      const error = e instanceof Error ? e.message : String(e);
      this.log.steps.push({ title, ms, error });
      console.log(`    ✗ ${title} (${ms}ms)\n${error.replace(/^/gm, '        ')}`);
      await screenshot(this.page, stepsDir, `${this.name}-${String(this.n).padStart(2, '0')}-FAILED`).catch(() => undefined);
      throw e;
    }
  }
}

/** One of the README's pictures: just the part of the window it is about. */
async function readmeShot(target: Locator, name: string): Promise<void> {
  mkdirSync(readmeDir, { recursive: true });
  mkdirSync(join(outDir, 'readme'), { recursive: true });
  // The sidebar is cut below its last tree row (the rest is empty).
  const box = await target.boundingBox();
  const rows = target.locator('.monaco-list-row');
  const last = (await rows.count()) ? await rows.last().boundingBox() : null;
  const clip = box && last && last.y + last.height < box.y + box.height ? { ...box, height: last.y + last.height - box.y + 12 } : undefined;
  for (const path of [join(readmeDir, `${name}.png`), join(outDir, 'readme', `${name}.png`)]) {
    if (clip) await target.page().screenshot({ path, clip });
    else await target.screenshot({ path });
  }
}

// ---- workbench helpers (VS Code's DOM; playwright's CSS pierces the open shadow roots of menus) ----

function sidebar(page: Page): Locator {
  return page.locator('.part.sidebar');
}

function treeRow(page: Page, text: string | RegExp): Locator {
  return sidebar(page).locator('.monaco-list-row').filter({ hasText: text });
}

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

function quickPickRow(page: Page, text: string | RegExp): Locator {
  return quickInput(page).locator('.quick-input-list .monaco-list-row').filter({ hasText: text });
}

async function quickPickTitled(page: Page, title: RegExp): Promise<void> {
  await quickInput(page).locator('.quick-input-title').filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

/** The progress panel's document: the webview iframe's inner "active-frame". */
function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

async function unitsShown(page: Page, version: string, activeRole = 'Primary'): Promise<void> {
  const standbyRole = activeRole === 'Primary' ? 'Secondary' : 'Primary';
  await treeRow(page, LAB_PAIR).first().waitFor({ timeout: 60_000 });
  // The units appear once the first status read of the lab pair finished.
  // A row's text is its label and description run together ("PrimaryActive · 9.20(2)").
  await treeRow(page, new RegExp(`${activeRole}.*Active.*${escape(version)}`)).first().waitFor({ timeout: 60_000 });
  await treeRow(page, new RegExp(`${standbyRole}.*Standby Ready.*${escape(version)}`)).first().waitFor({ timeout: 60_000 });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function expandPair(page: Page): Promise<void> {
  const row = treeRow(page, LAB_PAIR).first();
  await row.waitFor({ timeout: 60_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

async function waitForUpgradeEnd(page: Page): Promise<string[]> {
  const doc = webview(page);
  await doc.locator('#phases li.phase').first().waitFor({ timeout: UI_TIMEOUT });
  const outcome = doc.locator('#outcome');
  await outcome.waitFor({ state: 'visible', timeout: upgradeTimeoutMs });
  const cls = (await outcome.getAttribute('class')) ?? '';
  const text = (await outcome.innerText()).trim();
  if (!/\bupgraded\b/.test(cls)) throw new Error(`the upgrade did not end upgraded: ${text}`);
  const phases = await doc.locator('#phases li.phase').evaluateAll((lis) =>
    lis.map((li) => `${li.querySelector('.phase-title')?.textContent ?? '?'}: ${li.querySelector('.phase-status')?.textContent ?? '?'}`),
  );
  const notDone = phases.filter((p) => !p.endsWith(': done'));
  if (notDone.length) throw new Error(`phases not done at the end: ${notDone.join('; ')}`);
  return phases;
}

async function openPalette(page: Page, command: string): Promise<void> {
  // Right after the window opens, the palette lists only built-in commands until the remote extension host has
  // registered the extensions' contributions (several seconds here): close it and look again, as a user would.
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.keyboard.press('F1');
    await quickInput(page).locator('input').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.keyboard.type(command);
    const row = quickPickRow(page, command).first();
    try {
      await row.waitFor({ timeout: 3_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw e;
    }
  }
}

// ---- the scenarios ----

async function mouse(browser: Browser): Promise<StepLog> {
  const { page } = await openWorkbench(browser, url, workspace);
  const s = new Scenario('mouse', page);
  let asaImage = '';
  let asdmImage = '';
  try {
    await s.step('the workbench opens with the ASA Upgrade activity bar entry', async () => {
      await page.locator('.part.activitybar').getByRole('tab', { name: /ASA Upgrade/ }).waitFor({ timeout: 60_000 });
    }, 'workbench');
    await s.step('the ASA Upgrade view shows its welcome with "Open Lab"', async () => {
      const tab = page.locator('.part.activitybar').getByRole('tab', { name: /ASA Upgrade/ });
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      await sidebar(page).getByRole('button', { name: 'Open Lab' }).waitFor({ timeout: UI_TIMEOUT });
    }, 'welcome');
    await s.step('"Open Lab" puts the lab pair in the tree: primary Active, secondary Standby Ready', async () => {
      await sidebar(page).getByRole('button', { name: 'Open Lab' }).click();
      await expandPair(page);
      await unitsShown(page, '9.18(4)22');
      await screenshot(page, outDir, 'tree');
      await readmeShot(sidebar(page), 'tree-healthy');
    }, 'tree');
    await s.step('right-click the lab pair shows "Upgrade Pair..."', async () => {
      await treeRow(page, LAB_PAIR).first().click({ button: 'right' });
      await page.getByRole('menuitem', { name: /Upgrade Pair/ }).first().waitFor({ timeout: UI_TIMEOUT });
    }, 'context-menu');
    await s.step('"Upgrade Pair..." asks for the ASA image; the lab\'s newer image is offered', async () => {
      await page.getByRole('menuitem', { name: /Upgrade Pair/ }).first().click();
      await quickPickTitled(page, /ASA image/);
      const row = quickPickRow(page, /newer than running/).filter({ hasText: /\.bin/ }).first();
      await row.waitFor({ timeout: UI_TIMEOUT });
      asaImage = /[\w.-]+\.bin/.exec(await row.innerText())?.[0] ?? '';
      await readmeShot(quickInput(page), 'image-picker');
    }, 'pick-asa');
    await s.step('pick the ASA image, then the ASDM image', async () => {
      await quickPickRow(page, asaImage).first().click();
      await quickPickTitled(page, /ASDM image/);
      const row = quickPickRow(page, /newer than running/).filter({ hasText: /asdm.*\.bin/ }).first();
      await row.waitFor({ timeout: UI_TIMEOUT });
      asdmImage = /[\w.-]+\.bin/.exec(await row.innerText())?.[0] ?? '';
      await screenshot(page, stepsDir, 'mouse-pick-asdm');
      await row.click();
      await quickPickTitled(page, /what to do/i);
    }, 'pick-mode');
    await s.step('choose "Upgrade"; the modal lists the plan', async () => {
      await quickPickRow(page, /Upgrade/).filter({ hasText: /reload the secondary/ }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 60_000 });
      const text = await dialog.innerText();
      if (!text.includes(asaImage.replace(/\.bin$/, '')) && !text.includes(NEW_VERSION)) throw new Error(`the confirmation does not name the new image: ${text}`);
    }, 'confirm');
    await s.step('the confirmation offers "Upgrade" and "Don\'t upgrade", never "Cancel"', async () => {
      const buttons = await page.locator('.monaco-dialog-box').getByRole('button').allInnerTexts();
      const names = buttons.map((b) => b.trim()).filter(Boolean);
      if (!names.includes('Upgrade') || !names.includes("Don't upgrade") || names.some((b) => /cancel/i.test(b))) throw new Error(`the confirmation's buttons: ${names.join(', ')}`);
    });
    await s.step('confirm: the tree shows the copy\'s percent on the unit line, the panel its rate and time left', async () => {
      await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Upgrade', exact: true }).click();
      await webview(page).locator('#phases li.phase').first().waitFor({ timeout: UI_TIMEOUT });
      await treeRow(page, /copying \d+%/).first().waitFor({ timeout: 60_000 });
      await webview(page).locator('.copy-label').filter({ hasText: /\/s/ }).first().waitFor({ timeout: 60_000 });
      await screenshot(page, stepsDir, 'mouse-webview-running');
      await readmeShot(page.locator('.monaco-workbench'), 'upgrade-copying');
    }, 'copying');
    await s.step('a unit reloaded by the upgrade shows "reloading (planned)"', async () => {
      await treeRow(page, /reloading \(planned\)/).first().waitFor({ timeout: 90_000 });
      await readmeShot(sidebar(page), 'tree-reloading-planned');
    }, 'reloading');
    await s.step('the progress webview runs every phase to the end', async () => {
      const phases = await waitForUpgradeEnd(page);
      await screenshot(page, outDir, 'webview');
      await readmeShot(page.locator('.part.editor'), 'progress-panel');
      console.log(`      phases: ${phases.join(', ')}`);
    }, 'webview-end');
    await s.step(`the tree shows the primary Active and the secondary Standby Ready on ${NEW_VERSION}`, async () => {
      await unitsShown(page, NEW_VERSION);
    }, 'tree-after');
  } finally {
    console.log(`      images picked: ${asaImage || '-'}, ${asdmImage || '-'}`);
    if (asaImage) typed.asa = asaImage;
    if (asdmImage) typed.asdm = asdmImage;
    await page.context().close();
  }
  return s.log;
}

async function keyboard(browser: Browser): Promise<StepLog> {
  const { page } = await openWorkbench(browser, url, workspace);
  const s = new Scenario('keyboard', page);
  try {
    await s.step('F1 "ASA Upgrade: Open Lab" starts the lab and shows it in the tree', async () => {
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await openPalette(page, 'ASA Upgrade: Open Lab');
      await expandPair(page);
      await unitsShown(page, '9.18(4)22');
    }, 'open-lab');
    await s.step('F1 "ASA Upgrade: Upgrade Pair..." then type the image names and Enter', async () => {
      await openPalette(page, 'ASA Upgrade: Upgrade Pair...');
      // With one pair the pair pick may be skipped; when it shows, pick the lab by name.
      await quickInput(page).locator('.quick-input-title').filter({ hasText: /which pair|ASA image/ }).first().waitFor({ timeout: UI_TIMEOUT });
      if (await quickInput(page).locator('.quick-input-title').filter({ hasText: /which pair/ }).count()) {
        await page.keyboard.type(LAB_PAIR);
        await page.keyboard.press('Enter');
      }
      await quickPickTitled(page, /ASA image/);
      await quickPickRow(page, /newer than running/).first().waitFor({ timeout: UI_TIMEOUT });
      await page.keyboard.type(typed.asa);
      await quickPickRow(page, typed.asa).first().waitFor({ timeout: UI_TIMEOUT });
      await page.keyboard.press('Enter');
      await quickPickTitled(page, /ASDM image/);
      await page.keyboard.type(typed.asdm);
      await quickPickRow(page, typed.asdm).first().waitFor({ timeout: UI_TIMEOUT });
      await page.keyboard.press('Enter');
      await quickPickTitled(page, /what to do/i);
      await page.keyboard.type('Upgrade');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-dialog-box').waitFor({ timeout: 60_000 });
    }, 'confirm');
    await s.step('Enter on the modal starts the upgrade; the webview reaches the end', async () => {
      const upgrade = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Upgrade', exact: true });
      // The dialog focuses its first button; Tab to it if focus is elsewhere, never click.
      for (let i = 0; i < 6 && !(await upgrade.evaluate((b) => b === document.activeElement || b.contains(document.activeElement))); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await waitForUpgradeEnd(page);
      await unitsShown(page, NEW_VERSION);
    }, 'webview-end');
    await s.step('F1 "ASA Upgrade: Show Log" shows the commands in the output channel', async () => {
      await openPalette(page, 'ASA Upgrade: Show Log');
      const output = page.locator('.part.panel');
      // Monaco renders spaces as no-break spaces, which \s matches.
      await output.locator('.view-lines').filter({ hasText: /\[info\]\s\[Lab\spair\s(active|standby)\]\s>\s/ }).first().waitFor({ timeout: UI_TIMEOUT });
      await screenshot(page, outDir, 'output');
    }, 'log');
  } finally {
    await page.context().close();
  }
  return s.log;
}

/** The pair lines (the tree's top level) fit the sidebar at its default width: no "…" hides the pair's health. */
async function pairLinesFit(page: Page): Promise<void> {
  const cut = await sidebar(page)
    .locator('.monaco-list-row[aria-level="1"]')
    .evaluateAll((rows) =>
      rows
        .filter((r) => {
          const c = r.querySelector('.monaco-icon-label-container') as HTMLElement | null;
          return c !== null && c.scrollWidth > c.clientWidth + 1;
        })
        .map((r) => `${r.textContent ?? ''} (${(r.querySelector('.monaco-icon-label-container') as HTMLElement).scrollWidth}px > ${(r.querySelector('.monaco-icon-label-container') as HTMLElement).clientWidth}px)`),
    );
  if (cut.length) throw new Error(`pair lines cut off at the sidebar's default width: ${cut.join(' | ')}`);
}

async function runCommand(page: Page, title: string): Promise<void> {
  await openPalette(page, title);
}

async function states(browser: Browser): Promise<StepLog> {
  const { page } = await openWorkbench(browser, url, workspace);
  const s = new Scenario('states', page);
  try {
    await s.step('Open Lab: the lab pair is healthy', async () => {
      const tab = page.locator('.part.activitybar').getByRole('tab', { name: /ASA Upgrade/ });
      await tab.waitFor({ timeout: 60_000 });
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      await sidebar(page).getByRole('button', { name: 'Open Lab' }).click();
      await expandPair(page);
      await unitsShown(page, '9.18(4)22');
      await treeRow(page, /Lab pair.*healthy/).first().waitFor({ timeout: UI_TIMEOUT });
      await pairLinesFit(page);
    }, 'healthy');
    await s.step('right-click a unit offers "Upgrade Pair..." and "Download Images Only..." for its pair', async () => {
      await treeRow(page, /^Secondary/).first().click({ button: 'right' });
      await page.getByRole('menuitem', { name: /Upgrade Pair/ }).first().waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole('menuitem', { name: /Download Images Only/ }).first().waitFor({ timeout: UI_TIMEOUT });
      await screenshot(page, stepsDir, 'states-unit-menu');
      await page.keyboard.press('Escape');
    }, 'unit-menu');
    await s.step('a pair not contacted yet shows a neutral "Sign in..."', async () => {
      await runCommand(page, 'ASA Upgrade Test: Add a pair not contacted yet');
      await treeRow(page, /Branch office.*sign in/).first().waitFor({ timeout: 60_000 });
      await treeRow(page, 'Sign in...').first().waitFor({ timeout: UI_TIMEOUT });
      await readmeShot(sidebar(page), 'tree-sign-in');
      await pairLinesFit(page);
    }, 'sign-in');
    await s.step('a refused password: the pair asks to sign in again (and the refresh never retries it)', async () => {
      await runCommand(page, 'ASA Upgrade Test: Lab rejects the password');
      await treeRow(page, /Lab pair.*sign in/).first().waitFor({ timeout: 60_000 });
      await readmeShot(sidebar(page), 'tree-password-refused');
      await pairLinesFit(page);
      await runCommand(page, 'ASA Upgrade Test: Lab healed');
      await treeRow(page, 'Sign in...').first().click();
      await treeRow(page, /Lab pair.*healthy/).first().waitFor({ timeout: 60_000 });
    }, 'password-refused');
    await s.step('an unreachable pair says why and since when; its units show their age, greyed', async () => {
      await runCommand(page, 'ASA Upgrade Test: Lab unreachable');
      await treeRow(page, /Lab pair.*unreachable \(/).first().waitFor({ timeout: 60_000 });
      await treeRow(page, /Primary.*(s|min) ago/).first().waitFor({ timeout: 60_000 });
      await readmeShot(sidebar(page), 'tree-unreachable');
      await pairLinesFit(page);
      await runCommand(page, 'ASA Upgrade Test: Lab healed');
      await treeRow(page, /Lab pair.*healthy/).first().waitFor({ timeout: 60_000 });
    }, 'unreachable');
    await s.step('a changed host key is refused and says what to do', async () => {
      await runCommand(page, 'ASA Upgrade Test: Lab host key changes');
      await treeRow(page, /Lab pair.*host key changed/).first().waitFor({ timeout: 60_000 });
      await treeRow(page, /Host key CHANGED/).first().waitFor({ timeout: UI_TIMEOUT });
      await readmeShot(sidebar(page), 'tree-host-key-changed');
      await pairLinesFit(page);
    }, 'host-key-changed');
  } finally {
    await page.context().close();
  }
  return s.log;
}

async function main(): Promise<number> {
  if (!url) throw new Error('--url of the running code-server is required');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(stepsDir, { recursive: true });
  const browser = await launchChromium();
  const logs: StepLog[] = [];
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  try {
    for (const [name, scenario] of [['mouse', mouse], ['keyboard', keyboard], ['states', states]] as const) {
      if (a.only && a.only !== name) continue;
      try {
        logs.push(await scenario(browser));
        passed++;
      } catch {
        failed++;
      }
    }
  } finally {
    await browser.close();
    writeFileSync(join(outDir, 'browser', 'steps.json'), JSON.stringify(logs, null, 2));
  }
  console.log(`\n  ${passed} passing (${Math.round((Date.now() - started) / 1000)}s)`);
  if (failed) console.log(`  ${failed} failing`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`browser test: ${e instanceof Error ? e.stack : String(e)}`);
    console.log('\n  0 passing\n  1 failing');
    process.exit(1);
  },
);
