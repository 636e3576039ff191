/* snoop.h - the one definition of what crosses between kernel and user space.
 *
 * Included by bpf/snoop.bpf.c (compiled by libbcc at run time) and by the
 * user-space C files. Only fixed-width __uXX types, so both compilers agree on
 * the layout; user space checks the record size it receives against
 * sizeof(struct snoop_record).
 */
#ifndef SNOOP_H
#define SNOOP_H

#define SNOOP_COMM_LEN 16        /* TASK_COMM_LEN: the kernel truncates names to 15 chars */
#define SNOOP_MAX_SYSCALLS 1024  /* size of the -e bitmap; x86_64 numbers are < 512 */
#define SNOOP_MAX_TASKS 65536    /* traced TGIDs, and syscalls in flight (one per thread) */
#define SNOOP_MAX_NAMES 64       /* distinct -n names */
#define SNOOP_MAX_PATHS 8        /* -P paths */
#define SNOOP_PATH_LEN 256       /* a -P path, NUL included: the key of the paths map */

/* What the kernel side could not store, by kind (the unstored map, per CPU):
 * an insert into a hash map that was full (SNOOP_MAX_TASKS) or found no
 * memory (its elements are allocated as inserted on Linux 6.1+). */
#define SNOOP_UNSTORED_TRACED 0  /* a process to trace left untraced (a -f child,
				  * an -n or --cgroup match): its calls are missing */
#define SNOOP_UNSTORED_ENDING 1  /* how a process ends (exit status, fatal signal):
				  * its end record shows neither */
#define SNOOP_UNSTORED_KINDS 2

/* Record flags */
#define SNOOP_REC_NORETURN 0x1   /* exit/exit_group: emitted at entry, ret/duration unknown */
#define SNOOP_REC_KILLED 0x2     /* the thread died in the call (a signal): ret unknown */
#define SNOOP_REC_NOENTRY 0x4    /* entry not seen (seccomp refused it, or it was in
				  * flight at attach): time is the exit's, duration unknown */
#define SNOOP_REC_SIGNAL 0x8     /* not a syscall: a signal delivered to the thread;
				  * nr = signal, args[0] = si_code, [1] = si_pid,
				  * [2] = si_uid, [3] = si_status, [4] = si_errno,
				  * [5] with SNOOP_REC_CHILD_TIMES */
#define SNOOP_REC_EXIT 0x10      /* not a syscall: the process ended (its last thread
				  * exited); args[0] = exit status, args[1] = the
				  * signal that killed it (0: it exited) */
#define SNOOP_REC_IA32 0x20      /* a 32-bit (ia32) call of an x86_64 process: nr is
				  * the ia32 number, args are 32-bit registers */
#define SNOOP_REC_HELD 0x40      /* BPF side only: the record waits in held_events */
#define SNOOP_REC_INFLIGHT 0x80  /* BPF side only: entry seen, exit not yet */
#define SNOOP_REC_ARGV_WHOLE 0x200/* an execve whose whole argv the BPF side left in
				  * argv_store (struct snoop_argv) for user space,
				  * which puts it in the record's argv item in the
				  * layout of SNOOP_ARGV_* below */
#define SNOOP_REC_UNFINISHED 0x100/* with SNOOP_REC_NORETURN: the call was still in
				  * progress when snoop stopped (strace's
				  * <unfinished ...>); made by user space from the
				  * in-flight slot, arguments as entry saw them */
#define SNOOP_REC_CHILD_TIMES 0x400/* a signal's args[5] holds the low halves of its
				  * siginfo's words at 32 and 40: a SIGCHLD's (CLD_*)
				  * si_utime (low 32 bits) and si_stime (high 32), in
				  * clock ticks (records before it have neither) */
#define SNOOP_REC_NAMELEN 0x800  /* a recvmsg's args[5] holds its msghdr's msg_namelen
				  * as the call was given it (read at entry): the
				  * name's bytes the kernel wrote are at most that */
#define SNOOP_REC_FORK 0x1000   /* not a syscall: the traced process forked args[0],
				  * a new process (not a thread); timed at the fork,
				  * before the child runs. Only with config's
				  * fork_records (-y, -w), for the reader's fd table:
				  * never shown (a capture's frame type 4) */
#define SNOOP_REC_RESTART_SEEN 0x2000 /* with SNOOP_REC_KILLED: the call returned its
				  * restart code (ret, ERESTARTSYS ...), then the delivery
				  * of a signal whose default action kills ended the thread
				  * (strace, stopped at that return, shows = ? ERESTARTSYS);
				  * killed by SIGKILL or the group's end: none */
/* Bits 16-31 of flags: -k, 1 + the id of the call's user stack in the
 * stacks map (0: none, or it could not be taken). */
#define SNOOP_REC_STACK_SHIFT 16
#define SNOOP_STACK_ENTRIES 4096  /* distinct stacks kept (a record whose stack finds its bucket taken has none) */
#define SNOOP_STACK_DEPTH 127    /* PERF_MAX_STACK_DEPTH: addresses per stack */

/* Memory read from the traced process ("mem" items; a "capture" is only
 * ever the -w file): up to SNOOP_MEM_ITEMS items per record (path strings,
 * read/write data, sockaddrs, execve argv), placed one after the other
 * right behind the record. */
#define SNOOP_MEM_ITEMS 2
#define SNOOP_MEM_BYTES 256      /* per item: the cap of strings and -s */
#define SNOOP_ARGV_ENTRY 64      /* per execve argv string */
#define SNOOP_ARGV_MAX 4         /* argv strings kept */
#define SNOOP_SOCKADDR_MAX 128   /* sizeof(struct sockaddr_storage) */
/* execve's whole argv, when entry could not keep it (more strings, longer
 * ones, or none readable): at sched_process_exec the kernel has just written
 * it on the new program's stack as one block of NUL-ended strings, which one
 * read copies into argv_store (by TID) for user space. */
#define SNOOP_ARGV_BLOCK 32768   /* bytes of the block kept */
#define SNOOP_ARGV_STORE 64      /* execs between the BPF side and the reader */
struct snoop_argv {
	__u64 ts_ns;       /* the execve's entry time: its record's ts_ns */
	__u64 argc;
	__u32 len;         /* the block's length */
	__u32 kept;        /* bytes of it in data (len, at most SNOOP_ARGV_BLOCK) */
	__u8 data[SNOOP_ARGV_BLOCK];
};
/* The record's argv item once user space has put the whole argv in it
 * (SNOOP_REC_ARGV_WHOLE): up to -s strings of up to -s bytes, each as a
 * tag byte (SNOOP_ARGV_TAG_*), its bytes, a NUL; the item's
 * SNOOP_MEM_TRUNC says more strings followed. */
#define SNOOP_ARGV_TAG_WHOLE 1
#define SNOOP_ARGV_TAG_CUT 2     /* the string was longer: "..." after it */

/* What argspec[nr] asks to read. One item: bits 0-2 the argument (0-5),
 * bits 3-6 the kind, bits 7-9 the argument holding a length (or count),
 * bits 10-15 a struct's size in 4-byte units (up to 252 bytes);
 * item i is at bits 16*i. */
#define SNOOP_MEM_NONE 0
#define SNOOP_MEM_STR 1          /* NUL-terminated string */
#define SNOOP_MEM_BUF_ARG 2      /* buffer, length in the length argument (write) */
#define SNOOP_MEM_BUF_RET 3      /* buffer, length = return value (read) */
#define SNOOP_MEM_SOCKADDR 4     /* sockaddr, length in the length argument */
#define SNOOP_MEM_ARGV 5         /* execve argv: first strings, each NUL-ended */
#define SNOOP_MEM_OUT 6          /* a struct the call filled (stat, pipe's fds), if it succeeded */
#define SNOOP_MEM_IN 7           /* a struct given to the call (timespec, sigset) */
#define SNOOP_MEM_SOCKADDR_OUT 8 /* sockaddr the call filled, length in the socklen_t
				  * the length argument points to (accept, getsockname) */
#define SNOOP_MEM_IOV_IN 9       /* iovec array, count in the length argument (writev) */
#define SNOOP_MEM_IOV_OUT 10     /* iovec array the call filled up to its return (readv) */
#define SNOOP_MEM_ARRAY 11       /* array of structs of the item's size, count in the length
				  * argument (poll's pollfds: read at the exit, which has
				  * their events and what the kernel wrote back); only
				  * ever a call's first item */
#define SNOOP_MEM_ARRAY_RET 12   /* array of structs the call filled, count = return value
				  * (epoll_wait's events); a first item too */
#define SNOOP_MEM_INOUT 15       /* a struct given to the call that it also writes back
				  * (ppoll's timeout, then the time left): the item is
				  * entry's copy, then the exit's; only ever a call's
				  * second item, at most SNOOP_INOUT_MAX bytes each.
				  * SNOOP_MEM_IN's bits and one more: one test finds both */
#define SNOOP_INOUT_MAX 60
#define SNOOP_MEM_MSGHDR 13      /* a struct msghdr and what it points to (sendmsg's as
				  * given; recvmsg's as the call filled it: the item's
				  * size bits not 0): a struct snoop_msghdr, its iovecs
				  * as SNOOP_MEM_IOV_*'s entries (SNOOP_MEM_PARTIAL: they
				  * could not be read), the name's bytes, the control
				  * bytes; only ever a call's first and only item */
#define SNOOP_MSG_NAME_MAX 112   /* a sockaddr_un's 110 bytes */
#define SNOOP_MSG_CONTROL_MAX 48 /* SCM_CREDENTIALS, SCM_RIGHTS with up to 8 fds */
#define SNOOP_MEM_STR_OUT 14     /* a string the call filled, if it succeeded (getcwd) */
#define SNOOP_SPEC(arg, kind, lenarg) ((arg) | (kind) << 3 | (lenarg) << 7)
#define SNOOP_SPEC_SIZED(arg, kind, lenarg, size) (SNOOP_SPEC(arg, kind, lenarg) | (((size) + 3) / 4) << 10)
#define SNOOP_SPEC_ARG(s) ((s) & 7)
#define SNOOP_SPEC_KIND(s) (((s) >> 3) & 15)
#define SNOOP_SPEC_LENARG(s) (((s) >> 7) & 7)
#define SNOOP_SPEC_SIZE(s) ((((s) >> 10) & 63) * 4)

/* A msghdr item's start (SNOOP_MEM_MSGHDR): the bytes kept of the iovec
 * entries, the name and the control messages, which follow it in that
 * order, then the struct msghdr as the process's memory held it at the
 * call's exit. */
struct snoop_msghdr {
	__u16 name_kept;
	__u16 control_kept;
	__u32 iov_kept;
	__u64 name;         /* struct msghdr: msg_name */
	__u32 namelen;
	__u32 pad2;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__s32 flags;
	__u32 pad3;
};

/* An iovec item (SNOOP_MEM_IOV_*): up to SNOOP_IOV_MAX entries, each a
 * struct snoop_iov then its kept bytes; the item's TRUNC flag says more
 * entries followed. */
#define SNOOP_IOV_MAX 4
struct snoop_iov {
	__u64 len;       /* iov_len */
	__u32 kept;      /* bytes of it that follow */
	__u32 null;      /* 1: iov_base was NULL; SNOOP_IOV_UNREAD: its data could not
			  * be read, and the 8 bytes that follow are iov_base
			  * (0 in captures made before either was kept) */
};
#define SNOOP_IOV_UNREAD 2

/* mem_flags */
#define SNOOP_MEM_TRUNC 0x1      /* more bytes than were kept (argv: more strings) */
#define SNOOP_MEM_FAULT 0x2      /* the pointer could not be read */
#define SNOOP_MEM_DONE 0x4       /* the item was read (it may be empty: "") */
#define SNOOP_MEM_PARTIAL 0x8    /* argv: a string could not be read; the item ends
				  * with its address (8 bytes) instead */
#define SNOOP_MEM_ARGV_CUT(j) (0x10 << (j))  /* argv string j (< SNOOP_ARGV_MAX) was cut */
#define SNOOP_MEM_ARGV_CUTS (SNOOP_MEM_ARGV_CUT(SNOOP_ARGV_MAX) - SNOOP_MEM_ARGV_CUT(0))  /* any of them */

/* Why a TGID is in the traced map (traced_tgids value) */
#define SNOOP_TRACE_PID   0x1    /* -p, or the -- command */
#define SNOOP_TRACE_CHILD 0x2    /* a child of a traced process (-f) */
#define SNOOP_TRACE_NAME  0x4    /* its name matched -n */
#define SNOOP_TRACE_EXEC  0x8    /* the -- command: start recording at its execve */
#define SNOOP_TRACE_GONE  0x10   /* exec'd away from its -n name: untrace at its next syscall */
#define SNOOP_TRACE_CGROUP 0x20  /* it was in a --cgroup directory (or below) at a syscall */
#define SNOOP_TRACE_ALL   0x40   /* -a: in the in-flight-hash variant only (the other
				  * keeps -a's processes in traced_bits alone) */

#define SNOOP_PID_LIMIT 4194304  /* PID_MAX_LIMIT: the bitmap of traced TGIDs covers it */
/* The bitmap of traced TGIDs (traced_bits): two bits per TGID, in words of
 * 64 bits that BPF and snoop (through a mapping) change atomically. */
#define SNOOP_TRACED_WORDS (SNOOP_PID_LIMIT / 32)
#define SNOOP_TRACED_WORD(tgid) ((tgid) / 32)
#define SNOOP_TRACED_SHIFT(tgid) ((tgid) % 32 * 2)
#define SNOOP_TRACED 0x1         /* the TGID is traced */
#define SNOOP_TRACED_ASK 0x2     /* and its why (traced_tgids) needs a look:
				  * SNOOP_TRACE_EXEC or SNOOP_TRACE_GONE is set */
#define SNOOP_TRACED_NOT SNOOP_TRACED_ASK  /* alone: -a, --cgroup or -u looked at
				  * the process and left it out (cleared at its
				  * exec, its end and its move to another cgroup) */

/* What selects processes besides -p, -n and the command (config select) */
#define SNOOP_SEL_ALL 0x1        /* -a: every process but snoop */
#define SNOOP_SEL_CGROUPS 0x2    /* --cgroup: those under the cgroups map's directories */
#define SNOOP_SEL_UID 0x4        /* -u: and only those whose effective uid is in uids[] */
#define SNOOP_MAX_CGROUPS 16     /* --cgroup directories (the cgroups map) */
#define SNOOP_MAX_UIDS 8         /* -u users */

/* One completed syscall. 128 bytes, then mem_len[0] + mem_len[1] bytes of
 * memory read. (Captures of format version 1 hold the first 112 bytes,
 * up to mem_flags: record/capture.h.) */
struct snoop_record {
	__u64 ts_ns;        /* entry time, CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u64 duration_ns;  /* exit time - entry time */
	__u32 pid;          /* TGID */
	__u32 tid;
	__s32 nr;           /* syscall number of the build architecture */
	__u32 flags;        /* SNOOP_REC_* */
	__s64 ret;
	__u64 args[6];
	char comm[SNOOP_COMM_LEN];          /* at entry */
	__u16 mem_len[SNOOP_MEM_ITEMS];     /* bytes read per item */
	__u8 mem_arg[SNOOP_MEM_ITEMS];      /* the argument each item came from */
	__u8 mem_flags[SNOOP_MEM_ITEMS];    /* SNOOP_MEM_TRUNC, SNOOP_MEM_FAULT */
	/* filled only when config's record_ids asks (else 0): */
	__u64 cgroup_id;    /* SNOOP_IDS_CGROUP: the thread's cgroup v2 id (its directory's inode) */
	__u32 ns_pid;       /* SNOOP_IDS_PIDNS: pid and tid as the thread's own */
	__u32 ns_tid;       /* PID namespace numbers them (--pidns=target) */
};

/* A thread's in-flight slot in task storage (the default): its call's
 * record while it is in flight, then the name cache. User space reads it
 * at the stop, for the calls still in progress. */
struct snoop_slot {
	struct snoop_record rec;   /* first: the slot is used as its record */
	__u64 comm_renames;        /* renames[0] + 1 when rec.comm was read */
	__u64 current_id;          /* the CPU's thread's pid_tgid, from its first
				    * syscall since it was switched in (0: not
				    * known yet; bpf/snoop.bpf.c's current_id) */
};

/* A record with room for its memory items: what the BPF side assembles. */
struct snoop_event {
	struct snoop_record rec;
	__u8 data[SNOOP_MEM_ITEMS * SNOOP_MEM_BYTES];
};

/* Run-time choices: one entry of the config array, filled by user space
 * before attach (BPF clears command_pending once the command is forked).
 * Kept out of the program text so the compiled program is the same for
 * every run. */
struct snoop_config {
	__u32 follow_forks;   /* -f */
	__u32 filter_syscalls;/* -e given: consult the syscall bitmap */
	__u32 match_names;    /* -n given: consult the names map */
	__u32 self_tgid;      /* snoop itself: never traced */
	__u32 strsize;        /* -s: bytes of read/write data kept */
	__u32 wakeup_events;  /* ring buffer: wake the reader once per this many records */
	__u32 command_pending;/* the next fork of snoop itself is the -- command */
	__u32 status_filter;  /* -Z, -z: SNOOP_ONLY_* */
	__u64 min_duration_ns;/* --min-duration: shorter calls are left out */
	__u32 match_paths;    /* -P given: consult the paths and path_fds maps */
	__u32 summary;        /* SNOOP_SUM_* (-c, -C) */
	__u32 generation;     /* --interval: the summary entries now counted into */
	__u32 settled_why;    /* 0: what traced_why points at for a traced process
			       * whose why needs no look (BPF never writes it) */
	/* Where the raw lifecycle tracepoints' structs hold what they read,
	 * in the running kernel (its BTF, src/trace/ktypes.h): not from the
	 * headers libbcc compiles against, which need not be its own. 0
	 * when unknown: the classic tracepoints are attached instead. */
	__u32 task_pid_off;   /* struct task_struct's pid */
	__u32 bprm_filename_off; /* struct linux_binprm's filename */
	/* -a, --cgroup, -u (SNOOP_SEL_*): decided for a process at its first
	 * syscall seen, kept in traced_bits (SNOOP_TRACED or SNOOP_TRACED_NOT) */
	__u32 select;
	__u32 ncgroups;       /* entries of the cgroups map in use */
	__u32 nuids;
	__u32 uids[SNOOP_MAX_UIDS];
	/* where a task's tgid (with task_pid_off: -f's thread or process,
	 * -a's and --cgroup's signal targets and moves) and its (objective)
	 * creds are (-u), and the euid in struct cred: the BTF's, as above */
	__u32 task_tgid_off;
	__u32 task_cred_off;
	__u32 cred_euid_off;
	/* what records carry besides the call (SNOOP_IDS_*): asked only by
	 * the outputs that show it, so the default pays one test */
	__u32 record_ids;
	/* --pidns=target: where a task's struct pid and its leader are, and
	 * struct pid's level and numbers[] (struct upid: nr first, 16 bytes) */
	__u32 task_thread_pid_off;
	__u32 task_group_leader_off;
	__u32 pid_level_off;
	__u32 pid_numbers_off;
	/* -y or -w: a SNOOP_REC_FORK record for each new process a traced
	 * one makes */
	__u32 fork_records;
};

/* record_ids */
#define SNOOP_IDS_CGROUP 0x1     /* rec.cgroup_id */
#define SNOOP_IDS_PIDNS 0x2      /* rec.ns_pid, rec.ns_tid */
#define SNOOP_UPID_SIZE 16       /* struct upid {int nr; struct pid_namespace *ns;} */

/* status_filter */
#define SNOOP_ONLY_FAILED 1      /* -Z: returns from -4095 to -1 */
#define SNOOP_ONLY_SUCCESSFUL 2  /* -z: the other returns */

/* summary */
#define SNOOP_SUM_COUNT 0x1      /* count calls into the summary map */
#define SNOOP_SUM_NO_RECORDS 0x2 /* -c: and send no record (nor signals and ends) */
#define SNOOP_SUM_PER_PROCESS 0x4/* one entry per process, not one for all */

/* -P: per syscall, what its path and fd arguments mean (the callinfo map) */
#define SNOOP_CALL_FD_ARGS 0x3f  /* bit a: argument a holds an fd (or a dirfd) */
#define SNOOP_CALL_OPENS 0x40    /* returns an fd open on its path argument */
#define SNOOP_CALL_CLOSES 0x80   /* closes its fd argument */

/* -c: one entry per call (and process, with SNOOP_SUM_PER_PROCESS) */
#define SNOOP_SUM_ENTRIES 8192  /* the summary map: syscalls (x processes) */
#define SNOOP_HIST_SLOTS 40      /* log2 buckets of ns: slot k holds [2^k, 2^(k+1)) */
struct snoop_sum_key {
	__s32 nr;             /* syscall number, of the record's ABI */
	__u32 abi;            /* 0 or SNOOP_REC_IA32 */
	__u32 tgid;           /* 0 unless SNOOP_SUM_PER_PROCESS */
	__u32 generation;     /* config's, when counted */
};
struct snoop_sum {
	__u64 calls, errors, total_ns, min_ns, max_ns;
	__u64 hist[SNOOP_HIST_SLOTS];
};

#define SNOOP_RING_PAGES 4096    /* the ring buffer (SNOOP_RINGBUF): 16 MiB */

/* The per-CPU rings snoop maps (SNOOP_MAPPED): for each CPU an mmapable
 * array map, entry 0 its head, entries 1..chunks its data. One writer per
 * ring: only syscall and task-context programs write, one at a time per
 * CPU (they run with preemption off), so no lock and no atomic
 * read-modify-write is needed between writers. Between the writer and
 * snoop, a single-producer single-consumer protocol:
 *
 *   BPF (producer)                      snoop (consumer, trace/rings.c)
 *   t = tail (one load)                 h = head        load-acquire
 *   if the chunk is free:               read the records up to h
 *     write the record, plain stores    tail = h        store-release
 *     head = next       store-release
 *
 * head's release pairs with snoop's acquire: a record's bytes are visible
 * before the head that covers them. tail's release pairs with the
 * producer's load of it, whose branch orders the record's stores after it
 * (a control dependency: no CPU makes a store visible before the branch it
 * depends on resolves), so a chunk is not written while snoop still reads
 * it. BPF has no store-release instruction for this LLVM: on x86, whose
 * stores stay in order, a compiler barrier and a plain store; elsewhere an
 * exchange, which the kernel's JITs make fully ordered (arm64: swpal).
 *
 * A record is a frame (its size, 8 bytes) and its bytes, rounded up to 8.
 * It starts in the first SNOOP_RING_CHUNK bytes of a chunk and may run on
 * into the chunk's slack; the next record then starts at the next chunk.
 * Positions (head, tail) count bytes and never wrap: chunk = pos >> shift. */
#define SNOOP_RING_CHUNK_SHIFT 14
#define SNOOP_RING_CHUNK (1u << SNOOP_RING_CHUNK_SHIFT)
#define SNOOP_RING_SLOT (SNOOP_RING_CHUNK + 1024)   /* slack >= a frame + sizeof(struct snoop_event) */
#define SNOOP_RING_MAX_CPUS 1024

/* sys_exit's tails (bpf/snoop.bpf.c's tails program array): the index of
 * each, where user space puts it before sys_exit is attached */
#define SNOOP_TAIL_IOV 0
#define SNOOP_TAILS 1
#define SNOOP_RING_FRAME 8
/* --lossless: a frame of no bytes whose size word is this bit, the
 * process's count of pauses (bits 32-62) and its process id. The BPF side
 * stopped that process (SIGSTOP) when its ring was pause_at chunks full;
 * snoop continues it (SIGCONT) once it has read up to the frame, so the
 * process waits for the reader instead of its records being lost; but not
 * if the process has a later frame (the map "paused" holds its count): a
 * SIGCONT cancels every stop sent before it, and the later frame's stop
 * must hold until that frame is read. */
#define SNOOP_RING_PAUSE (1ULL << 63)
#define SNOOP_PAUSE_SEQ_MASK 0x7fffffffu   /* a pause number's bits: counts wrap at 2^31 */
#define SNOOP_PAUSE_SEQ(frame) ((__u32)((frame) >> 32) & SNOOP_PAUSE_SEQ_MASK)
/* The map "paused": a process's pauses. The program's stop may reach the
 * process later than its frame reaches snoop (the kernel defers a signal
 * sent where preemption is off to an irq_work), and a SIGCONT sent before
 * the SIGSTOP is queued would be cancelled by it: snoop continues only
 * once queued counts the frame's stop. */
struct snoop_pauses {
	__u32 sent;     /* stops sent: the last frame's number */
	__u32 queued;   /* stops the signal_generate tracepoint saw queued */
};
#define SNOOP_SIGSTOP 19   /* the same number on every architecture snoop builds for */
struct snoop_ring_head {
	__u64 head;        /* BPF: where the next record goes (store-release) */
	__u64 mask;        /* chunks - 1, a power of two less one (set by snoop) */
	__u64 bell_at;     /* BPF: the head at which to ring the doorbell next */
	__u64 bell_every;  /* bytes between two doorbells (set by snoop) */
	__u64 refused;     /* BPF: records the full ring refused (every 64th rings) */
	/* --lossless (0: off): at this many chunks unread, the process writing
	 * is stopped and a pause frame follows its record (set by snoop) */
	__u64 pause_at;
	__u64 paused_tgid; /* BPF: the process of the last pause frame ... */
	__u64 paused_pos;  /* ... and where it is: no second one while unread */
	__u64 tail;        /* snoop: what it has read (store-release), on a cache line of its own */
	__u64 pad2[7];
};

struct snoop_comm {
	char name[SNOOP_COMM_LEN];
};

/* A -P path as the paths map keys it: the bytes, then zeros. */
struct snoop_path {
	char name[SNOOP_PATH_LEN];
};

/* ---- rules both sides apply: the kernel to live calls, user space to a
 * capture's records (-r with -Z, -z, --min-duration, -c) ---- */
#define SNOOP_RULE static inline __attribute__((always_inline))

/* Returned, and within -4095..-1: the kernel ABI's errors. */
SNOOP_RULE int snoop_failed(const struct snoop_record *r)
{
	return !(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED)) && r->ret < 0 && r->ret >= -4095;
}

/* A killed call's restart code, where strace would show it (= ?
 * ERESTART_RESTARTBLOCK: SNOOP_REC_RESTART_SEEN); else 0. */
SNOOP_RULE __s64 snoop_killed_restart(const struct snoop_record *r)
{
	return (r->flags & SNOOP_REC_KILLED) && (r->flags & SNOOP_REC_RESTART_SEEN) && r->ret >= -516 &&
	       r->ret <= -512 ? r->ret : 0;
}

/* -Z/-z (status: SNOOP_ONLY_*, 0 for all) and --min-duration (0: none). A
 * call that never returned (exit, killed) is neither failed nor
 * successful; one whose duration is unknown is shorter than any minimum. */
SNOOP_RULE int snoop_result_wanted(const struct snoop_record *r, __u32 status, __u64 min_ns)
{
	int returned = !(r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_KILLED));

	if (status == SNOOP_ONLY_FAILED && !snoop_failed(r))
		return 0;
	if (status == SNOOP_ONLY_SUCCESSFUL && (!returned || snoop_failed(r)))
		return 0;
	if (min_ns && ((r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_NOENTRY)) || r->duration_ns < min_ns))
		return 0;
	return 1;
}

/* What a call adds to -c's times: its duration, 0 when unknown. */
SNOOP_RULE __u64 snoop_call_duration(const struct snoop_record *r)
{
	return r->flags & (SNOOP_REC_NORETURN | SNOOP_REC_NOENTRY) ? 0 : r->duration_ns;
}

/* floor(log2(v)), 0 for 0: the histogram's bucket */
SNOOP_RULE __u32 snoop_log2_slot(__u64 v)
{
	__u32 k = 0;

	if (v >> 32) { v >>= 32; k += 32; }
	if (v >> 16) { v >>= 16; k += 16; }
	if (v >> 8) { v >>= 8; k += 8; }
	if (v >> 4) { v >>= 4; k += 4; }
	if (v >> 2) { v >>= 2; k += 2; }
	if (v >> 1) k += 1;
	return k < SNOOP_HIST_SLOTS ? k : SNOOP_HIST_SLOTS - 1;
}

/* SNOOP_MAPPED: where the record after one of size bytes at pos starts
 * (the next 8-byte boundary, or the next chunk once this one's first
 * SNOOP_RING_CHUNK bytes are used up). */
SNOOP_RULE __u64 snoop_ring_next(__u64 pos, __u64 size)
{
	__u64 next = pos + ((SNOOP_RING_FRAME + size + 7) & ~7ULL);

	if (next >> SNOOP_RING_CHUNK_SHIFT != pos >> SNOOP_RING_CHUNK_SHIFT)
		next = ((pos >> SNOOP_RING_CHUNK_SHIFT) + 1) << SNOOP_RING_CHUNK_SHIFT;
	return next;
}

/* One more call r into v (zeroed, or holding calls already). */
SNOOP_RULE void snoop_sum_add_call(struct snoop_sum *v, const struct snoop_record *r)
{
	__u64 d = snoop_call_duration(r);
	__u32 slot = snoop_log2_slot(d);

	if (!v->calls || d < v->min_ns)
		v->min_ns = d;
	v->calls++;
	v->errors += snoop_failed(r);
	v->total_ns += d;
	if (d > v->max_ns)
		v->max_ns = d;
	if (slot < SNOOP_HIST_SLOTS)
		v->hist[slot]++;
}

#endif
