import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice, finops, dataverse } from './_audit_b_lib.mjs';
const { browser, page } = await open();
await load(page);
const wjh = async () => (await page.evaluate(() => { const h = [...document.querySelectorAll('h2,h3')].find(e => e.textContent.trim() === 'What just happened'); return h ? h.parentElement.innerText.slice(0, 1500) : '?'; }));
const edit = async (grid, row, column, value) => {
  await page.click(`${grid} button[aria-label="Edit row ${row}"]`);
  await page.fill(`${grid} [aria-label="${column} of row ${row}"]`, value);
  await page.click(`${grid} tr.editing button:text-is("Save")`);
  await page.waitForTimeout(50);
  const ed = await page.locator('tr.editing').count();
  console.log(`EDIT ${row} ${column}=${value}: notice=[${await notice(page)}] stillEditing=${ed}`);
  if (ed) { console.log('   row says:', await txt(page, 'tr.editing + tr, tr.editing')); await page.keyboard.press('Escape'); }
};
const cellOf = (grid, key, col) => page.evaluate(([grid, key, col]) => { const t = document.querySelector(grid); const names = [...t.querySelectorAll('thead th')].map(th => th.textContent.replace(/\(key\)/,'').replace(/ [▲▼]$/, '').trim()); const row = [...t.querySelectorAll('tbody tr')].find(tr => tr.querySelector('button.cell-select')?.textContent === key); return row ? row.cells[names.indexOf(col)]?.textContent : null; }, [grid, key, col]);
const mode = process.argv[2] || 'keep';
await page.check('#select-Currencies');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('button:text-is("Run until idle")');
await page.fill('label:has-text("Rows per tick") input', '1');
await page.click('button:text-is("Set")');
console.log('rpt:', await notice(page));
await page.click('.action-pane button:text-is("Pause")');
await page.click('.pause-pane button:text-is("Pause")');
await tab(page, 'Queued records');
await page.fill('[role=tabpanel] input >> nth=0', '3');
await page.click('[role=tabpanel] button:text-is("Set")');
console.log('cap:', await notice(page));
await edit(finops, 'USD', 'NAME', 'D1');
await edit(finops, 'EUR', 'NAME', 'E1');
await edit(dataverse, 'GBP', 'currencyname', 'G1');
await edit(dataverse, 'CAD', 'currencyname', 'C1');
console.log('queue:', await txt(page, '[role=tabpanel]'));
await shot(page, '22-queue-full');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('button:text-is("Tick")');
console.log('tick:', await notice(page), await status(page, 'Currencies'), await txt(page, 'tr.map[data-map="Currencies"]'));
await page.click('.action-pane button:text-is("Skip to live sync")');
await page.waitForSelector('.skip-pane');
console.log('SKIP PANE:', await txt(page, '.skip-pane'));
console.log('FOCUS:', await focusDesc(page));
await shot(page, '23-skip-pane');
if (mode === 'discard') {
  const boxes = await page.locator('.skip-pane input').all();
  for (const b of boxes) { const t = await b.getAttribute('type'); console.log('input', t, await b.isChecked()); }
  await page.locator('.skip-pane input[type=checkbox]').uncheck().catch(()=>{});
  await page.locator('.skip-pane label:has-text("discard") input').check().catch(()=>{});
}
await page.click('.skip-pane button.primary');
console.log('after skip:', await notice(page), await status(page, 'Currencies'));
console.log('WJH:', await wjh());
await tab(page, 'Catch-up errors');
console.log('CUE:', await txt(page, '[role=tabpanel]'));
await tab(page, 'Queued records');
console.log('QUEUE:', await txt(page, '[role=tabpanel]'));
for (const k of ['USD','EUR','GBP','CAD']) console.log(k, 'FO', await cellOf(finops, k, 'NAME'), '| DV', await cellOf(dataverse, k, 'currencyname'));
await tab(page, 'Catch-up errors');
await shot(page, '24-after-skip-' + mode);
await axe(page, 'after skip');
if (mode === 'keep') {
  await page.locator('[role=tabpanel] tbody input[type=checkbox]').first().check();
  await page.click('[role=tabpanel] button:text-is("Retry selected")');
  console.log('retry sel:', await notice(page));
  console.log('CUE:', await txt(page, '[role=tabpanel]'));
  for (const k of ['USD','EUR','GBP','CAD']) console.log(k, 'FO', await cellOf(finops, k, 'NAME'), '| DV', await cellOf(dataverse, k, 'currencyname'));
}
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
