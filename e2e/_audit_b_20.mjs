import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Customers-V3');
await page.click('.action-pane button:text-is("Run")');
await page.keyboard.press('Escape');
console.log('focus after Esc on Run pane:', await focusDesc(page));
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Cancel")');
console.log('focus after Cancel on Run pane:', await focusDesc(page));
await page.click('.action-pane button:text-is("Run")');
const order = () => page.locator('[role=dialog] tbody tr').evaluateAll(rs => rs.map(r => r.dataset.map).join(' > '));
console.log('order', await order());
await page.focus('button[aria-label="Move Customers V3 up"]');
for (let i = 0; i < 4; i++) { await page.keyboard.press('Enter'); console.log(' after Enter:', await order(), '| focus', await focusDesc(page)); }
await page.keyboard.press('Space');
console.log(' after Space on (disabled?) up:', await order(), '| focus', await focusDesc(page));
// status hint
console.log('live status text:', await page.evaluate(() => [...document.querySelectorAll('[role=dialog] [role=status]')].map(e => e.textContent)));
await shot(page, '52-run-pane-reordered');
// Drag with mouse: drag Legal entities (now second) to the top
const src = page.locator('[role=dialog] tr[data-map="Legal entities"]');
const dst = page.locator('[role=dialog] tr[data-map="Customers V3"]');
await src.dragTo(dst);
console.log('after drag LE onto CV3:', await order());
// Enter on a select runs?
await page.click('.action-pane button:text-is("Run")').catch(()=>{});
// run in this order
await page.click('[role=dialog] button:text-is("Run")');
console.log('run notice', await notice(page));
await page.click('button:text-is("Run until idle")');
console.log('idle:', await notice(page));
console.log(await txt(page, 'table.maps'));
await tab(page, 'Initial sync details');
console.log((await txt(page, '[role=tabpanel]')).slice(0, 2500));
await shot(page, '53-reordered-run');
await browser.close();
