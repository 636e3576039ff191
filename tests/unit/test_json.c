/* JSON output: the UTF-8 rule of its strings, the decoders' values in
 * both syntaxes (every shape they write: record/value.h's table), and the
 * bounds. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "record/format.h"
#include "record/run_info.h"
#include "record/decoders.h"
#include "record/value.h"
#include "tests/json_check.h"

#include "decode_helpers.h"

static char js[6 * 4096 + 3];

static const char *JB(const void *bytes, size_t n)
{
	js[fmt_json_bytes(js, bytes, n)] = '\0';
	cr_expect(json_valid(js, strlen(js)), "invalid JSON: %s", js);
	return js;
}

Test(json_str, valid_utf8_passes_through)
{
	cr_expect_str_eq(JB("caf\xc3\xa9-\xe2\x82\xac", 9), "\"caf\xc3\xa9-\xe2\x82\xac\"", "café-€ as it is");
	cr_expect_str_eq(JB("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"", "4 bytes: U+1F600");
	cr_expect_str_eq(JB("\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7), "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"", "U+FFFF, U+10FFFF");
	cr_expect_str_eq(JB("a\"b\\c/", 6), "\"a\\\"b\\\\c/\"");
}

Test(json_str, control_bytes_as_u00xx)
{
	cr_expect_str_eq(JB("\n\t\x01\x7f\0", 5), "\"\\u000a\\u0009\\u0001\\u007f\\u0000\"");
}

Test(json_str, invalid_bytes_as_lone_surrogates)
{
	cr_expect_str_eq(JB("\x80", 1), "\"\\udc80\"", "a stray continuation byte");
	cr_expect_str_eq(JB("\xff\xfe", 2), "\"\\udcff\\udcfe\"");
	cr_expect_str_eq(JB("\xc0\xaf", 2), "\"\\udcc0\\udcaf\"", "overlong /");
	cr_expect_str_eq(JB("\xc1\xbf", 2), "\"\\udcc1\\udcbf\"", "overlong 2-byte");
	cr_expect_str_eq(JB("\xe0\x80\xaf", 3), "\"\\udce0\\udc80\\udcaf\"", "overlong 3-byte");
	cr_expect_str_eq(JB("\xf0\x80\x80\xaf", 4), "\"\\udcf0\\udc80\\udc80\\udcaf\"", "overlong 4-byte");
	cr_expect_str_eq(JB("\xed\xa0\x80", 3), "\"\\udced\\udca0\\udc80\"", "U+D800 in UTF-8");
	cr_expect_str_eq(JB("\xf4\x90\x80\x80", 4), "\"\\udcf4\\udc90\\udc80\\udc80\"", "past U+10FFFF");
	cr_expect_str_eq(JB("\xf5\x80\x80\x80", 4), "\"\\udcf5\\udc80\\udc80\\udc80\"");
	cr_expect_str_eq(JB("\xe2\x82", 2), "\"\\udce2\\udc82\"", "a sequence cut short");
	cr_expect_str_eq(JB("\xe2\x82x\xc3\xa9", 5), "\"\\udce2\\udc82x\xc3\xa9\"", "then valid again");
}

Test(json_str, comm_cut_inside_a_character)
{
	struct snoop_record r = { .nr = 39 /* getpid */, .pid = 1, .tid = 1 };
	char buf[FORMAT_RECORD_MAX];

	memcpy(r.comm, "caf\xc3\xa9-\xe2\x82\xac", 10);
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(buf, ",\"comm\":\"caf\xc3\xa9-\xe2\x82\xac\",") != NULL, "%s", buf);
	memcpy(r.comm, "aaaaaaaaaaaaa\xe2\x82", 16);   /* the kernel cut it at 15 bytes */
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(buf, ",\"comm\":\"aaaaaaaaaaaaa\\udce2\\udc82\",") != NULL, "%s", buf);
}

/* One value written in both syntaxes: what text shows, what JSON holds,
 * and whether JSON marks it cut. */
typedef void (*write_fn)(struct vout *o, const void *arg);

static void expect_value(write_fn fn, const void *arg, const char *text, const char *json, int cut)
{
	static char buf[8192];
	struct vout o = vout_at(buf, 0);

	fn(&o, arg);
	buf[o.i] = '\0';
	cr_expect_str_eq(buf, text);
	o = vout_at(buf, 1);
	fn(&o, arg);
	buf[o.i] = '\0';
	cr_expect_str_eq(buf, json, "the JSON of %s", text);
	cr_expect(json_valid(buf, o.i), "%s", buf);
	cr_expect_eq(o.cut, cut, "%s: cut %d", text, o.cut);
}

/* One call's arguments in both syntaxes, the cut bits of its JSON */
static void expect_args(const struct snoop_record *r, const void *data, size_t len, const char *text,
			const char *json, unsigned cut)
{
	unsigned got;

	cr_expect_str_eq(STR(decode_args(out, r, data, len)), text);
	cr_expect_str_eq(STR(decode_args_json(out, r, NULL, data, len, &got)), json, "the JSON of %s", text);
	cr_expect(json_valid(out, strlen(out)), "%s", out);
	cr_expect_eq(got, cut, "%s: cut 0x%x", text, got);
}

static void plain(struct vout *o, const void *arg)
{
	(void)arg;
	value_array_begin(o);
	value_int(o, -1);
	value_elem(o);
	value_uint(o, UINT64_MAX);   /* whole, however large */
	value_elem(o);
	value_null(o);
	value_elem(o);
	value_hex(o, 0x7ffd5228b9e6);   /* addresses stay exact: strings */
	value_elem(o);
	value_pointer(o, 0);
	value_elem(o);
	value_sym(o, "AT_FDCWD");
	value_elem(o);
	value_product(o, 8192, 1024);   /* strace's multiples of 1024 are numbers */
	value_array_end(o, 0);
}

Test(json_value, plain_values)
{
	expect_value(plain, NULL, "[-1, 18446744073709551615, NULL, 0x7ffd5228b9e6, NULL, AT_FDCWD, 8192*1024]",
		     "[-1,18446744073709551615,null,\"0x7ffd5228b9e6\",null,\"AT_FDCWD\",8388608]", 0);
}

static void str(struct vout *o, const void *arg)
{
	const char *s = arg;

	value_str(o, (const uint8_t *)s + 1, strlen(s + 1), s[0] == 'c');
}

Test(json_value, strings_are_their_bytes)
{
	expect_value(str, "-a\"b\\c\n\t\r", "\"a\\\"b\\\\c\\n\\t\\r\"", "\"a\\\"b\\\\c\\u000a\\u0009\\u000d\"", 0);
	expect_value(str, "-caf\xc3\xa9-\xe2\x82\xac", "\"caf\\xc3\\xa9-\\xe2\\x82\\xac\"", "\"caf\xc3\xa9-\xe2\x82\xac\"", 0);
	expect_value(str, "-\x7f" "ELF\x02\xff\xc3", "\"\\x7fELF\\x02\\xff\\xc3\"", "\"\\u007fELF\\u0002\\udcff\\udcc3\"", 0);
	expect_value(str, "-", "\"\"", "\"\"", 0);
	expect_value(str, "cabc", "\"abc\"...", "\"abc\"", 1);   /* strace's ... after a string */
}

static void fd(struct vout *o, const void *arg)
{
	const char *path = arg;

	value_fd(o, 3, path, strlen(path));
}

Test(json_value, fds_with_y)
{
	expect_value(fd, "/etc/hostname", "3</etc/hostname>", "{\"fd\":3,\"path\":\"/etc/hostname\"}", 0);
	expect_value(fd, "TCP:[127.0.0.1:8080->127.0.0.1:5555]", "3<TCP:[127.0.0.1:8080->127.0.0.1:5555]>",
		     "{\"fd\":3,\"path\":\"TCP:[127.0.0.1:8080->127.0.0.1:5555]\"}", 0);
	/* a path with spaces, quotes, > and UTF-8 */
	expect_value(fd, "/tmp/a b, \"c\">d\xc3\xa9", "3</tmp/a b, \\\"c\\\">d\\xc3\\xa9>",
		     "{\"fd\":3,\"path\":\"/tmp/a b, \\\"c\\\">d\xc3\xa9\"}", 0);
	expect_value(fd, "", "3<>", "{\"fd\":3,\"path\":\"\"}", 0);
}

static void sockaddr(struct vout *o, const void *arg)
{
	const struct { size_t n; uint8_t b[32]; } *sa = arg;

	decode_sockaddr(o, sa->b, sa->n);
}

Test(json_value, sockaddrs)
{
	static const struct { size_t n; uint8_t b[32]; } in = { 16, { 2, 0, 0, 80, 127, 0, 0, 1 } },
		in6 = { 28, { 10, 0, 1, 187, 0, 0, 0, 0, [23] = 1 } }, path = { 7, { 1, 0, '/', 'r', '/', 'x' } },
		abstract = { 5, { 1, 0, 0, 'n', 0 } }, netlink = { 2, { 16, 0 } }, unnamed = { 2, { 0x39, 0x30 } },
		shorter = { 1, { 2 } };

	expect_value(sockaddr, &in, "{AF_INET, 127.0.0.1:80}", "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":80}", 0);
	expect_value(sockaddr, &in6, "{AF_INET6, [::1]:443}", "{\"family\":\"AF_INET6\",\"addr\":\"::1\",\"port\":443}", 0);
	expect_value(sockaddr, &path, "{AF_UNIX, \"/r/x\"}", "{\"family\":\"AF_UNIX\",\"path\":\"/r/x\"}", 0);
	expect_value(sockaddr, &abstract, "{AF_UNIX, @\"n\\x00\"}", "{\"family\":\"AF_UNIX\",\"abstract\":\"n\\u0000\"}", 0);
	expect_value(sockaddr, &netlink, "{AF_NETLINK}", "{\"family\":\"AF_NETLINK\"}", 0);
	expect_value(sockaddr, &unnamed, "{12345}", "{\"family\":12345}", 0);   /* a family without a name */
	expect_value(sockaddr, &shorter, "{}", "{}", 0);                        /* too short for a family */
}

static void sigset(struct vout *o, const void *arg)
{
	decode_sigset(o, *(const uint64_t *)arg);
}

Test(json_value, signal_sets)
{
	static const uint64_t intquit = 0x6, none = 0, all_but_rt = ~(3ull << 31), all = ~0ull;

	expect_value(sigset, &intquit, "[INT QUIT]", "[\"INT\",\"QUIT\"]", 0);
	expect_value(sigset, &none, "[]", "[]", 0);
	/* a complement: one string */
	expect_value(sigset, &all_but_rt, "~[RTMIN RT_1]", "\"~[RTMIN RT_1]\"", 0);
	expect_value(sigset, &all, "~[]", "\"~[]\"", 0);
}

Test(json_value, numbers_names_and_flag_sets)
{
	struct snoop_record r = rec("lseek", 3, (uint64_t)-1, 7, 0, 0, 0);

	/* a value without a name is its number */
	expect_args(&r, NULL, 0, "(3, -1, 7)", "[3,-1,7]", 0);
	r = rec("kill", 42, 34, 0, 0, 0, 0);
	expect_args(&r, NULL, 0, "(42, SIGRTMIN+2)", "[42,\"SIGRTMIN+2\"]", 0);
	r.args[1] = 99;
	expect_args(&r, NULL, 0, "(42, 99)", "[42,99]", 0);
	/* no flags at all is 0; flags, and an octal mode, are text */
	r = rec("openat", (uint64_t)-100, 0, 0101, 0644, 0, 0);
	expect_args(&r, NULL, 0, "(AT_FDCWD, NULL, O_WRONLY|O_CREAT, 0644)", "[\"AT_FDCWD\",null,\"O_WRONLY|O_CREAT\",\"0644\"]", 0);
	r = rec("umask", 0, 0, 0, 0, 0, 0);
	expect_args(&r, NULL, 0, "(0)", "[0]", 0);
	r = rec("accept4", 3, 0, 0, 0, 0, 0);
	expect_args(&r, NULL, 0, "(3, NULL, NULL, 0)", "[3,null,null,0]", 0);
	/* clone's exit signal alone is a signal; with flags, one text */
	r = rec("clone", 0x11, 0, 0, 0, 0, 0);
	expect_args(&r, NULL, 0, "(SIGCHLD, NULL, NULL, NULL, 0)", "[\"SIGCHLD\",null,null,null,\"0x0\"]", 0);
	r.args[0] = 0x80;
	expect_args(&r, NULL, 0, "(128, NULL, NULL, NULL, 0)", "[128,null,null,null,\"0x0\"]", 0);
	r.args[0] = 0x100 | 0x11;
	expect_args(&r, NULL, 0, "(CLONE_VM|SIGCHLD, NULL, NULL, NULL, 0)",
		    "[\"CLONE_VM|SIGCHLD\",null,null,null,\"0x0\"]", 0);
}

Test(json_value, lists_and_structs)
{
	struct snoop_record r = rec("pipe", 0x1000, 0, 0, 0, 0, 0);
	int32_t fds[2] = { 3, 4 };
	uint64_t lim[2] = { 8192 * 1024, ~0ull };
	struct stat st = { .st_mode = S_IFCHR | S_ISUID | 0666, .st_rdev = makedev(1, 3) };
	int32_t status = 0x137f;

	cap(&r, 0, 0, sizeof(fds), 0);
	expect_args(&r, fds, sizeof(fds), "([3, 4])", "[[3,4]]", 0);
	r = rec("getrlimit", RLIMIT_STACK, 0x1000, 0, 0, 0, 0);
	cap(&r, 0, 1, sizeof(lim), 0);
	expect_args(&r, lim, sizeof(lim), "(RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY})",
		    "[\"RLIMIT_STACK\",{\"rlim_cur\":8388608,\"rlim_max\":\"RLIM64_INFINITY\"}]", 0);
	/* the ... strace shows without -v is dropped, and is no cut */
	r = rec("fstat", 3, 0x1000, 0, 0, 0, 0);
	cap(&r, 0, 1, sizeof(st), 0);
	expect_args(&r, &st, sizeof(st), "(3, {st_mode=S_IFCHR|S_ISUID|0666, st_rdev=makedev(0x1, 0x3), ...})",
		    "[3,{\"st_mode\":\"S_IFCHR|S_ISUID|0666\",\"st_rdev\":\"makedev(0x1, 0x3)\"}]", 0);
	/* a wait status is strace's C expression: one string */
	r = rec("wait4", (uint64_t)-1, 0x1000, 0, 0, 0, 0);
	r.ret = 7;
	cap(&r, 0, 1, sizeof(status), 0);
	expect_args(&r, &status, sizeof(status), "(-1, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], 0, NULL)",
		    "[-1,\"[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]\",0,null]", 0);
}

Test(json_value, iovecs_cut)
{
	struct snoop_record r = rec("writev", 1, 0x1000, 3, 0, 0, 0);
	uint8_t data[2 * sizeof(struct snoop_iov) + 4];
	struct snoop_iov h[2] = { { .len = 2, .kept = 2 }, { .len = 9, .kept = 2 } };

	memcpy(data, &h[0], sizeof(h[0]));
	memcpy(data + sizeof(h[0]), "ab", 2);
	memcpy(data + sizeof(h[0]) + 2, &h[1], sizeof(h[1]));
	memcpy(data + 2 * sizeof(h[0]) + 2, "cd", 2);
	cap(&r, 0, 1, sizeof(data), SNOOP_MEM_TRUNC);
	expect_args(&r, data, sizeof(data), "(1, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\"..., iov_len=9}, ...], 3)",
		    "[1,[{\"iov_base\":\"ab\",\"iov_len\":2},{\"iov_base\":\"cd\",\"iov_len\":9}],3]", 2);
}

/* Real records' arguments, end to end */
Test(json_value, records_as_the_decoder_writes_them)
{
	struct snoop_record r = rec("newfstatat", 3, 0x1000, 0x2000, 0x1000, 0, 0);
	struct stat st = { .st_mode = S_IFREG | 0644, .st_size = 45367 };
	const char argv[] = "ls\0-l";
	unsigned cut;

	cap(&r, 0, 1, 0, 0);
	cap(&r, 1, 2, sizeof(st), 0);
	cr_expect_str_eq(STR(decode_args_json(out, &r, NULL, (const uint8_t *)&st, sizeof(st), &cut)),
			 "[3,\"\",{\"st_mode\":\"S_IFREG|0644\",\"st_size\":45367},\"AT_EMPTY_PATH\"]");
	r = rec("execve", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	cap(&r, 0, 1, sizeof(argv), SNOOP_MEM_TRUNC);
	cr_expect_str_eq(STR(decode_args_json(out, &r, NULL, (const uint8_t *)argv, sizeof(argv), &cut)),
			 "[\"0x1000\",[\"ls\",\"-l\"],\"0x3000\"]");
	cr_expect_eq(cut, 2u, "argv had more strings");
	{
		uint8_t partial[16] = "sh\0";
		uint64_t addr = 0x7f0012345678;

		memcpy(partial + 3, &addr, sizeof(addr));
		cap(&r, 0, 1, 3 + sizeof(addr), SNOOP_MEM_PARTIAL);
		cr_expect_str_eq(STR(decode_args_json(out, &r, NULL, partial, 3 + sizeof(addr), &cut)),
				 "[\"0x1000\",[\"sh\",\"0x7f0012345678\"],\"0x3000\"]");
		cr_expect_eq(cut, 2u, "argv's strings after the unreadable one are not known");
	}
}

Test(json_record, cut_arguments_are_listed)
{
	struct snoop_record r = rec("execve", 0x1000, 0x2000, 0x3000, 0, 0, 0);
	const char data[] = "/bin/xls";
	char buf[FORMAT_RECORD_MAX];

	cap(&r, 0, 0, 6, SNOOP_MEM_TRUNC);
	cap(&r, 1, 1, 2, SNOOP_MEM_TRUNC);
	buf[fmt_record_json(buf, &r, (const uint8_t *)data, sizeof(data) - 1, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(buf, "\"args\":[\"/bin/x\",[\"ls\"],\"0x3000\"],\"cut\":[0,1],\"raw_args\":") != NULL, "%s", buf);
	cr_expect(json_valid(buf, strlen(buf)), "%s", buf);
}

Test(json_record, header_is_typed)
{
	struct run_info ri = { .boot_realtime = "1795305777.351427466", .host = "vm", .kernel = "6.18",
			       .arch = "x86_64", .pid = "7051", .cmdline = "snoop \"x\" caf\xc3\xa9" };
	char buf[FORMAT_HEADER_MAX];

	run_info_numbers(&ri);
	buf[fmt_header_json(buf, &ri, FMT_RAW)] = '\0';
	cr_expect_str_eq(buf, "{\"type\":\"header\",\"format\":3,\"clock\":\"monotonic\",\"boot_realtime_ns\":1795305777351427466,"
			 "\"host\":\"vm\",\"kernel\":\"6.18\",\"arch\":\"x86_64\",\"pid\":7051,\"args_mode\":\"raw\","
			 "\"cmdline\":\"snoop \\\"x\\\" caf\xc3\xa9\"}\n");
	strcpy(ri.boot_realtime, "17953.5");   /* a capture's header could hold anything */
	strcpy(ri.pid, "12a");
	run_info_numbers(&ri);
	buf[fmt_header_json(buf, &ri, 0)] = '\0';
	cr_expect(strstr(buf, "\"boot_realtime_ns\":null,") && strstr(buf, "\"pid\":null,\"args_mode\":\"decoded\""), "%s", buf);
	strcpy(ri.boot_realtime, "99999999999.000000000");   /* past 64 bits of ns */
	run_info_numbers(&ri);
	buf[fmt_header_json(buf, &ri, 0)] = '\0';
	cr_expect(strstr(buf, "\"boot_realtime_ns\":null,") != NULL, "%s", buf);
	cr_expect(json_valid(buf, strlen(buf)), "%s", buf);
}

/* A capture's header can hold any bytes: each of them 6 in JSON */
Test(json_record, widest_header_fits_the_bound)
{
	static struct run_info ri;
	static char buf[FORMAT_HEADER_MAX];
	size_t n;

	memset(&ri, 0xff, sizeof(ri));
	ri.boot_realtime[sizeof(ri.boot_realtime) - 1] = ri.host[sizeof(ri.host) - 1] = '\0';
	ri.kernel[sizeof(ri.kernel) - 1] = ri.arch[sizeof(ri.arch) - 1] = '\0';
	ri.pid[sizeof(ri.pid) - 1] = ri.cmdline[sizeof(ri.cmdline) - 1] = '\0';
	ri.select[sizeof(ri.select) - 1] = ri.cgroups[sizeof(ri.cgroups) - 1] = '\0';
	n = fmt_header_json(buf, &ri, 0);
	cr_expect_leq(n, FORMAT_HEADER_MAX);
	cr_expect_gt(n, 6 * (sizeof(ri.cmdline) - 1));
	cr_expect(json_valid(buf, n), "%.100s", buf);
	cr_expect_leq(fmt_header(buf, &ri, 0), FORMAT_HEADER_MAX);
}

Test(json_record, signals_and_ends_typed)
{
	struct snoop_record r = { .ts_ns = 5, .pid = 100, .tid = 101, .nr = 17, .flags = SNOOP_REC_SIGNAL,
				  .args = { 1 /* CLD_EXITED */, 102, 0, 3 } };
	char buf[FORMAT_RECORD_MAX];

	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect_str_eq(buf, "{\"type\":\"signal\",\"time_ns\":5,\"pid\":100,\"tid\":101,\"comm\":\"\",\"signal\":\"SIGCHLD\","
			 "\"signo\":17,\"code\":\"CLD_EXITED\",\"si_pid\":102,\"si_uid\":0,\"si_status\":3}\n");
	r.flags |= SNOOP_REC_CHILD_TIMES;
	r.args[5] = 7 | (uint64_t)2 << 32;
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(buf, "\"si_status\":3,\"si_utime\":7,\"si_stime\":2}\n") != NULL, "%s", buf);
	r.flags = SNOOP_REC_SIGNAL;
	r.nr = 99;        /* no name: the number */
	r.args[0] = 77;
	buf[fmt_record_json(buf, &r, NULL, 0, 0, NULL, NULL)] = '\0';
	cr_expect(strstr(buf, "\"signal\":99,\"signo\":99,\"code\":77,") != NULL, "%s", buf);
	r = (struct snoop_record){ .ts_ns = 5, .pid = 100, .tid = 100, .flags = SNOOP_REC_EXIT, .args = { 7, 0 } };
	buf[fmt_record_json(buf, &r, NULL, 0, 0, "0000000000.000000001", NULL)] = '\0';
	cr_expect_str_eq(buf, "{\"type\":\"exit\",\"time_ns\":5,\"time_text\":\"0000000000.000000001\",\"pid\":100,\"tid\":100,"
			 "\"comm\":\"\",\"status\":7}\n");
}

/* The widest record: both memory items 256 bytes of invalid UTF-8 (6 bytes
 * of JSON each), every register at its widest. */
Test(json_record, worst_case_fits_the_bounds)
{
	static uint8_t data[2 * SNOOP_MEM_BYTES];
	static char buf[FORMAT_RECORD_MAX + 1];
	struct snoop_record r = rec("sendto", 0x7fffffff, 0x1000, SNOOP_MEM_BYTES, ~0ull, 0x2000, SNOOP_MEM_BYTES);
	size_t n;

	memset(data, 0xff, sizeof(data));
	data[SNOOP_MEM_BYTES] = 1;   /* the sockaddr: AF_UNIX, its path the same bytes */
	data[SNOOP_MEM_BYTES + 1] = 0;
	r.ts_ns = r.duration_ns = UINT64_MAX;
	r.ret = INT64_MIN;
	memset(r.comm, 0xff, sizeof(r.comm));
	cap(&r, 0, 1, SNOOP_MEM_BYTES, SNOOP_MEM_TRUNC);
	cap(&r, 1, 4, SNOOP_MEM_BYTES, 0);
	n = fmt_record_json(buf, &r, data, sizeof(data), 0, "2026-11-22T00:02:58.000000002+00:00", NULL);
	cr_expect_leq(n, FORMAT_RECORD_MAX);
	cr_expect_gt(n, 2 * 6 * (SNOOP_MEM_BYTES - 2), "the bytes took 6 each");
	cr_expect(json_valid(buf, n), "%.200s", buf);
	memset(buf, 0xff, 4096);   /* a string of 4096 invalid bytes */
	cr_expect_eq(fmt_json_bytes(js, (const uint8_t *)buf, 4096), 6 * 4096 + 2);
}
