# snoop - quiet unless V=1. The GNU variables are honoured: CC, CPPFLAGS,
# CFLAGS (default -O2 -g; yours replace it), LDFLAGS, LDLIBS, PREFIX, DESTDIR
# (and EXTRA_CFLAGS, added to CFLAGS). snoop's own flags (-I, -D, -std,
# -Wall -Wextra -Werror) are kept apart and always applied, so a
# distribution's build flags can be given as they come:
#   make CFLAGS="$(dpkg-buildflags --get CFLAGS)" CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
#        LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
#   make              build ./snoop
#   make test         layout check, unit tests (Criterion), bash completion,
#                     fuzz inputs kept, integration tests (root, BPF)
#   make unit         unit tests only
#   make install      snoop, its BPF sources, man page, bash completion and
#                     docs under $(DESTDIR)$(PREFIX); make uninstall removes them
.DELETE_ON_ERROR:
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
BPFDIR ?= $(DATADIR)/snoop/bpf
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/snoop
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# compiled BPF programs; snoop creates it (0700) on first use, nothing installs it
CACHEDIR ?= /var/cache/snoop
VERSION := 0.1
CC ?= cc
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
LDLIBS ?=
WARN := -Wall -Wextra -Werror
# snoop's own preprocessor flags; SNOOP_BPF_DIR is only the last place but
# one snoop looks for its BPF sources (see src/trace/bpfsrc.h)
SNOOP_CPPFLAGS := -I. -Isrc -D_GNU_SOURCE -DSNOOP_VERSION='"$(VERSION)"' -DSNOOP_BPF_DIR='"$(BPFDIR)"' \
	-DSNOOP_CACHE_DIR='"$(CACHEDIR)"'
# the user's flags after snoop's, so that theirs win where both speak
# -I$(B): the generated headers (build/progdesc.h)
ALL_CPPFLAGS = $(SNOOP_CPPFLAGS) -I$(B) $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARN) $(ALL_CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
# snoop links libbcc_bpf only (maps, loading, attaching, buffers, symbols):
# libbcc.so.0, the compiler, brings LLVM and is opened when a compile is
# needed (src/trace/compile.h), never on a cache hit. libbcc_bpf is linked
# statically: libbcc.so.0 holds copies of its C++ globals, and with both
# shared libraries loaded their constructors and destructors would run on
# one copy (a double free at exit after a compile). Its own dependencies
# stay shared.
# -pthread: the output writer thread (src/record/output.c)
BCC_LIBS := -Wl,-Bstatic -lbcc_bpf -Wl,-Bdynamic -l:libbpf.so.1 -lelf -lz -lstdc++ -pthread
BCC_COMPILER_LIBS := $(shell pkg-config --libs libbcc 2>/dev/null || echo -lbcc)
# --to=tls:// (src/fleet/tls.c)
SSL_LIBS := $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2);
endif

B := build
# The folders are the boundaries (README's layout, checked by make layout):
# what needs the kernel (libbcc, BPF, /proc), the pure record pipeline that
# unit tests and fuzzers drive alone, and --to's network side (src/fleet/),
# whose syslog.c is pure too.
TRACE_SRCS := BPF.c $(wildcard src/trace/*.c)
RECORD_SRCS := $(wildcard src/record/*.c)
FLEET_SRCS := $(wildcard src/fleet/*.c)
COMMON_SRCS := $(wildcard src/*.c)
GEN_SRCS := $(B)/syscall_table.c $(B)/ia32_syscall_table.c $(B)/ia32_map.c $(B)/errno_table.c \
	$(B)/xlat.c $(B)/classes.c embedded/bpf_sources.c
GEN_OBJS := $(B)/syscall_table.o $(B)/ia32_syscall_table.o $(B)/ia32_map.o $(B)/errno_table.o \
	$(B)/xlat.o $(B)/classes.o $(B)/bpf_sources.o $(B)/progdesc.o
LIB_OBJS := $(patsubst %.c,$(B)/%.o,$(TRACE_SRCS) $(RECORD_SRCS) $(FLEET_SRCS) $(COMMON_SRCS)) $(GEN_OBJS)
OBJS := $(B)/snoop.o $(LIB_OBJS)
HEADERS := $(wildcard *.h src/*.h src/*/*.h) bpf/snoop.h $(B)/progdesc.h
UNIT_SRCS := $(wildcard tests/unit/*.c)
TEST_PROGS := $(patsubst tests/progs/%.c,$(B)/progs/%,$(wildcard tests/progs/*.c))

SNOOP_BIN ?= snoop

all: $(SNOOP_BIN) $(B)/snoop.bash-completion

# `make CFLAGS=...` after a build rebuilds with the new flags: $(B)/flags
# holds the ones last used (PREFIX is not among them: `make install
# PREFIX=...` installs what was built, which finds its BPF sources from
# where it is installed).
BUILD_FLAGS := $(CC) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) $(LDLIBS)
ifneq ($(strip $(BUILD_FLAGS)),$(strip $(file <$(B)/flags)))
$(B)/flags: FORCE
endif
$(B)/flags: | $(B)
	$(Q)printf '%s\n' '$(subst ','\'',$(BUILD_FLAGS))' > $@
FORCE:
.PHONY: FORCE

$(SNOOP_BIN): $(OBJS) $(B)/flags
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(BCC_LIBS) $(SSL_LIBS) $(LDLIBS)

$(B)/%.o: %.c $(HEADERS) $(B)/flags | $(B)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%.o: $(B)/%.c $(HEADERS) $(B)/flags | $(B)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/bpf_sources.o: embedded/bpf_sources.c src/trace/bpfsrc.h $(B)/flags | $(B)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/syscall_table.c: src/tools/gen-syscalls.sh src/record/syscalls_unified.h | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-syscalls.sh "$(CC)" > $@

# ia32 processes on x86_64: their own numbers, and the x86_64 call of each
$(B)/ia32_syscall_table.c: src/tools/gen-syscalls.sh src/record/syscalls_unified.h | $(B)
	$(call msg,GEN,$@)
	$(Q)SYSCALL_HEADER=asm/unistd_32.h sh src/tools/gen-syscalls.sh "$(CC)" ia32_syscall > $@

$(B)/ia32_map.c: src/tools/gen-ia32-map.sh | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-ia32-map.sh "$(CC)" > $@

$(B)/errno_table.c: src/tools/gen-errnos.sh | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-errnos.sh "$(CC)" > $@

# The BPF program's variants, maps and programs, as its source has them:
# code naming one the source lost does not compile (src/tools/gen-progdesc.sh)
$(B)/progdesc.h: src/tools/gen-progdesc.sh bpf/snoop.bpf.c | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-progdesc.sh "$(CC)" bpf/snoop.bpf.c h > $@

$(B)/progdesc.c: src/tools/gen-progdesc.sh bpf/snoop.bpf.c | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-progdesc.sh "$(CC)" bpf/snoop.bpf.c c > $@

# the fallback copy is always the current bpf/, never edited by hand
embedded/bpf_sources.c: bpf/snoop.h bpf/snoop.bpf.c embedded/embed.sh
	$(call msg,EMBED,$@)
	$(Q)sh embedded/embed.sh bpf/snoop.h bpf/snoop.bpf.c > $@

$(B):
	$(Q)mkdir -p $(B)/progs

# ---- tests ----
$(B)/unit_tests: $(UNIT_SRCS) $(LIB_OBJS) tests/json_check.h
	$(call msg,LINK,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Wno-missing-field-initializers $(LDFLAGS) -o $@ $(filter %.c %.o,$^) -lcriterion $(BCC_LIBS) $(SSL_LIBS) $(LDLIBS)

$(B)/progs/%: tests/progs/%.c tests/progs/expect.h tests/progs/seccomp_exec.h | $(B)
	$(call msg,CC,$<)
	$(Q)$(CC) -O1 -g -Wall -Wextra -Werror -pthread -o $@ $<

# a real 32-bit program for the ia32 test (gcc-multilib)
$(B)/progs/m32probe: tests/progs/m32probe.c | $(B)
	$(call msg,CC,$<)
	$(Q)$(CC) -m32 -O1 -g -Wall -Wextra -Werror -o $@ $<

unit: $(B)/unit_tests
	$(Q)$(B)/unit_tests --jobs 2

integration: $(SNOOP_BIN) $(TEST_PROGS)
	$(Q)SNOOP=./$(SNOOP_BIN) bash tests/integration/run.sh

# the architecture: each folder keeps its boundary, no include cycle, no
# two files calling into each other (from the objects' symbols: built first);
# selftest.py first proves each rule fails a tree that breaks it
layout: $(OBJS)
	$(Q)python3 tests/layout/selftest.py
	$(Q)python3 tests/layout/check.py . $(B)

# the bash completion, called as bash calls it (no root needed)
completion: $(SNOOP_BIN) $(B)/snoop.bash-completion
	$(Q)bash tests/completion/check.sh $(B)/snoop.bash-completion ./$(SNOOP_BIN)

test: layout unit completion fuzz-regress integration

# The whole suite with AddressSanitizer and UndefinedBehaviorSanitizer:
# snoop, the unit tests and the integration tests, built in build/asan.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
check-asan:
	$(Q)$(MAKE) --no-print-directory B=build/asan SNOOP_BIN=build/asan/snoop \
		EXTRA_CFLAGS="$(SAN_FLAGS)" build/asan/snoop build/asan/unit_tests
	$(Q)ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp build/asan/unit_tests --jobs 2
	$(Q)$(MAKE) --no-print-directory B=build/asan SNOOP_BIN=build/asan/snoop EXTRA_CFLAGS="$(SAN_FLAGS)" \
		ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp integration

# ---- install ----
# What goes where, once: install and uninstall both read these lists. The
# binary finds the BPF sources of its own prefix (PREFIX/bin/snoop reads
# PREFIX/share/snoop/bpf), so `make install PREFIX=...` needs no rebuild.
BPF_FILES := bpf/snoop.h bpf/snoop.bpf.c
DOC_FILES := README.md docs/FORMAT.md docs/FLEET.md docs/CONTAINERS.md
DOC_EXAMPLES := $(wildcard docs/examples/*)
INSTALLED := $(BINDIR)/snoop $(addprefix $(BPFDIR)/,$(notdir $(BPF_FILES))) $(MANDIR)/man8/snoop.8 \
	$(BASHCOMPDIR)/snoop $(addprefix $(DOCDIR)/,$(notdir $(DOC_FILES))) \
	$(addprefix $(DOCDIR)/examples/,$(notdir $(DOC_EXAMPLES)))
# directories only snoop puts files in, removed when uninstalling left them empty
OWN_DIRS := $(BPFDIR) $(DATADIR)/snoop $(DOCDIR)/examples $(DOCDIR)

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 0644

# Installed to the running system (no DESTDIR staging tree), the cache is
# filled for this kernel so that the first run loads instead of compiling;
# without BPF or kernel headers here (or as a user) that is said and the
# install still succeeds. PREPARE_FLAGS: e.g. --cache-dir=DIR.
PREPARE_FLAGS ?=

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(BPFDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(DOCDIR)/examples
	$(INSTALL_PROGRAM) $(SNOOP_BIN) $(DESTDIR)$(BINDIR)/snoop
	$(INSTALL_DATA) $(BPF_FILES) $(DESTDIR)$(BPFDIR)/
	$(INSTALL_DATA) docs/snoop.8 $(DESTDIR)$(MANDIR)/man8/snoop.8
	$(INSTALL_DATA) $(B)/snoop.bash-completion $(DESTDIR)$(BASHCOMPDIR)/snoop
	$(INSTALL_DATA) $(DOC_FILES) $(DESTDIR)$(DOCDIR)/
	$(INSTALL) $(DOC_EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	$(Q)if [ -z "$(DESTDIR)" ]; then \
		$(BINDIR)/snoop --prepare $(PREPARE_FLAGS) || \
		echo "snoop --prepare failed (the line above): the first run will compile its BPF program instead"; \
	fi

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	for d in $(addprefix $(DESTDIR),$(OWN_DIRS)); do [ ! -d "$$d" ] || rmdir "$$d" 2>/dev/null || true; done

# bash completion, with the syscall names -e accepts: those of the table
# snoop is built with
$(B)/snoop.bash-completion: src/tools/snoop.bash-completion $(B)/syscall_table.c
	$(call msg,GEN,$@)
	$(Q)names=$$(sed -n 's/^	\[[0-9]*\] = "\([a-z0-9_]*\)",$$/\1/p' $(B)/syscall_table.c | sort | tr '\n' ' '); \
	[ -n "$$names" ] || { echo "$@: no syscall names in $(B)/syscall_table.c" >&2; exit 1; }; \
	sed "s/@SYSCALLS@/$${names% }/" $< > $@

clean:
	rm -rf $(B) snoop embedded/bpf_sources.c

.PHONY: all layout unit completion integration test check-asan install uninstall clean

# every __NR_ name as the compiler sees it, for tests/unit/test_syscalls.c
$(B)/ksysent.h: | $(B)
	$(Q)printf '#include <asm/unistd.h>\n' | $(CC) -E -dM -x c - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) [0-9][0-9]*$$/X(\1)/p' > $@
$(B)/unit_tests: $(B)/ksysent.h

# -e %CLASS: strace's classes, as numbers of this architecture
$(B)/classes.c: src/tools/gen-classes.sh src/tools/classes.in | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-classes.sh src/tools/classes.in > $@

$(B)/xlat.c: src/tools/gen-xlat.sh $(wildcard src/tools/xlat/*.in) | $(B)
	$(call msg,GEN,$@)
	$(Q)sh src/tools/gen-xlat.sh $(sort $(wildcard src/tools/xlat/*.in)) > $@

# arm64's table, generated the same way from a kernel header tree's uapi
# (src/tools/setup.sh installs one): checked by tests/unit/test_syscalls.c.
ARM64_UAPI := $(firstword $(wildcard /usr/src/linux-headers-*-common /lib/modules/$(shell uname -r)/source))
$(B)/arm64_syscall_table.c: src/tools/gen-syscalls.sh src/record/syscalls_unified.h | $(B)
	$(call msg,GEN,$@)
	$(Q)if [ -d "$(ARM64_UAPI)/arch/arm64/include/uapi" ]; then \
		sh src/tools/gen-syscalls.sh "$(CC)" arm64_syscall -nostdinc \
			-I"$(ARM64_UAPI)/arch/arm64/include/uapi" -I"$(ARM64_UAPI)/include/uapi" > $@; \
	else \
		printf 'const int arm64_syscall_count = 0, arm64_syscall_name_width = 0;\nconst char *const arm64_syscall_names[1];\n' > $@; \
	fi
$(B)/unit_tests: $(B)/arm64_syscall_table.o

# ---- benchmark (docs/PERFORMANCE.md) ----
$(B)/floor: tests/bench/floor.c | $(B)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BCC_COMPILER_LIBS) $(LDLIBS)

bench: $(SNOOP_BIN) $(TEST_PROGS) $(B)/floor
	$(Q)python3 tests/bench/bench.py $(BENCH_ARGS)
.PHONY: bench

# ---- fuzzing (libFuzzer, clang): make fuzz [FUZZ_SECONDS=60] ----
# Each target runs for FUZZ_SECONDS on its corpus; what crashed once is kept
# in tests/fuzz/regressions/NAME and replayed by `make fuzz-regress` (part of
# `make test`). An input that runs FUZZ_TIMEOUT seconds is a finding too (a
# replay that loops).
FUZZ_TARGETS := opts capture decode json bpfobj syslog replay
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# the pure record pipeline, and per target what else it drives: no libbcc
# in a fuzzer (bpfobj.c reads cache entries without it; the command line
# parser brings its --to URL and --attach rules)
FUZZ_SRCS := $(RECORD_SRCS) src/error.c src/safe_path.c $(GEN_SRCS)
OPTS_SRCS := src/opts.c src/opts_usage.c src/fleet/syslog.c src/trace/method.c src/trace/ctrname.c
FUZZ_EXTRA_opts := $(OPTS_SRCS)
FUZZ_EXTRA_replay := $(OPTS_SRCS)
FUZZ_EXTRA_syslog := src/fleet/syslog.c
FUZZ_EXTRA_bpfobj := src/trace/bpfobj.c

.SECONDEXPANSION:
$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRCS) $$(FUZZ_EXTRA_$$*) $(HEADERS) tests/json_check.h | $(B)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(SNOOP_CPPFLAGS) -o $@ $< $(FUZZ_SRCS) $(FUZZ_EXTRA_$*)

fuzz: $(FUZZ_TARGETS:%=$(B)/fuzz_%)
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(B)/corpus/$$t tests/fuzz/regressions/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -artifact_prefix=tests/fuzz/regressions/$$t/ \
			-print_final_stats=1 $(B)/corpus/$$t tests/fuzz/seeds/$$t 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' ; \
	done

fuzz-regress: $(FUZZ_TARGETS:%=$(B)/fuzz_%)
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/regressions/$$t; \
		$(B)/fuzz_$$t -runs=0 -timeout=$(FUZZ_TIMEOUT) tests/fuzz/regressions/$$t tests/fuzz/seeds/$$t > $(B)/fuzz_$$t.log 2>&1 || \
			{ cat $(B)/fuzz_$$t.log; exit 1; }; \
	done; echo "fuzz-regress: every kept input of $(FUZZ_TARGETS) passes"
.PHONY: fuzz fuzz-regress

# Valgrind memcheck: the unit tests, then one real trace (a few minutes:
# libbcc's clang runs under Valgrind). tests/valgrind.supp says what is
# suppressed and why.
VALGRIND := valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	--suppressions=tests/valgrind.supp
check-valgrind: $(SNOOP_BIN) $(B)/unit_tests $(TEST_PROGS)
	$(Q)$(VALGRIND) --trace-children=yes $(B)/unit_tests --jobs 1
	$(Q)$(VALGRIND) ./$(SNOOP_BIN) --raw -e close -o $(B)/valgrind-trace.txt -- $(B)/progs/sysprobe basic; \
		test $$? -eq 7 && grep -q ' 0x5eed 0x1111' $(B)/valgrind-trace.txt && \
		echo "check-valgrind: unit tests and a traced run clean"
.PHONY: check-valgrind
