// End-to-end smoke test of the release build: serve dist/ on loopback, load it in
// Debian's headless Chromium through playwright-core (no browser download), and check
// that the app rendered and that the page logged no error.
//
// usage: node e2e/smoke.mjs DIST [--screenshot FILE]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const dist = process.argv[2] ?? 'dist';
const shotAt = process.argv.indexOf('--screenshot');
const screenshot = shotAt > 0 ? process.argv[shotAt + 1] : null;
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path === '/' ? 'index.html' : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
let failed = 0;
let passed = 0;
const check = (ok, what) => {
  if (ok) { passed += 1; console.log(`ok   ${what}`); } else { failed += 1; console.log(`FAIL ${what}`); }
};
// axe-core on the page as it is now: every violation, whatever its impact, fails.
const axe = async (page, where) => {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: axeSource });
  }
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(found.length === 0, `axe-core finds no violation ${where}${found.length ? ': ' + found.join('; ') : ''}`);
};
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  await page.waitForSelector('h1', { timeout: 30000 });
  check((await page.textContent('h1')) === 'Dual-write table maps', 'the app rendered its title');
  check((await page.locator('tr.map').count()) === 8, 'the eight demo table maps are listed');
  const api = await page.evaluate(() => window.dualwrite && window.dualwrite.state().maps.length);
  check(api === 8, `window.dualwrite answers in the console (${api} maps)`);
  await axe(page, 'on the demo as it opens');
  await page.check('#select-Legal-entities');
  await page.click('.action-pane button:text-is("Run")');
  await page.click('[role=dialog] button:text-is("Run")');
  await page.click('button:text-is("Run until idle")');
  const status = await page.locator('tr.map[data-map="Legal entities"] .status').textContent();
  check(status === 'Running', `Run then Run until idle gives Running (got ${status})`);
  await page.uncheck('#select-Legal-entities');
  await page.check('#select-Customers-V3');
  await page.click('.action-pane button:text-is("Run")');
  const order = await page.locator('[role=dialog] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.map));
  check(order.join(',') === 'Legal entities,Currencies,Terms of payment,Customer groups,Customers V3',
    `the Run pane lists the prerequisites first (${order.join(', ')})`);
  await axe(page, 'with the Run pane open');
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: false });
  }
  await page.keyboard.press('Escape');
  check((await page.locator('[role=dialog]').count()) === 0, 'Escape closes the Run pane');
  // Share: the link made here opens in a fresh page (its own storage) on the same state.
  await page.click('button:text-is("Copy link")');
  const link = await page.inputValue('#share-link');
  check(link.startsWith(url + '#share='), 'Copy link gives a link to this page with the session in its fragment');
  const fresh = await browser.newContext();
  const other = await fresh.newPage({ viewport: { width: 1200, height: 900 } });
  other.on('pageerror', (e) => problems.push(`page error (shared): ${e.message}`));
  await other.goto(link);
  await other.waitForSelector('tr.map', { timeout: 30000 });
  const shared = await other.locator('tr.map[data-map="Legal entities"] .status').textContent();
  check(shared === 'Running', `the shared link opens on the same state in a fresh page (Legal entities: ${shared})`);
  const steps = await other.evaluate(() => window.location.hash);
  check(steps === '', 'the link leaves the address bar once open');
  await fresh.close();
  // A map's details, a lesson with its hints and an explanation, and the builder.
  await page.check('#select-Currencies');
  await page.click('button:text-is("Your first table map")');
  await page.click('button:text-is("Hint")');
  await page.click('button:text-is("Make a lesson")');
  await axe(page, 'with a lesson, a map\'s details and the lesson builder open');
  await page.click('button:text-is("Close")');
  await page.click('button:text-is("All lessons")');
  // A paused map's queue with an explanation open.
  await page.click('button:text-is("Skip to live sync, discarding the queue")');
  await page.check('#select-Currencies');
  await page.click('button[aria-label="Why? queued record 1"]');
  check((await page.textContent('.explanation h2')) === "Queued change 1 of 'Currencies'", 'Why? explains a queued record');
  await axe(page, 'with a queue and an explanation open');
  check(problems.length === 0, `the page logged no error${problems.length ? ': ' + problems.join('; ') : ''}`);
} finally {
  await browser.close();
  server.close();
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
