#!/bin/sh
# Which syscalls failed, and how, most frequent first.
#   snoop -- make 2>/dev/null | sh docs/examples/failed-calls.sh
# Field 4 is the syscall, field 6 the errno name ("-" when it succeeded);
# lines with --- or +++ in field 4 are signals and process ends.
awk '$1 !~ /^#/ && $4 != "---" && $4 != "+++" && $6 != "-" { print $4, $6 }' | sort | uniq -c | sort -rn
