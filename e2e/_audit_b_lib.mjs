import { chromium } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';
export const URL = 'http://127.0.0.1:8766/';
export const OUT = '/tmp/audit-b';
const axeSource = await readFile('/work/main/node_modules/axe-core/axe.min.js', 'utf8');
export async function open(vw = { width: 1280, height: 800 }, opts = {}) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const ctx = await browser.newContext({ viewport: vw, ...opts });
  const page = await ctx.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') page.problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { page.problems.push(`dialog ${d.type()}: ${d.message()}`); d.dismiss().catch(()=>{}); });
  return { browser, ctx, page };
}
export async function load(page, url = URL) {
  await page.goto(url);
  await page.waitForSelector('tr.map', { timeout: 60000 });
}
export async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}) x${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' | ' + (n.failureSummary||'').slice(0,200).replace(/\n/g,' ')).join(' ;; ')}`);
  });
  console.log(`AXE ${where}: ${found.length ? '\n  ' + found.join('\n  ') : 'none'}`);
  return found;
}
let n = 0;
export async function shot(page, name) { n++; const p = `${OUT}/${name}.png`; await page.screenshot({ path: p }); console.log('shot', p); }
export const status = (page, map) => page.locator(`tr.map[data-map="${map}"] .status`).textContent();
export const only = async (page, id) => {
  const checked = page.locator('tr.map input[type=checkbox]:checked');
  while (await checked.count() > 0) await checked.first().uncheck();
  await page.check(`#${id}`);
};
export const tab = (page, label) => page.click(`[role=tab]:text-matches("^${label}")`);
export const finops = 'table[aria-label^="Finance and operations apps"]';
export const dataverse = 'table[aria-label^="Dataverse"]';
export const notice = async (page) => (await page.locator('.notice').count()) ? (await page.textContent('.notice')) : '(no notice)';
export const txt = (page, sel) => page.evaluate((s) => [...document.querySelectorAll(s)].map(e => e.innerText).join('\n---\n'), sel);
export const focusDesc = (page) => page.evaluate(() => { const a = document.activeElement; return a ? `${a.tagName}${a.id ? '#' + a.id : ''} [${a.getAttribute('aria-label') ?? ''}] "${(a.textContent||'').slice(0,50)}"` : 'none'; });
