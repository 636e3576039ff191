/* report_html.c - see report_html.h. Once per run: stdio is fine here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "record/outfile.h"
#include "record/report_html.h"
#include "record/sink.h"
#include "record/syscalls.h"
#include "record/text.h"

#define SVG_COLUMNS 200    /* the timeline without JavaScript: columns per row */
#define SVG_ROW 16         /* px per row, in the SVG and on the canvas */
#define SVG_LABEL 190      /* px for a row's name */
#define SVG_PLOT 800       /* px for its columns */
#define TOP_ROWS 10        /* rows of the "most calls" and "most errors" tables */
#define OPEN_HISTOGRAMS 8  /* histograms shown open; the others one click away */

size_t report_html_escape(char *dst, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, k;

	for (k = 0; k < n && s[k]; k++) {
		unsigned char c = (unsigned char)s[k];
		const char *ent = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
				: c == '"' ? "&quot;" : c == '\'' ? "&#39;" : NULL;

		if (ent) {
			memcpy(dst + i, ent, strlen(ent));
			i += strlen(ent);
		} else if (c < 0x20 || c == 0x7f) {
			dst[i++] = '\\', dst[i++] = 'x', dst[i++] = hex[c >> 4], dst[i++] = hex[c & 15];
		} else {
			dst[i++] = (char)c;
		}
	}
	dst[i] = '\0';
	return i;
}

/* s (at most n bytes), escaped. */
static void put(FILE *f, const char *s, size_t n)
{
	char buf[6 * 1024 + 1];
	size_t k, part;

	for (k = 0; k < n && s[k]; k += part) {
		part = n - k < 1024 ? n - k : 1024;
		part = strnlen(s + k, part);
		report_html_escape(buf, s + k, part);
		fputs(buf, f);
	}
}

static void put_str(FILE *f, const char *s)
{
	put(f, s, strlen(s));
}

/* ns as the page shows a duration: "12.3 us", "4.56 ms", "1.234 s" */
static void put_duration(FILE *f, uint64_t ns)
{
	if (ns < 1000)
		fprintf(f, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		fprintf(f, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		fprintf(f, "%.2f ms", (double)ns / 1e6);
	else
		fprintf(f, "%.3f s", (double)ns / 1e9);
}

static const char *call_name(int32_t nr, uint32_t abi, char *buf, size_t len)
{
	struct summary_entry e = { .key = { .nr = nr, .abi = abi } };

	return summary_entry_name(&e, buf, len);
}

static const char STYLE[] =
	"<style>\n"
	"body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222;background:#fff}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
	"table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right;vertical-align:top;white-space:nowrap}td.l{white-space:normal}\n"
	"th{background:#f3f3f3}td.l,th.l{text-align:left}code{font:12px/1.3 monospace;white-space:pre-wrap;word-break:break-all}\n"
	".bar{display:inline-block;height:10px;background:#3a6fb0}.err{color:#b00}.note{color:#666}\n"
	"details{margin:.3em 0}summary{cursor:pointer}#tl{position:relative;overflow:hidden}\n"
	"#tl-tip{position:absolute;display:none;background:#ffe;border:1px solid #999;padding:2px 6px;font-size:12px;pointer-events:none;white-space:pre}\n"
	".side{display:inline-block;vertical-align:top;margin-right:3em}\n"
	"</style>\n";

static void put_overview(FILE *f, const struct report *rep)
{
	uint64_t errors = 0;
	size_t k;

	for (k = 0; k < rep->sum.n; k++)
		errors += rep->sum.entries[k].sum.errors;
	fputs("<h1>snoop report</h1>\n<table id=\"overview\">\n", f);
	if (rep->have_ri) {
		fputs("<tr><th class=\"l\">command line</th><td class=\"l\"><code>", f);
		put_str(f, rep->ri.cmdline);
		fputs("</code></td></tr>\n<tr><th class=\"l\">host</th><td class=\"l\">", f);
		put_str(f, rep->ri.host);
		fputs(" (", f);
		put_str(f, rep->ri.kernel);
		fputs(", ", f);
		put_str(f, rep->ri.arch);
		fputs(")</td></tr>\n", f);
	}
	fprintf(f, "<tr><th class=\"l\">records</th><td class=\"l\" id=\"n-records\">%llu</td></tr>\n"
		   "<tr><th class=\"l\">syscall records</th><td class=\"l\" id=\"n-calls\">%llu</td></tr>\n"
		   "<tr><th class=\"l\">failed</th><td class=\"l\" id=\"n-errors\">%llu</td></tr>\n"
		   "<tr><th class=\"l\">signals, process ends</th><td class=\"l\">%llu, %llu</td></tr>\n"
		   "<tr><th class=\"l\">threads</th><td class=\"l\">%zu%s</td></tr>\n",
		(unsigned long long)rep->records, (unsigned long long)rep->calls, (unsigned long long)errors,
		(unsigned long long)rep->signals, (unsigned long long)rep->exits, rep->nthreads,
		rep->threads[REPORT_THREADS].pid ? " and more (one shared timeline row)" : "");
	fputs("<tr><th class=\"l\">time span</th><td class=\"l\">", f);
	put_duration(f, rep->last_ts > rep->first_ts ? rep->last_ts - rep->first_ts : 0);
	fprintf(f, "</td></tr>\n<tr><th class=\"l\">lost records</th><td class=\"l%s\" id=\"n-lost\">%llu</td></tr>\n</table>\n",
		rep->lost ? " err" : "", (unsigned long long)rep->lost);
	if (rep->failed)
		fputs("<p class=\"err\">snoop ran out of memory while counting: parts of this report are incomplete.</p>\n", f);
}

/* The timeline's columns for the page without JavaScript: SVG_COLUMNS
 * per row, each the busiest fraction of the buckets it covers. */
static size_t used_buckets(const struct report *rep)
{
	size_t used = 0, k, i;

	for (i = 0; i <= REPORT_THREADS; i++)
		for (k = used; rep->threads[i].b && k < REPORT_BUCKETS; k++)
			if (rep->threads[i].b[k].calls || rep->threads[i].b[k].busy_ns)
				used = k + 1;
	return used ? used : 1;
}

static const struct report_thread *row_thread(const struct report *rep, size_t i)
{
	return i < rep->nthreads ? &rep->threads[i] : &rep->threads[REPORT_THREADS];
}

static size_t timeline_rows(const struct report *rep)
{
	return rep->nthreads + (rep->threads[REPORT_THREADS].pid ? 1 : 0);
}

static void put_row_label(FILE *f, const struct report_thread *t)
{
	if (!t->tid) {
		fputs("other threads", f);
		return;
	}
	fprintf(f, "%u ", (unsigned)t->tid);
	put(f, t->comm, SNOOP_COMM_LEN);
}

static void put_svg_row(FILE *f, const struct report *rep, const struct report_thread *t, size_t row, size_t used)
{
	double width = (double)rep->width_ns, frac, per = (double)used / SVG_COLUMNS;
	size_t col, k, from, to;
	uint64_t busy;
	uint32_t errors;

	fprintf(f, "<text x=\"2\" y=\"%zu\">", row * SVG_ROW + 12);
	put_row_label(f, t);
	fputs("</text>\n", f);
	for (col = 0; col < SVG_COLUMNS && t->b; col++) {
		from = (size_t)(col * per);
		to = (size_t)((col + 1) * per);
		to = to > from ? to : from + 1;
		for (k = from, busy = 0, errors = 0; k < to && k < REPORT_BUCKETS; k++) {
			busy += t->b[k].busy_ns + (t->b[k].calls && !t->b[k].busy_ns);
			errors += t->b[k].errors;
		}
		if (!busy)
			continue;
		frac = (double)busy / (width * (double)(to - from));
		fprintf(f, "<rect x=\"%d\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\"/>",
			(int)(SVG_LABEL + col * SVG_PLOT / SVG_COLUMNS), row * SVG_ROW + 1, SVG_PLOT / SVG_COLUMNS, SVG_ROW - 2,
			errors ? "#c03030" : "#3a6fb0", frac > 1 ? 1.0 : frac < 0.15 ? 0.15 : frac);
	}
	fputc('\n', f);
}

static void put_svg(FILE *f, const struct report *rep, size_t used)
{
	size_t rows = timeline_rows(rep), i;

	fprintf(f, "<svg id=\"tl-svg\" width=\"%d\" height=\"%zu\" font-size=\"11\" font-family=\"monospace\">\n",
		SVG_LABEL + SVG_PLOT, rows * SVG_ROW + SVG_ROW);
	for (i = 0; i < rows; i++)
		put_svg_row(f, rep, row_thread(rep, i), i, used);
	fprintf(f, "<text x=\"%d\" y=\"%zu\">0</text><text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
		SVG_LABEL, rows * SVG_ROW + 12, SVG_LABEL + SVG_PLOT, rows * SVG_ROW + 12);
	put_duration(f, (uint64_t)used * rep->width_ns);
	fputs("</text>\n</svg>\n", f);
}

/* The script's data: numbers, and snoop's own syscall names. */
static void put_data(FILE *f, const struct report *rep, size_t used)
{
	const struct report_thread *t;
	const char *sep;
	char buf[48];
	size_t rows = timeline_rows(rep), i, k;

	fprintf(f, "<script type=\"application/json\" id=\"snoop-data\">{\"width_ns\":%llu,\"used\":%zu,\"rows\":[",
		(unsigned long long)rep->width_ns, used);
	for (i = 0; i < rows; i++) {
		t = row_thread(rep, i);
		fputs(i ? ",\n[" : "\n[", f);
		for (k = 0, sep = ""; t->b && k < used; k++) {
			const struct report_bucket *b = &t->b[k];

			if (!b->calls && !b->busy_ns)
				continue;
			fprintf(f, "%s%zu,%u,%u,%llu,%u,%d", sep, k, b->calls, b->errors,
				(unsigned long long)(b->busy_ns * 1000 / rep->width_ns), b->longest_us, b->longest_nr);
			sep = ",";
		}
		fputc(']', f);
	}
	fputs("],\n\"names\":{", f);
	for (k = 0, sep = ""; k < rep->sum.n; k++) {
		if (rep->sum.entries[k].key.abi)
			continue;
		fprintf(f, "%s\"%d\":\"", sep, (int)rep->sum.entries[k].key.nr);
		/* a name of snoop's tables: [a-z0-9_] */
		for (const char *p = summary_entry_name(&rep->sum.entries[k], buf, sizeof(buf)); *p; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
				fputc(*p, f);
		fputc('"', f);
		sep = ",";
	}
	fputs("}}</script>\n", f);
}

/* Draws the rows again on a canvas, every bucket, with zoom (wheel, the
 * buttons), pan (drag) and a tooltip. Row names come from the threads
 * table's text, never from markup. */
static const char SCRIPT[] =
	"<script>\n"
	"(function(){\n"
	"var D=JSON.parse(document.getElementById('snoop-data').textContent);\n"
	"var box=document.getElementById('tl'),svg=document.getElementById('tl-svg'),tip=document.getElementById('tl-tip');\n"
	"var names=[].map.call(document.querySelectorAll('#threads tbody tr'),function(tr){return tr.cells[0].textContent+' '+tr.cells[2].textContent;});\n"
	"var RH=16,LW=190,N=D.used,W=D.width_ns,R=D.rows.map(function(a){var r={c:new Float64Array(N),e:new Float64Array(N),b:new Float64Array(N),lu:new Float64Array(N),ln:new Int32Array(N).fill(-1)};\n"
	" for(var i=0;i<a.length;i+=6){var k=a[i];r.c[k]=a[i+1];r.e[k]=a[i+2];r.b[k]=a[i+3]/1000;r.lu[k]=a[i+4];r.ln[k]=a[i+5];}return r;});\n"
	"var v0=0,v1=N,cv=document.createElement('canvas'),g=cv.getContext('2d');\n"
	"var m=/^#us=([0-9.]+)-([0-9.]+)$/.exec(location.hash);\n"
	"if(m&&+m[2]*1e3/W-+m[1]*1e3/W>=1){v0=Math.max(0,+m[1]*1e3/W);v1=Math.min(N,+m[2]*1e3/W);}\n"
	"cv.style.cursor='grab';svg.style.display='none';box.insertBefore(cv,tip);\n"
	"document.getElementById('tl-controls').style.display='';\n"
	"function fmt(ns){return ns<1e3?ns.toFixed(0)+' ns':ns<1e6?(ns/1e3).toFixed(1)+' us':ns<1e9?(ns/1e6).toFixed(2)+' ms':(ns/1e9).toFixed(3)+' s';}\n"
	"function plotW(){return cv.width/(window.devicePixelRatio||1)-LW;}\n"
	"function draw(){var dpr=window.devicePixelRatio||1,w=Math.max(400,box.clientWidth),h=R.length*RH+22;\n"
	" cv.width=w*dpr;cv.height=h*dpr;cv.style.width=w+'px';cv.style.height=h+'px';g.setTransform(dpr,0,0,dpr,0,0);\n"
	" g.fillStyle='#fff';g.fillRect(0,0,w,h);var pw=w-LW,per=(v1-v0)/pw;g.font='11px monospace';\n"
	" for(var r=0;r<R.length;r++){var y=r*RH;g.fillStyle=r%2?'#fafafa':'#f2f2f2';g.fillRect(LW,y,pw,RH);\n"
	"  g.fillStyle='#222';g.fillText((names[r]||'').slice(0,26),2,y+12);\n"
	"  for(var x=0;x<pw;x++){var a=Math.floor(v0+x*per),b=Math.max(a+1,Math.floor(v0+(x+1)*per)),busy=0,c=0,e=0;\n"
	"   for(var k=a;k<b&&k<N;k++){if(R[r].b[k]>busy)busy=R[r].b[k];c+=R[r].c[k];e+=R[r].e[k];}\n"
	"   if(!c&&!busy)continue;g.globalAlpha=Math.max(.15,Math.min(1,busy));g.fillStyle='#3a6fb0';g.fillRect(LW+x,y+1,1,RH-5);\n"
	"   g.globalAlpha=1;if(e){g.fillStyle='#c03030';g.fillRect(LW+x,y+RH-4,1,3);}}}\n"
	" cv.setAttribute('data-view-us',Math.round(v0*W/1e3)+'-'+Math.round(v1*W/1e3));\n"
	" g.fillStyle='#222';for(var i=0;i<=5;i++){var x=LW+i*pw/5;g.fillRect(x,R.length*RH,1,4);\n"
	"  g.textAlign=i==0?'left':i==5?'right':'center';g.fillText(fmt((v0+i*(v1-v0)/5)*W),x,R.length*RH+16);}g.textAlign='left';}\n"
	"function zoom(f,at){var s=v1-v0,m=v0+s*(at===undefined?.5:at),n=Math.min(N,Math.max(4,s*f));\n"
	" v0=Math.max(0,m-n*(m-v0)/s);v1=Math.min(N,v0+n);v0=Math.max(0,v1-n);draw();}\n"
	"cv.addEventListener('wheel',function(ev){ev.preventDefault();var x=ev.offsetX-LW;if(x<0)return;zoom(ev.deltaY<0?.5:2,x/plotW());});\n"
	"var drag=null;cv.addEventListener('mousedown',function(ev){drag={x:ev.clientX,v0:v0,v1:v1};});\n"
	"window.addEventListener('mouseup',function(){drag=null;});\n"
	"cv.addEventListener('mousemove',function(ev){if(drag){var d=(ev.clientX-drag.x)*(drag.v1-drag.v0)/plotW();\n"
	"  v0=Math.max(0,Math.min(N-(drag.v1-drag.v0),drag.v0-d));v1=v0+(drag.v1-drag.v0);draw();return;}\n"
	" var r=Math.floor(ev.offsetY/RH),x=ev.offsetX-LW;if(r<0||r>=R.length||x<0){tip.style.display='none';return;}\n"
	" var per=(v1-v0)/plotW(),a=Math.floor(v0+x*per),b=Math.max(a+1,Math.floor(v0+(x+1)*per)),c=0,e=0,busy=0,lu=0,ln=-1;\n"
	" for(var k=a;k<b&&k<N;k++){c+=R[r].c[k];e+=R[r].e[k];busy+=R[r].b[k];if(R[r].lu[k]>=lu&&R[r].ln[k]>=0){lu=R[r].lu[k];ln=R[r].ln[k];}}\n"
	" tip.textContent=(names[r]||'')+'\\n'+fmt(a*W)+' .. '+fmt(b*W)+'\\n'+c+' calls, '+e+' failed, '+Math.round(100*Math.min(1,busy/(b-a)))+'% in calls'+\n"
	"  (ln>=0?'\\nlongest: '+(D.names[ln]||('sys_'+ln))+' '+fmt(lu*1e3):'');\n"
	" tip.style.display='block';tip.style.left=Math.min(ev.offsetX+12,box.clientWidth-260)+'px';tip.style.top=(ev.offsetY+12)+'px';});\n"
	"cv.addEventListener('mouseleave',function(){tip.style.display='none';});\n"
	"cv.addEventListener('dblclick',function(){v0=0;v1=N;draw();});\n"
	"document.getElementById('tl-in').onclick=function(){zoom(.5);};\n"
	"document.getElementById('tl-out').onclick=function(){zoom(2);};\n"
	"document.getElementById('tl-reset').onclick=function(){v0=0;v1=N;draw();};\n"
	"window.addEventListener('resize',draw);draw();\n"
	"})();\n"
	"</script>\n";

static void put_timeline(FILE *f, const struct report *rep)
{
	size_t used = used_buckets(rep);

	fputs("<h2 id=\"timeline\">Timeline</h2>\n<p class=\"note\">One row per thread: the shade is the share of time spent in syscalls, red marks failed calls. ", f);
	fputs("Each column adds up the calls it covers (a bucket is ", f);
	put_duration(f, rep->width_ns);
	fputs(").</p>\n<p id=\"tl-controls\" style=\"display:none\"><button id=\"tl-in\">zoom in</button> <button id=\"tl-out\">zoom out</button> "
	      "<button id=\"tl-reset\">whole run</button> <span class=\"note\">wheel: zoom, drag: move, double click: whole run; "
	      "#us=FROM-TO after the file name opens it at those microseconds</span></p>\n"
	      "<div id=\"tl\">\n", f);
	put_svg(f, rep, used);
	fputs("<div id=\"tl-tip\"></div>\n</div>\n", f);
	put_data(f, rep, used);
}

static void put_sum_row(FILE *f, const struct summary_entry *e, uint64_t total_ns)
{
	const struct snoop_sum *v = &e->sum;
	char buf[48];
	const char *name = summary_entry_name(e, buf, sizeof(buf));

	fputs("<tr><td class=\"l\"><a href=\"#h-", f);
	put_str(f, name);
	fputs("\">", f);
	put_str(f, name);
	fprintf(f, "</a></td><td>%.2f</td><td>%.6f</td><td class=\"calls\">%llu</td><td class=\"errors%s\">%llu</td><td>",
		total_ns ? 100.0 * (double)v->total_ns / (double)total_ns : 0.0, (double)v->total_ns / 1e9,
		(unsigned long long)v->calls, v->errors ? " err" : "", (unsigned long long)v->errors);
	put_duration(f, v->total_ns / v->calls);
	fputs("</td><td>", f);
	put_duration(f, v->min_ns);
	fputs("</td><td>", f);
	put_duration(f, v->max_ns);
	fputs("</td></tr>\n", f);
}

static void put_sum_table(FILE *f, const char *id, const struct summary_entry *e, size_t n, uint64_t total_ns)
{
	size_t k;

	fprintf(f, "<table id=\"%s\"><thead><tr><th class=\"l\">syscall</th><th>%% time</th><th>seconds</th><th>calls</th>"
		   "<th>errors</th><th>avg</th><th>min</th><th>max</th></tr></thead><tbody>\n", id);
	for (k = 0; k < n; k++)
		put_sum_row(f, &e[k], total_ns);
	fputs("</tbody></table>\n", f);
}

/* The -c table by time, then the ten most called and most failing. */
static void put_syscalls(FILE *f, struct report *rep)
{
	struct summary copy = rep->sum;
	uint64_t total = 0;
	size_t k, failing = 0;

	for (k = 0; k < rep->sum.n; k++)
		total += rep->sum.entries[k].sum.total_ns;
	fputs("<h2 id=\"syscalls\">Syscalls by time</h2>\n", f);
	summary_sort(&rep->sum, SORT_TIME);
	put_sum_table(f, "by-time", rep->sum.entries, rep->sum.n, total);
	if (!(copy.entries = malloc((rep->sum.n + 1) * sizeof(*copy.entries))))
		return;
	if (rep->sum.n)   /* a report of no calls has no entries (NULL) */
		memcpy(copy.entries, rep->sum.entries, rep->sum.n * sizeof(*copy.entries));
	summary_sort(&copy, SORT_CALLS);
	fputs("<div class=\"side\"><h2 id=\"most-calls\">Most calls</h2>\n", f);
	put_sum_table(f, "by-calls", copy.entries, copy.n < TOP_ROWS ? copy.n : TOP_ROWS, total);
	summary_sort(&copy, SORT_ERRORS);
	while (failing < copy.n && failing < TOP_ROWS && copy.entries[failing].sum.errors)
		failing++;
	fputs("</div><div class=\"side\"><h2 id=\"most-errors\">Most errors</h2>\n", f);
	if (failing)
		put_sum_table(f, "by-errors", copy.entries, failing, total);
	else
		fputs("<p>No call failed.</p>\n", f);
	fputs("</div>\n", f);
	free(copy.entries);
}

/* --histogram's rows: from the first to the last bucket holding calls. */
static void put_histogram(FILE *f, const struct summary_entry *e, int open)
{
	const struct snoop_sum *v = &e->sum;
	unsigned first, last, k;
	uint64_t most = summary_hist_range(v, &first, &last);
	char buf[48];
	const char *name = summary_entry_name(e, buf, sizeof(buf));

	if (!most)
		return;
	fprintf(f, "<details%s id=\"h-", open ? " open" : "");
	put_str(f, name);
	fputs("\"><summary>", f);
	put_str(f, name);
	fprintf(f, " (%llu calls)</summary>\n<table class=\"hist\"><tr><th>ns from</th><th>to</th><th>count</th><th class=\"l\">distribution</th></tr>\n",
		(unsigned long long)v->calls);
	for (k = first; k <= last; k++)
		fprintf(f, "<tr><td>%llu</td><td>%llu</td><td>%llu</td><td class=\"l\"><span class=\"bar\" style=\"width:%llupx\"></span></td></tr>\n",
			k ? 1ull << k : 0ull, (1ull << (k + 1)) - 1, (unsigned long long)v->hist[k],
			(unsigned long long)(v->hist[k] * 300 / most));
	fputs("</table></details>\n", f);
}

static void put_histograms(FILE *f, const struct report *rep)
{
	size_t k;

	fputs("<h2 id=\"histograms\">Latency histograms</h2>\n<p class=\"note\">Calls per log2 bucket of their duration in ns, as <code>snoop -c --histogram</code> prints them.</p>\n", f);
	for (k = 0; k < rep->sum.n; k++)
		put_histogram(f, &rep->sum.entries[k], k < OPEN_HISTOGRAMS);
}

static void put_slowest(FILE *f, struct report *rep)
{
	size_t k;

	report_sort_slowest(rep);
	fprintf(f, "<h2 id=\"slowest\">Slowest calls</h2>\n<table id=\"slow\"><thead><tr><th>duration</th><th>at</th><th>pid</th><th>tid</th>"
		   "<th class=\"l\">comm</th><th class=\"l\">call</th></tr></thead><tbody>\n");
	for (k = 0; k < rep->nslow; k++) {
		const struct report_call *c = &rep->slow[k];

		fputs("<tr><td>", f);
		put_duration(f, c->duration_ns);
		fputs("</td><td>+", f);
		put_duration(f, c->ts_ns > rep->first_ts ? c->ts_ns - rep->first_ts : 0);
		fprintf(f, "</td><td>%u</td><td>%u</td><td class=\"l\">", (unsigned)c->pid, (unsigned)c->tid);
		put(f, c->comm, SNOOP_COMM_LEN);
		fputs("</td><td class=\"l\"><code>", f);
		put_str(f, c->text);
		fputs("</code></td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

static void put_errors(FILE *f, const struct report *rep)
{
	struct report_error *groups = malloc(REPORT_ERROR_GROUPS * sizeof(*groups));
	size_t n, k;
	char buf[48];

	fputs("<h2 id=\"errors\">Errors by errno and path</h2>\n", f);
	if (!groups)
		return;
	n = report_error_groups(rep, groups);
	if (!n)
		fputs("<p>No call failed.</p>\n", f);
	else
		fputs("<table id=\"errs\"><thead><tr><th>count</th><th class=\"l\">errno</th><th class=\"l\">syscall</th><th class=\"l\">path</th></tr></thead><tbody>\n", f);
	for (k = 0; k < n; k++) {
		const char *e = errno_name(groups[k].err);

		fprintf(f, "<tr><td>%llu</td><td class=\"l err\">", (unsigned long long)groups[k].count);
		if (e)
			put_str(f, e);
		else
			fprintf(f, "E%d", (int)groups[k].err);
		fputs("</td><td class=\"l\">", f);
		put_str(f, call_name(groups[k].nr, groups[k].abi, buf, sizeof(buf)));
		fputs("</td><td class=\"l\"><code>", f);
		put_str(f, groups[k].path);
		fputs("</code></td></tr>\n", f);
	}
	if (n)
		fputs("</tbody></table>\n", f);
	if (rep->errors_other)
		fprintf(f, "<p>%llu more failed calls, in groups past the first %d.</p>\n",
			(unsigned long long)rep->errors_other, REPORT_ERROR_GROUPS * 3 / 4);
	free(groups);
}

static void put_threads(FILE *f, const struct report *rep)
{
	size_t rows = timeline_rows(rep), i;

	fputs("<h2 id=\"threads-h\">Threads</h2>\n<table id=\"threads\"><thead><tr><th>tid</th><th>pid</th><th class=\"l\">comm</th><th>calls</th><th>errors</th>"
	      "<th>time in calls</th></tr></thead><tbody>\n", f);
	for (i = 0; i < rows; i++) {
		const struct report_thread *t = row_thread(rep, i);

		if (t->tid)
			fprintf(f, "<tr><td>%u</td><td>%u</td><td class=\"l\">", (unsigned)t->tid, (unsigned)t->pid);
		else
			fputs("<tr><td>other</td><td></td><td class=\"l\">", f);
		if (t->tid)
			put(f, t->comm, SNOOP_COMM_LEN);
		else
			fputs("threads", f);
		fprintf(f, "</td><td>%llu</td><td>%llu</td><td>", (unsigned long long)t->calls, (unsigned long long)t->errors);
		put_duration(f, t->busy_ns);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

/* What the kernel side could not store, as the text's "# untraced" and
 * "# unkept" notes say it */
static void put_unstored(FILE *f, const struct report *rep)
{
	uint64_t n;

	if ((n = rep->unstored[SNOOP_UNSTORED_TRACED]))
		fprintf(f, "<p class=\"err\" id=\"untraced\">%llu process%s to trace went untraced (the kernel's table "
			   "of traced processes was full or out of memory): %s calls are in no table above.</p>\n",
			(unsigned long long)n, n == 1 ? "" : "es", n == 1 ? "its" : "their");
	if ((n = rep->unstored[SNOOP_UNSTORED_ENDING]))
		fprintf(f, "<p class=\"err\" id=\"unkept\">%llu process end%s kept no exit status or killing signal (the "
			   "kernel's table of endings was full or out of memory): %s end record%s show%s 0.</p>\n",
			(unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "its" : "their", n == 1 ? "" : "s",
			n == 1 ? "s" : "");
}

static void put_losses(FILE *f, const struct report *rep)
{
	size_t k;

	fputs("<h2 id=\"losses\">Losses and drops</h2>\n", f);
	if (!rep->lost)
		fputs("<p id=\"no-loss\">No record was lost.</p>\n", f);
	else
		fprintf(f, "<p class=\"err\">%llu records were lost (the kernel's buffers were full): the tables above count only the records that arrived.</p>\n"
			   "<table id=\"lost\"><thead><tr><th>CPU</th><th>lost</th></tr></thead><tbody>\n",
			(unsigned long long)rep->lost);
	for (k = 0; rep->lost && k < REPORT_CPUS; k++)
		if (rep->lost_cpu[k])
			fprintf(f, "<tr><td>%zu</td><td>%llu</td></tr>\n", k, (unsigned long long)rep->lost_cpu[k]);
	if (rep->lost)
		fputs("</tbody></table>\n", f);
	for (k = 0; k < rep->ndrops; k++) {
		fprintf(f, "<p class=\"err\">--to dropped %llu records for <code>", (unsigned long long)rep->drops[k].count);
		put_str(f, rep->drops[k].url);
		fputs("</code>.</p>\n", f);
	}
	if (rep->drops_other)
		fprintf(f, "<p class=\"err\">--to dropped %llu records for other destinations.</p>\n",
			(unsigned long long)rep->drops_other);
	put_unstored(f, rep);
}

void report_html_page(FILE *f, struct report *rep)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<title>snoop report</title>\n", f);
	fputs(STYLE, f);
	fputs("</head><body>\n", f);
	put_overview(f, rep);
	put_timeline(f, rep);
	put_syscalls(f, rep);   /* sorts by time: the histograms follow that order */
	put_histograms(f, rep);
	put_slowest(f, rep);
	put_errors(f, rep);
	put_threads(f, rep);
	put_losses(f, rep);
	fputs(SCRIPT, f);
	fputs("</body></html>\n", f);
}

static int same_file(int a, const struct output *o)
{
	struct stat sa, sb;

	return o && fstat(a, &sa) == 0 && fstat(o->fd, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int report_html_open(const char *path, struct sink *s, unsigned mode)
{
	int stale = 0, fd = outfile_open(path, &stale);

	if (fd < 0)
		return -1;
	if (same_file(fd, s->text) || same_file(fd, s->cap)) {
		error_msg("--html %s is the file of %s: the report and the records would overwrite each other (give two files)",
			  path, same_file(fd, s->text) ? "-o" : "-w");
		close(fd);
		return -1;
	}
	if (!(s->report = report_new(mode))) {
		error_msg("out of memory for the report of --html");
		close(fd);
		return -1;
	}
	return fd;
}

int report_html_write(struct report *rep, int fd, const char *path)
{
	FILE *f;
	int rc;

	/* an older report is replaced only now: a run that never started leaves it */
	if (ftruncate(fd, 0) && errno != EINVAL) {
		perror_msg("--html %s", path);
		close(fd);
		return -1;
	}
	if (!(f = fdopen(fd, "w"))) {
		perror_msg("--html %s", path);
		close(fd);
		return -1;
	}
	report_html_page(f, rep);
	rc = ferror(f);
	if (fclose(f) || rc) {
		perror_msg("write to %s", path);
		return -1;
	}
	return 0;
}
