import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice, finops, dataverse } from './_audit_b_lib.mjs';
import { readdir } from 'node:fs/promises';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Currencies');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('.scenario-io summary');
const files = (await readdir('/tmp/audit-b')).filter(f => f.startsWith('m-')).sort();
for (const f of files) {
  const before = await page.evaluate(() => document.querySelector('table.maps').innerText + document.querySelector('.clock').textContent);
  await page.setInputFiles('#import-file', `/tmp/audit-b/${f}`);
  await page.waitForTimeout(400);
  const after = await page.evaluate(() => document.querySelector('table.maps').innerText + document.querySelector('.clock').textContent);
  console.log(`== ${f}: changed=${before !== after}\n   NOTICE: ${await notice(page)}`);
  const errs = await txt(page, '.scenario-io [role=alert], .scenario-io .error');
  if (errs) console.log('   IO ERR:', errs.slice(0, 400));
  if (f === 'm-html.json') {
    await only(page, 'select-Currencies');
    await shot(page, '45-html-file');
    console.log('   imgs in page:', await page.evaluate(() => document.querySelectorAll('img').length), 'b tags', await page.evaluate(() => document.querySelectorAll('.notice b, main b').length));
    console.log('   GBP cell', await page.evaluate(() => [...document.querySelectorAll('table[aria-label^="Finance"] tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ')).find(t => t.startsWith('GBP'))));
    await page.click('button:text-is("Copy link")');
    console.log('   copy link notice', await notice(page));
  }
  if (f === 'm-dupkey.json' && before !== after) {
    await only(page, 'select-Currencies');
    console.log('   FO currencies:', await page.textContent('.sides .rows:first-child .grid-count'));
    await shot(page, '46-dupkey');
  }
  if (f === 'm-wrongtype-decimal.json' && before !== after) {
    await only(page, 'select-Currencies');
    console.log('   USD row', await page.evaluate(() => [...document.querySelectorAll('table[aria-label^="Finance"] tbody tr')].map(r => r.innerText.replace(/\s+/g, ' ')).find(t => t.startsWith('USD'))));
  }
  // go back to a known state
  if (before !== after) { await page.click('button:text-is("Reset to demo")'); await page.check('#select-Currencies'); await page.click('.action-pane button:text-is("Run")'); await page.click('[role=dialog] button:text-is("Run")'); }
}
// pasted text with bad JSON
await page.fill('#import-text', '{"oops": ');
await page.click('button:text-is("Load")');
console.log('paste bad:', await notice(page));
await shot(page, '47-bad-paste');
console.log('FOCUS after bad paste:', await focusDesc(page));
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
