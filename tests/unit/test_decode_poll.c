/* What a call waits on: poll's and ppoll's pollfds (and the note strace
 * writes after the return), epoll's events; what the BPF side is asked to
 * read for them. */
#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/syscalls.h"

#include "decode_helpers.h"

static char note[DECODE_MAX + 1];
#define NOTE(call) (note[(call)] = '\0', note)

static void expect_read(const char *name, int item, int a, int kind, int size, int lenarg)
{
	uint32_t spec = decode_argspec(syscall_number(name)) >> (16 * item) & 0xffff;

	cr_expect_eq(SNOOP_SPEC_ARG(spec), (uint32_t)a, "%s item %d: argument", name, item);
	cr_expect_eq(SNOOP_SPEC_KIND(spec), (uint32_t)kind, "%s item %d: kind", name, item);
	cr_expect_eq(SNOOP_SPEC_SIZE(spec), (uint32_t)size, "%s item %d: size", name, item);
	cr_expect_eq(SNOOP_SPEC_LENARG(spec), (uint32_t)lenarg, "%s item %d: length argument", name, item);
}

Test(decode_poll, poll_ready_timeout_and_failed)
{
	struct pollfd f[3] = { { 3, POLLIN, POLLIN }, { -1, POLLIN, 0 }, { 4, POLLIN | POLLOUT, POLLOUT | POLLHUP } };
	struct snoop_record r = rec("poll", 0x1000, 3, 100, 0, 0, 0);
	unsigned cut;

	cap(&r, 0, 0, sizeof(f), 0);
	r.ret = 2;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)f, sizeof(f))),
			 "([{fd=3, events=POLLIN}, {fd=-1}, {fd=4, events=POLLIN|POLLOUT}] => "
			 "[{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT|POLLHUP}], 3, 100)");
	cr_expect_str_eq(STR(decode_args_strace(out, &r, NULL, (const uint8_t *)f, sizeof(f))),
			 "([{fd=3, events=POLLIN}, {fd=-1}, {fd=4, events=POLLIN|POLLOUT}], 3, 100)");
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)f, sizeof(f))),
			 "[{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT|POLLHUP}]");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)f, sizeof(f), &cut)] = '\0';
	cr_expect_str_eq(out, "[[{\"fd\":3,\"events\":\"POLLIN\",\"revents\":\"POLLIN\"},{\"fd\":-1,\"revents\":0},"
			      "{\"fd\":4,\"events\":\"POLLIN|POLLOUT\",\"revents\":\"POLLOUT|POLLHUP\"}],3,100]");
	r.ret = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)f, sizeof(f))),
			 "([{fd=3, events=POLLIN}, {fd=-1}, {fd=4, events=POLLIN|POLLOUT}], 3, 100)");
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)f, sizeof(f))), "Timeout");
	r.ret = -4;   /* EINTR: no note */
	cr_expect_eq(decode_ret_note(note, &r, (const uint8_t *)f, sizeof(f)), 0u);
	r.mem_flags[0] = SNOOP_MEM_FAULT;
	r.mem_len[0] = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(0x1000, 3, 100)");
	r = rec("poll", 0, 0, 1, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(NULL, 0, 1)");
	r.args[0] = 0x1000;
	cap(&r, 0, 0, 0, 0);
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "([], 0, 1)");
	expect_read("poll", 0, 0, SNOOP_MEM_ARRAY, sizeof(struct pollfd), 1);
}

/* 40 fds: the item holds 32; the ready ones past them are not seen */
Test(decode_poll, poll_cut_at_32)
{
	struct pollfd f[32];
	struct snoop_record r = rec("poll", 0x1000, 40, -1, 0, 0, 0);
	int i;

	for (i = 0; i < 32; i++)
		f[i] = (struct pollfd){ .fd = i, .events = POLLIN, .revents = i == 5 ? POLLIN : 0 };
	cap(&r, 0, 0, sizeof(f), SNOOP_MEM_TRUNC);
	r.ret = 2;
	cr_expect(strstr(STR(decode_args_strace(out, &r, NULL, (const uint8_t *)f, sizeof(f))),
			 "{fd=31, events=POLLIN}, ...], 40, -1)") != NULL, "%s", out);
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)f, sizeof(f))),
			 "[{fd=5, revents=POLLIN}, ...]");
	r.ret = 1;   /* all of them seen */
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)f, sizeof(f))), "[{fd=5, revents=POLLIN}]");
}

Test(decode_poll, ppoll_time_left)
{
	struct {
		struct pollfd f[1];
		int64_t given[2], left[2];
	} d = { { { 3, POLLIN, POLLIN } }, { 1, 0 }, { 0, 999000000 } };
	struct snoop_record r = rec("ppoll", 0x1000, 1, 0x2000, 0, 8, 0);
	unsigned cut;

	cap(&r, 0, 0, sizeof(d.f), 0);
	cap(&r, 1, 2, 32, 0);
	r.ret = 1;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&d, sizeof(d))),
			 "([{fd=3, events=POLLIN}] => [{fd=3, revents=POLLIN}], 1, "
			 "{tv_sec=1, tv_nsec=0} => {tv_sec=0, tv_nsec=999000000}, NULL, 8)");
	cr_expect_str_eq(STR(decode_args_strace(out, &r, NULL, (const uint8_t *)&d, sizeof(d))),
			 "([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8)");
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)&d, sizeof(d))),
			 "[{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999000000}");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)&d, sizeof(d), &cut)] = '\0';
	cr_expect(strstr(out, ",1,{\"tv_sec\":1,\"tv_nsec\":0,\"after\":{\"tv_sec\":0,\"tv_nsec\":999000000}},null,8]") !=
		  NULL, "%s", out);
	d.f[0].revents = 0;   /* no ready fd to list: the time left alone, strace's way */
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)&d, sizeof(d))),
			 "left {tv_sec=0, tv_nsec=999000000}");
	d.f[0].revents = POLLIN;
	r.ret = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)&d, sizeof(d))),
			 "([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8)");
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)&d, sizeof(d))), "Timeout");
	/* entry's copy missing (a call whose entry was not seen): the item is
	 * the exit's copy alone, the time left, not the request */
	r.ret = 1;
	r.mem_len[1] = 16;
	memcpy(d.given, d.left, sizeof(d.left));
	cr_expect(strstr(STR(decode_args(out, &r, (const uint8_t *)&d, sizeof(d) - 16)), ", 1, 0x2000, NULL, 8)"), "%s",
		  out);
	cr_expect_str_eq(NOTE(decode_ret_note(note, &r, (const uint8_t *)&d, sizeof(d) - 16)),
			 "[{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999000000}");
	expect_read("ppoll", 0, 0, SNOOP_MEM_ARRAY, sizeof(struct pollfd), 1);
	expect_read("ppoll", 1, 2, SNOOP_MEM_INOUT, 16, 0);
}

Test(decode_poll, epoll_ctl_and_wait)
{
	struct epoll_event ev[2] = { { .events = EPOLLIN | EPOLLET, .data.u64 = 3 },
				     { .events = EPOLLOUT | EPOLLHUP, .data.u64 = 0x100000002ULL } };
	struct snoop_record r = rec("epoll_ctl", 5, EPOLL_CTL_ADD, 3, 0x1000, 0, 0);
	unsigned cut;

	cap(&r, 0, 3, sizeof(ev[0]), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ev, sizeof(ev[0]))),
			 "(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}})");
	r.args[1] = EPOLL_CTL_DEL;   /* the kernel ignores the event: its address */
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ev, sizeof(ev[0]))), "(5, EPOLL_CTL_DEL, 3, 0x1000)");
	r.args[1] = 7;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ev, sizeof(ev[0]))),
			 "(5, 7, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}})");
	expect_read("epoll_ctl", 0, 3, SNOOP_MEM_IN, sizeof(struct epoll_event), 0);

	r = rec("epoll_wait", 5, 0x1000, 8, -1, 0, 0);
	cap(&r, 0, 1, sizeof(ev), 0);
	r.ret = 2;
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ev, sizeof(ev))),
			 "(5, [{events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}, "
			 "{events=EPOLLOUT|EPOLLHUP, data={u32=2, u64=4294967298}}], 8, -1)");
	out[decode_args_json(out, &r, NULL, (const uint8_t *)ev, sizeof(ev), &cut)] = '\0';
	cr_expect_str_eq(out, "[5,[{\"events\":\"EPOLLIN|EPOLLET\",\"data\":{\"u32\":3,\"u64\":3}},"
			      "{\"events\":\"EPOLLOUT|EPOLLHUP\",\"data\":{\"u32\":2,\"u64\":4294967298}}],8,-1]");
	cr_expect_eq(decode_ret_note(note, &r, (const uint8_t *)ev, sizeof(ev)), 0u, "no note: the events are an argument");
	r.mem_len[0] = 0;
	r.ret = 0;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(5, [], 8, -1)");
	r.mem_flags[0] = 0;   /* failed: nothing read */
	r.ret = -4;
	cr_expect_str_eq(STR(decode_args(out, &r, NULL, 0)), "(5, 0x1000, 8, -1)");
	expect_read("epoll_wait", 0, 1, SNOOP_MEM_ARRAY_RET, sizeof(struct epoll_event), 0);
	/* epoll_pwait2: strace decodes at the exit, a failed call's timeout and
	 * mask are addresses */
	{
		int64_t t[2] = { 1, -1 };

		r = rec("epoll_pwait2", 5, 0x1000, 4, 0x3000, 0, 8);
		cap(&r, 1, 3, sizeof(t), 0);
		r.ret = 0;
		cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)t, sizeof(t))),
				 "(5, 0x1000, 4, {tv_sec=1, tv_nsec=18446744073709551615}, NULL, 8)");
		r.ret = -4;
		cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)t, sizeof(t))), "(5, 0x1000, 4, 0x3000, NULL, 8)");
	}
	r = rec("epoll_ctl", 5, EPOLL_CTL_ADD, 3, 0x1000, 0, 0);
	ev[0].events = 0x20;
	cap(&r, 0, 3, sizeof(ev[0]), 0);
	cr_expect_str_eq(STR(decode_args(out, &r, (const uint8_t *)ev, sizeof(ev[0]))),
			 "(5, EPOLL_CTL_ADD, 3, {events=EPOLLNVAL, data={u32=3, u64=3}})");
	expect_read("epoll_pwait", 0, 1, SNOOP_MEM_ARRAY_RET, sizeof(struct epoll_event), 0);
	expect_read("epoll_pwait", 1, 4, SNOOP_MEM_IN, 8, 0);
	expect_read("epoll_pwait2", 1, 3, SNOOP_MEM_IN, 16, 0);
}

/* An in/out item grows at the exit (entry's copy, then the exit's): it is
 * a call's second item (so nothing follows it), within the BPF side's
 * bound. Arrays are a call's first item. The BPF side reads each kind only
 * in that place: the other item's copy of its reader has one kind fewer
 * for the verifier to walk. */
Test(decode_poll, item_rules)
{
	long nr;
	int abi, inout = 0, arrays = 0;

	for (nr = 0; nr < SNOOP_MAX_SYSCALLS; nr++) {
		uint32_t specs[2] = { decode_argspec(nr), decode_argspec_ia32(nr) };

		for (abi = 0; abi < 2; abi++) {
			uint32_t first = SNOOP_SPEC_KIND(specs[abi]), second = SNOOP_SPEC_KIND(specs[abi] >> 16);
			const char *how = abi ? "ia32" : "native";

			cr_expect(first != SNOOP_MEM_INOUT, "syscall %ld (%s): an in/out item first", nr, how);
			cr_expect(second != SNOOP_MEM_ARRAY && second != SNOOP_MEM_ARRAY_RET,
				  "syscall %ld (%s): an array as the second item", nr, how);
			if (second == SNOOP_MEM_INOUT) {
				cr_expect_leq(SNOOP_SPEC_SIZE(specs[abi] >> 16), SNOOP_INOUT_MAX, "syscall %ld", nr);
				inout++;
			}
			arrays += first == SNOOP_MEM_ARRAY || first == SNOOP_MEM_ARRAY_RET;
		}
	}
	cr_expect_geq(inout, 5, "ppoll's timeout, accept's, accept4's, getsockname's and getpeername's length");
	cr_expect_eq(SNOOP_SPEC_KIND(decode_argspec_ia32(309 /* ia32 ppoll */) >> 16), 0u,
		     "ia32's ppoll: its timespec differs, not read");
	cr_expect_geq(arrays, 10, "poll, ppoll and the epoll waits, native and ia32");
}
