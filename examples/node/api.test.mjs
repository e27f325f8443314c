// Example: a Node script driving the simulator through its JavaScript API.
// Build the package with `cargo xtask js`, then: node --test examples/node/
// (`cargo xtask test` does both.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { DualWriteSim } = require('../../pkg/node/dualwrite_js.js');

const statusOf = (sim, name) => sim.state().maps.find((m) => m.name === name).status;

test('the demo opens with eight maps, all Not running', () => {
  const sim = DualWriteSim.demo();
  const { maps, clock } = sim.state();
  assert.equal(maps.length, 8);
  assert.equal(clock, 0);
  assert.ok(maps.every((m) => m.status === 'Not running'));
  assert.deepEqual(maps.find((m) => m.name === 'Customers V3').dependsOn,
    ['Currencies', 'Customer groups', 'Legal entities', 'Terms of payment']);
});

test('run, tick and run until idle move Currencies to Running and copy its rows', () => {
  const sim = DualWriteSim.demo();
  sim.dispatch({ command: 'set_rows_per_tick', rows: 2 });
  sim.dispatch({ command: 'run', maps: [{ map: 'Currencies' }] });
  sim.tick(1);
  const progress = sim.state().maps.find((m) => m.name === 'Currencies').progress;
  assert.deepEqual(progress, { done: 2, total: 7 });
  sim.runUntilIdle();
  assert.equal(statusOf(sim, 'Currencies'), 'Running');
  const codes = sim.table('Dataverse', 'transactioncurrencies').rows.map((r) => r.isocurrencycode);
  assert.deepEqual(codes.sort(), ['CAD', 'EUR', 'GBP', 'JPY', 'USD']);
  const map = sim.map('Currencies');
  assert.equal(map.executions[0].status, 'Completed');
  assert.equal(sim.log().commands.length, 4);
});

test('a pause queues changes that a catch-up plays back', () => {
  const sim = DualWriteSim.demo();
  sim.dispatch({ command: 'run', maps: [{ map: 'Currencies' }] });
  sim.runUntilIdle();
  sim.dispatch({ command: 'pause', maps: ['Currencies'] });
  const events = sim.dispatch({ command: 'update_row', side: 'FinOps', table: 'Currencies', row: ['USD'], cells: { NAME: 'Dollar' } });
  assert.ok(events.some((e) => e.event === 'queued'));
  assert.equal(sim.state().maps.find((m) => m.name === 'Currencies').queued, 1);
  sim.dispatch({ command: 'run', maps: [{ map: 'Currencies' }], resume: 'CatchUp' });
  sim.runUntilIdle();
  const usd = sim.table('Dataverse', 'transactioncurrencies').rows.find((r) => r.isocurrencycode === 'USD');
  assert.equal(usd.currencyname, 'Dollar');
});

test('bad input throws an Error naming the problem and changes nothing', () => {
  const sim = DualWriteSim.demo();
  const before = sim.exportScenario();
  assert.throws(() => sim.dispatch({ command: 'launch' }), /unknown variant `launch`/);
  assert.throws(() => sim.dispatch({ command: 'tick', ticks: 'soon' }), /ticks: invalid type: string "soon", expected a whole number from 0 to 4294967295/);
  assert.throws(() => sim.dispatch({ command: 'pause', maps: ['Currencies'] }),
    { message: "Pause is not available for 'Currencies': it is Not running, which allows Run" });
  assert.throws(() => sim.dispatch({ command: 'stop', maps: ['Nope'] }), /no table map named 'Nope'/);
  assert.throws(() => sim.table('Dataverse', 'nope'), /Dataverse has no table 'nope'/);
  assert.throws(() => sim.table('Excel', 'x'), /unknown side 'Excel'/);
  assert.throws(() => DualWriteSim.fromScenario('{'), /the text ends before its JSON does/);
  // A number JSON cannot hold is refused by name, not written as null (an emptied cell).
  assert.throws(() => sim.dispatch({ command: 'update_row', side: 'FinOps', table: 'Currencies', row: ['USD'], cells: { NAME: NaN } }),
    { message: 'NAME: NaN is not a number JSON can hold (pass a finite number, or null to empty a cell)' });
  assert.throws(() => sim.dispatch({ command: 'tick', ticks: Infinity }), /ticks: Infinity is not a number JSON can hold/);
  // tick takes a whole number as given: nothing rounded, wrapped or read from text.
  for (const bad of [1.7, 2 ** 32 + 1, '3', NaN, undefined]) {
    assert.throws(() => sim.tick(bad), /tick takes a whole number of ticks, not /, String(bad));
  }
  // Names are strings: a number or nothing is said so, not an engine crash.
  assert.throws(() => sim.map(5), { message: 'a table map\'s name is a string, not number' });
  assert.throws(() => sim.table(1, 2), /a table's side \("FinOps" or "Dataverse"\) is a string, not number/);
  assert.throws(() => DualWriteSim.fromScenario(), /fromScenario takes a scenario file's text/);
  assert.equal(sim.exportScenario(), before);
  // A scenario file's object, already parsed, loads as its text does (the same values;
  // JavaScript writes 5000.0 as 5000).
  const again = DualWriteSim.fromScenario(JSON.parse(before));
  assert.deepEqual(JSON.parse(again.exportScenario()), JSON.parse(before));
});

test('an exported scenario loads back with its history', () => {
  const sim = DualWriteSim.demo();
  sim.dispatch({ command: 'run', maps: [{ map: 'Legal entities' }] });
  sim.runUntilIdle();
  const again = DualWriteSim.fromScenario(sim.exportScenario());
  assert.deepEqual(again.state(), sim.state());
  assert.equal(again.undo(), true);
  assert.equal(statusOf(again, 'Legal entities'), 'Initializing');
});

test('related answers what the Run and Pause dialogs list', () => {
  const sim = DualWriteSim.demo();
  const related = sim.related(['Customers V3']);
  assert.deepEqual(related.order,
    ['Legal entities', 'Currencies', 'Terms of payment', 'Customer groups', 'Customers V3']);
  assert.deepEqual(related.cycles, [['Customers V3']]);
  assert.deepEqual(related.pause_offers, []);
  assert.deepEqual(sim.related('Legal entities').order, ['Legal entities']);
  sim.dispatch({ command: 'run', maps: related.order.map((map) => ({ map })) });
  sim.runUntilIdle();
  assert.deepEqual(sim.related(['Customers V3']).pause_offers,
    ['Legal entities', 'Currencies', 'Terms of payment', 'Customer groups']);
  assert.throws(() => sim.related([]), /select at least one table map/);
  assert.throws(() => sim.related(['Nope']), /no table map named 'Nope'/);
});

test('a rolled-back write that trips an alert throws with the events it caused', () => {
  const sim = DualWriteSim.demo();
  sim.dispatch({ command: 'set_alerts', map: 'Currencies', alerts: [
    { error_type: 'TooManyRequests', count: 1, window_minutes: 15, action: 'Pause' }] });
  sim.dispatch({ command: 'run', maps: [{ map: 'Currencies' }] });
  sim.runUntilIdle();
  sim.dispatch({ command: 'set_fault', side: 'Dataverse', fault: 'throttled' });
  let thrown;
  try {
    sim.dispatch({ command: 'update_row', side: 'FinOps', table: 'Currencies', row: ['USD'], cells: { NAME: 'Dollar' } });
  } catch (e) {
    thrown = e;
  }
  assert.match(thrown.message, /429 Too Many Requests/);
  assert.deepEqual(thrown.events.map((e) => e.event), ['alert_triggered', 'status_changed']);
  assert.equal(statusOf(sim, 'Currencies'), 'Paused');
});

test('explain answers why, with the Microsoft Learn source', () => {
  const sim = DualWriteSim.demo();
  const why = sim.explain({ what: 'action', map: 'Currencies', action: 'Pause' });
  assert.equal(why.title, "Pause is not available for 'Currencies'");
  assert.match(why.why[0], /Not running, which allows Run/);
  assert.match(why.url, /learn\.microsoft\.com.*enable-entity-map$/);
  assert.throws(() => sim.explain({ what: 'queued', map: 'Currencies', seq: 1 }), /holds no queue/);
});
