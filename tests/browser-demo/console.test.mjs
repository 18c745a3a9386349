// Drives the demo console (www/) in Debian's headless Chromium against a real
// telnyx-mock and the console's own static server, both on free ports.
//
//   MOCK_BIN=target/debug/telnyx-mock ARTIFACTS=artifacts node tests/browser-demo/console.test.mjs
//
// Screenshots go to $ARTIFACTS/demo/. Every process started here runs in its
// own process group and is killed by group when the run ends, however it ends.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startConsole, launchBrowser, killAll, idle as idleOn } from './harness.mjs';

const SHOTS = path.join(process.env.ARTIFACTS ?? path.join(ROOT, 'artifacts'), 'demo');
const STEP = { timeout: 60_000 };

let mockUrl;
let browser;
let page;
let shot = 0;

async function screenshot(name) {
  shot += 1;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), animations: 'disabled' });
}

async function admin(method, route, body) {
  const response = await fetch(new URL(mockUrl).origin + route, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(response.ok, `${method} ${route} answered ${response.status}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const rows = () => page.locator('[data-testid=account-row]');
const emails = () => page.locator('[data-testid=account-row] [data-testid=account-email]').allTextContents();

const idle = () => idleOn(page);

async function applyAccountFilters(values) {
  const form = page.locator('[data-testid=account-filters]');
  for (const [name, value] of Object.entries(values)) {
    const field = form.locator(`[name=${name}]`);
    if (await field.evaluate((el) => el.tagName === 'SELECT')) await field.selectOption(value);
    else await field.fill(value);
  }
  await form.locator('[data-testid=apply-filters]').click();
  await idle();
}

describe('the demo console in headless Chromium', () => {
  const stamp = Date.now().toString(36);
  const business = `Browser Test ${stamp}`;
  const email = `browser-test-${stamp}@console.example`;

  before(async () => {
    await rm(SHOTS, { recursive: true, force: true }); // screenshots of this run only
    await mkdir(SHOTS, { recursive: true });
    const servers = await startConsole();
    mockUrl = servers.mockUrl;
    browser = await launchBrowser({ width: 1440, height: 900 });
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await page.goto(servers.consoleUrl);
    await page.waitForSelector('body[data-ready=true]');
  }, { timeout: 90_000 });

  after(async () => {
    await browser?.close();
    killAll();
  });

  it('loads the first page of managed accounts from telnyx-mock', STEP, async () => {
    await rows().first().waitFor();
    assert.equal(await page.locator('[data-testid=error-banner]').isHidden(), true);
    assert.match(await page.locator('[data-testid=accounts-page]').textContent(), /^Page 1 of \d+$/);
    assert.match(await page.locator('[data-testid=channels-allocatable]').textContent(), /^\d[\d,]*$/);
    await screenshot('accounts');
  });

  it('shows a missing business name next to its field', STEP, async () => {
    await page.click('[data-testid=new-account]');
    await page.click('[data-testid=create-submit]');
    const fieldError = page.locator('.field-error[data-for=business_name]');
    await fieldError.waitFor({ state: 'visible' });
    assert.match(await fieldError.textContent(), /business_name/);
  });

  it('shows the mock\'s 422 for an email already taken next to the email field', STEP, async () => {
    const taken = (await emails())[0];
    await page.fill('#create-form [name=business_name]', business);
    await page.fill('#create-form [name=email]', taken);
    await page.click('[data-testid=create-submit]');
    const fieldError = page.locator('.field-error[data-for=email]');
    await fieldError.waitFor({ state: 'visible' });
    assert.notEqual((await fieldError.textContent()).trim(), '');
    assert.equal(await page.locator('.field-error[data-for=business_name]').isHidden(), true);
    assert.equal(await page.locator('[data-testid=error-class]').textContent(), 'UnprocessableEntityError');
    assert.equal(await page.locator('[data-testid=error-status]').textContent(), '422');
    assert.match(await page.locator('[data-testid=error-code]').textContent(), /^\d+$/);
    await screenshot('create-validation');
  });

  it('creates an account and lists it at the top, newest first', STEP, async () => {
    await page.fill('#create-form [name=email]', email);
    await page.click('[data-testid=create-submit]');
    await page.locator('[data-testid=create-dialog]').waitFor({ state: 'hidden' });
    await page.locator(`[data-testid=account-row][data-email="${email}"]`).waitFor();
    assert.equal((await emails())[0], email);
  });

  it('finds the new account with the email filter', STEP, async () => {
    await applyAccountFilters({ email: stamp });
    assert.deepEqual(await emails(), [email]);
    assert.equal(await rows().first().locator('[data-testid=status]').textContent(), 'enabled');
    await screenshot('filtered');
  });

  it('disables the account and sees its status change', STEP, async () => {
    await rows().first().locator('[data-testid=account-details]').click();
    const dialog = page.locator('[data-testid=account-dialog]');
    await dialog.waitFor();
    assert.match(await dialog.locator('[data-testid=api-user]').textContent(), /\S/);
    assert.match(await dialog.locator('[data-testid=secret]').first().textContent(), /^•+.{4}$/);
    await dialog.locator('[data-testid=disable]').click();
    await dialog.locator('[data-testid=detail-status] .badge.disabled').waitFor();
    await screenshot('details-disabled');
    await dialog.locator('button[aria-label=Close]').click();
    await rows().first().locator('.badge.disabled').waitFor();

    // The server agrees: the account is listed under "disabled" and no longer under "enabled".
    await applyAccountFilters({ status: 'disabled' });
    assert.deepEqual(await emails(), [email]);
    await applyAccountFilters({ status: 'enabled' });
    assert.deepEqual(await emails(), []);
  });

  it('sets the account\'s global channel limit and the allocated total grows by it', STEP, async () => {
    await applyAccountFilters({ status: '' });
    const allocated = async () => Number((await page.locator('#ch-allocated').textContent()).replace(/,/g, ''));
    const before = await allocated();
    await rows().first().locator('[data-testid=account-details]').click();
    const dialog = page.locator('[data-testid=account-dialog]');
    await dialog.locator('[data-testid=channel-limit]').fill('25');
    await dialog.locator('[data-testid=save-channel-limit]').click();
    await dialog.locator('[data-testid=channel-limit-result]', { hasText: 'Saved: 25 channels' }).waitFor();
    await page.waitForFunction((want) => Number(document.querySelector('#ch-allocated').textContent.replace(/,/g, '')) === want, before + 25);
    await dialog.locator('button[aria-label=Close]').click();
  });

  it('pages through the list with the page size it was given', STEP, async () => {
    await applyAccountFilters({ email: '', status: '' });
    await page.selectOption('[data-testid=accounts-page-size]', '10');
    await idle();
    await page.waitForFunction(() => document.querySelector('[data-testid=accounts-page]').textContent.startsWith('Page 1 of'));
    const pages = Number((await page.locator('[data-testid=accounts-page]').textContent()).match(/of (\d+)/)[1]);
    assert.ok(pages >= 2, `the seed fills at least two pages of 10, got ${pages}`);
    const seen = new Set(await emails());
    for (let n = 2; n <= pages; n += 1) {
      await page.click('[data-testid=accounts-next]');
      await page.waitForFunction((want) => document.querySelector('[data-testid=accounts-page]').textContent.startsWith(`Page ${want} of`), n);
      for (const address of await emails()) {
        assert.ok(!seen.has(address), `${address} shows on two pages`);
        seen.add(address);
      }
    }
    assert.equal(await page.locator('[data-testid=accounts-next]').isDisabled(), true);
    const total = Number((await page.locator('[data-testid=accounts-range]').textContent()).match(/of (\d+)/)[1]);
    assert.equal(seen.size, total);
    await page.click('[data-testid=accounts-prev]');
    await page.waitForFunction((want) => document.querySelector('[data-testid=accounts-page]').textContent.startsWith(`Page ${want} of`), pages - 1);
    await screenshot('paged');
  });

  it('lists cancelled accounts only when asked to', STEP, async () => {
    const total = async () => Number((await page.locator('[data-testid=accounts-range]').textContent()).match(/of (\d+)/)[1]);
    const without = await total();
    await page.check('[data-testid=include-cancelled]');
    await idle();
    const withCancelled = await total();
    assert.ok(withCancelled > without, `${withCancelled} > ${without}`);
    await applyAccountFilters({ status: 'cancelled' });
    const statuses = await page.locator('[data-testid=account-row] [data-testid=status]').allTextContents();
    assert.equal(statuses.length, withCancelled - without);
    assert.ok(statuses.every((status) => status === 'cancelled'), statuses.join());
    await page.uncheck('[data-testid=include-cancelled]');
    await applyAccountFilters({ status: '' });
  });

  it('downloads the groups report as CSV with one row per user in the JSON report', STEP, async () => {
    await page.click('[role=tab][data-tab=users]');
    await page.locator('[data-testid=user-row]').first().waitFor();
    await page.click('[data-testid=report-json]');
    await page.locator('[data-testid=report]').waitFor();
    const report = JSON.parse(await page.locator('#report-json-view').textContent());
    assert.ok(report.data.length > 0);
    await screenshot('users-report');
    await page.locator('[data-testid=report] button[aria-label=Close]').click();

    const downloading = page.waitForEvent('download');
    await page.click('[data-testid=report-csv]');
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'users-groups-report.csv');
    const file = path.join(SHOTS, 'users-groups-report.csv');
    await download.saveAs(file);
    const lines = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
    assert.match(lines[0], /email/);
    const emailsInCsv = new Set(lines.slice(1).map((line) => line.match(/[^,"\s]+@[^,"\s]+/)?.[0]));
    for (const user of report.data) assert.ok(emailsInCsv.has(user.email), `${user.email} is in the CSV`);
  });

  it('removes a user only after confirmation', STEP, async () => {
    const first = page.locator('[data-testid=user-row]:not([data-record-type=organization_owner])').first();
    const id = await first.getAttribute('data-id');
    const removals = [];
    page.on('request', (request) => { if (request.url().includes('/actions/remove')) removals.push(request.url()); });
    await first.locator('[data-testid=user-remove]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor();
    await page.click('#confirm-cancel');
    await page.locator('[data-testid=confirm-dialog]').waitFor({ state: 'hidden' });
    assert.deepEqual(removals, [], 'cancel sends nothing');
    await page.locator(`[data-testid=user-row][data-id="${id}"]`).waitFor();

    await first.locator('[data-testid=user-remove]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor();
    await screenshot('remove-confirm');
    await page.click('[data-testid=confirm-remove]');
    await page.locator(`[data-testid=user-row][data-id="${id}"]`).waitFor({ state: 'detached' });
    assert.equal(removals.length, 1);
    await page.click('[role=tab][data-tab=accounts]');
  });

  it('retries two 503s and shows the list, with every attempt', STEP, async () => {
    await admin('DELETE', '/__admin/faults');
    await page.selectOption('[data-testid=fault-scenario]', 'two-503');
    await page.click('[data-testid=fault-run]');
    const result = page.locator('[data-testid=fault-result][data-outcome]');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-outcome'), 'recovered');
    assert.equal(await result.getAttribute('data-attempts'), '3');
    assert.match(await page.locator('[data-testid=fault-server-log]').textContent(), /logged 3 requests: 503 \(fault\), 503 \(fault\), 200\./);
    assert.equal(await page.locator('[data-testid=error-banner]').isHidden(), true);
    assert.ok((await rows().count()) > 0);
    await screenshot('fault-recovered');
  });

  it('waits out a 429 with retry-after before retrying', STEP, async () => {
    await page.selectOption('[data-testid=fault-scenario]', 'rate-limit');
    const started = Date.now();
    await page.click('[data-testid=fault-run]');
    const result = page.locator('[data-testid=fault-result][data-outcome]');
    await page.waitForFunction(() => document.querySelector('[data-testid=fault-result]').dataset.attempts === '2');
    assert.equal(await result.getAttribute('data-outcome'), 'recovered');
    assert.ok(Date.now() - started >= 1000, 'the retry came after the one second the server asked for');
    const waited = Number((await result.locator('.wait').textContent()).match(/(\d+) ms/)[1]);
    assert.ok(waited >= 950, `the client waited ${waited} ms between attempts`);
  });

  it('does not retry a 401 and names it AuthenticationError', STEP, async () => {
    await page.selectOption('[data-testid=fault-scenario]', 'unauthorized');
    await page.click('[data-testid=fault-run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=fault-result]').dataset.outcome === 'failed');
    assert.equal(await page.locator('[data-testid=fault-result]').getAttribute('data-attempts'), '1');
    assert.equal(await page.locator('[data-testid=error-class]').textContent(), 'AuthenticationError');
    assert.equal(await page.locator('[data-testid=error-status]').textContent(), '401');
  });

  it('shows the error class, status, Telnyx code and request id when retries run out', STEP, async () => {
    await page.selectOption('[data-testid=fault-scenario]', 'three-503');
    await page.click('[data-testid=fault-run]');
    await page.waitForFunction(() => document.querySelector('[data-testid=fault-result]').dataset.outcome === 'failed');
    const banner = page.locator('[data-testid=error-banner]');
    await banner.waitFor();
    assert.equal(await banner.locator('[data-testid=error-class]').textContent(), 'InternalServerError');
    assert.equal(await banner.locator('[data-testid=error-status]').textContent(), '503');
    assert.equal(await banner.locator('[data-testid=error-code]').textContent(), '10007');
    assert.match(await banner.locator('[data-testid=error-request-id]').textContent(), /\w{6,}/);
    assert.equal(await page.locator('[data-testid=fault-result]').getAttribute('data-attempts'), '3');
    await screenshot('fault-exhausted');
  });
});
