// The wasm half of `cargo xtask bench`: the engine built to wasm (release) and driven
// through its JavaScript API in Node, on the 100k-rows-a-side scenario the native bench
// wrote. Prints lines in the bench format, each with the native figure of the same run as
// its baseline. Usage:
// node examples/node/bench.mjs SCENARIO.json NATIVE_IMPORT_MS NATIVE_SYNC_MS NATIVE_EXPORT_MS
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { DualWriteSim } = require('../../pkg/node/dualwrite_js.js');

const [file, nativeImport, nativeSync, nativeExport] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const runs = Number(process.env.BENCH_RUNS || 3);

function best(run) {
  let fastest = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    out = run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return [fastest, out];
}

function report(name, value, baseline, target) {
  const ratio = value / baseline;
  console.log(`bench ${name}: ${value.toFixed(3)} ms; baseline ${Number(baseline).toFixed(3)} ms; ratio ${ratio.toFixed(2)}; target <= ${target}`);
}

const [importMs, sim] = best(() => DualWriteSim.fromScenario(text));
report('wasm_import_100k', importMs, nativeImport, '3000 ms');

const [exportMs, exported] = best(() => sim.exportScenario());
if (exported.length > text.length + 64) throw new Error('the export is larger than the file it came from');
report('wasm_export_100k', exportMs, nativeExport, '3000 ms');

const map = sim.state().maps[0].name;
// Each run loads the scenario first, untimed, then times the initial sync alone.
let syncMs = Infinity;
for (let i = 0; i < runs; i++) {
  const s = DualWriteSim.fromScenario(text);
  const start = performance.now();
  s.dispatch({ command: 'run', maps: [{ map }] });
  s.runUntilIdle();
  syncMs = Math.min(syncMs, performance.now() - start);
  if (s.state().maps[0].lastExecution === null) throw new Error('no initial sync ran');
}
report('wasm_initial_sync_100k', syncMs, nativeSync, '3x native');
