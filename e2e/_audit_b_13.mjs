import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
await page.click('.scenario-io summary');
await page.setInputFiles('#import-file', '/tmp/audit-100k.json');
await page.waitForFunction(() => /loaded/i.test(document.querySelector('.notice')?.textContent || ''), null, { timeout: 120000 });
await page.check('tr.map input[type=checkbox]');
await page.evaluate(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ entryTypes: ['longtask'] });
  window.__t = async (sel, text, cond, max = 180000) => {
    const el = text ? [...document.querySelectorAll(sel)].find(e => e.textContent.trim() === text) : document.querySelector(sel);
    if (!el) return 'no element ' + sel + ' ' + text;
    const t0 = performance.now(); el.click();
    const raf = () => new Promise((r) => requestAnimationFrame(r));
    await raf(); await raf();
    while (cond && !eval(cond) && performance.now() - t0 < max) await new Promise(r => setTimeout(r, 16));
    return Math.round(performance.now() - t0);
  };
});
const T = async (label, sel, text, cond) => { const ms = await page.evaluate(([s, t, c]) => window.__t(s, t, c), [sel, text, cond]); const lt = await page.evaluate(() => { const x = window.__lt; window.__lt = []; return x; }); console.log(`${label}: ${ms} ms; longtasks max ${Math.max(0, ...lt)} n=${lt.length}; notice: ${(await notice(page)).slice(0, 200)}`); };
// Edit a cell
await T('open editor', '.sides .rows:first-child button[aria-label="Edit row K0000005"]', null, "document.querySelector('tr.editing')");
console.log('editor fields:', await page.evaluate(() => [...document.querySelectorAll('tr.editing input, tr.editing select')].map(e => `${e.tagName}:${e.getAttribute('aria-label')}${e.tagName==='SELECT' ? '('+e.options.length+' opts)' : ''}`)));
console.log('FOCUS', await focusDesc(page));
await page.fill('tr.editing [aria-label="C1 of row K0000005"]', 'edited!');
console.log('L1 options', await page.evaluate(() => [...document.querySelector('tr.editing [aria-label="L1 of row K0000005"]').options].map(o => o.value + '=' + o.textContent).filter((v,i)=>i<4||v.includes('R100'))));
await page.selectOption('tr.editing [aria-label="L1 of row K0000005"]', { label: 'R42' });
await T('save edit', 'tr.editing button', 'Save', "!document.querySelector('tr.editing')");
// Run pane
await T('open Run pane', '.action-pane button', 'Run', "document.querySelector('[role=dialog]')");
console.log('RUN PANE', await txt(page, '[role=dialog]'));
await shot(page, '37-100k-run-pane');
await T('Run (initial sync)', '[role=dialog] button', 'Run', "!document.querySelector('[role=dialog]')");
console.log(await txt(page, 'table.maps'));
await T('Tick (10M rows per tick)', 'button', 'Tick', null);
console.log(await txt(page, 'table.maps'));
await tab(page, 'Initial sync details');
console.log('ISD', (await txt(page, '[role=tabpanel]')).slice(0, 1500));
await shot(page, '38-100k-after-sync');
await axe(page, '100k initial sync details');
await T('Undo', 'button', 'Undo', null);
console.log(await txt(page, 'table.maps'));
await T('Redo', 'button', 'Redo', null);
console.log(await txt(page, 'table.maps'));
await T('Undo again', 'button', 'Undo', null);
// rows per tick 5000, play at 100
await page.fill('label:has-text("Rows per tick") input', '5000');
await T('Set rpt', 'button', 'Set', null);
await T('Run pane again', '.action-pane button', 'Run', "document.querySelector('[role=dialog]')");
await T('Run', '[role=dialog] button', 'Run', "!document.querySelector('[role=dialog]')");
await page.selectOption('.topbar select', { label: '100 tick(s)/s' });
// measure frame gaps during play
const play = await page.evaluate(async () => {
  const b = [...document.querySelectorAll('button')].find(e => e.textContent.trim() === 'Play');
  b.click();
  const gaps = []; let last = performance.now(); const t0 = last;
  const statusOf = () => document.querySelector('tr.map .status').textContent;
  while (performance.now() - t0 < 8000) { await new Promise(r => requestAnimationFrame(r)); const n = performance.now(); gaps.push(n - last); last = n; if (!/Initializing/.test(statusOf())) break; }
  const clock = document.querySelector('.clock').textContent;
  gaps.sort((a, b) => a - b);
  return { elapsed: Math.round(performance.now() - t0), frames: gaps.length, median: Math.round(gaps[gaps.length >> 1]), p95: Math.round(gaps[Math.floor(gaps.length * .95)]), max: Math.round(gaps[gaps.length - 1]), clock, status: statusOf() };
});
console.log('PLAY @100/s with 5000 rpt:', play);
await shot(page, '39-100k-playing');
console.log(await txt(page, 'table.maps'));
const lt = await page.evaluate(() => { const x = window.__lt; window.__lt = []; return x; }); console.log('longtasks during play', lt.length, Math.max(0, ...lt));
await page.click('button:text-is("Pause clock")').catch(() => console.log('no pause clock btn'));
console.log('clock', await page.textContent('.clock'));
await T('Run until idle', 'button', 'Run until idle', null);
console.log(await txt(page, 'table.maps'));
await T('Undo', 'button', 'Undo', null);
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
