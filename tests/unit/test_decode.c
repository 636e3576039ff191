/* Decoders: arguments as strace shows them, from records and captured bytes. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/format.h"
#include "record/syscalls.h"
#include "record/xlat.h"

#include "record/value.h"
#include "decode_helpers.h"

Test(decode, openat_like_strace)
{
	struct snoop_record r = rec("openat", (uint64_t)-100, 0x7ffd0000, O_RDONLY | O_CLOEXEC, 0, 0, 0);
	const char path[] = "/etc/passwd";

	cap(&r, 0, 1, strlen(path), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)path, strlen(path))),
			 "(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC)");
}

Test(decode, open_mode_only_with_creat)
{
	struct snoop_record r = rec("openat", 3, 0x1000, O_WRONLY | O_CREAT | O_TRUNC, 0644, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(3, 0x1000, O_WRONLY|O_CREAT|O_TRUNC, 0644)", "uncaptured path: the address");
	r.args[2] = O_RDWR | 0x40000000;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0x1000, O_RDWR|0x40000000)",
			 "unknown bits stay visible in hex");
}

Test(decode, truncated_and_faulted_strings)
{
	struct snoop_record r = rec("unlink", 0xdead0000, 0, 0, 0, 0, 0);

	cap(&r, 0, 0, 3, SNOOP_MEM_TRUNC);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"abc", 3)), "(\"abc\"...)");
	cap(&r, 0, 0, 0, SNOOP_MEM_FAULT);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0xdead0000)", "unreadable: its address");
	r.args[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL)");
}

Test(decode, capture_claiming_more_than_arrived_is_ignored)
{
	struct snoop_record r = rec("unlink", 0x1000, 0, 0, 0, 0, 0);

	cap(&r, 0, 0, 200, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"abc", 3)), "(0x1000)");
}

Test(decode, escapes)
{
	const uint8_t s[] = { 'a', '"', '\\', '\n', '\t', '\r', 0, 0x7f, 0xff, ' ' };

	cr_expect_str_eq(STR(fmt_escape(out, s, sizeof(s))), "a\\\"\\\\\\n\\t\\r\\x00\\x7f\\xff ");
}

Test(decode, buffers_read_and_write)
{
	struct snoop_record r = rec("write", 1, 0x1000, 6, 0, 0, 0);

	cap(&r, 0, 1, 6, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"hello\n", 6)), "(1, \"hello\\n\", 6)");
	r = rec("read", 0, 0x1000, 4096, 0, 0, 0);
	r.ret = 40;
	cap(&r, 0, 1, 32, SNOOP_MEM_TRUNC);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"0123456789abcdef0123456789abcdef", 32)),
			 "(0, \"0123456789abcdef0123456789abcdef\"..., 4096)");
}

Test(decode, argv)
{
	struct snoop_record r = rec("execve", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	const char data[] = "/bin/lsls\0-l\0";   /* path (no NUL), then argv strings */

	cap(&r, 0, 0, 7, 0);
	cap(&r, 1, 1, 6, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)data, 13)),
			 "(\"/bin/ls\", [\"ls\", \"-l\"], 0x3000)");
	r.mem_flags[1] |= SNOOP_MEM_TRUNC;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)data, 13)),
			 "(\"/bin/ls\", [\"ls\", \"-l\", ...], 0x3000)");
}

/* A string that could not be read: its address ends the item, and shows
 * as strace shows an unreadable element, with ", ..." for the rest. */
Test(decode, argv_with_an_unreadable_string)
{
	struct snoop_record r = rec("execve", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	uint8_t data[16] = "sh\0";
	uint64_t addr = 0x7f0012345678;

	memcpy(data + 3, &addr, sizeof(addr));
	cap(&r, 0, 1, 3 + sizeof(addr), SNOOP_MEM_PARTIAL);
	cr_expect_str_eq(STR(decode_args(out, &r, data, 3 + sizeof(addr))),
			 "(0x1000, [\"sh\", 0x7f0012345678, ...], 0x3000)");
	cap(&r, 0, 1, sizeof(addr), SNOOP_MEM_PARTIAL);   /* the first one already */
	cr_expect_str_eq(STR(decode_args(out, &r, data + 3, sizeof(addr))),
			 "(0x1000, [0x7f0012345678, ...], 0x3000)");
}

/* a struct sockaddr's n bytes as text, into out */
static size_t sockaddr_text(const void *sa, size_t n)
{
	struct vout o = vout_at(out, 0);

	decode_sockaddr(&o, sa, n);
	return o.i;
}

Test(decode, sockaddrs)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(443) };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/run/x.sock" };
	struct sockaddr_un abs = { .sun_family = AF_UNIX, .sun_path = "\0hidden" };
	uint16_t netlink = AF_NETLINK;

	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	cr_expect_str_eq(STR(sockaddr_text(&in, sizeof(in))), "{AF_INET, 127.0.0.1:80}");
	cr_expect_str_eq(STR(sockaddr_text(&in6, sizeof(in6))), "{AF_INET6, [::1]:443}");
	cr_expect_str_eq(STR(sockaddr_text(&un, 2 + 12)), "{AF_UNIX, \"/run/x.sock\"}");
	cr_expect_str_eq(STR(sockaddr_text(&abs, 2 + 7)), "{AF_UNIX, @\"hidden\"}");
	cr_expect_str_eq(STR(sockaddr_text(&netlink, 2)), "{AF_NETLINK}");
	cr_expect_str_eq(STR(sockaddr_text(&in, 1)), "{}");
}

Test(decode, mmap_and_flags)
{
	struct snoop_record r = rec("mmap", 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, (uint32_t)-1, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
	r.args[2] = 0;
	decode_args(out, &r, NULL, 0);
	cr_expect(strstr(out, "PROT_NONE") != NULL, "%s", out);
}

Test(decode, signals_clone_sockets_fcntl)
{
	struct snoop_record r = rec("kill", 42, SIGTERM, 0, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(42, SIGTERM)");
	r.args[1] = 34;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(42, SIGRTMIN+2)");
	r = rec("socket", AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 17, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP)");
	r = rec("fcntl", 3, F_SETFD, 1, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, F_SETFD, FD_CLOEXEC)");
	r.args[1] = F_GETFL;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, F_GETFL)", "no argument, as strace");
	r = rec("clone", 0x01200000 | SIGCHLD, 0, 0, 0, 0, 0);   /* CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID */
	decode_args(out, &r, NULL, 0);
	cr_expect(strstr(out, "(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, ") == out, "%s", out);
	r = rec("access", 0, R_OK | X_OK, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, R_OK|X_OK)");
	r.args[1] = F_OK;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, F_OK)");
}

Test(decode, unknown_syscall_shows_six_registers)
{
	struct snoop_record r = { .nr = 1000, .args = { 1, 2, 3, 4, 5, 0xff } };

	cr_expect_null(decode_signature(1000));
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1, 0x2, 0x3, 0x4, 0x5, 0xff)");
}

Test(decode, json_args_are_typed)
{
	struct snoop_record r = rec("openat", (uint64_t)-100, 0x7ffd0000, O_RDONLY, 0, 0, 0);
	const char path[] = "/a\"b";
	unsigned cut;

	cap(&r, 0, 1, 4, 0);
	cr_expect_str_eq(STR(decode_args_json(out, &r, NULL, (const uint8_t *)path, 4, &cut)),
			 "[\"AT_FDCWD\",\"/a\\\"b\",\"O_RDONLY\"]", "the path's bytes, not its C text");
	cr_expect_eq(cut, 0u);
	r = rec("read", 3, 0x1000, 100, 0, 0, 0);
	r.ret = 100;
	cap(&r, 0, 1, 4, SNOOP_MEM_TRUNC);
	cr_expect_str_eq(STR(decode_args_json(out, &r, NULL, (const uint8_t *)"ab\n\xff", 4, &cut)),
			 "[3,\"ab\\u000a\\udcff\",100]");
	cr_expect_eq(cut, 2u, "argument 1 was cut");
}

Test(decode, argspec_from_signatures)
{
	uint32_t spec = decode_argspec(syscall_number("openat"));

	cr_expect_eq(SNOOP_SPEC_ARG(spec), 1u);
	cr_expect_eq(SNOOP_SPEC_KIND(spec), (unsigned)SNOOP_MEM_STR);
	spec = decode_argspec(syscall_number("sendto"));   /* buffer, then sockaddr */
	cr_expect_eq(SNOOP_SPEC_KIND(spec & 0xffff), (unsigned)SNOOP_MEM_BUF_ARG);
	cr_expect_eq(SNOOP_SPEC_LENARG(spec & 0xffff), 2u);
	cr_expect_eq(SNOOP_SPEC_KIND(spec >> 16), (unsigned)SNOOP_MEM_SOCKADDR);
	cr_expect_eq(SNOOP_SPEC_ARG(spec >> 16), 4u);
	cr_expect_eq(decode_argspec(syscall_number("getpid")), 0u);
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("read"))), (unsigned)SNOOP_MEM_BUF_RET);
}

/* The BPF side reads an iovec array, or a msghdr with its iovecs, only as
 * a call's first and only item (bpf/snoop.bpf.c's read_mem_item and
 * tail_iov: the verifier's work multiplied otherwise): no signature,
 * native or ia32, may ask otherwise. */
static int iov_kind(unsigned kind)
{
	return kind == SNOOP_MEM_IOV_IN || kind == SNOOP_MEM_IOV_OUT || kind == SNOOP_MEM_MSGHDR;
}

Test(decode, iovec_only_item)
{
	long nr;
	int second, seen = 0, msghdrs = 0;

	for (nr = 0; nr < SNOOP_MAX_SYSCALLS; nr++) {
		uint32_t specs[2] = { decode_argspec(nr), decode_argspec_ia32(nr) };
		int abi;

		for (abi = 0; abi < 2; abi++) {
			second = SNOOP_SPEC_KIND(specs[abi] >> 16);
			cr_expect(!iov_kind(second),
				  "syscall %ld (%s): an iovec array as the second item", nr, abi ? "ia32" : "native");
			seen += SNOOP_SPEC_KIND(specs[abi]) == SNOOP_MEM_IOV_IN;
			msghdrs += SNOOP_SPEC_KIND(specs[abi]) == SNOOP_MEM_MSGHDR;
			/* tail_iov reads the iovec array and nothing else */
			if (iov_kind(SNOOP_SPEC_KIND(specs[abi])))
				cr_expect_eq(specs[abi] >> 16, 0u, "syscall %ld (%s): an item after its iovec array", nr,
					     abi ? "ia32" : "native");
		}
	}
	cr_expect_gt(seen, 0, "writev and its kin read their iovec array as the first item");
	cr_expect_gt(msghdrs, 0, "sendmsg and recvmsg read their msghdr as the first item");
}

Test(decode, xlat_flags_generic)
{
	cr_expect_str_eq(STR(xlat_flags(out, xlat_at_flags, 0)), "0");
	cr_expect_str_eq(STR(xlat_flags(out, xlat_open_flags, O_SYNC)), "O_SYNC", "O_SYNC holds O_DSYNC's bit");
	cr_expect_str_eq(STR(xlat_flags(out, xlat_open_flags, O_DSYNC)), "O_DSYNC");
	cr_expect_null(xlat_name(xlat_signals, 0));
}

Test(decode, json_record)
{
	struct snoop_record r = rec("close", 0x5eed, 0, 0, 0, 0, 0);
	char buf[FORMAT_RECORD_MAX];

	r.ts_ns = 1500000000;
	r.pid = 7;
	r.tid = 8;
	r.ret = -9;
	r.duration_ns = 12;
	strcpy(r.comm, "a\"b");
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect_str_eq(buf, "{\"type\":\"syscall\",\"time_ns\":1500000000,\"pid\":7,\"tid\":8,"
		"\"comm\":\"a\\\"b\",\"syscall\":\"close\",\"nr\":3,\"ret\":-9,\"errno\":\"EBADF\",\"duration_ns\":12,"
		"\"args\":[24301],\"raw_args\":[\"0x5eed\",\"0x0\",\"0x0\",\"0x0\",\"0x0\",\"0x0\"]}\n");
	buf[fmt_record_json(buf, &r, NULL, 0, FMT_RAW, "2026-11-22T00:02:58.000000002+00:00", NULL)] = '\0';
	cr_expect(strstr(buf, "{\"type\":\"syscall\",\"time_ns\":1500000000,\"time_text\":\"2026-11-22T00:02:58.000000002+00:00\",") == buf,
		  "a time text beside time_ns: %s", buf);
	cr_expect(strstr(buf, "\"duration_ns\":12,\"raw_args\":[") != NULL, "--raw: no decoded args: %s", buf);
}

Test(decode, sixty_four_bit_offsets_and_lengths_whole)
{
	struct snoop_record r = rec("lseek", 3, 5000000000ull, SEEK_SET, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 5000000000, SEEK_SET)");
	r = rec("ftruncate", 3, (uint64_t)-1, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, -1)", "signed: a negative length shows as such");
	r = rec("pread64", 3, 0x1000, 16, 6000000000ull, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0x1000, 16, 6000000000)");
}

Test(decode, flags_without_an_access_mode)
{
	struct snoop_record r = rec("pipe2", 0x1000, 0, 0, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 0)", "not O_RDONLY");
	r = rec("dup3", 3, 100, O_CLOEXEC, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 100, O_CLOEXEC)");
	r = rec("accept4", 3, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, NULL, NULL, 0)", "not 0|...");
	r.args[3] = SOCK_CLOEXEC | SOCK_NONBLOCK;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, NULL, NULL, SOCK_CLOEXEC|SOCK_NONBLOCK)");
}

Test(decode, o_directory_has_no_mode_o_tmpfile_has)
{
	struct snoop_record r = rec("openat", (uint64_t)-100, 0, O_RDONLY | O_DIRECTORY, 0755, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, O_RDONLY|O_DIRECTORY)");
	r.args[2] = O_RDWR | O_TMPFILE;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, O_RDWR|O_TMPFILE, 0755)");
}

Test(decode, end_of_file_reads_as_empty_and_cut_argv_strings)
{
	struct snoop_record r = rec("read", 3, 0x1000, 16, 0, 0, 0);
	const char argv[] = "ls\0AAAA\0x";

	cap(&r, 0, 1, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"", 0)), "(3, \"\", 16)");
	r = rec("execve", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	cap(&r, 1, 1, sizeof(argv), SNOOP_MEM_ARGV_CUT(1));
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)argv, sizeof(argv))),
			 "(0x1000, [\"ls\", \"AAAA\"..., \"x\"], 0x3000)", "only the cut string is marked");
}

Test(decode, fd_pairs_and_constants_strace_names)
{
	struct snoop_record r = rec("pipe2", 0x1000, O_CLOEXEC, 0, 0, 0, 0);
	const int32_t fds[2] = { 3, 4 };

	cap(&r, 0, 0, sizeof(fds), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)fds, sizeof(fds))), "([3, 4], O_CLOEXEC)");
	r.mem_flags[0] = 0;   /* the call failed: nothing was read */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, O_CLOEXEC)");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("pipe"))), SNOOP_MEM_OUT);
	cr_expect_eq(SNOOP_SPEC_SIZE(decode_argspec(syscall_number("pipe"))), 8);
	r = rec("wait4", (uint64_t)-1, 0, 1 /* WNOHANG */, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(-1, NULL, WNOHANG, NULL)");
	r = rec("shutdown", 3, 2, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, SHUT_RDWR)");
	r = rec("madvise", 0x1000, 4096, 4, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 4096, MADV_DONTNEED)");
	r = rec("arch_prctl", 0x1002, 0x2000, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(ARCH_SET_FS, 0x2000)");
}

/* AT_EACCESS and AT_REMOVEDIR are both 0x200: faccessat2 has the first,
 * unlinkat the second, and a flag neither takes stays hex (strace's
 * faccessat_flags and at_flags) */
Test(decode, faccessat2_flags_are_its_own)
{
	struct snoop_record r = rec("faccessat2", (uint64_t)-100, 0x1000, R_OK, AT_EACCESS, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, 0x1000, R_OK, AT_EACCESS)");
	r.args[3] = AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(AT_FDCWD, 0x1000, R_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH)");
	r.args[3] = 0x4000;   /* AT_STATX_DONT_SYNC is statx's, not faccessat2's */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, 0x1000, R_OK, 0x4000)");
	r = rec("unlinkat", (uint64_t)-100, 0x1000, AT_REMOVEDIR, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, 0x1000, AT_REMOVEDIR)");
}

/* O_LARGEFILE is 0 in the C library's 64-bit headers, but the kernel sets
 * 0100000 on every open there and F_GETFL returns it, so programs hand it
 * back to F_SETFL: strace names it, and so does snoop */
Test(decode, o_largefile_by_the_kernels_value)
{
	struct snoop_record r = rec("fcntl", 3, F_SETFL, 0100000 | O_NONBLOCK, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, F_SETFL, O_RDONLY|O_NONBLOCK|O_LARGEFILE)");
	r = rec("openat", (uint64_t)-100, 0x1000, O_RDONLY | 0100000 | O_DIRECTORY, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, 0x1000, O_RDONLY|O_LARGEFILE|O_DIRECTORY)");
	r = rec("pipe2", 0x1000, 0100000, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, O_LARGEFILE)");
}

/* getcwd's path is what the call filled: read only when it succeeded
 * (strace's getcwd(0x7ffc.., 1) = -1 ERANGE, not the buffer's old bytes) */
Test(decode, getcwd_filled_on_success)
{
	struct snoop_record r = rec("getcwd", 0x1000, 64, 0, 0, 0, 0);

	cap(&r, 0, 0, 4, 0);
	r.ret = 5;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"/tmp", 4)), "(\"/tmp\", 64)");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("getcwd"))), SNOOP_MEM_STR_OUT);
	r.mem_flags[0] = 0;   /* failed: the BPF side read nothing */
	r.mem_len[0] = 0;
	r.ret = -34;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 64)");
}

/* rt_sigreturn's mask, read from the signal frame (its address the BPF
 * side's first argument): shown only when read, as strace shows it */
Test(decode, sigreturn_mask)
{
	struct snoop_record r = rec("rt_sigreturn", 0x7ffd1000, 0, 0, 0, 0, 0);
	uint64_t set = (1ULL << (SIGINT - 1)) | (1ULL << (SIGTERM - 1));
	unsigned cut;

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "()", "not read: nothing, as before");
	cap(&r, 0, 0, sizeof(set), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&set, sizeof(set))), "({mask=[INT TERM]})");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)&set, sizeof(set), &cut)] = '\0';
	cr_expect_str_eq(out, "[{\"mask\":[\"INT\",\"TERM\"]}]");
	r.mem_flags[0] = SNOOP_MEM_FAULT;
	r.mem_len[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "()", "unreadable: nothing");
	r.flags = SNOOP_REC_IA32;   /* ia32's frame is another: its own empty signature */
	r.nr = 173;
	cap(&r, 0, 0, sizeof(set), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&set, sizeof(set))), "()");
}

/* Flags of the calls that make an fd, by the call; getrusage; the CPU set
 * sched_getaffinity returned */
Test(decode, fd_flags_rusage_cpu_set)
{
	struct snoop_record r = rec("eventfd2", 0, 0x80800, 0, 0, 0, 0);
	uint8_t set[8] = { 0x3, 0, 0, 0, 0, 0, 0, 0x80 };
	int64_t ru[4] = { 0, 6333, 1, 0 };
	unsigned cut;

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0, EFD_CLOEXEC|EFD_NONBLOCK)");
	r = rec("memfd_create", 0x1000, 0x3, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, MFD_CLOEXEC|MFD_ALLOW_SEALING)");
	r = rec("timerfd_create", 1, 0x80800, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK)");
	r = rec("inotify_init1", 0x80800, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(IN_NONBLOCK|IN_CLOEXEC)");
	r = rec("splice", 3, 0, 6, 0, 5, 5);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, NULL, 6, NULL, 5, SPLICE_F_MOVE|SPLICE_F_MORE)");
	r = rec("copy_file_range", 3, 0, 1, 0, 0x7fffffffc0000000, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, NULL, 1, NULL, 9223372035781033984, 0)");
	/* close_range's bounds are unsigned ints, numbers as strace 6.1 prints them (no -y path) */
	r = rec("close_range", 3, (uint64_t)-1, 6, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 4294967295, CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC)");
	out[decode_args_json(out, &r, NULL, NULL, 0, &cut)] = '\0';
	cr_expect_str_eq(out, "[3,4294967295,\"CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC\"]");
	r = rec("getrusage", (uint64_t)-1, 0x1000, 0, 0, 0, 0);
	cap(&r, 0, 1, sizeof(ru), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ru, sizeof(ru))),
			 "(RUSAGE_CHILDREN, {ru_utime={tv_sec=0, tv_usec=6333}, ru_stime={tv_sec=1, tv_usec=0}, ...})");
	r = rec("sched_getaffinity", 0, 128, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(set), 0);
	r.ret = 8;
	cr_expect_str_eq(STR(decode_args(out, &r, set, sizeof(set))), "(0, 128, [0 1 63])");
	out[decode_args_json(out, &r, NULL, set, sizeof(set), &cut)] = '\0';
	cr_expect_str_eq(out, "[0,128,[0,1,63]]");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("sched_getaffinity"))), SNOOP_MEM_BUF_RET);
}

/* A socket address's length, given and written back: strace's [110 => 2],
 * [16] when the call left it; JSON the length after */
Test(decode, socklen_in_and_out)
{
	struct snoop_record r = rec("getsockname", 3, 0x1000, 0x2000, 0, 0, 0);
	uint8_t data[2 + 8] = { 1, 0 };   /* {AF_UNIX}, then the lengths */
	int32_t len[2] = { 110, 2 };
	unsigned cut;

	memcpy(data + 2, len, sizeof(len));
	cap(&r, 0, 1, 2, 0);
	cap(&r, 1, 2, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data))), "(3, {AF_UNIX}, [110 => 2])");
	out[decode_args_json(out, &r, NULL, data, sizeof(data), &cut)] = '\0';
	cr_expect_str_eq(out, "[3,{\"family\":\"AF_UNIX\"},[2]]");
	len[0] = 2;
	memcpy(data + 2, len, sizeof(len));
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data))), "(3, {AF_UNIX}, [2])");
	r.mem_len[1] = 4;   /* entry's copy not kept: the exit's alone */
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data) - 4)), "(3, {AF_UNIX}, [2])");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("accept4")) >> 16), SNOOP_MEM_INOUT);
}

/* capget's and capset's header and sets, strace's 1<<CAP_X way */
Test(decode, capabilities)
{
	struct snoop_record r = rec("capget", 0x1000, 0x2000, 0, 0, 0, 0);
	uint32_t data[2 + 6] = { 0x20080522, 0, 1 << 0 | 1 << 21, 1 << 0, 0, 1 << (40 - 32) | 1 << 30, 0, 0 };

	cap(&r, 0, 0, 8, 0);
	cap(&r, 1, 1, 24, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)data, sizeof(data))),
			 "({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_SYS_ADMIN|"
			 "1<<CAP_CHECKPOINT_RESTORE|0x4000000000000000, permitted=1<<CAP_CHOWN, inheritable=0})");
	data[0] = 0x19980330;   /* version 1: one struct, 32 bits */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)data, sizeof(data))),
			 "({version=_LINUX_CAPABILITY_VERSION_1, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_SYS_ADMIN, "
			 "permitted=1<<CAP_CHOWN, inheritable=0})");
	r.mem_flags[1] = 0;   /* failed: the sets were not read */
	r.mem_len[1] = 0;
	data[0] = 7;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)data, 8)), "({version=7, pid=0}, 0x2000)");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("capset")) >> 16), SNOOP_MEM_IN);
}

/* Socket options: the level, the option by the level, the value by its
 * length; netlink's protocols */
Test(decode, socket_options)
{
	struct snoop_record r = rec("setsockopt", 3, 1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, 0x1000, 4, 0);
	int32_t one = 1, linger[2] = { 1, 5 }, len[2] = { 64, 4 };
	uint8_t data[4 + 8];

	cap(&r, 0, 3, 4, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&one, 4)), "(3, SOL_SOCKET, SO_REUSEADDR, [1], 4)");
	r.args[1] = 6;   /* SOL_TCP */
	r.args[2] = 1;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&one, 4)), "(3, SOL_TCP, TCP_NODELAY, [1], 4)");
	r.args[1] = 1;
	r.args[2] = 13;   /* SO_LINGER */
	r.args[4] = 8;
	cap(&r, 0, 3, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)linger, 8)),
			 "(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8)");
	r.args[1] = 999;
	r.args[2] = 77;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"cubicbbr", 8)), "(3, 999, 77, \"cubicbbr\", 8)");

	r = rec("getsockopt", 3, 1, 4 /* SO_ERROR */, 0x1000, 0x2000, 0);
	memcpy(data, &one, 4);
	memcpy(data + 4, len, 8);
	cap(&r, 0, 3, 4, 0);
	cap(&r, 1, 4, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(data))), "(3, SOL_SOCKET, SO_ERROR, [1], [64 => 4])");
	r.mem_flags[0] = 0;   /* failed: the value not read */
	r.mem_len[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, data + 4, 8)), "(3, SOL_SOCKET, SO_ERROR, 0x1000, [64 => 4])");

	r = rec("socket", 16 /* AF_NETLINK */, 3, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
}

/* prctl by its option: only the arguments it takes, each as it reads it
 * (strace 6.1's lines) */
Test(decode, prctl_by_option)
{
	struct snoop_record r = rec("prctl", 15 /* PR_SET_NAME */, 0x1000, 0, 0, 0, 0);
	uint64_t fprog[2] = { 3, 0x7f0000001000 };
	unsigned cut;

	cap(&r, 0, 1, 5, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"probe", 5)), "(PR_SET_NAME, \"probe\")");
	cap(&r, 0, 1, 15, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"abcdefghijklmno", 15)),
			 "(PR_SET_NAME, \"abcdefghijklmno\"...)", "15 bytes without a NUL: strace's \"...\"");
	r.args[0] = 16;   /* PR_GET_NAME: 15 bytes and the kernel's NUL */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)"abcdefghijklmno", 15)),
			 "(PR_GET_NAME, \"abcdefghijklmno\")");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)"abcdefghijklmno", 15, &cut)] = '\0';
	cr_expect_str_eq(out, "[\"PR_GET_NAME\",\"abcdefghijklmno\"]");
	r.mem_flags[0] = 0;   /* failed: not read */
	r.mem_len[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_GET_NAME, 0x1000)");
	r = rec("prctl", 23 /* PR_CAPBSET_READ */, 21, 0, 0, 0, 0);
	r.mem_arg[0] = 1;
	r.mem_flags[0] = SNOOP_MEM_FAULT;   /* the number read as a string */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_CAPBSET_READ, CAP_SYS_ADMIN)");
	r = rec("prctl", 3 /* PR_GET_DUMPABLE */, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_GET_DUMPABLE)");
	r = rec("prctl", 1 /* PR_SET_PDEATHSIG */, 9, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_PDEATHSIG, SIGKILL)");
	r.args[1] = 200;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_PDEATHSIG, 200)");
	r = rec("prctl", 2 /* PR_GET_PDEATHSIG */, 0x2000, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_GET_PDEATHSIG, 0x2000)");
	r = rec("prctl", 47 /* PR_CAP_AMBIENT */, 2 /* RAISE */, 12, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0)");
	r.args[1] = 4;   /* CLEAR_ALL: the rest in hex */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0xc, 0, 0)");
	r = rec("prctl", 0x59616d61 /* PR_SET_PTRACER */, (uint64_t)-1, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_PTRACER, PR_SET_PTRACER_ANY)");
	r = rec("prctl", 28 /* PR_SET_SECUREBITS */, 0x11, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_SECUREBITS, SECBIT_NOROOT|SECBIT_KEEP_CAPS)");
	r = rec("prctl", 33 /* PR_MCE_KILL */, 1 /* SET */, 1 /* EARLY */, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0)");
	r = rec("prctl", 0x53564d41 /* PR_SET_VMA */, 0, 0x1000, 4096, 0x3000, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0x1000, 4096, 0x3000)");
	r = rec("prctl", 53 /* PR_SET_SPECULATION_CTRL */, 0, 4, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)),
			 "(PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, PR_SPEC_DISABLE)");
	r = rec("prctl", 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)");
	r = rec("prctl", 999, 1, 2, 3, 4, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(999, 0x1, 0x2, 0x3, 0x4)", "unknown: every argument");
	/* PR_SET_SECCOMP by its mode: strict alone, a filter's program */
	r = rec("prctl", 22 /* PR_SET_SECCOMP */, 1 /* STRICT */, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PR_SET_SECCOMP, SECCOMP_MODE_STRICT)");
	r.args[1] = 2;
	r.args[2] = 0x5000;
	cap(&r, 0, 2, sizeof(fprog), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)fprog, sizeof(fprog))),
			 "(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=3, filter=0x7f0000001000})");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)fprog, sizeof(fprog), &cut)] = '\0';
	cr_expect_str_eq(out, "[\"PR_SET_SECCOMP\",\"SECCOMP_MODE_FILTER\",{\"len\":3,\"filter\":\"0x7f0000001000\"}]");
	r.args[1] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)fprog, sizeof(fprog))),
			 "(PR_SET_SECCOMP, SECCOMP_MODE_DISABLED, 0x5000, 0, 0)");
	/* what the BPF side reads: the second argument as a string the call
	 * filled (not -P's kind), the third as a 16-byte structure given */
	cr_expect_eq(decode_argspec(syscall_number("prctl")),
		     SNOOP_SPEC(1, SNOOP_MEM_STR_OUT, 0) | SNOOP_SPEC_SIZED(2, SNOOP_MEM_IN, 0, 16) << 16);
}

Test(decode, seccomp_by_operation)
{
	struct snoop_record r = rec("seccomp", 1 /* SET_MODE_FILTER */, 1 /* TSYNC */, 0x1000, 0, 0, 0);
	uint64_t fprog[2] = { 1, 0x7f0000002000 };
	uint32_t action = 0x7ffc0000;   /* SECCOMP_RET_LOG */

	cap(&r, 0, 2, sizeof(fprog), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)fprog, sizeof(fprog))),
			 "(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, {len=1, filter=0x7f0000002000})");
	r.flags |= SNOOP_REC_IA32;   /* an ia32 caller's 32-bit sock_fprog: its address */
	r.nr = 354;                  /* seccomp's ia32 number */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)fprog, sizeof(fprog))),
			 "(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, 0x1000)");
	r = rec("seccomp", 2 /* GET_ACTION_AVAIL */, 0, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(action), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&action, sizeof(action))),
			 "(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_LOG])");
	r = rec("seccomp", 3 /* GET_NOTIF_SIZES */, 0, 0x1000, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(SECCOMP_GET_NOTIF_SIZES, 0, 0x1000)");
	r = rec("seccomp", 7, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(7, 0, NULL)");
}

/* A msghdr item: struct snoop_msghdr, the iovec entries, the name, the
 * control messages (bpf/snoop.h); its bytes into data, its length back */
static size_t msghdr_item(uint8_t *data, const struct snoop_msghdr *h, const void *iov, const void *name,
			  const void *control)
{
	size_t n = 0;

	memcpy(data, h, sizeof(*h));
	n += sizeof(*h);
	if (h->iov_kept)   /* (memcpy from NULL, even of 0 bytes, is undefined) */
		memcpy(data + n, iov, h->iov_kept);
	n += h->iov_kept;
	if (h->name_kept)
		memcpy(data + n, name, h->name_kept);
	n += h->name_kept;
	if (h->control_kept)
		memcpy(data + n, control, h->control_kept);
	return n + h->control_kept;
}

/* sendmsg's and recvmsg's msghdr, as strace 6.1 shows it */
Test(decode, msghdr)
{
	struct snoop_record r = rec("sendmsg", 3, 0x1000, 0x40 /* MSG_DONTWAIT */, 0, 0, 0);
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(53) };
	struct { struct snoop_iov h; char d[5]; } __attribute__((packed)) iov = { { 5, 5, 0 }, "hello" };
	struct { struct cmsghdr c; int fds[2]; } cm = { { 24, SOL_SOCKET, SCM_RIGHTS }, { 5, 6 } };
	struct snoop_msghdr h = { .iov_kept = sizeof(iov), .name_kept = sizeof(in), .control_kept = sizeof(cm),
				  .name = 0x2000, .namelen = sizeof(in), .iov = 0x3000, .iovlen = 1,
				  .control = 0x4000, .controllen = sizeof(cm) };
	uint8_t data[256];
	size_t n;
	unsigned cut;

	in.sin_addr.s_addr = htonl(0x7f000035);
	n = msghdr_item(data, &h, &iov, &in, &cm);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(3, {msg_name={AF_INET, 127.0.0.53:53}, msg_namelen=16, msg_iov=[{iov_base=\"hello\", iov_len=5}], "
			 "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
			 "cmsg_data=[5, 6]}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT)");
	out[decode_args_json(out, &r, NULL, data, n, &cut)] = '\0';
	cr_expect_str_eq(out, "[3,{\"msg_name\":{\"family\":\"AF_INET\",\"addr\":\"127.0.0.53\",\"port\":53},"
			 "\"msg_namelen\":16,\"msg_iov\":[{\"iov_base\":\"hello\",\"iov_len\":5}],\"msg_iovlen\":1,"
			 "\"msg_control\":[{\"cmsg_len\":24,\"cmsg_level\":\"SOL_SOCKET\",\"cmsg_type\":\"SCM_RIGHTS\","
			 "\"cmsg_data\":[5,6]}],\"msg_controllen\":24,\"msg_flags\":0},\"MSG_DONTWAIT\"]");
	/* the name and control not kept (past the caps, or unreadable): addresses */
	h.name_kept = h.control_kept = 0;
	n = msghdr_item(data, &h, &iov, &in, &cm);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(3, {msg_name=0x2000, msg_namelen=16, msg_iov=[{iov_base=\"hello\", iov_len=5}], msg_iovlen=1, "
			 "msg_control=0x4000, msg_controllen=24, msg_flags=0}, MSG_DONTWAIT)");
	/* the iovecs unread: their address */
	h.iov_kept = 0;
	n = msghdr_item(data, &h, &iov, &in, &cm);
	cap(&r, 0, 1, n, SNOOP_MEM_PARTIAL);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(3, {msg_name=0x2000, msg_namelen=16, msg_iov=0x3000, msg_iovlen=1, msg_control=0x4000, "
			 "msg_controllen=24, msg_flags=0}, MSG_DONTWAIT)");
	/* recvmsg: its data up to the return, a NULL buffer, the flags it set */
	r = rec("recvmsg", 4, 0x1000, 0, 0, 0, 0);
	r.ret = 3;
	iov.h.len = 100;
	iov.h.kept = 3;
	h = (struct snoop_msghdr){ .iov_kept = sizeof(iov.h) + 3, .iov = 0x3000, .iovlen = 1, .flags = MSG_TRUNC };
	n = msghdr_item(data, &h, &iov, NULL, NULL);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hel\", iov_len=100}], msg_iovlen=1, "
			 "msg_controllen=0, msg_flags=MSG_TRUNC}, 0)");
	iov.h = (struct snoop_iov){ 0, 0, 1 };
	h.iov_kept = sizeof(iov.h);
	n = msghdr_item(data, &h, &iov, NULL, NULL);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=NULL, iov_len=0}], msg_iovlen=1, "
			 "msg_controllen=0, msg_flags=MSG_TRUNC}, 0)", "strace's NULL buffer");
	/* the name length as given at entry (SNOOP_REC_NAMELEN): strace's
	 * in => out, and no more of the name than the kernel wrote */
	{
		struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(80) };
		struct snoop_iov unread = { 5, 8, SNOOP_IOV_UNREAD };
		uint64_t at = 0x10;

		r = rec("recvmsg", 4, 0x1000, 0, 0, 0, 110);
		r.flags = SNOOP_REC_NAMELEN;
		r.ret = 0;
		h = (struct snoop_msghdr){ .name = 0x2000, .namelen = 0 };
		n = msghdr_item(data, &h, NULL, NULL, NULL);
		cap(&r, 0, 1, n, 0);
		cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
				 "(4, {msg_name=0x2000, msg_namelen=110 => 0, msg_iov=NULL, msg_iovlen=0, msg_controllen=0, "
				 "msg_flags=0}, 0)");
		out[decode_args_json(out, &r, NULL, data, n, &cut)] = '\0';
		cr_expect(strstr(out, "\"msg_namelen\":0,"), "JSON: the length after: %s", out);
		r.args[5] = 4;   /* room for 4 bytes of a 16-byte address: those 4 */
		h = (struct snoop_msghdr){ .name = 0x2000, .namelen = 16, .name_kept = 4 };
		n = msghdr_item(data, &h, NULL, &peer, NULL);
		cap(&r, 0, 1, n, 0);
		cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
				 "(4, {msg_name={AF_INET}, msg_namelen=4 => 16, msg_iov=NULL, msg_iovlen=0, msg_controllen=0, "
				 "msg_flags=0}, 0)");
		/* an iovec whose data could not be read: its address */
		r = rec("writev", 3, 0x1000, 1, 0, 0, 0);
		memcpy(data, &unread, sizeof(unread));
		memcpy(data + sizeof(unread), &at, 8);
		cap(&r, 0, 1, sizeof(unread) + 8, 0);
		cr_expect_str_eq(STR(decode_args(out, &r, data, sizeof(unread) + 8)), "(3, [{iov_base=0x10, iov_len=5}], 1)");
		r = rec("recvmsg", 4, 0x1000, 0, 0, 0, 0);
	}
	/* failed: the name length it was given */
	r.ret = -11;
	h = (struct snoop_msghdr){ .name = 0x2000, .namelen = 110 };
	cap(&r, 0, 1, sizeof(h), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&h, sizeof(h))), "(4, {msg_namelen=110}, 0)");
	/* damaged: parts claimed past the item */
	h.name_kept = 200;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&h, sizeof(h))), "(4, 0x1000, 0)");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("recvmsg"))), SNOOP_MEM_MSGHDR);
	cr_expect_neq(SNOOP_SPEC_SIZE(decode_argspec(syscall_number("recvmsg"))), 0u, "recvmsg's: filled");
	cr_expect_eq(SNOOP_SPEC_SIZE(decode_argspec(syscall_number("sendmsg"))), 0u, "sendmsg's: given");
}

/* Memory policies, protection keys and groups, as strace 6.1 shows them */
Test(decode, mempolicy_pkeys_groups)
{
	struct snoop_record r = rec("set_mempolicy", 5 | 0x8000, 0x1000, 1024, 0, 0, 0);
	uint64_t nodes[16] = { 1, 0x123456789abcdef0ull };
	uint32_t gids[3] = { 0, 27, 100 };
	int32_t mode = 2;
	uint8_t data[4 + sizeof(nodes)];
	unsigned cut;

	cap(&r, 0, 1, sizeof(nodes), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)nodes, sizeof(nodes))),
			 "(MPOL_PREFERRED_MANY|MPOL_F_STATIC_NODES, [0x00000000000001, 0x123456789abcdef0, 0000000000000000, "
			 "0000000000000000, 0000000000000000, 0000000000000000, 0000000000000000, 0000000000000000, "
			 "0000000000000000, 0000000000000000, 0000000000000000, 0000000000000000, 0000000000000000, "
			 "0000000000000000, 0000000000000000, 0000000000000000], 1024)");
	r.args[2] = 65;   /* two longs' worth: (65 + 62) / 64 = 1 */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)nodes, sizeof(nodes))),
			 "(MPOL_PREFERRED_MANY|MPOL_F_STATIC_NODES, [0x00000000000001], 65)");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)nodes, sizeof(nodes), &cut)] = '\0';
	cr_expect_str_eq(out, "[\"MPOL_PREFERRED_MANY|MPOL_F_STATIC_NODES\",[\"0x1\"],65]");
	r.args[2] = 4096;   /* more than a record keeps: the first 16, then ... */
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)nodes, sizeof(nodes))), "0000000000000000, ...], 4096)"));
	r.args[0] = 9 | 0x8000;   /* an unknown mode with a flag: flags alone */
	r.args[1] = 0;
	r.args[2] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(MPOL_F_STATIC_NODES|0x9, NULL, 0)");
	r = rec("get_mempolicy", 0x2000, 0x1000, 65, 0, 0x2, 0);
	memcpy(data, &mode, 4);
	memcpy(data + 4, nodes, 8);
	cap(&r, 0, 0, 4, 0);
	cap(&r, 1, 1, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, 12)), "([MPOL_BIND], [0x00000000000001], 65, NULL, MPOL_F_ADDR)");
	r.ret = -14;   /* failed: nothing filled was read */
	r.mem_flags[0] = r.mem_flags[1] = 0;
	r.mem_len[0] = r.mem_len[1] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x2000, 0x1000, 65, NULL, MPOL_F_ADDR)");
	r = rec("pkey_alloc", 0, 3, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0, PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE)");
	r = rec("pkey_mprotect", 0x10000, 4096, 1, 5, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x10000, 4096, PROT_READ, 5)");
	/* getgroups: as many as it returned, within its size */
	r = rec("getgroups", 16, 0x1000, 0, 0, 0, 0);
	r.ret = 3;
	cap(&r, 0, 1, sizeof(gids), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)gids, sizeof(gids))), "(16, [0, 27, 100])");
	r.args[0] = 0;   /* a size of 0 asks for the count: nothing filled */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)gids, sizeof(gids))), "(0, [])");
	r.args[1] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0, NULL)");
	r = rec("setgroups", 2, 0x1000, 0, 0, 0, 0);
	cap(&r, 0, 1, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)gids, 8)), "(2, [0, 27])");
	cr_expect_eq(decode_argspec(syscall_number("setgroups")), SNOOP_SPEC_SIZED(1, SNOOP_MEM_ARRAY, 0, 4),
		     "the count in the argument before");
}

/* ioctl's third argument by its command: ints, a window size, none, hex */
Test(decode, ioctl_argument)
{
	struct snoop_record r = rec("ioctl", 3, 0x5421 /* FIONBIO */, 0x1000, 0, 0, 0);
	int32_t one = 1;
	uint16_t ws[4] = { 24, 80, 0, 0 };

	cap(&r, 0, 2, 4, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&one, 4)), "(3, FIONBIO, [1])");
	r.ret = -9;   /* failed: not read */
	r.mem_flags[0] = 0;
	r.mem_len[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, FIONBIO, 0x1000)");
	r.ret = 0;
	r.args[1] = 0x5413;   /* TIOCGWINSZ */
	cap(&r, 0, 2, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ws, 8)),
			 "(3, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})");
	r.args[1] = 0x5451;   /* FIOCLEX: no argument */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, FIOCLEX)");
	{
		/* TCGETS: a termios's flags (raw mode's oflag: the delays and 0;
		 * an input baud rate shifted) */
		uint32_t t[4] = { 0x500 /* ICRNL|IXON */, 0, 0xbf | 0xf << 16 /* B38400|CS8|CREAD, CIBAUD B38400 */,
				  0x8a3b /* ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN */ };

		r.args[1] = 0x5401;
		cap(&r, 0, 2, 16, 0);
		cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)t, 16)),
				 "(3, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|0, "
				 "c_cflag=B38400|B38400<<IBSHIFT|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|"
				 "ECHOKE, ...})");
		cap(&r, 0, 2, 8, 0);   /* not all of it read */
		cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)t, 8)), "(3, TCGETS, 0x1000)");
		r.args[1] = 0x540b;   /* TCFLSH: a number given */
		r.args[2] = 2;
		cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, TCFLSH, TCIOFLUSH)");
		r.args[1] = 0x5422;   /* TIOCNOTTY: none */
		cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, TIOCNOTTY)");
		r.args[2] = 0x1000;
	}
	r.args[1] = 0xc0185879;
	r.args[2] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0xc0185879, 0)");
}

/* A second review's finds: strace's -1 gid, a size past NGROUPS_MAX, a
 * node mask of no words, XTABS, one control message cut alone */
Test(decode, review_fixes)
{
	struct snoop_record r = rec("setgroups", 2, 0x1000, 0, 0, 0, 0);
	uint32_t gids[2] = { (uint32_t)-1, 1 }, t[4] = { 0, 0x1800 /* TAB3 */ | 0x4 /* ONLCR */, 0xbf, 0 };
	struct { struct cmsghdr c; int fds[1]; } cm = { { 28, SOL_SOCKET, SCM_RIGHTS }, { 5 } };
	struct snoop_msghdr h = { .control_kept = sizeof(cm), .control = 0x4000, .controllen = 32 };
	uint8_t data[256];
	size_t n;

	cap(&r, 0, 1, 8, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)gids, 8)), "(2, [-1, 1])");
	r.args[0] = 65537;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)gids, 8)), "(65537, 0x1000)");
	r = rec("get_mempolicy", 0x2000, 0x1000, 0, 0, 0, 0);
	r.ret = -22;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x2000, [], 0, NULL, 0)", "maxnode 0: no words, []");
	r = rec("ioctl", 3, 0x5401, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, 16, 0);
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)t, 16)), "c_oflag=NL0|CR0|XTABS|BS0|VT0|FF0|ONLCR,"),
		  "%s", out);
	/* a message whose data was cut, the only one: "..." in it, none after */
	r = rec("sendmsg", 3, 0x1000, 0, 0, 0, 0);
	memcpy(data, &h, sizeof(h));
	memcpy(data + sizeof(h), &cm, 20);
	h.control_kept = 20;
	memcpy(data, &h, sizeof(h));
	n = sizeof(h) + 20;
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(3, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, msg_control=[{cmsg_len=28, "
			 "cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5], ...}], msg_controllen=32, msg_flags=0}, 0)");
}

/* sendmmsg: its first message's msghdr, its msg_len not read, more after */
Test(decode, sendmmsg_first_message)
{
	struct snoop_record r = rec("sendmmsg", 4, 0x1000, 2, 0x4000 /* MSG_NOSIGNAL */, 0, 0);
	struct { struct snoop_iov h; char d[3]; } __attribute__((packed)) iov = { { 3, 3, 0 }, "q-a" };
	struct snoop_msghdr h = { .iov_kept = sizeof(iov), .iov = 0x3000, .iovlen = 1 };
	uint8_t data[256];
	size_t n;

	n = msghdr_item(data, &h, &iov, NULL, NULL);
	cap(&r, 0, 1, n, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, data, n)),
			 "(4, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"q-a\", iov_len=3}], msg_iovlen=1, "
			 "msg_controllen=0, msg_flags=0}, ...}, ...], 2, MSG_NOSIGNAL)");
	r.args[2] = 1;
	cr_expect(strstr(STR(decode_args(out, &r, data, n)), "msg_flags=0}, ...}], 1, MSG_NOSIGNAL)"), "%s", out);
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec(syscall_number("sendmmsg"))), SNOOP_MEM_MSGHDR);
}

/* Calls a survey of ~70 programs under strace 6.1 found as registers,
 * hex or an address: their lines now as strace's */
Test(decode, flags_locks_priorities_and_times_as_strace)
{
	struct { int16_t type, whence; int32_t pad; int64_t start, len; int32_t pid, pad2; } fl = { 0, 0, 0, 100, 1, 77, 0 };
	struct { int64_t sec, nsec; } ts[2] = { { 0, (1L << 30) - 2 }, { 1700000000, 0 } };
	uint8_t act[32] = { 0 };
	struct snoop_record r = rec("flock", 3, 1 | 4, 0, 0, 0, 0);

	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, LOCK_SH|LOCK_NB)");
	r = rec("mremap", 0x1000, 4096, 8192, 1, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 4096, 8192, MREMAP_MAYMOVE, NULL)");
	r = rec("renameat2", (uint64_t)-100, 0, (uint64_t)-100, 0, 1, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, AT_FDCWD, NULL, RENAME_NOREPLACE)");
	r = rec("inotify_add_watch", 4, 0, 0x102, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(4, NULL, IN_MODIFY|IN_CREATE)");
	r = rec("mknodat", (uint64_t)-100, 0, 010666, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, S_IFIFO|0666)", "no device for a FIFO");
	r = rec("fallocate", 3, 1, 0, 4096, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, FALLOC_FL_KEEP_SIZE, 0, 4096)");
	r = rec("getpriority", 0, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PRIO_PROCESS, 0)");
	r = rec("sched_get_priority_max", 1, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(SCHED_FIFO)");
	r = rec("setresuid", 0xffffffff, 0, 0xfffffffe, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(-1, 0, 4294967294)", "strace's printuid");
	r = rec("mknodat", (uint64_t)-100, 0, 010007, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, S_IFIFO|007)", "%#03o");
	r = rec("mknodat", (uint64_t)-100, 0, 0x10000 | 0644, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, 0644)", "a umode_t: 16 bits");
	r = rec("mknodat", (uint64_t)-100, 0, S_IFCHR | 0600, 0x103, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, S_IFCHR|0600, makedev(0x1, 0x3))", "a device's number, as strace");
	r = (struct snoop_record){ .nr = 324, .flags = SNOOP_REC_IA32, .args = { 3, 1, 4096, 0, 8192, 0 } };   /* ia32 fallocate */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, FALLOC_FL_KEEP_SIZE, 4096, 8192)",
			 "its 64-bit offset and length, each from two registers");
	r.args[3] = 2;   /* the offset's high half */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, FALLOC_FL_KEEP_SIZE, 8589938688, 8192)");
	r = rec("rt_sigaction", 32, 0, 0, 8, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(SIGRTMIN, NULL, NULL, 8)");
	r = rec("rt_sigaction", 10, 0x1000, 0, 8, 0, 0);
	memset(act, 0xff, 8);                          /* SIG_ERR */
	act[8] = 0x00, act[9] = 0, act[10] = 0, act[11] = 0x20;   /* SA_INTERRUPT */
	cap(&r, 0, 1, sizeof(act), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, act, sizeof(act))),
			 "(SIGUSR1, {sa_handler=SIG_ERR, sa_mask=[], sa_flags=SA_INTERRUPT}, NULL, 8)");
	r = rec("fcntl", 3, F_GETLK, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(fl), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&fl, sizeof(fl))),
			 "(3, F_GETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=100, l_len=1, l_pid=77})");
	r.args[1] = F_SETLKW;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&fl, sizeof(fl))),
			 "(3, F_SETLKW, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=100, l_len=1})");
	r = rec("fcntl", 3, F_SETLK, 0x1000, 0, 0, 0);   /* failed: not read */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, F_SETLK, 0x1000)");
	r = rec("utimensat", (uint64_t)-100, 0, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(ts), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))),
			 "(AT_FDCWD, NULL, [UTIME_OMIT, {tv_sec=1700000000, tv_nsec=0}], 0)");
	ts[1].nsec = (1L << 30) - 1;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ts, sizeof(ts))), "(AT_FDCWD, NULL, [UTIME_OMIT, UTIME_NOW], 0)");
}

/* The calls that had no signature (tests/progs/callsweep compares them
 * with strace): their own constants and structures */
Test(decode, calls_with_constants_of_their_own)
{
	struct { int64_t sec, nsec; } its[2] = { { 0, 0 }, { 100, 5 } };
	struct { uint64_t value; int32_t signo, notify; uint64_t fn, attr; } ev = { 0, 12, 0, 0, 0 };
	struct snoop_record r;

	r = rec("shmget", 0, 4096, 01000 | 0600, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(IPC_PRIVATE, 4096, IPC_CREAT|0600)");
	r = rec("semget", 0x1234, 1, 01000 | 02000 | 0600, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1234, 1, IPC_CREAT|IPC_EXCL|0600)");
	r = rec("shmctl", 3, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, IPC_RMID, NULL)");
	r = rec("semctl", 3, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0, IPC_RMID, NULL)");
	r = rec("msgsnd", 3, 0x1000, 4, 04000, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0x1000, 4, IPC_NOWAIT)");
	r = rec("timer_settime", 0, 1, 0x1000, 0, 0, 0);
	cap(&r, 0, 2, sizeof(its), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)its, sizeof(its))),
			 "(0, TIMER_ABSTIME, {it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=100, tv_nsec=5}}, NULL)");
	r = rec("timer_create", 1, 0x1000, 0x2000, 0, 0, 0);
	cap(&r, 0, 1, sizeof(ev), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&ev, sizeof(ev))),
			 "(CLOCK_MONOTONIC, {sigev_signo=SIGUSR2, sigev_notify=SIGEV_SIGNAL}, 0x2000)");
	ev.value = 0x55;
	ev.notify = 4;   /* SIGEV_THREAD_ID */
	ev.fn = 77;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&ev, sizeof(ev))),
			 "(CLOCK_MONOTONIC, {sigev_value={sival_int=85, sival_ptr=0x55}, sigev_signo=SIGUSR2, "
			 "sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=77}, 0x2000)");
	ev.notify = 1;   /* SIGEV_NONE: the signal a number */
	ev.value = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&ev, sizeof(ev))),
			 "(CLOCK_MONOTONIC, {sigev_signo=12, sigev_notify=SIGEV_NONE}, 0x2000)");
	r = rec("pwritev2", 3, 0x1000, 1, 0, 0, 2);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0x1000, 1, 0, RWF_DSYNC)", "pos_h is not shown");
	r = rec("keyctl", 0, (uint64_t)-2, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0)");
	r = rec("mknod", 0x1000, S_IFIFO | 0600, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, S_IFIFO|0600)", "a FIFO has no device");
	r = rec("reboot", 0xfee1dead, 0x28121969, 0xA1B2C3D4, 0x1000, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0xfee1dead, 0x28121969, LINUX_REBOOT_CMD_RESTART2, 0x1000)");
	r = rec("reboot", 0xfee1dead, 0x28121969, 0, 0x1000, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0xfee1dead, 0x28121969, LINUX_REBOOT_CMD_CAD_OFF)");
	r = rec("fanotify_init", 1, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(FAN_CLASS_NOTIF|FAN_CLOEXEC, O_RDONLY)");
	r = rec("mlockall", 5, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(MCL_CURRENT|MCL_ONFAULT)");
	{
		uint64_t filled[2] = { 0x7f41bf792a20, 24 };

		r = rec("get_robust_list", 0, 0x1000, 0x2000, 0, 0, 0);
		cap(&r, 0, 1, 8, 0);
		cap(&r, 1, 2, 8, 0);
		cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)filled, sizeof(filled))),
				 "(0, [0x7f41bf792a20], [24])");
	}
	r = rec("keyctl", 8 /* KEYCTL_LINK */, 539908149, (uint64_t)-2, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(KEYCTL_LINK, 539908149, KEY_SPEC_PROCESS_KEYRING)");
	r = rec("keyctl", 15 /* KEYCTL_SET_TIMEOUT */, 5, 100, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(KEYCTL_SET_TIMEOUT, 5, 100)");
	r = rec("keyctl", 1000, 1, 2, 3, 4, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(1000, 1, 0x2, 0x3, 0x4)", "an operation newer than the table");
	r = rec("mq_open", 0, O_RDONLY, 0x1234, 0x5678, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, O_RDONLY)", "no mode or attr without O_CREAT");
	r.args[1] = O_RDWR | O_CREAT;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, O_RDWR|O_CREAT, 011064, 0x5678)", "both with it");
	r = (struct snoop_record){ .nr = 333, .flags = SNOOP_REC_IA32, .args = { 3, 0x1000, 1, 0x2345678f, 1, 0 } };   /* ia32 preadv */
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(3, 0x1000, 1, 4886718351)");
	r = rec("ptrace", 0, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PTRACE_TRACEME)");
	r = rec("ptrace", 12, 1, 0, 0x1000, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PTRACE_GETREGS, 1, 0x1000)", "its addr is ignored");
	r = rec("ptrace", 7, 1, 0, SIGUSR1, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PTRACE_CONT, 1, NULL, SIGUSR1)");
	r = rec("ptrace", 0x4200, 1, 0, 0x81, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PTRACE_SETOPTIONS, 1, NULL, PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACESECCOMP)");
	r = rec("ptrace", 16, 42, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(PTRACE_ATTACH, 42)");
	{
		/* wait statuses as strace reads them: a ptrace event stop, a
		 * syscall stop (TRACESYSGOOD), a continued child, no case */
		int32_t st[4] = { 0x7f | SIGTRAP << 8 | 4 << 16, 0x7f | (SIGTRAP | 0x80) << 8, 0xffff, 0x12ff };
		const char *want[4] = { "(5, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_EXEC<<16], __WALL, NULL)",
					"(5, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP | 0x80}], __WALL, NULL)",
					"(5, [{WIFCONTINUED(s)}], __WALL, NULL)", "(5, [0x12ff], __WALL, NULL)" };
		int k;

		for (k = 0; k < 4; k++) {
			r = rec("wait4", 5, 0x1000, 0x40000000, 0, 0, 0);
			r.ret = 5;
			cap(&r, 0, 1, 4, 0);
			cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&st[k], 4)), want[k]);
		}
	}
	r = rec("wait4", 5, 0, 2, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(5, NULL, WSTOPPED, NULL)", "strace 6.1's name for 2");
	r = rec("clock_gettime", (uint32_t)-214922, 0, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0xfffcb876, NULL)", "a dynamic clock in hex");
	r = rec("mount", 0, 0x1000, 0, 0x44000, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, 0x1000, NULL, MS_REC|MS_PRIVATE, NULL)");
	r = rec("umount2", 0x1000, 2, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, MNT_DETACH)");
	r = rec("pidfd_open", 42, 04000, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(42, PIDFD_NONBLOCK)");
	r = rec("ioctl", 6, 0xb701, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(6, NS_GET_USERNS)");
	/* calls newer than the build's headers: named and decoded alike */
	cr_expect_str_eq(syscall_name(452), "fchmodat2");
	cr_expect_str_eq(syscall_name(462), "mseal");
	r = rec("fchmodat2", (uint64_t)-100, 0, 0644, 0x100, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(AT_FDCWD, NULL, 0644, AT_SYMLINK_NOFOLLOW)");
	r = rec("getresuid", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 0x2000, 0x3000)", "three arguments, not six");
}
