// Regenerates the console screenshots committed under www/screenshots/.
//
//   make npm && cargo build -p telnyx-mock
//   node tests/browser-demo/screenshots.mjs [OUT_DIR]
//
// Same servers and browser as the console test, at a smaller window.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startConsole, launchBrowser, killAll, idle } from './harness.mjs';

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'www/screenshots'));
await mkdir(out, { recursive: true });

const { mockUrl, consoleUrl } = await startConsole();
const browser = await launchBrowser({ width: 1280, height: 800 });
const { page } = browser;
page.setDefaultTimeout(15_000);

const shoot = async (name) => {
  await page.waitForTimeout(250); // let dialogs and toasts settle
  await page.screenshot({ path: path.join(out, `${name}.png`), animations: 'disabled' });
  console.log(`wrote ${path.join(out, `${name}.png`)}`);
};
const hideToast = () => page.evaluate(() => document.querySelector('#toast').classList.remove('show'));
const run = async (scenario) => {
  await page.selectOption('[data-testid=fault-scenario]', scenario);
  await page.click('[data-testid=fault-run]');
  await page.waitForFunction(() => document.querySelector('[data-testid=fault-result]').dataset.outcome);
  await idle(page);
};

try {
  await page.goto(consoleUrl);
  await page.waitForSelector('body[data-ready=true]');
  await idle(page);

  // Disable an account, then watch a retry.
  await page.locator('[data-testid=account-row]:has(.badge.enabled) [data-testid=account-details]').nth(1).click();
  await page.click('[data-testid=account-dialog] [data-testid=disable]');
  await page.locator('[data-testid=detail-status] .badge.disabled').waitFor();
  await shoot('details');
  await page.click('[data-testid=account-dialog] button[aria-label=Close]');
  await idle(page);
  await hideToast();
  await run('two-503');
  await shoot('accounts');

  // A create the mock refuses: the email is taken.
  const taken = await page.locator('[data-testid=account-email]').first().textContent();
  await page.click('[data-testid=new-account]');
  await page.fill('#create-form [name=business_name]', 'Contoso Voice');
  await page.fill('#create-form [name=email]', taken);
  await page.click('[data-testid=create-submit]');
  await page.locator('.field-error[data-for=email]').waitFor({ state: 'visible' });
  await shoot('create-validation');
  await page.click('#create-cancel');

  // Retries run out: the banner.
  await run('three-503');
  await shoot('faults');
  await page.click('#error-close');

  // Users, then the groups report.
  await page.click('[role=tab][data-tab=users]');
  await page.locator('[data-testid=user-row]').first().waitFor();
  await shoot('users');
  await page.click('[data-testid=report-json]');
  await page.locator('[data-testid=report]').waitFor();
  await shoot('users-report');
  console.log(`against telnyx-mock at ${mockUrl}`);
} finally {
  await browser.close();
  killAll();
}
