// count_events.mjs TRACE.json - opens snoop's --format=trace-event file in
// Chrome DevTools' trace engine (the Performance panel's own parser, npm
// @paulirish/trace_engine, pinned in package-lock.json) and prints what it
// made of it, one JSON line: the complete events it placed on thread
// tracks, by category, and the thread names it took from the metadata.
// tests/integration/records.sh (t_trace_event_viewer) compares them with
// the capture's records. Exits 1 if the engine rejects the file.
import fs from 'node:fs';
import * as Trace from '@paulirish/trace_engine';

// The engine's geometry code wants the browser's DOMRect (its README:
// polyfill it to run under node); nothing here draws.
globalThis.DOMRect ??= class DOMRect {
  constructor(x = 0, y = 0, width = 0, height = 0) { Object.assign(this, {x, y, width, height}); }
};

const file = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const model = Trace.TraceModel.Model.createWithAllHandlers();
await model.parse(file.traceEvents, {metadata: {}});
const parsed = model.parsedTrace();
if (!parsed) {
  console.error('count_events: the trace engine parsed nothing');
  process.exit(1);
}
const out = {complete: 0, categories: {}, threads: {}};
for (const [pid, proc] of parsed.data.Renderer.processes) {
  for (const [tid, thread] of proc.threads) {
    out.threads[`${pid}/${tid}`] = thread.name ?? null;
    for (const e of thread.entries) {
      if (e.ph !== 'X')
        continue;
      out.complete++;
      out.categories[e.cat] = (out.categories[e.cat] ?? 0) + 1;
    }
  }
}
console.log(JSON.stringify(out));
