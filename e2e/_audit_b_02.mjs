import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
await page.check('#select-Customers-V3');
await shot(page, '02-cv3-selected');
await page.click('.action-pane button:text-is("Run")');
await page.waitForSelector('[role=dialog]');
console.log('FOCUS after open:', await focusDesc(page));
console.log(await txt(page, '[role=dialog]'));
console.log(await page.evaluate(() => document.querySelector('[role=dialog]').outerHTML.slice(0, 6000)));
await shot(page, '03-run-pane');
await axe(page, 'run pane');
// tab cycle
const seen = [];
for (let i = 0; i < 40; i++) { await page.keyboard.press('Tab'); seen.push(await focusDesc(page)); }
console.log('TAB ORDER:\n' + seen.join('\n'));
await browser.close();
