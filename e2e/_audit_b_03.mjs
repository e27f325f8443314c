import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
await page.check('#select-Customers-V3');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
console.log('FOCUS after run:', await focusDesc(page));
console.log('NOTICE', await notice(page));
console.log(await txt(page, 'table.maps'));
await shot(page, '04-after-run');
for (let i = 0; i < 3; i++) {
  await page.click('button:text-is("Tick")');
  console.log(`--- tick ${i+1}`, await page.textContent('.clock'));
  console.log(await txt(page, 'table.maps'));
  console.log('WJH', (await txt(page, '.events, .what-happened, [aria-label*="What just"]')).slice(0, 1500));
}
await shot(page, '05-ticking');
console.log(await page.evaluate(() => [...document.querySelectorAll('progress, [role=progressbar]')].map(p => p.outerHTML).join('\n')));
await page.click('button:text-is("Run until idle")');
console.log('NOTICE', await notice(page));
console.log(await txt(page, 'table.maps'));
await tab(page, 'Initial sync details');
console.log(await txt(page, '[role=tabpanel]'));
await shot(page, '06-isd');
await axe(page, 'initial sync details');
console.log(page.problems);
await browser.close();
