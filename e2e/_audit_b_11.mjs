import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
// timing helper installed into page
await page.evaluate(() => {
  window.__timed = async (act, cond, max = 120000) => {
    const t0 = performance.now();
    act();
    const raf = () => new Promise((r) => requestAnimationFrame(r));
    await raf(); await raf();
    while (!cond() && performance.now() - t0 < max) { await new Promise(r => setTimeout(r, 16)); }
    await raf();
    return Math.round(performance.now() - t0);
  };
  window.__longtasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longtasks.push(Math.round(e.duration)); }).observe({ entryTypes: ['longtask'] });
});
const lt = async (label) => { const l = await page.evaluate(() => { const x = window.__longtasks; window.__longtasks = []; return x; }); console.log(`  longtasks during ${label}: n=${l.length} max=${Math.max(0, ...l)} sum=${l.reduce((a,b)=>a+b,0)}`); };
await page.click('.scenario-io summary');
let t0 = Date.now();
await page.setInputFiles('#import-file', '/tmp/audit-100k.json');
await page.waitForFunction(() => /loaded|refused|not|error/i.test(document.querySelector('.notice')?.textContent || ''), null, { timeout: 120000 });
console.log('LOAD 100k wall ms', Date.now() - t0, 'notice:', await notice(page));
await lt('load');
console.log(await txt(page, 'table.maps'));
await shot(page, '30-100k-loaded');
// select Big
const selMs = await page.evaluate(() => window.__timed(() => document.querySelector('tr.map input[type=checkbox]').click(), () => document.querySelector('.sides .grid-viewport')));
console.log('SELECT map ms', selMs);
await lt('select');
await shot(page, '31-100k-selected');
console.log('captions', await txt(page, '.sides .grid-count'));
// scroll to end finops
for (const side of ['first', 'last']) {
  const ms = await page.evaluate((side) => { const v = document.querySelector(`.sides .rows:${side}-child .grid-viewport`); const c = v.parentElement.querySelector('.grid-count'); const before = c.textContent; return window.__timed(() => { v.scrollTop = v.scrollHeight; }, () => c.textContent !== before); }, side);
  console.log(`SCROLL ${side} to end ms`, ms, await page.textContent(`.sides .rows:${side}-child .grid-count`));
  await lt('scroll end');
}
await shot(page, '32-100k-scrolled-end');
// smooth scroll jank: wheel through
const frames = await page.evaluate(async () => {
  const v = document.querySelector('.sides .rows:first-child .grid-viewport');
  v.scrollTop = 0;
  const gaps = []; let last = performance.now();
  for (let i = 0; i < 120; i++) { v.scrollTop += 500; await new Promise(r => requestAnimationFrame(r)); const now = performance.now(); gaps.push(now - last); last = now; }
  gaps.sort((a, b) => a - b);
  return { median: Math.round(gaps[60]), p95: Math.round(gaps[114]), max: Math.round(gaps[119]) };
});
console.log('SCROLL frames (ms between frames while scrolling 500px per frame)', frames);
await lt('scroll frames');
// sort by a header
const heads = await page.evaluate(() => [...document.querySelectorAll('.sides .rows:first-child thead th')].map(th => th.innerHTML.slice(0, 200)));
console.log('HEADS', heads);
const sortMs = await page.evaluate(() => { const b = [...document.querySelectorAll('.sides .rows:first-child thead th button')].find(b => /C1/.test(b.textContent)); const first = () => document.querySelector('.sides .rows:first-child tbody tr:not(.spacer)')?.textContent; const before = first(); return b ? window.__timed(() => b.click(), () => first() !== before) : -1; });
console.log('SORT C1 ms', sortMs, (await page.evaluate(() => document.querySelector('.sides .rows:first-child tbody tr:not(.spacer)')?.innerText)));
await lt('sort');
const sort2 = await page.evaluate(() => { const b = [...document.querySelectorAll('.sides .rows:first-child thead th button')].find(b => /C1/.test(b.textContent)); const first = () => document.querySelector('.sides .rows:first-child tbody tr:not(.spacer)')?.textContent; const before = first(); return window.__timed(() => b.click(), () => first() !== before); });
console.log('SORT C1 desc ms', sort2, (await page.evaluate(() => document.querySelector('.sides .rows:first-child tbody tr:not(.spacer)')?.innerText)));
await lt('sort2');
await shot(page, '33-100k-sorted');
// find key
const findInput = page.locator('.sides .rows:first-child input').first();
console.log('find input aria', await findInput.getAttribute('aria-label'));
t0 = Date.now();
await findInput.fill('K0099999');
await page.waitForFunction(() => /of 1\b|1 of|1 row/.test(document.querySelector('.sides .rows:first-child .grid-count').textContent), null, { timeout: 30000 }).catch(() => {});
console.log('FIND K0099999 wall ms', Date.now() - t0, await page.textContent('.sides .rows:first-child .grid-count'));
await lt('find');
t0 = Date.now();
await findInput.pressSequentially('0', { delay: 0 });
await page.waitForTimeout(50);
console.log('find typing extra char wall', Date.now() - t0, await page.textContent('.sides .rows:first-child .grid-count'));
await findInput.fill('K00999');
await page.waitForTimeout(300);
console.log('find prefix K00999:', await page.textContent('.sides .rows:first-child .grid-count'));
await lt('find2');
await shot(page, '34-100k-find');
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
