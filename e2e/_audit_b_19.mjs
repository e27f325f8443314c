import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
// ? help
await page.keyboard.press('?');
await page.waitForTimeout(200);
console.log('HELP:', (await txt(page, '[role=dialog]')).slice(0, 3000));
console.log('FOCUS in help:', await focusDesc(page));
await shot(page, '50-help');
await axe(page, 'help');
await page.keyboard.press('Escape');
console.log('FOCUS after help close:', await focusDesc(page));
// open help via button and close: focus return
await page.click('button:text-is("Shortcuts (?)")');
await page.keyboard.press('Escape');
console.log('FOCUS after help (button) close:', await focusDesc(page));
// shortcuts with nothing selected
for (const k of ['r', 's', 'p', 'l', 'i', 'e']) {
  await page.keyboard.press(k);
  await page.waitForTimeout(100);
  console.log(`key ${k} (nothing selected): ${await notice(page)} | dialog: ${await page.locator('[role=dialog]').count()}`);
  if (await page.locator('[role=dialog]').count()) await page.keyboard.press('Escape');
}
// M, H, D, G
for (const k of ['m', 'h', 'd', 'g']) {
  await page.keyboard.press(k); await page.waitForTimeout(100);
  console.log(`key ${k}: focus ${await focusDesc(page)}`);
}
// graph keyboard
await page.keyboard.press('g');
const seq = [];
for (const k of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft', 'End', 'Home', 'ArrowUp']) { await page.keyboard.press(k); seq.push(`${k} -> ${await page.evaluate(() => document.activeElement.textContent.slice(0, 40))}`); }
console.log('GRAPH keys:\n ' + seq.join('\n '));
await page.keyboard.press('ArrowRight');
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after Enter on graph: checked=', await page.evaluate(() => [...document.querySelectorAll('tr.map input:checked')].map(i => i.id)), 'focus', await focusDesc(page), 'heading', await page.evaluate(() => document.querySelector('main h2, .details h2')?.textContent));
await shot(page, '51-graph-enter');
await axe(page, 'after graph enter');
// map list keyboard: M then arrows, Space
await page.keyboard.press('m');
await page.keyboard.press('ArrowDown'); await page.keyboard.press('ArrowDown');
console.log('maps list focus after 2 downs:', await focusDesc(page));
await page.keyboard.press('Space');
console.log('checked after space', await page.evaluate(() => [...document.querySelectorAll('tr.map input:checked')].map(i => i.id)));
await page.keyboard.press('r');
await page.waitForSelector('[role=dialog]');
console.log('Run pane via r: ', (await txt(page, '[role=dialog] tbody')).replace(/\s+/g, ' '));
console.log('FOCUS in run pane', await focusDesc(page));
await browser.close();
