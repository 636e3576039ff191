// count_events.mjs TRACE.json - opens snoop's --format=trace-event file in
// Chrome DevTools' trace engine under node and prints what it made of it
// (engine_counts.mjs), one JSON line. tests/integration/formats.sh
// (t_trace_event_viewer) compares it with the capture's records
// (check_counts.py). Exits 1 if the engine rejects the file.
import fs from 'node:fs';
import {engineCounts} from './engine_counts.mjs';

// The engine's geometry code wants the browser's DOMRect (its README:
// polyfill it to run under node); nothing here draws.
globalThis.DOMRect ??= class DOMRect {
  constructor(x = 0, y = 0, width = 0, height = 0) { Object.assign(this, {x, y, width, height}); }
};

const file = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
try {
  console.log(JSON.stringify(await engineCounts(file.traceEvents)));
} catch (e) {
  console.error(`count_events: ${e.message}`);
  process.exit(1);
}
