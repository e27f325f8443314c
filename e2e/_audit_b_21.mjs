import { open, load, shot, axe, txt, status, only, tab, focusDesc, notice } from './_audit_b_lib.mjs';
const { browser, ctx, page } = await open();
await load(page);
await page.check('#select-Customers-V3');
await page.click('.action-pane button:text-is("Run")');
const order = () => page.locator('[role=dialog] tbody tr').evaluateAll(rs => rs.map(r => r.dataset.map).join(' > '));
console.log('handlers:', await page.evaluate(() => { const r = document.querySelector('[role=dialog] tbody tr'); return r.getAttribute('draggable'); }));
// 1: playwright dragTo by handle
await page.locator('[role=dialog] tr[data-map="Customers V3"] .drag-handle').dragTo(page.locator('[role=dialog] tr[data-map="Legal entities"]'));
console.log('dragTo handle CV3->LE:', await order());
// 2: mouse steps
const box = async (m) => page.locator(`[role=dialog] tr[data-map="${m}"]`).boundingBox();
const a = await box('Customer groups'), b = await box('Currencies');
await page.mouse.move(a.x + 10, a.y + a.height / 2);
await page.mouse.down();
for (let i = 1; i <= 10; i++) await page.mouse.move(a.x + 10, a.y + a.height / 2 + (b.y - a.y) * i / 10);
await page.mouse.up();
console.log('mouse drag CG->Currencies:', await order());
// 3: synthetic DnD events with DataTransfer
const r = await page.evaluate(() => {
  const rows = [...document.querySelectorAll('[role=dialog] tbody tr')];
  const src = rows.find(r => r.dataset.map === 'Terms of payment'); const dst = rows[0];
  const dt = new DataTransfer();
  const fire = (el, type) => el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, clientX: dst.getBoundingClientRect().x + 5, clientY: dst.getBoundingClientRect().y + 3 }));
  fire(src, 'dragstart'); fire(dst, 'dragenter'); fire(dst, 'dragover'); fire(dst, 'drop'); fire(src, 'dragend');
  return [...document.querySelectorAll('[role=dialog] tbody tr')].map(r => r.dataset.map).join(' > ');
});
await page.waitForTimeout(100);
console.log('synthetic DnD ToP->top:', await order());
await browser.close();
