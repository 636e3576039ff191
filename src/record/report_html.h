/* report_html.h - --html=FILE: a struct report (record/report.h) as one
 * self-contained HTML page: inline CSS, an inline SVG timeline, plain
 * tables (readable without JavaScript), and a little inline JavaScript
 * that redraws the timeline on a canvas with zoom. Nothing is loaded from
 * anywhere: no URL appears in a src or href.
 *
 * Whatever came from the traced programs (names, paths, arguments) is
 * HTML-escaped in the page, and the script's data holds numbers and
 * snoop's own syscall names only: the script reads thread names from the
 * page's escaped text, so a hostile process name cannot become script. */
#ifndef SNOOP_REPORT_HTML_H
#define SNOOP_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>
#include "record/report.h"

/* Opens FILE for the report before tracing starts (a bad path fails the
 * run then, not at its end): as -o opens its file (record/outfile.h), and
 * never the file of s's text or capture; and gives s its report (mode:
 * FMT_RAW or 0), for the caller to report_free. The fd, or -1 after a
 * one-line error. */
struct sink;
int report_html_open(const char *path, struct sink *s, unsigned mode);
/* Writes the page to fd (emptied first) and closes it. 0, or -1 after a
 * one-line error naming path. Sorts rep's tables: feed it no more. */
int report_html_write(struct report *rep, int fd, const char *path);
/* The page itself, to f. */
void report_html_page(FILE *f, struct report *rep);
/* s[0..n) (up to a NUL) with & < > " ' as entities, and bytes below 0x20
 * and 0x7f as \xNN: dst needs 6n + 1 bytes. Its length. */
size_t report_html_escape(char *dst, const char *s, size_t n);

#endif
