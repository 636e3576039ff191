/* execve's whole argv: the kernel's block of strings into the record's
 * item as strace shows argv (at most -s strings of at most -s bytes), and
 * the item as a value (text and JSON). */
#include <criterion/criterion.h>
#include <string.h>
#include <linux/types.h>
#include "bpf/snoop.h"
#include "record/argv_whole.h"
#include "record/value.h"
#include "tests/json_check.h"

static uint8_t item[ARGV_WHOLE_ITEM_MAX];
static char text[ARGV_WHOLE_TEXT_MAX + 64], json[6 * (ARGV_WHOLE_TEXT_MAX + 64)];

/* The item as a value in text (json 0) or JSON into dst: its length */
static size_t as_value(char *dst, size_t n, int more, int in_json)
{
	struct vout o = vout_at(dst, in_json);

	argv_whole_value(&o, item, n, more);
	dst[o.i] = '\0';
	return o.i;
}

/* The block's strings as text, through the item */
static const char *shown(const char *block, size_t kept, size_t len, unsigned argc, unsigned strsize)
{
	int more;
	size_t n = argv_whole_item(item, sizeof(item), (const uint8_t *)block, kept, len, argc, strsize, &more);

	as_value(text, n, more, 0);
	return text;
}

Test(argv_whole, every_string_up_to_s)
{
	const char block[] = "/bin/echo\0a\0b\0c\0d\0e\0f\0g\0h";

	cr_expect_str_eq(shown(block, sizeof(block), sizeof(block), 9, 256),
			 "[\"/bin/echo\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"]");
}

Test(argv_whole, s_cuts_strings_and_their_number_as_strace)
{
	const char block[] = "echo\0abcdefgh\0x\0y";

	cr_expect_str_eq(shown(block, sizeof(block), sizeof(block), 4, 3),
			 "[\"ech\"..., \"abc\"..., \"x\", ...]");
	cr_expect_str_eq(shown(block, sizeof(block), sizeof(block), 4, 4),
			 "[\"echo\", \"abcd\"..., \"x\", \"y\"]");
}

Test(argv_whole, a_block_cut_short_ends_cut)
{
	const char block[] = "cmd\0a-long-argument\0z";

	/* 10 bytes kept of the block: "cmd", then "a-long" cut there */
	cr_expect_str_eq(shown(block, 10, sizeof(block), 3, 256), "[\"cmd\", \"a-long\"..., ...]");
}

Test(argv_whole, bytes_escaped_and_empty_strings)
{
	const char block[] = "a\0\0tab\there\0nl\n";

	cr_expect_str_eq(shown(block, sizeof(block), sizeof(block), 4, 32),
			 "[\"a\", \"\", \"tab\\there\", \"nl\\n\"]");
}

/* 128 plain strings of 255 bytes (32 KiB of text) all fit: the bound is
 * the text's, not four times the bytes */
Test(argv_whole, plain_strings_are_counted_as_they_are)
{
	static char block[128 * 256];
	size_t i, n;
	int more;

	for (i = 0; i < sizeof(block); i++)
		block[i] = (i + 1) % 256 ? 'a' : '\0';
	n = argv_whole_item(item, sizeof(item), (const uint8_t *)block, sizeof(block), sizeof(block), 128, 256, &more);
	cr_expect_not(more);
	as_value(text, n, more, 0);
	cr_expect_null(strstr(text, "..."), "all 128 strings shown");
}

Test(argv_whole, text_stays_within_its_bound)
{
	static char block[SNOOP_ARGV_BLOCK];
	size_t i;
	int more;
	size_t n;

	/* 128 strings of 255 bytes, each byte escaped as \xNN */
	for (i = 0; i < sizeof(block); i++)
		block[i] = (i + 1) % 256 ? (char)0x80 : '\0';
	n = argv_whole_item(item, sizeof(item), (const uint8_t *)block, sizeof(block), sizeof(block), 128, 256, &more);
	cr_assert_leq(as_value(text, n, more, 0), ARGV_WHOLE_TEXT_MAX + 64);
	cr_expect(strstr(text, ", ...]") != NULL, "the list says it was cut");
	/* JSON stops where the text does (its strings are 6 bytes a byte) */
	{
		struct vout o = vout_at(json, 1);
		size_t k, strings_text = 0, strings_json = 0;

		argv_whole_value(&o, item, n, more);
		cr_assert_leq(o.i, sizeof(json));
		cr_expect(json_valid(json, o.i));
		cr_expect(o.cut, "the JSON says it was cut");
		for (k = 0; text[k]; k++)
			strings_text += text[k] == '"';
		for (k = 0; k < o.i; k++)
			strings_json += json[k] == '"';
		cr_expect_eq(strings_text, strings_json, "as many strings");
	}
}
