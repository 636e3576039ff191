/* snoop.bpf.c - kernel side of snoop, compiled by libbcc at run time.
 *
 * One record per completed syscall of a traced process: arguments are kept
 * per thread at entry (inflight), completed at exit with the return value and
 * duration, and written to this CPU's ring (SNOOP_MAPPED), or sent through
 * the per-CPU perf buffer "events" or the BPF ring buffer.
 *
 * Three ways to reach the syscalls, tried by user space in this order:
 *   raw tracepoints sys_enter/sys_exit     (cheapest)
 *   classic tracepoints raw_syscalls:*     (formats read from tracefs)
 *   kprobe/kretprobe on __x64_sys_*         (kernels without the above)
 * All three feed the same record_enter()/record_exit().
 *
 * Everything chosen per run (PIDs, names, syscall set, -f) is in maps written
 * by user space, never in the program text: the program is the same for every
 * run. What it reads of the kernel: the syscall register frame (struct
 * pt_regs, ABI); the classic tracepoints' records, whose layouts libbcc
 * takes from tracefs when it compiles; the raw tracepoints' arguments
 * (TP_PROTO), and of the structs they point to task_struct's pid and
 * linux_binprm's filename at the offsets the kernel's BTF gives (config);
 * and by assumption the start of struct kernel_siginfo (signo, errno,
 * code, as the user ABI's siginfo) and signal_deliver's struct
 * k_sigaction, whose first field is sa_handler on every architecture
 * snoop builds for.
 *
 * Some choices are compile-time (-D flags, src/trace/variant.c's
 * variant_choose; build/progdesc.h lists what each one holds), so each
 * run compiles one of a few fixed texts:
 *   SNOOP_MAPPED         per-CPU rings snoop maps (the default, 5.11+)
 *   SNOOP_RINGBUF        one shared BPF ring buffer (fixed size)
 *                        (neither: per-CPU perf buffers)
 *   SNOOP_INFLIGHT_HASH  syscalls in flight in a hash by TID, for kernels
 *                        without task storage (< 5.11); slower
 *   SNOOP_GROUP_DEAD     sched_process_exit says group_dead (6.16+)
 *   SNOOP_STACKS, SNOOP_SUMMARY, SNOOP_PATHS, SNOOP_COUNT_ONLY: -k, -c, -P
 *                        and -c alone carry their maps and code only then
 *
 * snoop prepends bpf/snoop.h to this text; the guard below lets the file also
 * be compiled on its own with -I bpf/.
 */
#ifndef SNOOP_H
#include "snoop.h"
#endif
#include <uapi/linux/ptrace.h>
#include <asm/unistd.h>

/* ---- maps: every one the program uses ---- */

/* Traced processes: why each is traced (SNOOP_TRACE_*). Elements are
 * allocated as inserted (Linux 6.1+, else preallocated: BPF.h): 65,536 of
 * them preallocated took ~6 ms of every start. An insert that fails (full,
 * or no memory) is counted in unstored and reported at the end. */
BPF_F_TABLE("hash", __u32, __u32, traced_tgids, SNOOP_MAX_TASKS, BPF_F_NO_PREALLOC);
BPF_HASH(names, struct snoop_comm, __u8, SNOOP_MAX_NAMES);
BPF_ARRAY(config, struct snoop_config, 1);
/* --cgroup: the cgroup v2 directories, by index (config's ncgroups) */
BPF_CGROUP_ARRAY(cgroups, SNOOP_MAX_CGROUPS);
BPF_ARRAY(syscall_bits, __u64, SNOOP_MAX_SYSCALLS / 64);
/* What memory to read per syscall (SNOOP_SPEC items); 0 = nothing. */
BPF_ARRAY(argspec, __u32, SNOOP_MAX_SYSCALLS);
/* The same for ia32 calls, by ia32 number (only what has the same layout
 * in both ABIs: strings, buffers, sockaddrs, ints), and each ia32 number's
 * x86_64 number (-1: none), which the checks below go by. */
BPF_ARRAY(argspec32, __u32, SNOOP_MAX_SYSCALLS);
BPF_ARRAY(ia32_native, __s32, SNOOP_MAX_SYSCALLS);
/* Where an event with memory is assembled: too big for the BPF stack. The
 * slack lets a copy at a masked offset be proven in bounds by the verifier,
 * which cannot see that the item's own budget already keeps it inside. */
struct snoop_scratch {
	struct snoop_event ev;
	__u8 slack[SNOOP_MEM_BYTES + 64];
	__u64 untracked[4];   /* see untracked() */
};
BPF_PERCPU_ARRAY(scratch, struct snoop_scratch, 1);

/* v stored and loaded again. The verifier does not track what map memory
 * holds: the ways that computed v (each branch of a budget, each way
 * through a loop's body) meet in one state after it, where each was a
 * state of its own that walked the rest again. ev is the scratch's. */
static __always_inline __u64 untracked(struct snoop_event *ev, int slot, __u64 v)
{
	volatile __u64 *at = &((struct snoop_scratch *)ev)->untracked[slot & 3];

	*at = v;
	return *at;
}
/* execve's filename and argv, read at entry: after a successful exec the
 * memory they were in is gone. Completed at exit. */
BPF_HASH(exec_events, __u32, struct snoop_event, 1024);
/* The register frame of a thread in execve (its address, which stays the
 * task's): at sched_process_exec it holds the new program's stack pointer,
 * where the kernel has just written argv. */
BPF_HASH(exec_regs, __u32, __u64, 1024);
/* Whole argvs for user space (bpf/snoop.h), by TID; argv_zero is never
 * written: what a new entry starts from. */
BPF_TABLE("lru_hash", __u32, struct snoop_argv, argv_store, SNOOP_ARGV_STORE);
BPF_ARRAY(argv_zero, struct snoop_argv, 1);
/* The structures a call is given (SNOOP_MEM_IN items), read at its entry:
 * an in/out argument holds the kernel's answer by the exit
 * (nanosleep(&ts, &ts) interrupted: the time left, not the request).
 * Only calls that have such an item pay for it. */
struct snoop_given {
	__u8 data[SNOOP_MEM_ITEMS][SNOOP_MEM_BYTES];
	__u8 read[SNOOP_MEM_ITEMS];   /* 1: data[i] holds item i as entry read it */
};
BPF_HASH(given, __u32, struct snoop_given, 1024);
BPF_PERCPU_ARRAY(given_buf, struct snoop_given, 1);
/* How each traced process is ending: low 32 bits its exit status + 1 (0:
 * none yet, from exit/exit_group), high 32 bits the signal whose default
 * action is killing it. Read when its last thread exits. */
BPF_F_TABLE("hash", __u32, __u64, endings, SNOOP_MAX_TASKS, BPF_F_NO_PREALLOC);
/* The last signal sent to a traced process (by its PID), with its sender:
 * a signal that kills by default is never delivered as itself; the kernel
 * turns it into a group exit, delivered as SIGKILL without siginfo. */
struct sent_signal {
	__s32 sig, code, pid;
	__u32 uid;
};
BPF_HASH(sent_signals, __u32, struct sent_signal, 1024);
/* A call that returned a restart code (ERESTARTSYS ...) is held here until
 * the thread's next syscall: if there is none, the thread died in the call
 * (a signal killed it), and the record says so (SNOOP_REC_KILLED). */
BPF_HASH(held_events, __u32, struct snoop_event, 1024);
/* Records the buffer refused (and in-flight slots that could not be had).
 * The kernel's own PERF_RECORD_LOST is only written once the buffer has room
 * again, so losses at the end of a burst would otherwise go unreported. */
BPF_PERCPU_ARRAY(dropped, __u64, 1);
/* Inserts that failed, by SNOOP_UNSTORED_*: what the trace then lacks
 * is not a record the buffer refused, so it is said apart at the end. */
BPF_PERCPU_ARRAY(unstored, __u64, SNOOP_UNSTORED_KINDS);
/* sys_exit's tails on raw tracepoints, by SNOOP_TAIL_*: see tail_iov */
BPF_PROG_ARRAY(tails, SNOOP_TAILS);
#ifdef SNOOP_PATHS
/* -P: the paths, what each syscall's arguments mean for them, and the fds
 * opened on a path while traced (key: tgid << 32 | fd; value: the
 * process's path generation then). A process's generation moves on at its
 * execve and its end, which makes its older entries stale: fds closed on
 * exec or at exit, and a reused PID, match nothing. */
BPF_HASH(paths, struct snoop_path, __u8, SNOOP_MAX_PATHS);
BPF_ARRAY(callinfo, __u8, SNOOP_MAX_SYSCALLS);
BPF_TABLE("lru_hash", __u64, __u32, path_fds, SNOOP_MAX_TASKS);
BPF_TABLE("lru_hash", __u32, __u32, path_gen, SNOOP_MAX_TASKS);
BPF_PERCPU_ARRAY(path_buf, struct snoop_path, 1);
#endif
#ifdef SNOOP_SUMMARY
/* -c: per call (and process), per CPU; preallocated, as tracing programs
 * need on older kernels. sum_zero is never written: the first value of a
 * new entry. uncounted: calls the full table could not take. */
BPF_PERCPU_HASH(summary, struct snoop_sum_key, struct snoop_sum, SNOOP_SUM_ENTRIES);
BPF_PERCPU_ARRAY(sum_zero, struct snoop_sum, 1);
BPF_PERCPU_ARRAY(uncounted, __u64, 1);
#endif
#ifdef SNOOP_COUNT_ONLY
/* -c alone (no -P, no --per-process): counts by index, per CPU:
 * ((generation & 1) * 2 + ia32) * SNOOP_MAX_SYSCALLS + nr */
BPF_PERCPU_ARRAY(counts, struct snoop_sum, 4 * SNOOP_MAX_SYSCALLS);
#endif
#ifdef SNOOP_STACKS
/* -k: user stacks by id, each frame as its file's build id and offset, so
 * a process that has exited by the time its record is read can still be
 * symbolised; compiled in only when asked (4096 x 4 KiB) */
BPF_STACK_TRACE_BUILDID(stacks, SNOOP_STACK_ENTRIES);
#endif
#ifdef SNOOP_INFLIGHT_HASH
/* Syscalls in flight by TID. A plain preallocated hash: an LRU hash costs
 * ~400 ns more per syscall (its update allocates and locks). Entries of
 * threads that die mid-call are removed at sched_process_exit. */
BPF_HASH(inflight, __u32, struct snoop_record, SNOOP_MAX_TASKS);
#else
/* The traced TGIDs again, two bits per possible TGID (1 MiB, bpf/snoop.h):
 * the first check of every syscall of every process on the machine. An
 * array lookup is inlined by the verifier, a hash lookup is ~30 ns; a
 * traced process whose why needs no look (SNOOP_TRACED_ASK clear) takes no
 * hash lookup at all. Mapped by snoop, which clears the bits of a -p process
 * that ended before the attach. */
BPF_F_TABLE("array", __u32, __u64, traced_bits, SNOOP_TRACED_WORDS, BPF_F_MMAPABLE);
/* Syscalls in flight, in the slot of the CPU the thread runs on: the
 * call's record from its entry until its exit, where the thread has run
 * on this CPU without a pause in the common case (getppid, a read that
 * finds its data). A thread switched out mid-call takes its record along
 * to parked (sched_switch), and its exit fetches it back. Per call, an
 * inlined array lookup instead of a task-storage get (~40 ns at the
 * entry, ~15 at the exit here); per blocking call, a hash insert and
 * delete; per context switch on the machine, one store and one flag
 * tested. The slot outlives the call and keeps the name of its last
 * thread with the count of renames it was read at, and the id of the
 * thread on the CPU (current_id). */
BPF_PERCPU_ARRAY(cpu_slots, struct snoop_slot, 1);
/* parked's elements are allocated as they are inserted: preallocating
 * 65,536 of them took ~17 ms of every start. An insert that finds no
 * memory is counted as a lost record (sched_switch); the per-CPU cache
 * it takes from is refilled as soon as interrupts are on again, so that
 * needs the machine out of memory. snoop preallocates it where tracing
 * programs may not allocate (before Linux 6.1: BPF.h), as it does
 * traced_tgids and endings, the other two maps of SNOOP_MAX_TASKS. */
BPF_F_TABLE("hash", __u32, struct snoop_slot, parked, SNOOP_MAX_TASKS, BPF_F_NO_PREALLOC);
/* Tasks renamed on the machine (exec, prctl, /proc/TID/comm) or ended (a
 * TID may come back as another thread's), counted by task_rename and
 * sched_process_exit: a slot's name is read again after either. */
BPF_ARRAY(renames, __u64, 1);
/* Records held at a restart code (held_events), machine-wide: an entry
 * looks for its thread's only while there are any. */
BPF_ARRAY(held_count, __u64, 1);
#endif
#if defined(SNOOP_RINGBUF)
BPF_RINGBUF_OUTPUT(events, SNOOP_RING_PAGES);
BPF_PERCPU_ARRAY(since_wakeup, __u32, 1);
#elif defined(SNOOP_MAPPED)
/* Each CPU's ring (see bpf/snoop.h), in a map of maps so that snoop can
 * swap in a larger one when records are lost; events only rings the
 * doorbell that wakes the reader. */
struct snoop_ring_slot {
	__u8 bytes[SNOOP_RING_SLOT];
};
BPF_F_TABLE("array", int, struct snoop_ring_slot, ring_template, 2, BPF_F_MMAPABLE | BPF_F_INNER_MAP);
BPF_ARRAY_OF_MAPS(rings, "ring_template", SNOOP_RING_MAX_CPUS);
BPF_PERF_OUTPUT(events);
/* --lossless: the processes ring_pause has stopped, until they end (no
 * entry is made without it), each with its count of pauses. snoop
 * continues one at its last pause frame (bpf/snoop.h); its guard
 * (trace/guard.c) continues them all if snoop dies before it could. */
BPF_F_TABLE("hash", __u32, struct snoop_pauses, paused, SNOOP_MAX_TASKS, BPF_F_NO_PREALLOC);
#else
BPF_PERF_OUTPUT(events);
#endif

/* Reads of the caller's memory go through these two: libbcc's front end
 * looks at every call of bpf_probe_read_user{,_str} it compiles (it reads
 * all of /proc/kallsyms for each, ~0.1 s), so the program's 17 reads took
 * 1.7 s of a 2.5 s compile; inlined, they are the same calls. */
static __always_inline long user_read(void *dst, __u32 size, const void *src)
{
	return bpf_probe_read_user(dst, size, src);
}

static __always_inline long user_read_str(void *dst, __u32 size, const void *src)
{
	return bpf_probe_read_user_str(dst, size, src);
}

/* --pidns=target: a task's number in its own PID namespace, the deepest
 * level of its struct pid (task->thread_pid->numbers[level].nr), at the
 * offsets the kernel's BTF gives; 0 when unreadable */
static __always_inline __u32 ns_number(const struct snoop_config *cfg, __u64 task)
{
	__u64 pid = 0;
	__u32 level = 0;
	__s32 nr = 0;

	if (bpf_probe_read_kernel(&pid, sizeof(pid), (const void *)(task + cfg->task_thread_pid_off)) || !pid ||
	    bpf_probe_read_kernel(&level, sizeof(level), (const void *)(pid + cfg->pid_level_off)) ||
	    level > 32)   /* MAX_PID_NS_LEVEL */
		return 0;
	bpf_probe_read_kernel(&nr, sizeof(nr), (const void *)(pid + cfg->pid_numbers_off + level * SNOOP_UPID_SIZE));
	return (__u32)nr;
}

/* the current thread's tid, and its process's pid (its leader's), as
 * its namespace numbers them: read when its name is, and kept with it
 * (a thread's namespace and numbers change only at an exec, which
 * renames it) */
static __always_inline void read_ns_ids(struct snoop_record *rec, const struct snoop_config *cfg)
{
	__u64 task = bpf_get_current_task(), leader = 0;

	rec->ns_tid = ns_number(cfg, task);
	rec->ns_pid = bpf_probe_read_kernel(&leader, sizeof(leader), (const void *)(task + cfg->task_group_leader_off)) ||
		      !leader ? 0 : ns_number(cfg, leader);
}

/* What records carry besides the call, when an output asks for it: the
 * cgroup (~40 ns a read here: kept with the name, and read again after
 * any thread's move, cgroup_attach_task) and the namespace's numbers */
static __always_inline void read_ids(struct snoop_record *rec, const struct snoop_config *cfg)
{
	if (cfg->record_ids & SNOOP_IDS_CGROUP)
		rec->cgroup_id = bpf_get_current_cgroup_id();
	if (cfg->record_ids & SNOOP_IDS_PIDNS)
		read_ns_ids(rec, cfg);
}

/* An insert the kernel could not store (SNOOP_UNSTORED_*) */
static __always_inline void count_unstored(__u32 kind)
{
	__u64 *n = unstored.lookup(&kind);

	if (n)
		(*n)++;
}

/* How a process to trace that found no room in traced_tgids was chosen,
 * for leave_untraced: so that each is counted once */
#define LEFT_ONCE 0        /* decided once: the -- command, a -f child */
#define LEFT_RETRIED 1     /* -n, --cgroup: looked at again at each syscall
			    * unless remembered as left out */
#define LEFT_MAYBE_THREAD 2 /* a -f child whose TGID the classic tracepoint
			     * does not give: perhaps a thread */
#define LEFT_AGAIN 3       /* one left out and counted before its exec, whose
			    * new name (-n) finds no room either */

/* ---- variant: the traced set and the calls in flight ----
 * is_traced/mark_traced/unmark_traced: the set of traced TGIDs;
 * leave_untraced: one that found no room there (mark_traced failed).
 * inflight_new/inflight_peek/inflight_done: a thread's slot for its call.
 * inflight_move: a non-leader thread's exec gave it the leader's TID.
 * inflight_forget: the thread died, perhaps mid-call. */
#ifdef SNOOP_INFLIGHT_HASH
/* old kernels (no BPF atomic or/and): the hash is the only set */
static __always_inline __u32 traced_state(__u32 tgid)
{
	return traced_tgids.lookup(&tgid) ? SNOOP_TRACED | SNOOP_TRACED_ASK : 0;
}

static __always_inline void ask_about(__u32 tgid)
{
}

static __always_inline void settled(__u32 tgid)
{
}

/* 0, or -1 when the kernel could not store it */
static __always_inline int mark_traced(__u32 tgid, __u32 why)
{
	return traced_tgids.update(&tgid, &why) ? -1 : 0;
}

/* Nothing remembers a process left out here: one chosen again at each
 * syscall (how LEFT_RETRIED, LEFT_AGAIN) is not counted, or each attempt
 * would be. */
static __always_inline void leave_untraced(__u32 tgid, int how)
{
	if (how == LEFT_ONCE || how == LEFT_MAYBE_THREAD)
		count_unstored(SNOOP_UNSTORED_TRACED);
}

static __always_inline void unmark_traced(__u32 tgid)
{
	traced_tgids.delete(&tgid);
#ifdef SNOOP_MAPPED
	paused.delete(&tgid);
#endif
}

/* -a and --cgroup: the hash is the only set, bounded (SNOOP_MAX_TASKS);
 * a process left out is not remembered, and is looked at again at each
 * of its syscalls */
static __always_inline void mark_selected(__u32 tgid, __u32 why)
{
	if (mark_traced(tgid, why))
		leave_untraced(tgid, LEFT_RETRIED);
}

static __always_inline void mark_not_selected(__u32 tgid)
{
}

static __always_inline void forget_selection(__u32 tgid)
{
}

/* the calling thread's pid_tgid: no slot per CPU to keep it in */
static __always_inline __u64 current_id(void)
{
	return bpf_get_current_pid_tgid();
}

static __always_inline struct snoop_record *inflight_new(__u32 tid)
{
	struct snoop_record zero = {};

	if (inflight.update(&tid, &zero))
		return 0;
	return inflight.lookup(&tid);
}

static __always_inline struct snoop_record *inflight_peek(__u32 tid)
{
	return inflight.lookup(&tid);
}

static __always_inline void inflight_done(__u32 tid, struct snoop_record *r)
{
	inflight.delete(&tid);
}

static __always_inline void inflight_move(__u32 old, __u32 tid)
{
	struct snoop_record *rec = inflight.lookup(&old);

	if (!rec)
		return;
	rec->tid = tid;
	inflight.update(&tid, rec);
	inflight.delete(&old);
}

static __always_inline void inflight_forget(__u32 tid)
{
	inflight.delete(&tid);
}

/* at an entry: the thread's entry if it has one (a held call) */
static __always_inline struct snoop_record *inflight_at_entry(__u32 tid)
{
	return inflight_peek(tid);
}

/* the slot of a call to record (releasing a held one deleted the entry) */
static __always_inline struct snoop_record *inflight_for_call(__u32 tid, struct snoop_record *at_entry)
{
	return inflight_new(tid);
}

/* the exit's entry, in a tail the exit called */
static __always_inline struct snoop_record *inflight_in_exit(__u32 tid)
{
	return inflight_peek(tid);
}

/* the thread's entry stays, marked, while its call is held */
static __always_inline int held_in(struct snoop_record *slot)
{
	return slot && (slot->flags & SNOOP_REC_HELD);
}

static __always_inline void mark_held(struct snoop_record *rec)
{
	rec->flags = SNOOP_REC_HELD;
}

static __always_inline void held_released(void)
{
}

/* a new entry per call: the name is read each time (the cgroup and the
 * namespace's numbers with it) */
static __always_inline void keep_comm(struct snoop_record *rec, const struct snoop_config *cfg)
{
	bpf_get_current_comm(&rec->comm, sizeof(rec->comm));
	if (cfg->record_ids)
		read_ids(rec, cfg);
}

/* nothing kept to forget */
static __always_inline void names_stale(void)
{
}
#else
/* SNOOP_TRACED and SNOOP_TRACED_ASK of tgid */
static __always_inline __u32 traced_state(__u32 tgid)
{
	__u32 w = SNOOP_TRACED_WORD(tgid);
	__u64 *bits = traced_bits.lookup(&w);

	return bits ? (*bits >> SNOOP_TRACED_SHIFT(tgid)) & 3 : 0;
}

static __always_inline void set_state(__u32 tgid, __u64 state)
{
	__u32 w = SNOOP_TRACED_WORD(tgid);
	__u64 *bits = traced_bits.lookup(&w);

	if (bits)
		__sync_fetch_and_or(bits, state << SNOOP_TRACED_SHIFT(tgid));
}

static __always_inline void clear_state(__u32 tgid, __u64 state)
{
	__u32 w = SNOOP_TRACED_WORD(tgid);
	__u64 *bits = traced_bits.lookup(&w);

	if (bits)
		__sync_fetch_and_and(bits, ~(state << SNOOP_TRACED_SHIFT(tgid)));
}

/* tgid's why has changed to one that needs a look (GONE), or no longer does */
static __always_inline void ask_about(__u32 tgid)
{
	set_state(tgid, SNOOP_TRACED_ASK);
}

static __always_inline void settled(__u32 tgid)
{
	clear_state(tgid, SNOOP_TRACED_ASK);
}

/* The bit only with its entry: a failed insert (traced_tgids full, or no
 * memory) leaves the process untraced (leave_untraced) rather than
 * traced without an entry (no end record, and a bit nothing would
 * clear). 0, or -1 then. */
static __always_inline int mark_traced(__u32 tgid, __u32 why)
{
	if (traced_tgids.update(&tgid, &why))
		return -1;
	set_state(tgid, SNOOP_TRACED | (why & (SNOOP_TRACE_EXEC | SNOOP_TRACE_GONE) ? SNOOP_TRACED_ASK : 0));
	return 0;
}

/* Counted once: left out as -a's bystanders are (SNOOP_TRACED_NOT), until
 * its end (an exec looks again only for -n's new name, and for -u), so -n
 * and --cgroup do not choose it again at each syscall. Not a TID that may
 * be a thread's: its bit would outlive it. */
static __always_inline void leave_untraced(__u32 tgid, int how)
{
	if (how != LEFT_MAYBE_THREAD)
		set_state(tgid, SNOOP_TRACED_NOT);
	if (how != LEFT_AGAIN)
		count_unstored(SNOOP_UNSTORED_TRACED);
}

static __always_inline void unmark_traced(__u32 tgid)
{
	clear_state(tgid, SNOOP_TRACED | SNOOP_TRACED_ASK);
	traced_tgids.delete(&tgid);
#ifdef SNOOP_MAPPED
	paused.delete(&tgid);
#endif
}

/* -a's processes are in the bits alone: traced_tgids is bounded, the
 * machine's processes are not, and their why never needs a look. The
 * lifecycle knows them by config's select. --cgroup's have an entry too,
 * as -f's children do. */
static __always_inline void mark_selected(__u32 tgid, __u32 why)
{
	if (why == SNOOP_TRACE_ALL)
		set_state(tgid, SNOOP_TRACED);
	else if (mark_traced(tgid, why))
		leave_untraced(tgid, LEFT_RETRIED);
}

/* looked at and left out: its later syscalls leave after the bitmap lookup */
static __always_inline void mark_not_selected(__u32 tgid)
{
	set_state(tgid, SNOOP_TRACED_NOT);
}

/* to be looked at again (its exec, its end, a move to another cgroup) */
static __always_inline void forget_selection(__u32 tgid)
{
	if (traced_state(tgid) == SNOOP_TRACED_NOT)
		clear_state(tgid, SNOOP_TRACED_NOT);
}

static __always_inline struct snoop_slot *cpu_slot(void)
{
	__u32 zero = 0;

	return cpu_slots.lookup(&zero);
}

/* The calling thread's pid_tgid (TGID << 32 | TID), for the syscall
 * programs. Every syscall on the machine asks for it twice, before the
 * traced test, and the helper call costs ~25 ns on a kernel with
 * retpolines; the CPU's slot keeps it from the thread's first call after
 * it was switched in, for an inlined lookup and a load. Only a context
 * switch changes the CPU's thread, and sched_switch (attached before the
 * syscall programs, detached after them) forgets the id there; the one
 * change of a thread's own id, a non-leader's exec taking the leader's
 * TID, forgets it in inflight_move. */
static __always_inline __u64 current_id(void)
{
	struct snoop_slot *c = cpu_slot();
	__u64 id;

	if (!c)
		return bpf_get_current_pid_tgid();
	id = c->current_id;
	if (!id) {
		id = bpf_get_current_pid_tgid();
		c->current_id = id;
	}
	return id;
}

/* The CPU's slot for a call of tid, which runs on it: the slot holds no
 * other thread's call (that thread left the CPU, and sched_switch took
 * its call along). Its name is tid's only if its last call was. */
static __always_inline struct snoop_record *inflight_new(__u32 tid)
{
	struct snoop_slot *c = cpu_slot();

	if (!c)
		return 0;
	if (c->rec.tid != tid) {
		c->comm_renames = 0;
		c->rec.tid = tid;
	}
	c->rec.flags = 0;   /* what a call of tid left in flight never ended */
	return &c->rec;
}

/* tid's call in flight, in the CPU's slot: fetched back from parked when
 * the thread was switched out since its entry. */
static __always_inline struct snoop_record *inflight_peek(__u32 tid)
{
	struct snoop_slot *c = cpu_slot(), *p;

	if (!c)
		return 0;
	if (c->rec.tid == tid && (c->rec.flags & SNOOP_REC_INFLIGHT))
		return &c->rec;
	p = parked.lookup(&tid);
	if (!p)
		return 0;
	/* the call and its name; the CPU's current_id stays the CPU's */
	__builtin_memcpy(c, p, __builtin_offsetof(struct snoop_slot, current_id));
	parked.delete(&tid);
	return &c->rec;
}

/* at an entry: the slot for the new call (a held call is in held_events) */
static __always_inline struct snoop_record *inflight_at_entry(__u32 tid)
{
	return inflight_new(tid);
}

static __always_inline struct snoop_record *inflight_for_call(__u32 tid, struct snoop_record *at_entry)
{
	return at_entry;
}

/* The exit's slot, in a tail the exit called: the CPU's (the exit
 * fetched a parked call back) */
static __always_inline struct snoop_record *inflight_in_exit(__u32 tid)
{
	struct snoop_slot *c = cpu_slot();

	return c ? &c->rec : 0;
}

/* Is a call of the thread held? Any at all on the machine; held_events
 * says whose. */
static __always_inline int held_in(struct snoop_record *slot)
{
	__u32 zero = 0;
	__u64 *n = held_count.lookup(&zero);

	return n && *n;
}

static __always_inline void mark_held(struct snoop_record *rec)
{
	__u32 zero = 0;
	__u64 *n = held_count.lookup(&zero);

	rec->flags = 0;
	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline void held_released(void)
{
	__u32 zero = 0;
	__u64 *n = held_count.lookup(&zero);

	if (n)
		__sync_fetch_and_add(n, -1);
}

/* The thread's name is read again only after a rename or a thread's end
 * somewhere on the machine: a comm read per call is ~30 ns, a rename is
 * rare. (The tracepoint comes just before the kernel copies the new
 * name: a call of the renamed thread in those nanoseconds keeps the old
 * one until the next rename; the thread's own prctl and execve read it
 * again anyway.) */
static __always_inline void keep_comm(struct snoop_record *rec, const struct snoop_config *cfg)
{
	struct snoop_slot *s = (struct snoop_slot *)rec;
	__u32 zero = 0;
	__u64 *n = renames.lookup(&zero), now = n ? *n + 1 : 0;

	if (now && s->comm_renames == now)
		return;
	bpf_get_current_comm(&rec->comm, sizeof(rec->comm));
	if (cfg->record_ids)   /* the cgroup and the namespace's numbers: kept as the name is */
		read_ids(rec, cfg);
	s->comm_renames = now;
}

/* Every slot reads its thread's name (and ids) again at its next call. */
static __always_inline void names_stale(void)
{
	__u32 zero = 0;
	__u64 *n = renames.lookup(&zero);

	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline void inflight_done(__u32 tid, struct snoop_record *r)
{
	r->flags = 0;
}

/* at exec: the thread took the leader's TID; its execve in flight is in
 * this CPU's slot, or parked if the exec slept */
static __always_inline void inflight_move(__u32 old, __u32 tid)
{
	struct snoop_slot *c = cpu_slot(), *p = parked.lookup(&old);

	if (c)
		c->current_id = 0;   /* the exec's thread, on this CPU: its TID changed */
	if (c && c->rec.tid == old)
		c->rec.tid = tid;
	if (p) {
		p->rec.tid = tid;
		parked.update(&tid, p);
		parked.delete(&old);
	}
}

/* The thread ends (on this CPU, mid-call or not): its parked call goes,
 * and the names slots keep under its TID are read again next time. */
static __always_inline void inflight_forget(__u32 tid)
{
	struct snoop_slot *c = cpu_slot();
	__u32 zero = 0;
	__u64 *n = renames.lookup(&zero);

	parked.delete(&tid);
	if (c && c->rec.tid == tid) {
		c->rec.tid = 0;
		c->rec.flags = 0;
	}
	if (n)
		__sync_fetch_and_add(n, 1);
}
#endif

static __always_inline int is_traced(__u32 tgid)
{
	return traced_state(tgid) & SNOOP_TRACED;
}

/* ---- variant: when a process is gone ----
 * Linux 6.16+ says in sched_process_exit whether the exiting thread was
 * the last of its process (group_dead): a process whose leader called
 * pthread_exit, or was killed by another thread's execve, goes on. Before,
 * the leader's exit has to stand for the process's. */
#ifdef SNOOP_GROUP_DEAD
#define group_gone(dead, tid, tgid) (dead)
#else
#define group_gone(dead, tid, tgid) ((tid) == (tgid))   /* dead is not there: never evaluated */
#endif

/* ---- both variants ---- */

/* The thread's slot, if a call is in flight in it. */
static __always_inline struct snoop_record *inflight_get(__u32 tid)
{
	struct snoop_record *r = inflight_peek(tid);

	return r && (r->flags & SNOOP_REC_INFLIGHT) ? r : 0;
}

static __always_inline void count_dropped(void)
{
	__u32 zero = 0;
	__u64 *n = dropped.lookup(&zero);

	if (n)
		(*n)++;
}

/* ---- variant: the output ---- */
#ifdef SNOOP_RINGBUF
/* The reader is woken once per cfg->wakeup_events records of a CPU (and
 * drains every 100 ms anyway): a wake-up per record would cost more than
 * the record. */
static __always_inline void submit(void *ctx, void *rec, __u64 size)
{
	__u32 zero = 0, *n = since_wakeup.lookup(&zero);
	struct snoop_config *cfg = config.lookup(&zero);
	__u64 flags = BPF_RB_NO_WAKEUP;

	if (n && cfg && ++*n >= cfg->wakeup_events) {
		*n = 0;
		flags = BPF_RB_FORCE_WAKEUP;
	}
	if (events.ringbuf_output(rec, size, flags))
		count_dropped();
}
#elif defined(SNOOP_MAPPED)
/* The record's bytes published: head moved on with release semantics
 * (bpf/snoop.h's protocol). x86 keeps stores in order, so only the
 * compiler must not move the record's stores after head's; elsewhere the
 * exchange is a BPF_FETCH atomic, fully ordered by the kernel's JITs. */
static __always_inline void ring_publish(struct snoop_ring_head *h, __u64 next)
{
#if defined(bpf_target_x86)   /* bcc's helpers.h: the target the program runs on */
	asm volatile("" ::: "memory");
	h->head = next;
#else
	__sync_lock_test_and_set(&h->head, next);
#endif
}

/* --lossless: the ring is pause_at chunks full at pos (tail: what snoop
 * had read). The process writing is stopped, and a pause frame at pos
 * names it, published only if the stop was sent: snoop continues it once
 * it has read this far, so every stop is followed by its SIGCONT. While
 * its last frame is unread, the same process is not stopped again until
 * it has written an eighth of the ring more: what comes between the stop
 * and the stopping (its other threads, its SIGSTOP's own record) needs no
 * second frame, but a stop that a SIGCONT for an earlier frame (another
 * CPU's) cancelled does. The new head, or pos. */
static __always_inline __u64 ring_pause(void *ring, struct snoop_ring_head *h, __u64 pos, __u64 tail)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32, key;
	struct snoop_pauses none = {}, *count;
	__u8 *slot;
	__u64 seq;

	if (h->paused_tgid == tgid && h->paused_pos >= tail &&
	    pos - h->paused_pos < (h->mask + 1) << (SNOOP_RING_CHUNK_SHIFT - 3))
		return pos;
	if ((pos >> SNOOP_RING_CHUNK_SHIFT) - (tail >> SNOOP_RING_CHUNK_SHIFT) > h->mask)
		return pos;   /* no room for the frame: the record after this one is lost (counted) */
	key = 1 + (__u32)((pos >> SNOOP_RING_CHUNK_SHIFT) & h->mask);
	slot = bpf_map_lookup_elem(ring, &key);
	if (!slot)
		return pos;
	slot += pos & (SNOOP_RING_CHUNK - 1);
	/* the map full: no pause, as no frame would be continued for sure */
	count = paused.lookup_or_try_init(&tgid, &none);
	if (!count)
		return pos;
	/* a kernel thread or an exiting task cannot be stopped: no frame */
	if (bpf_send_signal(SNOOP_SIGSTOP))
		return pos;
	/* counted after the stop was sent. Read back (the add's old value
	 * needs BPF's atomic fetch, which this LLVM target lacks): another
	 * thread's pause counted meanwhile gives both frames its number,
	 * and its stop was sent before this read too. */
	__sync_fetch_and_add(&count->sent, 1);
	seq = *(volatile __u32 *)&count->sent & SNOOP_PAUSE_SEQ_MASK;
	*(__u64 *)slot = SNOOP_RING_PAUSE | seq << 32 | tgid;
	h->paused_tgid = tgid;
	h->paused_pos = pos;
	pos = snoop_ring_next(pos, 0);
	ring_publish(h, pos);
	return pos;
}

/* Into this CPU's ring with plain stores; a full ring loses the record
 * (counted). Every bell_every bytes an 8-byte sample on events wakes the
 * reader: the only wake-up, paid once per hundreds of records, and after
 * a pause frame, which the reader must come to for the process to go on. */
static __always_inline void submit(void *ctx, void *rec, __u64 size)
{
	__u32 cpu = bpf_get_smp_processor_id(), key = 0;
	void *ring = rings.lookup(&cpu);
	struct snoop_ring_head *h = ring ? bpf_map_lookup_elem(ring, &key) : 0;
	__u64 pos, chunk, next, tail, bell = 0;
	__u8 *slot;

	if (!h)
		goto lost;
	pos = h->head;
	chunk = pos >> SNOOP_RING_CHUNK_SHIFT;
	/* tail read once: the stores below depend on this branch */
	tail = *(volatile __u64 *)&h->tail;
	if (chunk - (tail >> SNOOP_RING_CHUNK_SHIFT) > h->mask) {
		/* the reader has not left this chunk yet. A full ring rings no
		 * bells by writing: ring one now and then, or a reader that
		 * missed the last would sleep until its next tick. */
		if ((h->refused++ & 63) == 0)
			events.perf_submit(ctx, &bell, sizeof(bell));
		goto lost;
	}
	key = 1 + (__u32)(chunk & h->mask);
	slot = bpf_map_lookup_elem(ring, &key);
	if (!slot)
		goto lost;
	slot += pos & (SNOOP_RING_CHUNK - 1);
	size &= 1023;   /* bounds the verifier can see */
	if (size > sizeof(struct snoop_event))
		size = sizeof(struct snoop_event);
	*(__u64 *)slot = size;
	if (size == sizeof(struct snoop_record))
		__builtin_memcpy(slot + SNOOP_RING_FRAME, rec, sizeof(struct snoop_record));
	else if (bpf_probe_read_kernel(slot + SNOOP_RING_FRAME, size, rec))
		goto lost;
	next = snoop_ring_next(pos, size);
	ring_publish(h, next);   /* after the record's bytes: the reader trusts up to here */
	if (h->pause_at && (next >> SNOOP_RING_CHUNK_SHIFT) - (tail >> SNOOP_RING_CHUNK_SHIFT) >= h->pause_at &&
	    ring_pause(ring, h, next, tail) != next) {
		events.perf_submit(ctx, &bell, sizeof(bell));
		return;
	}
	if (next >= h->bell_at) {
		h->bell_at = next + h->bell_every;
		events.perf_submit(ctx, &bell, sizeof(bell));
	}
	return;
lost:
	count_dropped();
}
#else
/* perf wakes the reader once per wakeup_events records (set by user space
 * on each CPU's buffer) */
static __always_inline void submit(void *ctx, void *rec, __u64 size)
{
	if (events.perf_submit(ctx, rec, size))
		count_dropped();
}
#endif

/* ---- both variants ---- */

/* -u: the current task's effective uid is one of config's uids. Read
 * from its objective creds (task->real_cred, what ps and /proc/PID/status
 * show) at the offsets the kernel's BTF gives: bpf_get_current_uid_gid
 * gives the real uid, which a setuid program does not change. */
static __always_inline int uid_selected(struct snoop_config *cfg)
{
	__u64 task = bpf_get_current_task(), cred = 0;
	__u32 euid = 0, i;

	if (!(cfg->select & SNOOP_SEL_UID))
		return 1;
	if (bpf_probe_read_kernel(&cred, sizeof(cred), (const void *)(task + cfg->task_cred_off)) || !cred ||
	    bpf_probe_read_kernel(&euid, sizeof(euid), (const void *)(cred + cfg->cred_euid_off)))
		return 0;
	for (i = 0; i < SNOOP_MAX_UIDS; i++) {
		if (i >= cfg->nuids)
			break;
		if (cfg->uids[i] == euid)
			return 1;
	}
	return 0;
}

/* --cgroup: the current task is in one of the directories or below */
static __always_inline int in_cgroups(struct snoop_config *cfg)
{
	int i;

	for (i = 0; i < SNOOP_MAX_CGROUPS; i++) {
		if (i >= cfg->ncgroups)
			break;
		if (cgroups.check_current_task(i) == 1)
			return 1;
	}
	return 0;
}

/* -a and --cgroup (with -u): an untraced process's first syscall seen
 * decides, once: traced from then on (until it ends, wherever it moves),
 * or left out until its exec, its end or its move to another cgroup
 * (SNOOP_TRACED_NOT), so a bystander pays one bitmap lookup per call. */
static __always_inline __u32 *select_process(__u32 tgid, struct snoop_config *cfg)
{
	__u32 why = cfg->select & SNOOP_SEL_ALL ? SNOOP_TRACE_ALL : SNOOP_TRACE_CGROUP;

	if (tgid == cfg->self_tgid || !uid_selected(cfg) || (why == SNOOP_TRACE_CGROUP && !in_cgroups(cfg))) {
		mark_not_selected(tgid);
		return 0;
	}
	mark_selected(tgid, why);
	return is_traced(tgid) ? &cfg->settled_why : 0;
}

/* Untraced processes come here on every syscall when -n is given: one comm
 * read and one hash lookup. A match puts the process in traced_tgids so its
 * later syscalls take the fast path. */
static __always_inline __u32 *match_name(__u32 tgid, struct snoop_config *cfg)
{
	struct snoop_comm comm = {};
	__u32 why = SNOOP_TRACE_NAME;

	if (!cfg->match_names || tgid == cfg->self_tgid)
		return 0;
	bpf_get_current_comm(&comm.name, sizeof(comm.name));
	if (!names.lookup(&comm) || !uid_selected(cfg))
		return 0;
	if (mark_traced(tgid, why)) {
		leave_untraced(tgid, LEFT_RETRIED);
		return 0;
	}
	return traced_tgids.lookup(&tgid);
}

static __always_inline int syscall_wanted(long nr, struct snoop_config *cfg)
{
	__u32 word;
	__u64 *bits;

	if (!cfg->filter_syscalls)
		return 1;
	if (nr < 0 || nr >= SNOOP_MAX_SYSCALLS)
		return 0;
	word = nr / 64;
	bits = syscall_bits.lookup(&word);
	return bits && (*bits & (1ULL << (nr % 64)));
}

static __always_inline __u32 spec_of(long nr, __u32 flags)
{
	__u32 key = nr, *spec;

	if (nr < 0 || nr >= SNOOP_MAX_SYSCALLS)
		return 0;
	spec = flags & SNOOP_REC_IA32 ? argspec32.lookup(&key) : argspec.lookup(&key);
	return spec ? *spec : 0;
}

/* The x86_64 number of a call: an ia32 call's through ia32_native, -1 if
 * x86_64 has no such call (mmap2, _llseek, socketcall ...). */
static __always_inline long native_nr(long nr, __u32 flags)
{
	__u32 key = nr;
	__s32 *n;

	if (!(flags & SNOOP_REC_IA32))
		return nr;
	if (nr < 0 || nr >= SNOOP_MAX_SYSCALLS)
		return -1;
	n = ia32_native.lookup(&key);
	return n ? *n : -1;
}

/* A string read to the cap (n bytes with its NUL) is whole if its NUL is
 * where the cap put one: one more byte of user memory tells. */
static __always_inline int str_ends_at(const void *str, __u32 at)
{
	char c = 1;

	user_read(&c, 1, (const char *)str + at);
	return c == 0;
}

/* off within data[] as the verifier can prove it: the barrier keeps the
 * compiler from dropping a mask it believes redundant. */
static __always_inline __u32 masked_offset(__u32 off)
{
	asm volatile("" : "+r"(off));
	return off & (2 * SNOOP_MEM_BYTES - 1);
}

/* count entries of the iovec array at ptr, each as a struct snoop_iov and
 * its bytes (at most left in all), from off on, within the call's first
 * item (data[0], SNOOP_MEM_BYTES); the offset after them, or 0 with
 * SNOOP_MEM_FAULT set when the array itself is unreadable. An entry whose
 * data is unreadable keeps its address instead (strace's iov_base=0x10);
 * a NULL one nothing. Each entry's offset and budget are untracked() at
 * its end: the verifier walks the next entry once, not once for each way
 * through this one. */
static __always_inline __u32 read_iov_entries(struct snoop_event *ev, __u32 off, const void *ptr, __u64 count,
					     __u64 left)
{
	struct snoop_record *r = &ev->rec;
	struct { __u64 base, len; } iov[SNOOP_IOV_MAX] = {};
	struct snoop_iov *h;
	__u64 room, take, spent;
	__u32 j;

	if (count > SNOOP_IOV_MAX) {
		r->mem_flags[0] |= SNOOP_MEM_TRUNC;
		count = SNOOP_IOV_MAX;
	}
	if (user_read(iov, count * sizeof(iov[0]), ptr)) {
		r->mem_flags[0] |= SNOOP_MEM_FAULT;
		return 0;
	}
	#pragma unroll
	for (j = 0; j < SNOOP_IOV_MAX; j++) {
		if (j >= count)
			break;
		if (off + sizeof(*h) > SNOOP_MEM_BYTES) {
			r->mem_flags[0] |= SNOOP_MEM_TRUNC;   /* entries left that the item has no room for */
			break;
		}
		room = SNOOP_MEM_BYTES - off - sizeof(*h);
		take = iov[j].len < left ? iov[j].len : left;
		if (take > room)
			take = room;
		if (!iov[j].base)
			take = 0;   /* NULL: nothing to read (strace's iov_base=NULL) */
		take &= SNOOP_MEM_BYTES - 1;
		spent = take;
		/* the entry's header written in place: map memory, whose
		 * contents the verifier does not tell apart as it would a
		 * struct on the stack */
		h = (struct snoop_iov *)&ev->data[masked_offset(off)];
		h->len = iov[j].len;
		h->kept = take;
		h->null = !iov[j].base;
		if (take && user_read(&ev->data[masked_offset(off + sizeof(*h))], take, (void *)iov[j].base)) {
			if (room < sizeof(iov[j].base)) {
				r->mem_flags[0] |= SNOOP_MEM_TRUNC;
				break;
			}
			/* its address in the data's place, which -s's budget
			 * does not pay for */
			__builtin_memcpy(&ev->data[masked_offset(off + sizeof(*h))], &iov[j].base, sizeof(iov[j].base));
			h->null = SNOOP_IOV_UNREAD;
			h->kept = take = sizeof(iov[j].base);
			spent = 0;
		}
		off = untracked(ev, 2, off + sizeof(*h) + take);
		left = untracked(ev, 3, left - spent);
	}
	return off;
}

/* n bytes (at most max, and what the item has room for after off) from
 * src to data[off], kept only if readable; returns the bytes kept. The
 * iovecs' budget left room for the name and the control messages, unless
 * the iovecs' own headers took it: then they are cut here (the decoder
 * shows a part it has not whole by its address, or cut). */
static __always_inline __u32 read_part(struct snoop_event *ev, __u32 off, __u64 n, __u32 max, __u64 src)
{
	if (n > max)
		n = max;
	if (off >= SNOOP_MEM_BYTES)
		return 0;
	if (n > SNOOP_MEM_BYTES - off)
		n = SNOOP_MEM_BYTES - off;
	n &= SNOOP_MEM_BYTES - 1;
	if (!src || !n || user_read(&ev->data[masked_offset(off)], n, (const void *)src))
		return 0;
	return n;
}

/* sendmsg's or recvmsg's struct msghdr into its item's struct
 * snoop_msghdr (data[0]), and the budget of its iovecs' data in iov_kept:
 * what leaves room for the name and the control messages after them. 0
 * when the iovecs are not to be read: the msghdr faulted, or a failed
 * recvmsg filled nothing (its lengths as given are shown). */
static __always_inline int msghdr_head(struct snoop_event *ev, __u32 spec, __u32 strsize)
{
	struct snoop_record *r = &ev->rec;
	struct snoop_msghdr *m = (struct snoop_msghdr *)ev->data;
	int received = SNOOP_SPEC_SIZE(spec) != 0;
	__u64 left, name, control, iovs, fixed;

	m->name_kept = m->control_kept = 0;
	m->iov_kept = 0;
	if (user_read(&m->name, sizeof(*m) - 8, (void *)r->args[SNOOP_SPEC_ARG(spec) & 7])) {
		r->mem_flags[0] |= SNOOP_MEM_FAULT;
		return 0;
	}
	r->mem_flags[0] |= SNOOP_MEM_DONE;
	r->mem_len[0] = sizeof(*m);
	if (received && r->ret < 0)
		return 0;
	name = m->name && m->namelen ? (m->namelen < SNOOP_MSG_NAME_MAX ? m->namelen : SNOOP_MSG_NAME_MAX) : 0;
	control = m->control && m->controllen ?
		  (m->controllen < SNOOP_MSG_CONTROL_MAX ? m->controllen : SNOOP_MSG_CONTROL_MAX) : 0;
	iovs = m->iovlen < SNOOP_IOV_MAX ? m->iovlen : SNOOP_IOV_MAX;
	fixed = sizeof(*m) + name + control + iovs * sizeof(struct snoop_iov);
	left = received ? (__u64)r->ret : ~0ULL;
	if (strsize < left)
		left = strsize;
	if (fixed >= SNOOP_MEM_BYTES)
		left = 0;
	else if (SNOOP_MEM_BYTES - fixed < left)
		left = SNOOP_MEM_BYTES - fixed;
	m->iov_kept = left;
	return 1;
}

/* After a msghdr's iovec entries (end: the offset after them, 0 if they
 * faulted: then shown by address), its name and control messages. */
static __always_inline __u32 msghdr_tail(struct snoop_event *ev, __u32 end)
{
	struct snoop_record *r = &ev->rec;
	struct snoop_msghdr *m = (struct snoop_msghdr *)ev->data;
	__u32 off = end;
	__u64 name;

	if (r->mem_flags[0] & SNOOP_MEM_FAULT) {
		r->mem_flags[0] &= ~SNOOP_MEM_FAULT;
		r->mem_flags[0] |= SNOOP_MEM_PARTIAL;
		off = sizeof(*m);
	}
	m->iov_kept = off - sizeof(*m);
	name = m->namelen;
	if ((r->flags & SNOOP_REC_NAMELEN) && r->args[5] < name)
		name = r->args[5];   /* recvmsg wrote no more of the name than it was given room for */
	m->name_kept = read_part(ev, off, name, SNOOP_MSG_NAME_MAX, m->name);
	off += m->name_kept;
	m->control_kept = read_part(ev, off, m->controllen, SNOOP_MSG_CONTROL_MAX, m->control);
	off += m->control_kept;
	r->mem_len[0] = off;
	return off;
}

/* A call's first and only item when it has iovecs: readv's and writev's
 * array (readv's filled up to the return value), or sendmsg's and
 * recvmsg's msghdr (msghdr_head and msghdr_tail around them). Each of the first
 * SNOOP_IOV_MAX entries as a struct snoop_iov and its bytes, within
 * SNOOP_MEM_BYTES and -s's budget. One loop for both, its start and
 * budget untracked(): the verifier walks it once, where each way to them
 * made it walk it again (a msghdr loop of its own took tail_iov from 17k
 * instructions to 156k). */
static __always_inline __u32 read_iovecs(struct snoop_event *ev, __u32 spec, __u32 strsize)
{
	struct snoop_record *r = &ev->rec;
	struct snoop_msghdr *m = (struct snoop_msghdr *)ev->data;
	__u32 la = SNOOP_SPEC_LENARG(spec) & 7, kind = SNOOP_SPEC_KIND(spec), end;
	__u64 ptr, count, left, at;

	if (kind == SNOOP_MEM_MSGHDR) {
		if (!msghdr_head(ev, spec, strsize))
			return r->mem_len[0];
		ptr = m->iov;
		count = m->iovlen;
		left = m->iov_kept;
		at = sizeof(*m);
	} else {
		if (la > 5 || (kind == SNOOP_MEM_IOV_OUT && r->ret < 0))
			return 0;   /* nothing was read: the address is shown */
		ptr = r->args[SNOOP_SPEC_ARG(spec) & 7];
		count = r->args[la];
		left = kind == SNOOP_MEM_IOV_OUT ? (__u64)r->ret : ~0ULL;
		if (strsize < left)
			left = strsize;
		/* the data leaves room for every kept entry's header */
		if (left > SNOOP_MEM_BYTES - (count < SNOOP_IOV_MAX ? count : SNOOP_IOV_MAX) * sizeof(struct snoop_iov))
			left = SNOOP_MEM_BYTES - (count < SNOOP_IOV_MAX ? count : SNOOP_IOV_MAX) * sizeof(struct snoop_iov);
		at = 0;
	}
	end = read_iov_entries(ev, untracked(ev, 1, at), (const void *)ptr, count, untracked(ev, 0, left));
	if (kind == SNOOP_MEM_MSGHDR)
		return msghdr_tail(ev, end);
	if (r->mem_flags[0] & SNOOP_MEM_FAULT)
		return 0;
	r->mem_flags[0] |= SNOOP_MEM_DONE;
	r->mem_len[0] = end;
	return end;
}

/* Copies one item of user memory to ev->data + off; returns its length.
 * off <= SNOOP_MEM_BYTES, so the item always fits in data[]. iov: whether
 * this item may be an iovec array, a constant. Only a call's first item
 * ever is (tests/unit/test_decode.c checks every signature): the second
 * one then is not read at an offset the iovec loop left in any of its
 * ways, which multiplied the states the verifier walks by three. */
static __always_inline __u32 read_mem_item(struct snoop_event *ev, __u32 off, __u32 spec,
					  int i, __u32 strsize, int iov)
{
	struct snoop_record *r = &ev->rec;
	__u32 a = SNOOP_SPEC_ARG(spec), la = SNOOP_SPEC_LENARG(spec);
	__u64 want = 0;
	__u32 len32 = 0, elem;
	const void *ptr;
	long n;

	if (off > SNOOP_MEM_BYTES || a > 5 || la > 5)
		return 0;
	ptr = (const void *)r->args[a];
	r->mem_arg[i] = a;
	if (!ptr)
		return 0;
	switch (SNOOP_SPEC_KIND(spec)) {
	case SNOOP_MEM_STR_OUT:
		if (r->ret < 0)
			return 0;   /* nothing was filled: the address is shown */
		/* fall through */
	case SNOOP_MEM_STR:
		n = user_read_str(&ev->data[off], SNOOP_MEM_BYTES, ptr);
		if (n <= 0) {
			r->mem_flags[i] |= SNOOP_MEM_FAULT;
			return 0;
		}
		if (n == SNOOP_MEM_BYTES && !str_ends_at(ptr, SNOOP_MEM_BYTES - 1))
			r->mem_flags[i] |= SNOOP_MEM_TRUNC;   /* filled to the cap: the rest was cut */
		r->mem_flags[i] |= SNOOP_MEM_DONE;
		r->mem_len[i] = n - 1;     /* without the NUL */
		return n - 1;
	case SNOOP_MEM_BUF_RET:
		if (r->ret < 0)
			return 0;   /* nothing was read: the address is shown */
		want = r->ret;  /* 0: end of file, shown as "" */
		break;
	case SNOOP_MEM_BUF_ARG:
		want = r->args[la];
		break;
	case SNOOP_MEM_OUT:
		if (r->ret < 0)
			return 0;   /* nothing was filled: the address is shown */
		/* fall through */
	case SNOOP_MEM_IN:
		want = SNOOP_SPEC_SIZE(spec);
		strsize = SNOOP_MEM_BYTES;   /* a struct is not data: -s does not cut it */
		break;
	case SNOOP_MEM_SOCKADDR_OUT:
		if (r->ret < 0 || !r->args[la] || user_read(&len32, sizeof(len32), (void *)r->args[la]))
			return 0;
		want = len32 > SNOOP_SOCKADDR_MAX ? SNOOP_SOCKADDR_MAX : len32;
		strsize = SNOOP_SOCKADDR_MAX;
		break;
	case SNOOP_MEM_SOCKADDR:
		want = r->args[la];
		if (want > SNOOP_SOCKADDR_MAX)
			want = SNOOP_SOCKADDR_MAX;
		strsize = SNOOP_SOCKADDR_MAX;
		break;
	case SNOOP_MEM_ARRAY_RET:
		if (r->ret < 0)
			return 0;   /* nothing was filled: the address is shown */
		want = r->ret;
		/* fall through */
	case SNOOP_MEM_ARRAY:
		/* only ever a call's first item (tests/unit/test_decode_poll.c):
		 * the second item's copy of this function has no array to verify */
		if (i)
			return 0;
		if (SNOOP_SPEC_KIND(spec) == SNOOP_MEM_ARRAY)
			want = (__u32)r->args[la];   /* a count: an unsigned int */
		elem = SNOOP_SPEC_SIZE(spec);
		if (!elem)
			return 0;
		/* whole elements, as many as an item holds; an array is not
		 * data: -s does not cut it */
		if (want > SNOOP_MEM_BYTES / elem) {
			r->mem_flags[i] |= SNOOP_MEM_TRUNC;
			want = SNOOP_MEM_BYTES / elem;
		}
		want *= elem;
		strsize = SNOOP_MEM_BYTES;
		break;
	case SNOOP_MEM_INOUT:   /* the exit's copy; apply_given puts entry's before it */
		if (!i)
			return 0;   /* only ever a call's second item, as arrays its first */
		want = SNOOP_SPEC_SIZE(spec);
		strsize = SNOOP_INOUT_MAX;
		break;
	case SNOOP_MEM_IOV_IN:
	case SNOOP_MEM_IOV_OUT:
	case SNOOP_MEM_MSGHDR:
		return iov && !i ? read_iovecs(ev, spec, strsize) : 0;
	default:
		return 0;
	}
	if (want > strsize) {
		r->mem_flags[i] |= SNOOP_MEM_TRUNC;
		want = strsize;
	}
	/* 64-bit all the way: a 32-bit copy would lose the bound the verifier needs */
	if (want > SNOOP_MEM_BYTES)
		want = SNOOP_MEM_BYTES;
	if (want && user_read(&ev->data[off], want, ptr)) {
		r->mem_flags[i] |= SNOOP_MEM_FAULT;
		return 0;
	}
	r->mem_flags[i] |= SNOOP_MEM_DONE;
	r->mem_len[i] = want;
	return want;
}

/* execve argv (argument a, the array at argvp): up to SNOOP_ARGV_MAX
 * strings, each NUL-ended, at data + off. A string that cannot be read
 * ends the item with its address (8 bytes, SNOOP_MEM_PARTIAL): shown as
 * strace shows it, never dropped. */
static __always_inline __u32 read_argv(struct snoop_event *ev, __u32 off, int i, int a, const void *argvp)
{
	struct snoop_record *r = &ev->rec;
	const char *argv[SNOOP_ARGV_MAX + 1] = {};
	__u32 start = off, zero = 0;
	struct snoop_config *cfg = config.lookup(&zero);
	__u64 strsize = cfg ? cfg->strsize : SNOOP_ARGV_ENTRY;
	long n;
	int j;

	r->mem_arg[i] = a;
	r->mem_flags[i] = 0;
	r->mem_len[i] = 0;
	if (!argvp || user_read(argv, sizeof(argv), argvp)) {
		r->mem_flags[i] |= SNOOP_MEM_FAULT;
		return 0;
	}
	#pragma unroll
	for (j = 0; j < SNOOP_ARGV_MAX; j++) {
		/* masked so the verifier sees the bound on the register used */
		__u32 o = off & (sizeof(ev->data) - 1);

		if (!argv[j] || o > sizeof(ev->data) - SNOOP_ARGV_ENTRY)
			break;
		n = user_read_str(&ev->data[o], SNOOP_ARGV_ENTRY, argv[j]);
		if (n <= 0) {
			__builtin_memcpy(&ev->data[o], &argv[j], sizeof(argv[j]));
			off += sizeof(argv[j]);
			r->mem_flags[i] |= SNOOP_MEM_PARTIAL;
			break;
		}
		/* longer than -s is cut too: strace shows -s bytes (the whole
		 * argv, from the new stack, is then shown that way) */
		if ((n == SNOOP_ARGV_ENTRY && !str_ends_at(argv[j], SNOOP_ARGV_ENTRY - 1)) || (__u64)n - 1 > strsize)
			r->mem_flags[i] |= SNOOP_MEM_ARGV_CUT(j);
		off = untracked(ev, 2, off + n);   /* one state for the next string, whatever this one's length */
	}
	/* only when every kept slot was used can there be more: past argv's
	 * NULL come the environment pointers */
	if ((j == SNOOP_ARGV_MAX && argv[SNOOP_ARGV_MAX]) || (__u64)j > strsize)
		r->mem_flags[i] |= SNOOP_MEM_TRUNC;
	r->mem_flags[i] |= SNOOP_MEM_DONE;
	r->mem_len[i] = off - start;
	return off - start;
}

/* execve(path, argv, envp); execveat(dirfd, path, argv, envp, flags),
 * read from the caller's memory into the thread's exec_events slot.
 * An ia32 caller's argv holds 32-bit pointers: only its path is read. */
static __always_inline void read_exec_args(struct snoop_record *rec, __u32 tid, long nr)
{
	int at = nr == __NR_execveat;
	__u32 zero = 0, len0;
	struct snoop_scratch *s = scratch.lookup(&zero);
	struct snoop_event *ev = s ? &s->ev : 0;

	if (!ev || !spec_of(rec->nr, rec->flags))
		return;
	__builtin_memcpy(&ev->rec, rec, sizeof(*rec));
	len0 = read_mem_item(ev, 0, SNOOP_SPEC(at, SNOOP_MEM_STR, 0), 0, 0, 0);
	if (!(rec->flags & SNOOP_REC_IA32))
		read_argv(ev, len0, 1, at + 1, (const void *)rec->args[at + 1]);
	exec_events.update(&tid, ev);
}

/* The argv block of the new program: argc at sp, then argv[], NULL,
 * envp[]; the strings argv[] points at lie one after the other, NUL-ended,
 * and envp's strings right after them (the kernel copies them so). Its
 * start and length; -1 if it cannot be read. */
static __always_inline int argv_block(__u64 sp, __u64 *argc, __u64 *start, __u64 *len)
{
	__u64 env0 = 0, last = 0;
	char tail[64];
	long n;

	if (user_read(argc, sizeof(*argc), (void *)sp) || !*argc || *argc > (1 << 20) ||
	    user_read(start, sizeof(*start), (void *)(sp + 8)) ||
	    user_read(&env0, sizeof(env0), (void *)(sp + 16 + 8 * *argc)))
		return -1;
	if (env0) {
		*len = env0 - *start;
	} else {
		/* no environment: up to the last string's NUL (the kernel's copy
		 * of the path follows it); past 64 bytes, that much is sure */
		if (user_read(&last, sizeof(last), (void *)(sp + 8 * *argc)))
			return -1;
		n = user_read_str(tail, sizeof(tail), (void *)last);
		*len = last - *start + (n > 0 ? n : 0);
	}
	return *len > 0 && *len < (64u << 20) ? 0 : -1;
}

/* The new program's argv[0] is the one entry read (the first string of the
 * slot's argv item): a #! script's or binfmt_misc's argv is the
 * interpreter's, not the caller's, and is not taken for the call's. Both
 * copied zero-padded, then compared as words. */
static __always_inline int same_argv0(const struct snoop_event *slot, __u64 start)
{
	__u64 now[SNOOP_ARGV_ENTRY / 8] = {}, then[SNOOP_ARGV_ENTRY / 8] = {}, diff = 0;
	__u32 off = slot->rec.mem_len[0] & (SNOOP_MEM_BYTES - 1);
	int j;

	if (!(slot->rec.mem_flags[1] & SNOOP_MEM_DONE) || !slot->rec.mem_len[1] ||
	    user_read_str(now, sizeof(now), (void *)start) <= 0 ||
	    bpf_probe_read_kernel_str(then, sizeof(then), &slot->data[off]) <= 0)
		return 0;
	#pragma unroll
	for (j = 0; j < SNOOP_ARGV_ENTRY / 8; j++)
		diff |= now[j] ^ then[j];
	return diff == 0;
}

/* At sched_process_exec: a successful execve's whole argv, when its entry
 * kept only part of it (SNOOP_ARGV_MAX strings of SNOOP_ARGV_ENTRY - 1
 * bytes, or none), from the new program's stack into argv_store in one
 * read; user space puts it in the record (SNOOP_REC_ARGV_WHOLE). */
static __always_inline void keep_whole_argv(struct snoop_event *slot, __u32 tid)
{
	__u32 zero = 0, partial = SNOOP_MEM_TRUNC | SNOOP_MEM_FAULT | SNOOP_MEM_PARTIAL | SNOOP_MEM_ARGV_CUTS;
	__u64 *regs = exec_regs.lookup(&tid), sp = 0, argc = 0, start = 0, len = 0, kept;
	struct snoop_argv *v, *blank = argv_zero.lookup(&zero);

	if (!regs || !blank || !(slot->rec.mem_flags[1] & partial) || (slot->rec.flags & SNOOP_REC_IA32) ||
	    bpf_probe_read_kernel(&sp, sizeof(sp), &((struct pt_regs *)*regs)->sp) ||
	    argv_block(sp, &argc, &start, &len))
		return;
	if (!(slot->rec.mem_flags[1] & (SNOOP_MEM_FAULT | SNOOP_MEM_PARTIAL)) && !same_argv0(slot, start))
		return;
	if (argv_store.update(&tid, blank) || !(v = argv_store.lookup(&tid)))
		return;
	kept = len < SNOOP_ARGV_BLOCK ? len : SNOOP_ARGV_BLOCK;
	asm volatile("" : "+r"(kept));   /* the bound checked on the register passed */
	if (kept > SNOOP_ARGV_BLOCK || user_read(v->data, kept, (void *)start))
		return;
	v->ts_ns = slot->rec.ts_ns;
	v->argc = argc;
	v->len = len;
	v->kept = kept;
	slot->rec.flags |= SNOOP_REC_ARGV_WHOLE;
}

/* What execve's entry could not read (strings on pages the process had
 * not touched yet: a BPF read cannot fault them in), read again at its
 * exit. A failed execve leaves the caller's memory as it was, and the
 * kernel has faulted in what it copied. A successful one has replaced
 * that memory, but the kernel has just written argv on the new program's
 * stack, which the new registers point at: argc, then the argv array
 * (its path was taken at sched_process_exec). Without the registers
 * (--attach=tracepoint) what entry read stays. */
static __always_inline void complete_exec_args(struct snoop_record *rec, __u32 tid, long nr,
					       struct pt_regs *regs)
{
	struct snoop_event *slot = exec_events.lookup(&tid);
	__u32 zero = 0, bad = SNOOP_MEM_FAULT | SNOOP_MEM_PARTIAL;
	struct snoop_scratch *s;
	__u64 sp = 0;

	if (!slot || (rec->flags & SNOOP_REC_IA32) ||
	    !((slot->rec.mem_flags[0] | slot->rec.mem_flags[1]) & bad))
		return;
	if (rec->ret < 0) {
		read_exec_args(rec, tid, nr);
		return;
	}
	if (!(slot->rec.mem_flags[1] & bad) || !regs || bpf_probe_read_kernel(&sp, sizeof(sp), &regs->sp) || !sp)
		return;
	s = scratch.lookup(&zero);
	if (!s || bpf_probe_read_kernel(&s->ev, sizeof(s->ev), slot))
		return;
	read_argv(&s->ev, s->ev.rec.mem_len[0] & (SNOOP_MEM_BYTES - 1), 1, (nr == __NR_execveat) + 1,
		  (const void *)(sp + 8));
	exec_events.update(&tid, &s->ev);
}

static __always_inline __u64 event_size(__u64 mem_bytes)
{
	__u64 size = sizeof(struct snoop_record) + (mem_bytes & 0x3ff);

	/* the compiler may know a bound the verifier does not, and drop the
	 * cap below: it must stay, on the register passed */
	asm volatile("" : "+r"(size));
	return size > sizeof(struct snoop_event) ? sizeof(struct snoop_event) : size;
}

static __always_inline int given_kind(__u32 spec, int i)
{
	/* SNOOP_MEM_IN or SNOOP_MEM_INOUT (its bits and one more): one test,
	 * where two doubled the paths the verifier walks through sys_exit */
	return (SNOOP_SPEC_KIND(spec >> (16 * i)) & SNOOP_MEM_IN) == SNOOP_MEM_IN;
}

/* Is either of the call's items a structure it is given? */
static __always_inline int has_given(__u32 spec)
{
	return given_kind(spec, 0) || given_kind(spec, 1);
}

/* Item i of spec into g when it is a given structure; 1 if read. */
static __always_inline __u8 read_given_item(struct snoop_given *g, __u32 spec, int i, const __u64 *args)
{
	__u32 item = spec >> (16 * i), a = SNOOP_SPEC_ARG(item);
	__u32 size = SNOOP_SPEC_SIZE(item) & (SNOOP_MEM_BYTES - 1);

	asm volatile("" : "+r"(a));
	if (!given_kind(spec, i) || a > 5 || !args[a])
		return 0;
	return !user_read(g->data[i & 1], size, (void *)args[a]);
}

/* At entry: the call's SNOOP_MEM_IN items, kept for its exit. */
static __always_inline void read_given(__u32 tid, __u32 spec, const __u64 *args)
{
	__u32 zero = 0;
	struct snoop_given *g;

	if (!has_given(spec))
		return;
	g = given_buf.lookup(&zero);
	if (!g)
		return;
	g->read[0] = read_given_item(g, spec, 0, args);
	g->read[1] = read_given_item(g, spec, 1, args);
	given.update(&tid, g);
}

/* Item i of ev (at data + off), read at the exit, replaced by what entry
 * read. Only an item the exit read too: a given structure has its fixed
 * size then, so nothing after it moves (one the exit could not read stays
 * an address). An in/out structure (SNOOP_MEM_INOUT, always the call's
 * second and last item) keeps the exit's copy after entry's: the item
 * doubles. */
static __always_inline void given_item(struct snoop_event *ev, __u32 off, __u32 spec, int i,
				       const struct snoop_given *g)
{
	__u32 item = spec >> (16 * i), size = SNOOP_SPEC_SIZE(item) & (SNOOP_MEM_BYTES - 1);

	if (!given_kind(spec, i) || !g->read[i] || !(ev->rec.mem_flags[i] & SNOOP_MEM_DONE) ||
	    ev->rec.mem_len[i] != size || off > SNOOP_MEM_BYTES)
		return;
	if (i == 1 && SNOOP_SPEC_KIND(item) == SNOOP_MEM_INOUT) {   /* only ever the second */
		size &= 63;   /* <= SNOOP_INOUT_MAX: both copies within data[] */
		bpf_probe_read_kernel(&ev->data[off + size], size, &ev->data[off]);
		ev->rec.mem_len[i] = 2 * size;
	}
	bpf_probe_read_kernel(&ev->data[off], size, g->data[i]);
}

/* The structures the call was given, as its entry read them. */
static __always_inline void apply_given(struct snoop_event *ev, __u32 spec, __u32 tid)
{
	struct snoop_given *g;

	if (!has_given(spec))
		return;
	g = given.lookup(&tid);
	if (!g)
		return;
	given_item(ev, 0, spec, 0, g);
	given_item(ev, ev->rec.mem_len[0], spec, 1, g);
	given.delete(&tid);
}

/* with_memory's iov: what the call's items may be. IOV_ONLY is tail_iov's:
 * the verifier walks the iovec loop alone, not beside every other kind. */
#define IOV_NOT 0    /* no iovec array (one would be shown by address) */
#define IOV_MAYBE 1  /* the first item may be an iovec array */
#define IOV_ONLY 2   /* the first item is one, and the only one */

/* An iovec array or a msghdr as the call's first and only item (such a
 * call has no other: tests/unit/test_decode.c checks every signature). */
static __always_inline __u32 read_iov_item(struct snoop_event *ev, __u32 spec, __u32 strsize)
{
	__u32 a = SNOOP_SPEC_ARG(spec);

	if (a > 5)
		return 0;
	ev->rec.mem_arg[0] = a;
	return ev->rec.args[a] ? read_iovecs(ev, spec, strsize) : 0;
}

/* The record with the memory argspec asks for, read now: paths are still
 * where the caller put them, and read data is only there now. Assembled in
 * this CPU's scratch; *size is its length. */
static __always_inline struct snoop_event *with_memory(struct snoop_record *rec, __u32 spec, __u64 *size, int iov)
{
	__u32 zero = 0;
	__u64 len0 = 0, len1 = 0;
	struct snoop_config *cfg = config.lookup(&zero);
	struct snoop_scratch *s = scratch.lookup(&zero);
	struct snoop_event *ev = s ? &s->ev : 0;

	if (!ev || !cfg)
		return 0;
	__builtin_memcpy(&ev->rec, rec, sizeof(*rec));
	if (iov == IOV_ONLY) {
		len0 = read_iov_item(ev, spec & 0xffff, cfg->strsize);
	} else {
		if (spec & 0xffff)
			len0 = read_mem_item(ev, 0, spec & 0xffff, 0, cfg->strsize, iov);
		if (spec >> 16)
			len1 = read_mem_item(ev, len0, spec >> 16, 1, cfg->strsize, 0);
	}
	*size = event_size(len0 + len1);
	return ev;
}

/* ERESTARTSYS (512) to ERESTART_RESTARTBLOCK (516): the kernel's own codes,
 * seen before signal handling restarts the call, turns it into EINTR, or
 * kills the thread. */
static __always_inline int is_restart(long ret)
{
	return ret >= -516 && ret <= -512;
}

/* A kept call's record with the memory spec asks for and, when given, the
 * structures its entry read: held when hold (a restart code: what becomes
 * of the call is known only at the thread's next step) and there is room,
 * else sent. 1 if held. One copy of with_memory for every way: each copy
 * is verified on its own. */
static __always_inline int send_call(void *ctx, struct snoop_record *rec, __u32 spec, __u32 tid, int given,
				     int hold, int iov)
{
	__u64 size;
	struct snoop_event *ev = with_memory(rec, spec, &size, iov);

	if (!ev) {
		submit(ctx, rec, sizeof(*rec));
		return 0;
	}
	if (given) {
		apply_given(ev, spec, tid);
		size = event_size(ev->rec.mem_len[0] + ev->rec.mem_len[1]);   /* an in/out item grew */
	}
	if (hold && held_events.update(&tid, ev) == 0)
		return 1;
	submit(ctx, ev, size);
	return 0;
}

/* The thread's held record, if any, goes out: with SNOOP_REC_KILLED when
 * the thread dies without another call. */
static __always_inline void release_held_in(void *ctx, __u32 tid, struct snoop_record *slot, __u32 flags)
{
	struct snoop_event *ev;

	if (!held_in(slot))
		return;
	ev = held_events.lookup(&tid);
	if (ev) {
		ev->rec.flags |= flags;
		submit(ctx, ev, event_size(ev->rec.mem_len[0] + ev->rec.mem_len[1]));
		if (held_events.delete(&tid) == 0)
			held_released();
	}
	if (slot)
		inflight_done(tid, slot);
}

static __always_inline void release_held(void *ctx, __u32 tid, __u32 flags)
{
	release_held_in(ctx, tid, inflight_peek(tid), flags);
}

/* ---- what a completed call becomes: filters and the summary ---- */

#ifdef SNOOP_PATHS
/* Is the string argument of spec item `item` one of the -P paths? */
static __always_inline int path_matches(struct snoop_record *rec, __u32 item)
{
	__u32 zero = 0;
	struct snoop_path *buf = path_buf.lookup(&zero);

	if (!buf || SNOOP_SPEC_KIND(item) != SNOOP_MEM_STR)
		return 0;
	__builtin_memset(buf, 0, sizeof(*buf));   /* the key is the bytes then zeros */
	if (user_read_str(buf->name, sizeof(buf->name),
				    (void *)rec->args[SNOOP_SPEC_ARG(item) & 7]) <= 0)
		return 0;
	return paths.lookup(buf) != 0;
}

static __always_inline __u32 path_generation(__u32 tgid)
{
	__u32 *gen = path_gen.lookup(&tgid);

	return gen ? *gen : 0;
}

/* At a traced process's execve and end: its fds on the paths are stale. */
static __always_inline void paths_forget(__u32 tgid)
{
	__u32 gen = path_generation(tgid) + 1;

	path_gen.update(&tgid, &gen);
}

/* Is argument a an fd opened on a path in this generation of the process? */
static __always_inline int fd_on_paths(struct snoop_record *rec, __u8 info, int a, __u32 gen)
{
	__u64 key = (__u64)rec->pid << 32 | (__u32)rec->args[a];
	__u32 *at;

	if (!(info & (1 << a)) || !(at = path_fds.lookup(&key)))
		return 0;
	if (*at != gen) {
		path_fds.delete(&key);
		return 0;
	}
	if ((info & SNOOP_CALL_CLOSES) && rec->ret == 0)
		path_fds.delete(&key);
	return 1;
}

/* -P: a call on one of the paths, by its path argument, or by an fd opened
 * on one while traced. An open that returns an fd on a path adds it; a
 * close on one removes it. */
static __always_inline int on_paths(struct snoop_record *rec, long native, __u32 spec)
{
	__u32 idx = native & (SNOOP_MAX_SYSCALLS - 1), gen;
	__u8 *info = callinfo.lookup(&idx);
	__u64 key;
	int a, hit = 0;

	if (!info)
		return 0;
	gen = path_generation(rec->pid);
#pragma unroll
	for (a = 0; a < 6; a++)
		hit |= fd_on_paths(rec, *info, a, gen);
	if (hit)
		return 1;
	if (!path_matches(rec, spec & 0xffff) && !path_matches(rec, spec >> 16))
		return 0;
	if ((*info & SNOOP_CALL_OPENS) && rec->ret >= 0) {
		key = (__u64)rec->pid << 32 | (__u32)rec->ret;
		path_fds.update(&key, &gen);
	}
	return 1;
}
#endif

#ifdef SNOOP_SUMMARY
/* -c: one more call in the summary map. Calls that never return
 * (exit_group) are not counted, as strace -c does not count them. */
static __always_inline void count_call(struct snoop_record *rec, struct snoop_config *cfg)
{
	struct snoop_sum_key key = {};
	__u32 zero = 0;
	struct snoop_sum *v, *fresh;

	key.nr = rec->nr;
	key.abi = rec->flags & SNOOP_REC_IA32;
	key.tgid = cfg->summary & SNOOP_SUM_PER_PROCESS ? rec->pid : 0;
	key.generation = cfg->generation;
	v = summary.lookup(&key);
	if (!v) {
		fresh = sum_zero.lookup(&zero);
		if (!fresh || summary.update(&key, fresh) || !(v = summary.lookup(&key))) {
			__u64 *n = uncounted.lookup(&zero);   /* the table is full */

			if (n)
				(*n)++;
			return;
		}
	}
	snoop_sum_add_call(v, rec);
}
#endif

/* -k: the user stack of the call, by id, in the record's flags. */
static __always_inline void note_stack(void *ctx, struct snoop_record *rec)
{
#ifdef SNOOP_STACKS
	int id = stacks.get_stackid(ctx, BPF_F_USER_STACK);

	if (id >= 0 && id < SNOOP_STACK_ENTRIES)
		rec->flags |= (__u32)(id + 1) << SNOOP_REC_STACK_SHIFT;
#endif
}

/* A completed call: through the filters, into the summary; 1 if its
 * record is to be sent. */
static __always_inline int keep_record(void *ctx, struct snoop_record *rec, long native, __u32 spec)
{
	__u32 zero = 0;
	struct snoop_config *cfg = config.lookup(&zero);

	if (!cfg)
		return 1;
#ifdef SNOOP_PATHS
	/* first: an open or close the other filters leave out still moves
	 * the fds on the paths */
	if (cfg->match_paths && !on_paths(rec, native, spec))
		return 0;
#endif
	if (!snoop_result_wanted(rec, cfg->status_filter, cfg->min_duration_ns))
		return 0;
#ifdef SNOOP_SUMMARY
	if ((cfg->summary & SNOOP_SUM_COUNT) && !(rec->flags & SNOOP_REC_NORETURN))
		count_call(rec, cfg);
#endif
	if (cfg->summary & SNOOP_SUM_NO_RECORDS)
		return 0;
	note_stack(ctx, rec);
	return 1;
}

/* ---- how processes end, and signals ---- */

/* Each thread's exit(2) notes its status, the last one's is the
 * process's; a failed insert is counted at exit_group(2) (group), once a
 * process: a threaded program's every exit would count. A process whose
 * last thread ends with exit(2) (glibc ends one with exit_group) goes
 * uncounted. */
static __always_inline void note_exit_status(__u32 tgid, __u64 code, int group)
{
	__u64 *e = endings.lookup(&tgid), v = (code & 0xff) + 1;

	if (e)
		*e = (*e & ~0xffffffffULL) | v;
	else if (endings.update(&tgid, &v) && group)
		count_unstored(SNOOP_UNSTORED_ENDING);
}

/* Signals whose default action ends the process (all but CHLD, CONT,
 * STOP, TSTP, TTIN, TTOU, URG, WINCH) */
static __always_inline int kills_by_default(int sig)
{
	if (sig >= 32)   /* the real-time signals */
		return sig <= 64;
	return sig > 0 && !((1ULL << sig) & ((1ULL << 17) | (1ULL << 18) | (1ULL << 19) |
		(1ULL << 20) | (1ULL << 21) | (1ULL << 22) | (1ULL << 23) | (1ULL << 28)));
}

static __always_inline void note_fatal_signal(__u32 tgid, int sig)
{
	__u64 *e = endings.lookup(&tgid), v = (__u64)sig << 32;

	if (e)
		*e = (*e & 0xffffffffULL) | v;
	else if (endings.update(&tgid, &v))
		count_unstored(SNOOP_UNSTORED_ENDING);
}

/* A record that is not a syscall, for the current thread. */
static __always_inline void submit_event(void *ctx, __u32 flags, int nr, __u64 a0, __u64 a1, __u64 a2,
					 __u64 a3, __u64 a4, __u64 a5)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct snoop_record r = {};
	__u32 zero = 0;
	struct snoop_config *cfg = config.lookup(&zero);

	r.ts_ns = bpf_ktime_get_ns();
	r.pid = id >> 32;
	r.tid = (__u32)id;
	r.nr = nr;
	r.flags = flags;
	r.args[0] = a0;
	r.args[1] = a1;
	r.args[2] = a2;
	r.args[3] = a3;
	r.args[4] = a4;
	r.args[5] = a5;
	bpf_get_current_comm(&r.comm, sizeof(r.comm));
	if (!cfg || (cfg->summary & SNOOP_SUM_NO_RECORDS))
		return;   /* -c: a summary of calls, no signals or ends */
	if (cfg->record_ids)
		read_ids(&r, cfg);
	submit(ctx, &r, sizeof(r));
}

/* A thread's slot filled for a call: now, who, which, its arguments. */
static __always_inline void start_record(struct snoop_record *rec, __u64 id, long nr, const __u64 *args,
					 __u32 flags, const struct snoop_config *cfg)
{
	rec->ts_ns = bpf_ktime_get_ns();
	rec->pid = id >> 32;
	rec->tid = (__u32)id;
	rec->nr = nr;
	rec->flags = flags;
	__builtin_memcpy(rec->args, args, sizeof(rec->args));
	keep_comm(rec, cfg);
	__builtin_memset(rec->mem_len, 0, sizeof(rec->mem_len) + sizeof(rec->mem_arg) + sizeof(rec->mem_flags));
}

/* Is the calling process traced, and why? Every process on the machine
 * comes here on every syscall, so an untraced one must leave after one
 * inlined bitmap lookup (a hash lookup in the in-flight-hash variant), and
 * the config only when -n is in use. A traced one whose why says nothing
 * past_setup needs gets the config's settled_why (0): no hash lookup. */
static __always_inline __u32 *traced_why(__u32 tgid)
{
	__u32 zero = 0, *why, state = traced_state(tgid);
	struct snoop_config *cfg;

	if (state == SNOOP_TRACED_NOT)
		return 0;
	if ((state & SNOOP_TRACED_ASK) && (why = traced_tgids.lookup(&tgid)))
		return why;
	cfg = config.lookup(&zero);
	if (!cfg)
		return 0;
	if (state == SNOOP_TRACED)
		return &cfg->settled_why;
	if (cfg->select & (SNOOP_SEL_ALL | SNOOP_SEL_CGROUPS))
		return select_process(tgid, cfg);
	return match_name(tgid, cfg);
}

/* -n: an execve of an untraced process may give it a name that is traced.
 * Its entry is kept as a traced one's (the in-flight and exec slots, no
 * mark in the traced set): sched_process_exec marks the process when the
 * new name matches, and the call's exit then finds a whole record; when it
 * does not (or the execve fails), the slots are overwritten by the next
 * call's or go with the thread. */
static __always_inline __u32 *name_pending_exec(__u32 tgid, long nr)
{
	__u32 zero = 0;
	struct snoop_config *cfg;

	if (nr != __NR_execve && nr != __NR_execveat)
		return 0;
	cfg = config.lookup(&zero);
	if (!cfg || !cfg->match_names || tgid == cfg->self_tgid)
		return 0;
	return &cfg->settled_why;
}

/* Is this call one to record? Not for a process that exec'd away from its
 * -n name (it leaves the traced set now), nor the -- command's set-up
 * between fork and execve, which is snoop's: its execve is the first. */
static __always_inline int past_setup(__u32 *why, __u32 tgid, long native)
{
	if (*why & SNOOP_TRACE_GONE) {
		unmark_traced(tgid);
		return 0;
	}
	if (*why & SNOOP_TRACE_EXEC) {
		if (native != __NR_execve && native != __NR_execveat)
			return 0;
		*why &= ~SNOOP_TRACE_EXEC;
		settled(tgid);
	}
	return 1;
}

/* rt_sigreturn takes no arguments; strace shows the signal mask it puts
 * back, from the signal frame at the stack pointer. The x86_64 frame
 * (struct rt_sigframe) starts a word below sp (the handler's return popped
 * its restorer's address), and its ucontext's uc_sigmask is 8 + 8 + 24
 * (uc_flags, uc_link, uc_stack) + 256 (uc_mcontext) bytes into it past
 * that word: sp + 296. Its address becomes the record's first argument,
 * read as a given sigset; 0 where the registers are not known (the
 * classic tracepoint) or the frame is another's (ia32). */
#define SIGRETURN_MASK_AT_SP 296
static __always_inline __u64 sigreturn_mask_at(struct pt_regs *regs, __u32 abi)
{
	__u64 sp = 0;

#if defined(bpf_target_x86)
	if (regs && !abi && !bpf_probe_read_kernel(&sp, sizeof(sp), &regs->sp))
		return sp + SIGRETURN_MASK_AT_SP;
#endif
	return 0;
}

/* recvmsg's msg_namelen as the call is given it (the kernel writes the
 * whole address's length back, having written at most this much of it):
 * into the record's args[5], which recvmsg does not take. */
static __always_inline void recvmsg_given_namelen(struct snoop_record *rec)
{
	__u32 namelen;

	if (!user_read(&namelen, sizeof(namelen), (const char *)rec->args[1] + 8)) {
		rec->args[5] = namelen;
		rec->flags |= SNOOP_REC_NAMELEN;
	}
}

/* A syscall of a traced process begins: keep its arguments for the exit.
 * abi: 0, or SNOOP_REC_IA32 for a 32-bit call. */
static __always_inline int record_enter(void *ctx, long nr, const __u64 *args, __u32 *why, __u64 id,
					__u32 abi, struct pt_regs *regs)
{
	__u32 tgid = id >> 32, tid = (__u32)id, zero = 0;
	struct snoop_config *cfg = config.lookup(&zero);
	struct snoop_record *rec;
	long native = native_nr(nr, abi);

	if (!cfg || !past_setup(why, tgid, native))
		return 0;
	/* the thread lives on: a call held at its restart code returned */
	rec = inflight_at_entry(tid);
	release_held_in(ctx, tid, rec, 0);
	if (native == __NR_exit || native == __NR_exit_group)
		note_exit_status(tgid, args[0], native == __NR_exit_group);
	/* -e names x86_64 calls: an ia32 call x86_64 lacks (native -1) passes
	 * no filter */
	if (!syscall_wanted(native, cfg))
		return 0;
	rec = inflight_for_call(tid, rec);
	if (!rec) {
		count_dropped();
		return 0;
	}
	start_record(rec, id, nr, args, SNOOP_REC_INFLIGHT | abi, cfg);
	if (native == __NR_rt_sigreturn)
		rec->args[0] = sigreturn_mask_at(regs, abi);
	if (native == __NR_exit || native == __NR_exit_group) {
		/* never returns: no sys_exit will complete it */
		rec->flags = SNOOP_REC_NORETURN | abi;
		if (keep_record(ctx, rec, native, 0))
			submit(ctx, rec, sizeof(*rec));
		inflight_done(tid, rec);
		return 0;
	}
	if (native == __NR_execve || native == __NR_execveat) {
		read_exec_args(rec, tid, native);
		if (regs)
			exec_regs.update(&tid, (__u64 *)&regs);
	} else if (!(cfg->summary & SNOOP_SUM_NO_RECORDS)) {
		__u32 spec = spec_of(nr, abi);   /* 0 with --raw: no memory read */

		if (spec && native == __NR_recvmsg && !abi)
			recvmsg_given_namelen(rec);
		read_given(tid, spec, rec->args);
	}
	return 0;
}

/* A successful execve's record: the new program's name, not the one
 * that called execve, and (--pidns=target) a thread's new numbers: a
 * non-leader that execs takes its leader's TID */
static __always_inline void renamed_by_exec(struct snoop_record *r)
{
	__u32 zero = 0;
	struct snoop_config *cfg = config.lookup(&zero);

	bpf_get_current_comm(&r->comm, sizeof(r->comm));
	if (cfg && (cfg->record_ids & SNOOP_IDS_PIDNS))
		read_ns_ids(r, cfg);
}

static __always_inline void submit_exec(void *ctx, struct snoop_record *rec, __u32 tid)
{
	struct snoop_event *ev = exec_events.lookup(&tid);

	if (!ev) {
		if (rec->ret == 0)
			renamed_by_exec(rec);
		submit(ctx, rec, sizeof(*rec));
		return;
	}
	ev->rec.duration_ns = rec->duration_ns;
	ev->rec.ret = rec->ret;
	ev->rec.tid = rec->tid;
	ev->rec.flags = rec->flags | (ev->rec.flags & SNOOP_REC_ARGV_WHOLE);
	if (rec->ret == 0)
		renamed_by_exec(&ev->rec);
	submit(ctx, ev, event_size(ev->rec.mem_len[0] + ev->rec.mem_len[1]));
	exec_events.delete(&tid);
	exec_regs.delete(&tid);
}

/* The syscall's register frame, from bp to cs: one helper call reads the
 * arguments, the number and the code segment, which tells a 32-bit call
 * (int 0x80, sysenter, syscall from compat mode: __USER32_CS) from a
 * 64-bit one. Arguments: x86_64 di si dx r10 r8 r9; ia32 bx cx dx si di
 * bp, zero-extended from 32 bits. At exit only ax has changed. */
#define FRAME_FIRST bp
#define FRAME_WORDS ((offsetof(struct pt_regs, cs) - offsetof(struct pt_regs, FRAME_FIRST)) / 8 + 1)
#define FRAME_AT(f, reg) ((f)[(offsetof(struct pt_regs, reg) - offsetof(struct pt_regs, FRAME_FIRST)) / 8])
#define USER32_CS 0x23

/* Returns -1 if unreadable, else the ABI: 0 or SNOOP_REC_IA32. */
static __always_inline int read_frame(struct pt_regs *regs, __u64 *f, __u64 *args)
{
	if (bpf_probe_read_kernel(f, FRAME_WORDS * 8, &regs->FRAME_FIRST))
		return -1;
	if ((FRAME_AT(f, cs) & 0xffff) == USER32_CS) {
		args[0] = (__u32)FRAME_AT(f, bx);
		args[1] = (__u32)FRAME_AT(f, cx);
		args[2] = (__u32)FRAME_AT(f, dx);
		args[3] = (__u32)FRAME_AT(f, si);
		args[4] = (__u32)FRAME_AT(f, di);
		args[5] = (__u32)FRAME_AT(f, bp);
		return SNOOP_REC_IA32;
	}
	args[0] = FRAME_AT(f, di);
	args[1] = FRAME_AT(f, si);
	args[2] = FRAME_AT(f, dx);
	args[3] = FRAME_AT(f, r10);
	args[4] = FRAME_AT(f, r8);
	args[5] = FRAME_AT(f, r9);
	return 0;
}

/* A call whose first item is an iovec array goes on in tail_iov when
 * tail; the call returns only when there is no tail to go to (then the
 * caller goes on without the iovec read: the address is shown). */
static __always_inline void to_tail_iov(void *ctx, __u32 spec, int tail)
{
	__u32 kind = SNOOP_SPEC_KIND(spec);

	if (tail && (kind == SNOOP_MEM_IOV_IN || kind == SNOOP_MEM_IOV_OUT || kind == SNOOP_MEM_MSGHDR))
		tails.call(ctx, SNOOP_TAIL_IOV);
}

/* An exit with no entry seen: a call a seccomp filter refused (it never
 * reaches sys_enter), or one in flight when snoop attached. Its record is
 * made from the registers, which still hold the arguments; its time is the
 * exit's, its duration unknown (SNOOP_REC_NOENTRY). Returns the call's
 * in-flight record so filled (finish_call sends it), or 0 when the call
 * is not one to record. */
static __always_inline struct snoop_record *record_without_entry(void *ctx, struct pt_regs *regs, long ret, __u64 id)
{
	__u32 tgid = id >> 32, tid = (__u32)id, zero = 0, *why = traced_why(tgid);
	struct snoop_config *cfg = config.lookup(&zero);
	struct snoop_record *rec;
	__u64 f[FRAME_WORDS];
	__u64 args[6];
	long nr, native;
	int abi;

	/* the -- command's set-up before its execve is snoop's, not recorded */
	if (!regs || !why || !cfg || (*why & (SNOOP_TRACE_EXEC | SNOOP_TRACE_GONE)))
		return 0;
	/* the thread made another call: one held at its restart code returned */
	release_held(ctx, tid, 0);
	abi = read_frame(regs, f, args);
	if (abi < 0)
		return 0;
	nr = FRAME_AT(f, orig_ax);
	native = native_nr(nr, abi);
	if (!syscall_wanted(native, cfg) ||
	    native == __NR_execve || native == __NR_execveat)
		return 0;
	/* a new child's return from fork is its parent's call, recorded there */
	if (ret == 0 && (native == __NR_clone || native == __NR_clone3 || native == __NR_fork ||
			 native == __NR_vfork))
		return 0;
	rec = inflight_new(tid);
	if (!rec) {
		count_dropped();
		return 0;
	}
	start_record(rec, id, nr, args, SNOOP_REC_NOENTRY | abi, cfg);
	rec->duration_ns = 0;
	rec->ret = ret;
	return rec;
}

/* A completed call in its slot, from its entry (entry 1) or made at the
 * exit (record_without_entry): through the filters and out, with its
 * memory, or held at a restart code. One copy for both ways: each copy
 * of the memory reading is compiled and verified on its own. */
static __always_inline void finish_call(void *ctx, struct snoop_record *rec, struct pt_regs *regs, __u32 tid,
					int entry, int tail)
{
	__u32 spec = spec_of(rec->nr, rec->flags);
	long native = native_nr(rec->nr, rec->flags);
	int exec = entry && (native == __NR_execve || native == __NR_execveat);
	int restart;

	if (!keep_record(ctx, rec, native, spec)) {
		if (exec)
			exec_events.delete(&tid);
		else if (entry && has_given(spec))
			given.delete(&tid);
		inflight_done(tid, rec);
		return;
	}
	to_tail_iov(ctx, spec, tail);
	restart = entry && !exec && is_restart(rec->ret);
	if (!spec && !restart) {
		submit(ctx, rec, sizeof(*rec));
	} else if (exec) {
		complete_exec_args(rec, tid, native, regs);
		submit_exec(ctx, rec, tid);
	} else if (send_call(ctx, rec, spec, tid, entry, restart, tail ? IOV_NOT : IOV_MAYBE)) {
		mark_held(rec);
		return;
	}
	inflight_done(tid, rec);
}

/* regs: the syscall's register frame where the hook gives it, else NULL
 * (then exits without an entry are not recorded). tail: whether the
 * program array holds sys_exit's tails (raw tracepoints only: a tail is
 * a program of its caller's type). */
static __always_inline int record_exit(void *ctx, long ret, struct pt_regs *regs, int tail)
{
	__u64 id = current_id();
	__u32 tid = (__u32)id;
	struct snoop_record *rec;
	int entry = 1;

	/* untraced processes leave here (a traced one that exits mid-call
	 * or execs away keeps its bit until its next syscall entry) */
	if (!is_traced(id >> 32))
		return 0;
	rec = inflight_get(tid);
	if (rec) {
		rec->flags &= ~SNOOP_REC_INFLIGHT;
		rec->duration_ns = bpf_ktime_get_ns() - rec->ts_ns;
		rec->ret = ret;
	} else {
		rec = record_without_entry(ctx, regs, ret, id);
		if (!rec)
			return 0;
		entry = 0;
	}
	finish_call(ctx, rec, regs, tid, entry, tail);
	return 0;
}

/* The end of sys_exit for a call with an iovec array (readv, writev and
 * kin), kept by the filters, its slot complete: on raw tracepoints
 * sys_exit comes here by a tail call. The iovec loop cost the verifier as
 * much as all the rest of sys_exit; here it is verified once, and sys_exit
 * loads in half the time. What follows is finish_call's own end, with
 * the iovec read. */
#ifndef SNOOP_PART2   /* part 1 of a compile split in two */
int tail_iov(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tid = (__u32)current_id(), spec;
	struct snoop_record *rec = inflight_in_exit(tid);
	int entry;

	if (!rec)
		return 0;
	spec = spec_of(rec->nr, rec->flags);
	entry = !(rec->flags & SNOOP_REC_NOENTRY);
	if (send_call(ctx, rec, spec, tid, entry, entry && is_restart(rec->ret), IOV_ONLY)) {
		mark_held(rec);
		return 0;
	}
	inflight_done(tid, rec);
	return 0;
}
#endif

#ifdef SNOOP_TP_BTF
/* The arguments and ABI from the register frame by plain loads: loaded as
 * a BTF-typed raw tracepoint program, the kernel knows regs is a struct
 * pt_regs pointer and lets the program read it (a faulting load reads 0),
 * ~1 ns a word where read_frame's helper call costs ~35-70 ns. The cs
 * test as read_frame's. */
static __always_inline int read_frame_btf(struct pt_regs *regs, __u64 *args, long *orig_ax)
{
	*orig_ax = regs->orig_ax;
	if ((regs->cs & 0xffff) == USER32_CS) {
		args[0] = (__u32)regs->bx;
		args[1] = (__u32)regs->cx;
		args[2] = (__u32)regs->dx;
		args[3] = (__u32)regs->si;
		args[4] = (__u32)regs->di;
		args[5] = (__u32)regs->bp;
		return SNOOP_REC_IA32;
	}
	args[0] = regs->di;
	args[1] = regs->si;
	args[2] = regs->dx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
	return 0;
}

static __always_inline int enter_from_btf_regs(void *ctx, struct pt_regs *regs, long nr)
{
	__u64 id = current_id();
	__u32 *why = traced_why(id >> 32);
	__u64 args[6];
	long orig_ax;
	int abi;

	if (!why && !(why = name_pending_exec(id >> 32, nr)))
		return 0;
	abi = read_frame_btf(regs, args, &orig_ax);
	if (nr < 0)
		nr = orig_ax;
	return record_enter(ctx, nr, args, why, id, abi, regs);
}
#endif

static __always_inline int enter_from_regs(void *ctx, struct pt_regs *regs, long nr)
{
	__u64 id = current_id();
	__u32 *why = traced_why(id >> 32);
	__u64 f[FRAME_WORDS];
	__u64 args[6];
	int abi;

	if (!why && !(why = name_pending_exec(id >> 32, nr)))
		return 0;
	abi = read_frame(regs, f, args);
	if (abi < 0)
		return 0;
	if (nr < 0)
		nr = FRAME_AT(f, orig_ax);
	return record_enter(ctx, nr, args, why, id, abi, regs);
}

#ifdef SNOOP_COUNT_ONLY
/* -c alone: calls are counted, never recorded. An entry keeps its time,
 * number and ABI (no arguments, no name); an exit adds to the per-CPU
 * array by number: the least work that gives strace -c's table. */
static __always_inline int count_enter(struct pt_regs *regs, long nr)
{
	__u64 id = current_id(), cs = 0;
	__u32 *why = traced_why(id >> 32), zero = 0, abi;
	struct snoop_config *cfg;
	struct snoop_record *rec;
	long native;

	if (!why)
		return 0;
#ifdef SNOOP_TP_BTF
	cs = regs->cs;   /* a plain load: see read_frame_btf */
#else
	bpf_probe_read_kernel(&cs, sizeof(cs), &regs->cs);
#endif
	abi = (cs & 0xffff) == USER32_CS ? SNOOP_REC_IA32 : 0;
	native = native_nr(nr, abi);
	if (!past_setup(why, id >> 32, native))
		return 0;
	cfg = config.lookup(&zero);
	if (!cfg || !syscall_wanted(native, cfg) || native == __NR_exit || native == __NR_exit_group)
		return 0;
	rec = inflight_new((__u32)id);
	if (!rec) {
		count_dropped();
		return 0;
	}
	rec->ts_ns = bpf_ktime_get_ns();
	rec->nr = nr;
	rec->flags = SNOOP_REC_INFLIGHT | abi;
	return 0;
}

static __always_inline int count_exit(void *ctx, long ret, struct pt_regs *regs)
{
	__u64 id = current_id();
	__u32 zero = 0, idx;
	struct snoop_config *cfg;
	struct snoop_record *rec;
	struct snoop_sum *v;

	if (!is_traced(id >> 32))
		return 0;
	rec = inflight_get((__u32)id);
	if (!rec) {   /* no entry seen: the general path counts it */
		rec = record_without_entry(ctx, regs, ret, id);
		if (rec)
			finish_call(ctx, rec, regs, (__u32)id, 0, 1);
		return 0;
	}
	rec->duration_ns = bpf_ktime_get_ns() - rec->ts_ns;
	rec->ret = ret;
	rec->flags &= ~SNOOP_REC_INFLIGHT;
	cfg = config.lookup(&zero);
	if (cfg && snoop_result_wanted(rec, cfg->status_filter, cfg->min_duration_ns)) {
		idx = ((cfg->generation & 1) * 2 + (rec->flags & SNOOP_REC_IA32 ? 1 : 0)) * SNOOP_MAX_SYSCALLS +
		      (rec->nr & (SNOOP_MAX_SYSCALLS - 1));
		v = counts.lookup(&idx);
		if (v)
			snoop_sum_add_call(v, rec);
	}
	inflight_done((__u32)id, rec);
	return 0;
}
#endif

/* 1. raw tracepoints: args[0] = struct pt_regs *, args[1] = id or ret.
 * With SNOOP_TP_BTF snoop loads these (and their tails) as BTF-typed raw
 * tracepoint programs (tp_btf), whose context is the same array of
 * arguments, typed: the frame is read with plain loads. */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(sys_enter)
{
#if defined(SNOOP_COUNT_ONLY)
	return count_enter((struct pt_regs *)ctx->args[0], (long)ctx->args[1]);
#elif defined(SNOOP_TP_BTF)
	return enter_from_btf_regs(ctx, (struct pt_regs *)ctx->args[0], (long)ctx->args[1]);
#else
	return enter_from_regs(ctx, (struct pt_regs *)ctx->args[0], (long)ctx->args[1]);
#endif
}
#endif

#ifndef SNOOP_PART2   /* part 1 of a compile split in two */
RAW_TRACEPOINT_PROBE(sys_exit)
{
#ifdef SNOOP_COUNT_ONLY
	return count_exit(ctx, (long)ctx->args[1], (struct pt_regs *)ctx->args[0]);
#else
	return record_exit(ctx, (long)ctx->args[1], (struct pt_regs *)ctx->args[0], 1);
#endif
}
#endif

#ifdef SNOOP_ATTACH_FALLBACK   /* --attach=tracepoint or kprobe, or raw tracepoints failed */
/* 2. classic tracepoints */
TRACEPOINT_PROBE(raw_syscalls, sys_enter)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 *why = traced_why(id >> 32);
	__u64 a[6];

	if (!why && !(why = name_pending_exec(id >> 32, args->id)))
		return 0;
	a[0] = args->args[0];
	a[1] = args->args[1];
	a[2] = args->args[2];
	a[3] = args->args[3];
	a[4] = args->args[4];
	a[5] = args->args[5];
	return record_enter(args, args->id, a, why, id, 0, 0);   /* no registers: no ia32 */
}

TRACEPOINT_PROBE(raw_syscalls, sys_exit)
{
	return record_exit(args, args->ret, 0, 0);
}

/* 3. kprobes on __x64_sys_NAME(const struct pt_regs *regs): the syscall
 * number comes from regs->orig_ax, so one program serves every syscall. */
int kprobe_sys_enter(struct pt_regs *ctx)
{
	return enter_from_regs(ctx, (struct pt_regs *)PT_REGS_PARM1(ctx), -1);
}

int kretprobe_sys_exit(struct pt_regs *ctx)
{
	return record_exit(ctx, PT_REGS_RC(ctx), 0, 0);
}
#endif

/* Process lifecycle, on every method: raw tracepoints where the kernel's
 * BTF says where their structs hold what is read (config's *_off, filled
 * by user space from src/trace/ktypes.h), else the classic tracepoints
 * (the kernel's own flat copies of the same fields, their layout from
 * tracefs). Both compute the same values from the same call in the
 * kernel. The raw ones because of the detach: each classic tracepoint is
 * a perf event whose close waits for an RCU grace period (~85 ms, four of
 * them 90-210 ms of every short run even when closed in parallel); a raw
 * tracepoint's link closes in ~0.2 ms. The choice is independent of
 * --attach, which is the syscalls' method: raw tracepoints exist since
 * 4.17 and BTF since 5.2, so a kernel with BTF has them, and one without
 * BTF (or with a task_struct snoop cannot read, src/trace/ktypes.h) gets
 * the classic ones. */

static __always_inline struct snoop_config *lifecycle_config(void)
{
	__u32 zero = 0;

	return config.lookup(&zero);
}

/* task->tgid, at the offset the kernel's BTF gives (0: unknown, on the
 * classic lifecycle tracepoints) */
static __always_inline __u32 task_tgid(const struct snoop_config *cfg, __u64 task)
{
	__s32 tgid = 0;

	if (cfg->task_tgid_off)
		bpf_probe_read_kernel(&tgid, sizeof(tgid), (const void *)(task + cfg->task_tgid_off));
	return (__u32)tgid;
}

/* task->pid, at the offset the kernel's BTF gives */
static __always_inline __u32 task_pid(const struct snoop_config *cfg, __u64 task)
{
	__s32 pid = 0;

	bpf_probe_read_kernel(&pid, sizeof(pid), (const void *)(task + cfg->task_pid_off));
	return (__u32)pid;
}

/* -f: a child of a traced process is traced from its first instruction; the
 * parent runs this before the child is woken. For a new thread child is a
 * TID: harmless, it is removed when the thread exits. child_tgid: its
 * TGID, 0 where the tracepoint does not give it (the classic one). */
static __always_inline int on_fork(void *ctx, struct snoop_config *cfg, __u32 child, __u32 child_tgid)
{
	__u32 parent = bpf_get_current_pid_tgid() >> 32, why = SNOOP_TRACE_CHILD;

	/* the -- command: marked here, before it can run, by snoop's only fork */
	if (parent == cfg->self_tgid && cfg->command_pending) {
		cfg->command_pending = 0;
		if (mark_traced(child, SNOOP_TRACE_PID | SNOOP_TRACE_EXEC))
			leave_untraced(child, LEFT_ONCE);
		return 0;
	}
	if (!is_traced(parent))
		return 0;
	/* the hash too: a bit can outlive its entry (a -p process that ended
	 * before the attach). A thread without its entry leaves no process
	 * untraced: its process's entry is what traces its calls. */
	if (cfg->follow_forks && traced_tgids.lookup(&parent) && uid_selected(cfg) && mark_traced(child, why)) {
		if (child_tgid != parent)
			leave_untraced(child, child_tgid ? LEFT_ONCE : LEFT_MAYBE_THREAD);
		return 0;
	}
	/* A new process to be traced (-f's, or one -a, --cgroup, -u or -n
	 * will choose as they chose its parent): timed now, before it can
	 * run, so the reader copies its parent's fds (-y) ahead of any record
	 * of its own, a vfork child's included (its parent returns after the
	 * child's exec). One never traced would hold its copy for good. */
	if (cfg->fork_records && child_tgid == child && (cfg->follow_forks || cfg->select || cfg->match_names))
		submit_event(ctx, SNOOP_REC_FORK, 0, child, 0, 0, 0, 0, 0);
	return 0;
}

/* sched_process_fork(parent, child): the parent is the current task */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(sched_process_fork)
{
	struct snoop_config *cfg = lifecycle_config();

	return cfg ? on_fork(ctx, cfg, task_pid(cfg, ctx->args[1]), task_tgid(cfg, ctx->args[1])) : 0;
}
#endif

#ifdef SNOOP_CLASSIC_LIFECYCLE   /* no kernel BTF: the classic lifecycle tracepoints */
/* child_pid is child->pid */
TRACEPOINT_PROBE(sched, sched_process_fork)
{
	struct snoop_config *cfg = lifecycle_config();

	return cfg ? on_fork(args, cfg, args->child_pid, 0) : 0;
}
#endif

/* A process whose last thread exits is no longer traced: a later process
 * reusing the number is someone else. A thread's own entry (-f adds the
 * TID of every clone, threads included) goes with the thread. The exiting
 * thread is the current task (do_exit); gone: group_gone(). */
static __always_inline int on_task_exit(void *ctx, __u32 tid, __u32 tgid, int gone)
{
	__u64 *end, code;

	if (tid != tgid && traced_tgids.lookup(&tid))
		unmark_traced(tid);
	/* a call held at its restart code: the thread died in it */
	release_held(ctx, tid, SNOOP_REC_KILLED);
	sent_signals.delete(&tid);
	/* -a's processes have the bits without an entry; one left out is
	 * forgotten, for the next process of that number. Not decided here:
	 * kernel threads, which make no syscalls, would end in the trace. */
	if (gone && !is_traced(tgid))
		forget_selection(tgid);
	else if (gone) {
		end = endings.lookup(&tgid);
		code = end ? *end : 0;
		submit_event(ctx, SNOOP_REC_EXIT, 0, (code & 0xffffffff) ? (code & 0xffffffff) - 1 : 0, code >> 32,
			     0, 0, 0, 0);
		unmark_traced(tgid);
	}
	if (gone) {
#ifdef SNOOP_PATHS
		paths_forget(tgid);
#endif
		endings.delete(&tgid);
		sent_signals.delete(&tgid);
	}
	if (held_events.delete(&tid) == 0)
		held_released();
	inflight_forget(tid);
	exec_events.delete(&tid);
	exec_regs.delete(&tid);
	given.delete(&tid);
	return 0;
}

/* sched_process_exit(p, group_dead) (6.16+; (p) before) */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(sched_process_exit)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, tgid = id >> 32;

	return on_task_exit(ctx, tid, tgid, group_gone(ctx->args[1] & 1, tid, tgid));
}
#endif

#ifdef SNOOP_CLASSIC_LIFECYCLE   /* no kernel BTF: the classic lifecycle tracepoints */
TRACEPOINT_PROBE(sched, sched_process_exit)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, tgid = id >> 32;

	return on_task_exit(args, tid, tgid, group_gone(args->group_dead, tid, tgid));
}
#endif

/* A signal sent to a traced process: who sent it (the sender is the
 * current task), kept until it is delivered or kills. Only signals that
 * will be delivered: an ignored one (result 1) or one the queue refused
 * never comes. */
/* -a, --cgroup: a process traced, or not yet looked at (blocked since
 * before the attach: its delivery, in its own context, decides) */
static __always_inline int maybe_selected(__u32 tgid)
{
	struct snoop_config *cfg = lifecycle_config();
	__u32 state = traced_state(tgid);

	if (!cfg || !(cfg->select & (SNOOP_SEL_ALL | SNOOP_SEL_CGROUPS)) || !tgid || tgid == cfg->self_tgid)
		return 0;
	return state == SNOOP_TRACED || state == 0;
}

static __always_inline int on_signal_generate(__u32 target, __u32 target_tgid, int sig, int code, int result)
{
	struct sent_signal sent = {};

	if ((result != 0 && result != 2) || !(traced_tgids.lookup(&target) || maybe_selected(target_tgid)))
		return 0;
	sent.sig = sig;
	sent.code = code;
	sent.pid = bpf_get_current_pid_tgid() >> 32;
	sent.uid = (__u32)bpf_get_current_uid_gid();
	sent_signals.update(&target, &sent);
	return 0;
}

#ifdef SNOOP_MAPPED
/* --lossless: a SIGSTOP the kernel sent (SEND_SIG_PRIV: ring_pause's, or
 * a ptrace attach's) is queued to tgid: if ring_pause stopped it, that
 * stop can no longer overtake snoop's SIGCONT (bpf/snoop.h) */
static __always_inline void count_pause_queued(__u32 tgid)
{
	struct snoop_pauses *p = paused.lookup(&tgid);

	if (p)
		__sync_fetch_and_add(&p->queued, 1);
}
#endif

/* signal_generate(sig, info, task, group, result). The code is what the
 * classic tracepoint's TP_STORE_SIGINFO stores: SEND_SIG_NOINFO (0) is
 * SI_USER, SEND_SIG_PRIV (1) SI_KERNEL, else info->si_code (kernel_siginfo
 * starts as the user ABI's siginfo: signo, errno, code). */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(signal_generate)
{
	struct snoop_config *cfg = lifecycle_config();
	__u64 info = ctx->args[1];
	__s32 code = 0x80;   /* SI_KERNEL */

	if (!cfg)
		return 0;
	if (info == 0)
		code = 0;    /* SI_USER */
	else if (info != 1)
		bpf_probe_read_kernel(&code, sizeof(code), (const void *)(info + 2 * sizeof(__s32)));
#ifdef SNOOP_MAPPED
	if (ctx->args[0] == SNOOP_SIGSTOP && info == 1)
		count_pause_queued(task_tgid(cfg, ctx->args[2]));
#endif
	return on_signal_generate(task_pid(cfg, ctx->args[2]), task_tgid(cfg, ctx->args[2]), (int)ctx->args[0], code,
				  (int)ctx->args[4]);
}
#endif

#ifdef SNOOP_CLASSIC_LIFECYCLE   /* no kernel BTF: the classic lifecycle tracepoints */
TRACEPOINT_PROBE(signal, signal_generate)
{
	return on_signal_generate(args->pid, 0, args->sig, args->code, args->result);   /* no -a here: no BTF */
}
#endif

/* A signal is delivered to a thread of a traced process (its handler is
 * about to run): signal_deliver(sig, info, ka). siginfo's layout is the
 * user ABI: signo, errno, code, then the union (si_pid, si_uid, si_status
 * for SIGCHLD). A signal that kills by default comes here as SIGKILL with
 * no siginfo: it is shown as the signal that was sent, as strace does, and
 * a SIGKILL itself only as the process's end. */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(signal_deliver)
{
	__u64 id = bpf_get_current_pid_tgid(), *end;
	__u32 tgid = id >> 32, tid = (__u32)id, held = 0;
	int sig = (int)ctx->args[0];
	const void *info = (const void *)ctx->args[1];
	const void *ka = (const void *)ctx->args[2];
	struct sent_signal *sent;
	__u32 sent_key = tgid;
	__u64 handler = 0, times;
	/* the record's fields, as the kernel's siginfo holds them: 48 bytes,
	 * SIGCHLD's clock_t si_utime and si_stime at 32 and 40 */
	__s32 si[12] = {};
	int shown = 1;

	/* -a's and --cgroup's not looked at yet are decided here */
	if (!traced_why(tgid))
		return 0;
	sent = sent_signals.lookup(&sent_key);
	if (!sent) {
		sent_key = tid;   /* sent to the thread (tgkill, -f's thread entries) */
		sent = sent_signals.lookup(&sent_key);
	}
	if (!info && sig == 9) {
		/* the group is going: a SIGKILL or a signal that kills by default
		 * (the one sent says which); with nothing sent, an exit_group,
		 * another thread's execve, or a fatal signal already delivered
		 * to another thread: nothing to add */
		held = SNOOP_REC_KILLED;
		shown = 0;
		if (sent && (sent->sig == 9 || kills_by_default(sent->sig))) {
			note_fatal_signal(tgid, sent->sig);
			shown = sent->sig != 9;
			/* a catchable signal's return strace sees (ptrace keeps
			 * the kernel from making it a SIGKILL at once) */
			if (shown)
				held |= SNOOP_REC_RESTART_SEEN;
			sig = sent->sig;
			si[2] = sent->code;
			si[4] = sent->pid;
			si[5] = (__s32)sent->uid;
		}
		if (sent)
			sent_signals.delete(&sent_key);
	} else {
		if (sent && sent->sig == sig)
			sent_signals.delete(&sent_key);
		if (ka)
			bpf_probe_read_kernel(&handler, sizeof(handler), ka);   /* sa_handler leads k_sigaction */
		/* delivered with its default action, it ends the process (a
		 * signal that dumps core comes this way; so do blocked ones) */
		if (handler == 0 && kills_by_default(sig)) {
			held = SNOOP_REC_KILLED | SNOOP_REC_RESTART_SEEN;
			end = endings.lookup(&tgid);
			if (!(end && (*end >> 32)))
				note_fatal_signal(tgid, sig);
		}
		if (!info || bpf_probe_read_kernel(si, sizeof(si), info))
			si[2] = 0x80;   /* SI_KERNEL */
	}
	/* the thread's held call came back for this signal, or dies with
	 * it: it goes first. One copy of each for both ways. */
	release_held(ctx, tid, held);
	/* si[1] si_errno, si[2] si_code, si[4] si_pid, si[5] si_uid, si[6]
	 * si_status; si[8] and si[10] the low halves of the words at 32 and
	 * 40, a SIGCHLD's si_utime and si_stime (user space shows them for
	 * a CLD_* code alone: no test here, whose branch doubled the
	 * verifier's walk of this program) */
	times = (__u32)si[8] | (__u64)(__u32)si[10] << 32;
	if (shown)
		submit_event(ctx, SNOOP_REC_SIGNAL | SNOOP_REC_CHILD_TIMES, sig, (__u64)(__s64)si[2],
			     (__u64)(__s64)si[4], (__u32)si[5], (__u64)(__s64)si[6], (__u64)(__s64)si[1], times);
	return 0;
}
#endif

#ifndef SNOOP_INFLIGHT_HASH
/* task_rename(task, comm): the names kept in slots may be stale now */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(task_rename)
{
	__u32 zero = 0;
	__u64 *n = renames.lookup(&zero);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}
#endif

/* sched_switch(preempt, prev, next, prev_state), on this CPU: a call in
 * flight in its slot is the leaving thread's (prev's), which ran here
 * since its entry; it goes with the thread, to parked, where its exit on
 * any CPU finds it. The CPU's thread changes: its id, kept for the
 * syscall programs, is forgotten (current_id). Every context switch on
 * the machine comes here: an inlined lookup, a store and the test of one
 * flag, and nothing else. */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(sched_switch)
{
	struct snoop_slot *c = cpu_slot();

	if (!c)
		return 0;
	c->current_id = 0;   /* next's is another (current_id) */
	if (!(c->rec.flags & SNOOP_REC_INFLIGHT))
		return 0;
	if (parked.update(&c->rec.tid, c))
		count_dropped();   /* its exit makes a record without an entry */
	c->rec.flags = 0;
	return 0;
}
#endif
#endif

/* execve's path, when its entry could not read it: the kernel's own copy
 * (bprm->filename, at path), which for execve is the string the caller
 * gave (execveat's is /dev/fd/N/... for a relative path, so only an
 * absolute one is taken). argv is read again at the exit, from the new
 * stack, and laid after it (complete_exec_args). */
static __always_inline void exec_path_from_kernel(struct snoop_event *ev, const char *path)
{
	long n;

	if (!(ev->rec.mem_flags[0] & SNOOP_MEM_FAULT) || (ev->rec.flags & SNOOP_REC_IA32) || !path)
		return;
	n = bpf_probe_read_kernel_str(&ev->data[0], SNOOP_MEM_BYTES, path);
	if (n <= 1 || (ev->rec.nr == __NR_execveat && ev->data[0] != '/'))
		return;
	ev->rec.mem_len[0] = n - 1;
	ev->rec.mem_flags[0] = SNOOP_MEM_DONE | (n == SNOOP_MEM_BYTES ? SNOOP_MEM_TRUNC : 0);
	/* argv sat behind the path: read it anew at the exit */
	ev->rec.mem_len[1] = 0;
	ev->rec.mem_flags[1] = SNOOP_MEM_FAULT;
}

/* exec: a thread that execs takes the leader's TID (old_pid -> pid), so its
 * execve in flight moves with it; a process traced only for its name stops
 * being traced when it execs into another name. path: bprm->filename. */
static __always_inline int on_exec(__u32 tgid, __u32 old, const char *path)
{
	struct snoop_comm comm = {};
	struct snoop_config *cfg;
	struct snoop_event *ev;
	__u64 *regs;
	__u32 *why, traced, left;

	if (old != tgid) {
		/* the thread's old TID is gone without an exit of its own */
		if (traced_tgids.lookup(&old))
			unmark_traced(old);
		inflight_move(old, tgid);
		ev = exec_events.lookup(&old);
		if (ev) {
			exec_events.update(&tgid, ev);
			exec_events.delete(&old);
		}
		regs = exec_regs.lookup(&old);
		if (regs) {
			exec_regs.update(&tgid, regs);
			exec_regs.delete(&old);
		}
	}
	ev = exec_events.lookup(&tgid);
	if (ev) {
		exec_path_from_kernel(ev, path);
		keep_whole_argv(ev, tgid);
	}
	exec_regs.delete(&tgid);
	why = traced_tgids.lookup(&tgid);
	/* the bits, which -a's processes have without an entry (the state
	 * alone: clang merges two pointers' tests into an or of them, which
	 * the verifier refuses) */
	traced = traced_state(tgid) & SNOOP_TRACED;
#ifdef SNOOP_PATHS
	if (traced)
		paths_forget(tgid);
#endif
	/* -u: left out under its old creds, it is looked at again under its
	 * new ones. Without -u an exec changes no choice -a or --cgroup made
	 * (a move to another cgroup has its own look), and one left out for
	 * want of room stays out, counted once. */
	left = traced_state(tgid) == SNOOP_TRACED_NOT;
	cfg = lifecycle_config();
	if (cfg && cfg->nuids)
		forget_selection(tgid);
	if (why && *why == SNOOP_TRACE_NAME) {
		bpf_get_current_comm(&comm.name, sizeof(comm.name));
		/* its execve still completes; it leaves at its next syscall */
		if (!names.lookup(&comm)) {
			*why |= SNOOP_TRACE_GONE;
			ask_about(tgid);
		}
	} else if (!traced) {
		/* -n: the execve that gives it its name is its first record
		 * (name_pending_exec kept its entry); one that does not is
		 * forgotten, or its slot would hold the table's room for as
		 * long as the process lives */
		bpf_get_current_comm(&comm.name, sizeof(comm.name));
		if (!(names.lookup(&comm) && cfg && uid_selected(cfg))) {
			exec_events.delete(&tgid);
		} else {
			forget_selection(tgid);   /* a new name: a new try */
			if (mark_traced(tgid, SNOOP_TRACE_NAME)) {
				leave_untraced(tgid, left ? LEFT_AGAIN : LEFT_RETRIED);
				exec_events.delete(&tgid);
			}
		}
	}
	return 0;
}

/* sched_process_exec(p, old_pid, bprm), p the current task (exec_binprm),
 * whose pid after de_thread is the leader's: the classic pid, p->pid */
#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
RAW_TRACEPOINT_PROBE(sched_process_exec)
{
	struct snoop_config *cfg = lifecycle_config();
	const char *path = 0;

	if (!cfg)
		return 0;
	bpf_probe_read_kernel(&path, sizeof(path), (const void *)(ctx->args[2] + cfg->bprm_filename_off));
	return on_exec((__u32)bpf_get_current_pid_tgid(), (__u32)ctx->args[1], path);
}
#endif

#ifdef SNOOP_CLASSIC_LIFECYCLE   /* no kernel BTF: the classic lifecycle tracepoints */
TRACEPOINT_PROBE(sched, sched_process_exec)
{
	return on_exec(args->pid, args->old_pid, (const char *)args + (args->data_loc_filename & 0xFFFF));
}
#endif

#ifndef SNOOP_PART1   /* part 2 of a compile split in two */
/* cgroup_attach_task(dst_cgrp, path, task, threadgroup), after the move:
 * --cgroup and records that carry their cgroup. A process moved (echo
 * PID > cgroup.procs) may now be in a directory traced: one left out is
 * looked at again at its next syscall. The cgroup ids slots keep are
 * read again (a call of the moved thread between the move and this
 * keeps the old one). */
RAW_TRACEPOINT_PROBE(cgroup_attach_task)
{
	struct snoop_config *cfg = lifecycle_config();

	if (cfg && (cfg->select & SNOOP_SEL_CGROUPS))
		forget_selection(task_tgid(cfg, ctx->args[2]));
	if (cfg && (cfg->record_ids & SNOOP_IDS_CGROUP))
		names_stale();
	return 0;
}
#endif
