import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice, finops, dataverse } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
await page.check('#select-Currencies');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('button:text-is("Run until idle")');
console.log(await status(page, 'Currencies'));
// alert: 503 count 2 window 15 action Pause
await tab(page, 'Alert settings');
await page.click('button:text-is("Create alert settings")');
console.log('ALERT FORM:', await page.evaluate(() => document.querySelector('.alert-form').outerHTML.slice(0, 4000)));
await shot(page, '16-alert-form');
await browser.close();
