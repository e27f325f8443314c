import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice, finops, dataverse } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Currencies');
// keyboard run
await page.focus('.action-pane button:text-is("Run")');
await page.keyboard.press('Enter');
await page.keyboard.press('Enter'); // Enter on the first box presses Run
await page.waitForTimeout(100);
console.log('after keyboard Run: ', await notice(page), '| focus', await focusDesc(page));
await page.focus('button:text-is("Run until idle")');
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after Run until idle (button now disabled?): focus', await focusDesc(page), 'disabled', await page.isDisabled('button:text-is("Run until idle")'));
// Pause via keyboard
await page.focus('.action-pane button:text-is("Pause")');
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('pause pane focus', await focusDesc(page));
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after Pause confirm: ', await notice(page), '| focus', await focusDesc(page));
// Edit via keyboard in grid: focus row, Enter on Edit
await page.focus(`${finops} button[aria-label="Edit row USD"]`);
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('editor focus', await focusDesc(page));
await page.focus(`${finops} [aria-label="NAME of row USD"]`);
await page.keyboard.type(' x');
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after save via Enter:', await notice(page), '| focus', await focusDesc(page));
// Delete via keyboard
await page.focus(`${finops} button[aria-label="Delete row JPY"]`);
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after delete via Enter:', await notice(page), '| focus', await focusDesc(page));
// Undo with Ctrl+Z
await page.keyboard.press('Control+z');
await page.waitForTimeout(100);
console.log('after ctrl+z:', await notice(page), '| focus', await focusDesc(page));
// Queued records: Why? then close
await tab(page, 'Queued records');
await page.click('[role=tabpanel] button:text-is("Why?") >> nth=0');
await page.waitForTimeout(100);
console.log('why focus', await focusDesc(page));
await page.keyboard.press('Escape');
console.log('after why Esc focus', await focusDesc(page));
// Resume via keyboard: R
await page.locator('body').press('r');
await page.waitForTimeout(100);
console.log('R pane focus', await focusDesc(page));
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after resume via Enter:', await notice(page), '| focus', await focusDesc(page));
// Tick via T, then Retry All
await page.locator('body').press('t');
await page.waitForTimeout(100);
console.log('after T:', await notice(page), await status(page, 'Currencies'), '| focus', await focusDesc(page));
// Select row then close pair compare
await page.click(`${finops} button[aria-label="Select row EUR"]`);
await page.click('.pair-compare button:text-is("Close")');
console.log('after pair close focus', await focusDesc(page));
// history: H, ArrowUp, Enter
await page.locator('body').press('h');
await page.keyboard.press('ArrowUp'); await page.keyboard.press('ArrowUp');
await page.keyboard.press('Enter');
await page.waitForTimeout(100);
console.log('after history Enter:', await notice(page), '| focus', await focusDesc(page));
await shot(page, '77-history-rewind');
await axe(page, 'history rewound');
console.log(page.problems.filter(p => !p.includes('integrity')));
await browser.close();
