import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice, finops, dataverse } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Currencies');
await page.click('.action-pane button:text-is("Run")');
await page.click('[role=dialog] button:text-is("Run")');
await page.click('button:text-is("Run until idle")');
await page.check('#select-Legal-entities');
console.log('checked', await page.evaluate(() => [...document.querySelectorAll('tr.map input:checked')].map(i => i.id)));
console.log('buttons enabled:', await page.evaluate(() => [...document.querySelectorAll('.action-pane button')].map(b => `${b.textContent}:${b.disabled ? 'off' : 'on'}`).join(', ')));
await page.click('summary:has-text("Why are some actions unavailable")');
console.log('WHY UNAVAILABLE:', await page.evaluate(() => [...document.querySelectorAll('details')].find(d => d.querySelector('summary')?.textContent.includes('Why are some')).innerText));
await shot(page, '54-multiselect');
for (const k of ['p', 's', 'l', 'e']) { await page.locator('body').press(k); await page.waitForTimeout(80); console.log(`key ${k}:`, await notice(page), '| dialog', await page.locator('[role=dialog]').count()); if (await page.locator('[role=dialog]').count()) await page.keyboard.press('Escape'); }
await page.locator('body').press('r'); await page.waitForTimeout(100);
console.log('key r: dialog', await page.locator('[role=dialog]').count(), (await txt(page, '[role=dialog] tbody')).replace(/\s+/g, ' '));
if (await page.locator('[role=dialog]').count()) { await page.click('[role=dialog] button:text-is("Run")'); console.log('Run mixed:', await notice(page)); console.log(await txt(page, 'table.maps')); if (await page.locator('[role=dialog]').count()) { console.log('pane still open; its status:', await txt(page, '[role=dialog] [role=status]')); await page.keyboard.press('Escape'); } }
// mapping edit while running
await only(page, 'select-Currencies');
await tab(page, 'Table mappings');
console.log('Add mapping present while Running:', await page.locator('button:text-is("Add mapping")').count(), 'Delete enabled', await page.locator('.mappings button:text-is("Delete")').first().isEnabled().catch(() => 'n/a'));
console.log('mapping tab text:', (await txt(page, '[role=tabpanel]')).slice(0, 600));
await shot(page, '55-mappings-running');
// Pause 1 day warning: pause and Play at 100 tick/s until > 1440 min
await page.click('.action-pane button:text-is("Pause")');
await page.click('.pause-pane button:text-is("Pause")');
await page.click(`${finops} button[aria-label="Edit row USD"]`);
await page.fill(`${finops} [aria-label="NAME of row USD"]`, 'queued');
await page.click(`${finops} tr.editing button:text-is("Save")`);
await page.selectOption('.topbar select', { label: '100 tick(s)/s' });
await page.click('button:text-is("Play")');
const t0 = Date.now();
await page.waitForFunction(() => /(1 d|24 h|1 day|day)/.test(document.querySelector('.clock').textContent) || /day/.test(document.body.innerText.match(/older than[^\n]*/)?.[0] || ''), null, { timeout: 40000 }).catch(() => {});
await page.waitForTimeout(1500);
await page.click('button:text-is("Pause clock")');
console.log('clock after play', await page.textContent('.clock'), 'wall', Date.now() - t0);
console.log('notice', await notice(page));
console.log('WARN lines:', await page.evaluate(() => document.body.innerText.split('\n').filter(l => /day|older/i.test(l)).slice(0, 8)));
await tab(page, 'Queued records');
console.log('QUEUE TAB:', await txt(page, '[role=tabpanel]'));
await tab(page, 'Activity log');
console.log('ACT:', (await txt(page, '[role=tabpanel]')).slice(0, 500));
await shot(page, '56-day-old-queue');
await browser.close();
