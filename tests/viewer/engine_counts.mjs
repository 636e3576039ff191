// engine_counts.mjs - what Chrome DevTools' trace engine (the Performance
// panel's own parser, npm @paulirish/trace_engine, pinned in
// package-lock.json) made of snoop's --format=trace-event events: the
// complete events it placed on thread tracks, by category, and the thread
// names it took from the metadata. One module for both runs of the engine:
// under node (count_events.mjs) and in headless Chromium (viewer.html), so
// both report the same thing the same way.
import * as Trace from '@paulirish/trace_engine';

export async function engineCounts(traceEvents) {
  const model = Trace.TraceModel.Model.createWithAllHandlers();
  await model.parse(traceEvents, {metadata: {}});
  const parsed = model.parsedTrace();
  if (!parsed)
    throw new Error('the trace engine parsed nothing');
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
  return out;
}
