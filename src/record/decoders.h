/* decoders.h - inside the decoder: one function per argument kind, grouped
 * in files by family as strace does (decode_file.c, decode_net.c,
 * decode_proc.c, decode_mem.c, and decode_data.c for the memory captured
 * from the traced process). decode.c's signature table names the kinds; a
 * new kind is a new function in the right family file and a line in
 * decode.c's kinds table.
 */
#ifndef SNOOP_DECODERS_H
#define SNOOP_DECODERS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include "bpf/snoop.h"

/* One argument being decoded: argument a of record r, with the memory
 * captured with the record (data, len). */
struct fdtable;
struct arg {
	const struct snoop_record *r;
	struct fdtable *fds;      /* -y: what the process's fds are; else NULL */
	const uint8_t *data;
	size_t len;
	int a;
	uint64_t v;       /* the register */
	int64_t i32;      /* as an int argument: the upper half is not its own */
};

typedef size_t (*decode_fn)(char *dst, const struct arg *x);

/* decode.c: plain values */
size_t dec_int(char *dst, const struct arg *x);
size_t dec_long(char *dst, const struct arg *x);
size_t dec_unsigned(char *dst, const struct arg *x);
size_t dec_hex(char *dst, const struct arg *x);
size_t dec_pointer(char *dst, const struct arg *x);

/* decode_data.c: memory read from the traced process */
struct mem_item {
	const uint8_t *p;
	size_t len;
	int flags;        /* SNOOP_MEM_* */
};
/* The captured item of argument a, if the record has one that was read. */
int find_mem_item(const struct arg *x, struct mem_item *m);
int record_mem_item(const struct snoop_record *r, const uint8_t *data, size_t len, int a, struct mem_item *m);
size_t put_quoted(char *dst, const uint8_t *s, size_t n, int trunc);
size_t dec_memory(char *dst, const struct arg *x);     /* strings and buffers */
size_t dec_argv(char *dst, const struct arg *x);
size_t dec_fd_pair(char *dst, const struct arg *x);    /* [3, 4] */

/* decode_file.c */
size_t dec_fd(char *dst, const struct arg *x);          /* 3, with -y 3</etc/hostname> */
size_t dec_dirfd(char *dst, const struct arg *x);
size_t dec_open_flags(char *dst, const struct arg *x);
size_t dec_open_flags_only(char *dst, const struct arg *x);
size_t dec_mode(char *dst, const struct arg *x);
size_t dec_access(char *dst, const struct arg *x);
size_t dec_at_flags(char *dst, const struct arg *x);
size_t dec_faccessat_flags(char *dst, const struct arg *x);
size_t dec_whence(char *dst, const struct arg *x);
size_t dec_fcntl(char *dst, const struct arg *x);
size_t dec_ioctl(char *dst, const struct arg *x);
size_t dec_fadvise(char *dst, const struct arg *x);
int fcntl_takes_no_arg(uint64_t cmd);
size_t dec_fcntl_arg(char *dst, const struct arg *x);
size_t dec_epoll_flags(char *dst, const struct arg *x);

/* decode_net.c */
size_t dec_sockaddr(char *dst, const struct arg *x);
size_t dec_family(char *dst, const struct arg *x);
size_t dec_socket_type(char *dst, const struct arg *x);
size_t dec_socket_flags(char *dst, const struct arg *x);
size_t dec_shutdown_how(char *dst, const struct arg *x);
size_t dec_msg_flags(char *dst, const struct arg *x);
size_t dec_ip_protocol(char *dst, const struct arg *x);
/* {AF_INET, 127.0.0.1:80} from the bytes of a struct sockaddr */
size_t decode_sockaddr(char *dst, const uint8_t *sa, size_t n);

/* decode_proc.c */
size_t dec_signal(char *dst, const struct arg *x);
size_t dec_clone_flags(char *dst, const struct arg *x);
size_t dec_sigmask_how(char *dst, const struct arg *x);
size_t dec_futex_op(char *dst, const struct arg *x);
size_t dec_clock(char *dst, const struct arg *x);

size_t dec_wait_options(char *dst, const struct arg *x);
size_t dec_arch_prctl(char *dst, const struct arg *x);
size_t dec_sigset(char *dst, const struct arg *x);      /* [INT QUIT], ~[RTMIN RT_1] */
size_t dec_sigaction(char *dst, const struct arg *x);   /* {sa_handler=..., ...} */
size_t decode_sigset(char *dst, uint64_t set);
size_t dec_timer_flags(char *dst, const struct arg *x);

/* decode_struct.c: structures given to a call or filled by it */
#define STATX_READ_BYTES 136     /* struct statx up to stx_rdev_minor */
size_t decode_file_mode(char *dst, uint32_t mode);      /* S_IFREG|0644 */
size_t dec_stat(char *dst, const struct arg *x);
size_t dec_statx(char *dst, const struct arg *x);
size_t dec_statx_flags(char *dst, const struct arg *x);
size_t dec_statx_mask(char *dst, const struct arg *x);
size_t dec_timespec(char *dst, const struct arg *x);
size_t dec_rlimit(char *dst, const struct arg *x);
size_t dec_rlimit_resource(char *dst, const struct arg *x);
size_t dec_utsname(char *dst, const struct arg *x);
size_t dec_int_ptr(char *dst, const struct arg *x);     /* [16] */
size_t dec_wait_status(char *dst, const struct arg *x);
size_t dec_iovec_in(char *dst, const struct arg *x);
size_t dec_iovec_out(char *dst, const struct arg *x);

/* decode_mem.c */
size_t dec_prot(char *dst, const struct arg *x);
size_t dec_mmap_flags(char *dst, const struct arg *x);
size_t dec_madvise(char *dst, const struct arg *x);
size_t dec_getrandom_flags(char *dst, const struct arg *x);

#endif
