/* JSON output: the UTF-8 rule of its strings, the conversion of the text
 * decoder's arguments to typed values (every shape the decoders write, and
 * text they never write: still one valid JSON value), and the bounds. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "record/format.h"
#include "record/json.h"
#include "tests/json_check.h"

#include "decode_helpers.h"

static char js[JSON_VALUE_MAX(4096) + 1];
static int was_cut;

/* The JSON of text, held to the bound and to JSON's grammar */
static const char *J(const char *text)
{
	size_t n = strlen(text), k;

	was_cut = 0;
	k = json_from_text(js, text, n, &was_cut);
	cr_assert_leq(k, JSON_VALUE_MAX(n), "%s: %zu bytes of JSON", text, k);
	js[k] = '\0';
	cr_expect(json_valid(js, k), "%s gave invalid JSON: %s", text, js);
	return js;
}

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

/* A text as the decoder writes it, the JSON it must become, and whether
 * it marks its argument cut; each table's comments say why. */
struct conv_case {
	const char *text, *json;
	int cut;
};

static void expect_cases(const struct conv_case *cases, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		cr_expect_str_eq(J(cases[k].text), cases[k].json, "from %s", cases[k].text);
		cr_expect_eq(was_cut, cases[k].cut, "%s: cut %d", cases[k].text, was_cut);
	}
}

#define EXPECT_CASES(...) do { \
	static const struct conv_case cases_[] = { __VA_ARGS__ }; \
	expect_cases(cases_, sizeof(cases_) / sizeof(cases_[0])); \
} while (0)

Test(json_value, plain_values)
{
	EXPECT_CASES(
		{ "3", "3", 0 }, { "-1", "-1", 0 }, { "0", "0", 0 },
		{ "18446744073709551615", "18446744073709551615", 0 },   /* whole, however large */
		{ "NULL", "null", 0 },
		{ "0x7ffd5228b9e6", "\"0x7ffd5228b9e6\"", 0 },           /* addresses stay exact */
		{ "0644", "\"0644\"", 0 },                               /* an octal mode is not 644 */
		{ "O_RDONLY|O_CLOEXEC", "\"O_RDONLY|O_CLOEXEC\"", 0 },
		{ "AT_FDCWD", "\"AT_FDCWD\"", 0 }, { "SIGRTMIN+2", "\"SIGRTMIN+2\"", 0 }, { "-", "\"-\"", 0 },
	);
}

Test(json_value, strings_are_their_bytes)
{
	EXPECT_CASES(
		{ "\"/etc/hostname\"", "\"/etc/hostname\"", 0 },
		{ "\"a\\\"b\\\\c\\n\\t\\r\"", "\"a\\\"b\\\\c\\u000a\\u0009\\u000d\"", 0 },
		{ "\"caf\\xc3\\xa9-\\xe2\\x82\\xac\"", "\"caf\xc3\xa9-\xe2\x82\xac\"", 0 },   /* UTF-8 from \x escapes */
		{ "\"\\x7fELF\\x02\\x00\"", "\"\\u007fELF\\u0002\\u0000\"", 0 },
		{ "\"\\xff\\xc3\"", "\"\\udcff\\udcc3\"", 0 },
		{ "\"\"", "\"\"", 0 },
		{ "\"abc\"...", "\"abc\"", 1 },                          /* strace's ... after a string */
	);
}

Test(json_value, lists_and_argv)
{
	EXPECT_CASES(
		{ "[\"ls\", \"-l\"]", "[\"ls\",\"-l\"]", 0 },
		{ "[\"ls\", \"AAAA\"..., \"x\", ...]", "[\"ls\",\"AAAA\",\"x\"]", 1 },   /* a cut string, a list tail */
		{ "[...]", "[]", 1 }, { "[]", "[]", 0 },
		{ "[3, 4]", "[3,4]", 0 },                                /* pipe's fds */
		{ "[16]", "[16]", 0 },                                   /* an int behind a pointer */
	);
}

Test(json_value, signal_sets)
{
	EXPECT_CASES(
		{ "[INT QUIT]", "[\"INT\",\"QUIT\"]", 0 }, { "[CHLD]", "[\"CHLD\"]", 0 },
		{ "~[RTMIN RT_1]", "\"~[RTMIN RT_1]\"", 0 },             /* a complement: one string */
		{ "~[]", "\"~[]\"", 0 },
	);
}

Test(json_value, structs_with_fields)
{
	EXPECT_CASES(
		/* the ... strace always shows is dropped, and is no cut */
		{ "{st_mode=S_IFREG|0644, st_size=45367, ...}", "{\"st_mode\":\"S_IFREG|0644\",\"st_size\":45367}", 0 },
		{ "{st_mode=S_IFCHR|S_ISUID|0666, st_rdev=makedev(0x1, 0x3), ...}",
		  "{\"st_mode\":\"S_IFCHR|S_ISUID|0666\",\"st_rdev\":\"makedev(0x1, 0x3)\"}", 0 },
		{ "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFDIR|0755, stx_size=4096, ...}",
		  "{\"stx_mask\":\"STATX_BASIC_STATS|STATX_MNT_ID\",\"stx_attributes\":0,\"stx_mode\":\"S_IFDIR|0755\",\"stx_size\":4096}", 0 },
		{ "{tv_sec=0, tv_nsec=10000000}", "{\"tv_sec\":0,\"tv_nsec\":10000000}", 0 },
		/* strace's multiples of 1024 are numbers; a product past 64 bits stays text */
		{ "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}", "{\"rlim_cur\":8388608,\"rlim_max\":\"RLIM64_INFINITY\"}", 0 },
		{ "{rlim_cur=18014398509481983*1024, rlim_max=99999999999999999999*1024}",
		  "{\"rlim_cur\":18446744073709550592,\"rlim_max\":\"99999999999999999999*1024\"}", 0 },
		{ "{sysname=\"Linux\", nodename=\"vm\", ...}", "{\"sysname\":\"Linux\",\"nodename\":\"vm\"}", 0 },
		{ "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f00}",
		  "{\"sa_handler\":\"SIG_DFL\",\"sa_mask\":[],\"sa_flags\":\"SA_RESTORER\",\"sa_restorer\":\"0x7f00\"}", 0 },
		{ "{sa_handler=0x5555, sa_mask=~[RTMIN RT_1], sa_flags=0}",
		  "{\"sa_handler\":\"0x5555\",\"sa_mask\":\"~[RTMIN RT_1]\",\"sa_flags\":0}", 0 },
		{ "[{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\"..., iov_len=9}, ...]",
		  "[{\"iov_base\":\"ab\",\"iov_len\":2},{\"iov_base\":\"cd\",\"iov_len\":9}]", 1 },
	);
}

Test(json_value, sockaddrs)
{
	EXPECT_CASES(
		{ "{AF_INET, 127.0.0.1:80}", "{\"family\":\"AF_INET\",\"addr\":\"127.0.0.1\",\"port\":80}", 0 },
		{ "{AF_INET6, [::1]:443}", "{\"family\":\"AF_INET6\",\"addr\":\"::1\",\"port\":443}", 0 },
		{ "{AF_INET6, [::ffff:10.0.0.1]:0}", "{\"family\":\"AF_INET6\",\"addr\":\"::ffff:10.0.0.1\",\"port\":0}", 0 },
		{ "{AF_UNIX, \"/run/x.sock\"}", "{\"family\":\"AF_UNIX\",\"path\":\"/run/x.sock\"}", 0 },
		{ "{AF_UNIX, @\"name\"}", "{\"family\":\"AF_UNIX\",\"abstract\":\"name\"}", 0 },
		{ "{AF_UNIX, @\"\\x00x\"}", "{\"family\":\"AF_UNIX\",\"abstract\":\"\\u0000x\"}", 0 },
		{ "{AF_NETLINK}", "{\"family\":\"AF_NETLINK\"}", 0 },
		{ "{12345}", "{\"family\":12345}", 0 },                  /* a family without a name */
		{ "{}", "{}", 0 },                                       /* too short for a family */
	);
}

Test(json_value, fds_with_y)
{
	EXPECT_CASES(
		{ "3</etc/hostname>", "{\"fd\":3,\"path\":\"/etc/hostname\"}", 0 },
		{ "4<TCP:[127.0.0.1:8080->127.0.0.1:5555]>", "{\"fd\":4,\"path\":\"TCP:[127.0.0.1:8080->127.0.0.1:5555]\"}", 0 },
		{ "5<pipe:[237305]>", "{\"fd\":5,\"path\":\"pipe:[237305]\"}", 0 },
		/* a path with spaces, quotes, > and UTF-8 */
		{ "1</tmp/a b, \\\"c\\\">d\\xc3\\xa9>", "{\"fd\":1,\"path\":\"/tmp/a b, \\\"c\\\">d\xc3\xa9\"}", 0 },
		{ "3", "3", 0 },                                         /* an fd the table does not know */
	);
}

Test(json_value, comments_dropped)
{
	EXPECT_CASES(
		{ "0x7ffd1000 /* 12 vars */", "\"0x7ffd1000\"", 0 },
		{ "[{iov_base=\"a\", iov_len=1}] /* 1 entries */", "[{\"iov_base\":\"a\",\"iov_len\":1}]", 0 },
		{ "[1 /* x */, 2]", "[1,2]", 0 },
	);
}

/* Text no decoder writes, or that the rule leaves as text: one string of
 * the whole, which cuts nothing */
Test(json_value, text_it_does_not_know_is_one_string)
{
	EXPECT_CASES(
		{ "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]", "\"[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]\"", 0 },
		{ "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}]",
		  "\"[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}]\"", 0 },
		{ "[{0x137f}]", "\"[{0x137f}]\"", 0 },                   /* not a sockaddr: no family */
		{ "\"abc", "\"\\\"abc\"", 0 },                           /* a quote never closed */
		{ "\"abc\\\"", "\"\\\"abc\\\\\\\"\"", 0 },
		{ "[1, 2", "\"[1, 2\"", 0 }, { "[1, 2]]", "\"[1, 2]]\"", 0 }, { "]", "\"]\"", 0 },
		{ "{a=1", "\"{a=1\"", 0 }, { "{a=}", "\"{a=}\"", 0 }, { "{a=1, 2}", "\"{a=1, 2}\"", 0 },
		{ "makedev(1, 2", "\"makedev(1, 2\"", 0 }, { "a)", "\"a)\"", 0 },
		{ "\"\\q\"", "\"\\\"\\\\q\\\"\"", 0 },                   /* an escape fmt_escape never writes */
		{ "\"\\x4\"", "\"\\\"\\\\x4\\\"\"", 0 },
		{ "[1 2, ..., 3]", "\"[1 2, ..., 3]\"", 0 },             /* ... only at the end */
		{ "{a=1, ..., b=2}", "\"{a=1, ..., b=2}\"", 0 },
		{ "[a, /* open", "\"[a, /* open\"", 0 },
		{ "3<ab\\>", "\"3<ab\\\\>\"", 0 },
		{ "{AF_INET, 1.2.3.4}", "\"{AF_INET, 1.2.3.4}\"", 0 },   /* no port */
		{ "{AF_INET6, [::1]:x}", "\"{AF_INET6, [::1]:x}\"", 0 },
		{ "", "\"\"", 0 }, { "1 2", "\"1 2\"", 0 },
		{ "\xff\x01", "\"\\udcff\\u0001\"", 0 },
		{ "[\"x\"...", "\"[\\\"x\\\"...\"", 0 },                 /* cut, then broken: no cut */
	);
}

Test(json_value, nesting_is_bounded)
{
	char deep[300];

	memset(deep, '[', 150);
	memset(deep + 150, ']', 150);
	json_from_text(js, deep, 300, &was_cut);
	cr_expect_eq(js[0], '"', "too deep for the decoder's text: a string");
	memset(deep, '[', 8);
	memset(deep + 8, ']', 8);
	deep[16] = '\0';
	cr_expect_str_eq(J(deep), "[[[[[[[[]]]]]]]]");
	cr_expect_str_eq(J("{a=[{b={c=[1, \"x\"...]}}]}"), "{\"a\":[{\"b\":{\"c\":[1,\"x\"]}}]}");
	cr_expect_eq(was_cut, 1);
}

/* The decoder's own text of real records, end to end */
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

	buf[fmt_header_json(buf, &ri, 1)] = '\0';
	cr_expect_str_eq(buf, "{\"type\":\"header\",\"format\":3,\"clock\":\"monotonic\",\"boot_realtime_ns\":1795305777351427466,"
			 "\"host\":\"vm\",\"kernel\":\"6.18\",\"arch\":\"x86_64\",\"pid\":7051,\"args_mode\":\"raw\","
			 "\"cmdline\":\"snoop \\\"x\\\" caf\xc3\xa9\"}\n");
	strcpy(ri.boot_realtime, "17953.5");   /* a capture's header could hold anything */
	strcpy(ri.pid, "12a");
	buf[fmt_header_json(buf, &ri, 0)] = '\0';
	cr_expect(strstr(buf, "\"boot_realtime_ns\":null,") && strstr(buf, "\"pid\":null,\"args_mode\":\"decoded\""), "%s", buf);
	strcpy(ri.boot_realtime, "99999999999.000000000");   /* past 64 bits of ns */
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
	memset(buf, 0xff, 4096);   /* the text of a string of 4096 invalid bytes */
	n = json_from_text(js, buf, 4096, &was_cut);
	cr_expect_leq(n, JSON_VALUE_MAX(4096));
	cr_expect_eq(n, 6 * 4096 + 2);
	cr_expect_str_eq(J("0<>"), "{\"fd\":0,\"path\":\"\"}", "the shortest text with the most keys");
	cr_expect_leq(strlen(js), 6 * 3u);
}
