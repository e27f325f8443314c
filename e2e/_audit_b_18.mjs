import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Currencies');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('button:text-is("Run until idle")');
await page.click('button:text-is("Copy link")');
const link = await page.inputValue('#share-link');
console.log('link len', link.length, link.slice(0, 120));
await shot(page, '48-copy-link');
const h = link.split('#')[1];
const variants = {
  garbage: '#share=garbage!!',
  truncated: '#' + h.slice(0, Math.floor(h.length / 2)),
  flipped: '#' + h.slice(0, 40) + (h[40] === 'A' ? 'B' : 'A') + h.slice(41),
  empty: '#share=',
  otherhash: '#foo',
  huge: '#share=' + 'A'.repeat(200000),
};
for (const [name, frag] of Object.entries(variants)) {
  const p = await ctx.newPage();
  p.problems = []; p.on('pageerror', e => p.problems.push(e.message)); p.on('console', m => { if (m.type() === 'error') p.problems.push(m.text()); });
  await p.goto('http://127.0.0.1:8766/' + frag);
  await p.waitForSelector('tr.map', { timeout: 30000 }).catch(() => console.log('no map list'));
  await p.waitForTimeout(300);
  console.log(`== ${name}: notice: ${(await notice(p)).slice(0, 300)} | hash now "${(await p.evaluate(() => location.hash)).slice(0, 30)}" | currencies ${await status(p, 'Currencies').catch(() => '?')} | problems ${p.problems.join(';').slice(0, 200)}`);
  if (name === 'flipped') await p.screenshot({ path: '/tmp/audit-b/49-corrupt-link.png' });
  await p.close();
}
// paste into address bar of an open page (hashchange)
await page.evaluate((f) => { location.hash = f; }, variants.garbage);
await page.waitForTimeout(400);
console.log('hashchange garbage on open page:', await notice(page), await status(page, 'Currencies'));
await page.evaluate((f) => { location.hash = f; }, '#' + h);
await page.waitForTimeout(400);
console.log('hashchange valid on open page:', await notice(page));
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
