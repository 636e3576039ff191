/* The compiled-program object and its cache entry: relocations made from
 * and patched into ld_imm64 instructions, encode/decode round trip, the
 * key compared whole, damage of every kind refused, the BTF blob. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace/bpfobj.h"
#include <linux/btf.h>
#include "trace/bpfcache.h"
#include "trace/cachekey.h"
#include "trace/compile.h"

#define LD_IMM64 (BPF_LD | BPF_DW | BPF_IMM)

static struct bpfobj obj, back;
static char err[256];

/* r1 = map(fd); r2 = map_value(fd2)+8; r0 = 0; exit */
static const struct bpf_insn prog[] = {
	{ .code = LD_IMM64, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD, .imm = 40 },
	{ 0 },
	{ .code = LD_IMM64, .dst_reg = 2, .src_reg = BPF_PSEUDO_MAP_VALUE, .imm = 41 },
	{ .imm = 8 },
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
	{ .code = LD_IMM64, .dst_reg = 3, .src_reg = 0, .imm = 40 },   /* a constant, not a map */
	{ 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static void add_map(const char *name, uint32_t type, int32_t inner)
{
	struct bpfobj_map m = { .type = type, .key_size = 4, .value_size = 8, .max_entries = 16,
				.flags = 1024, .inner = inner, .adopted_fd = -1 };

	snprintf(m.name, sizeof(m.name), "%s", name);
	cr_assert_geq(bpfobj_add_map(&obj, &m), 0);
}

static void make(void)
{
	const int fds[] = { 41, 40 };   /* map 0 is fd 41, map 1 fd 40 */

	bpfobj_init(&obj);
	bpfobj_init(&back);
	strcpy(obj.license, "GPL");
	obj.kern_version = 0x60000;
	add_map("events", BPF_MAP_TYPE_ARRAY, -1);
	add_map("outer", BPF_MAP_TYPE_ARRAY_OF_MAPS, 0);
	cr_assert_eq(bpfobj_add_prog(&obj, "fn", prog, sizeof(prog), fds, err, sizeof(err)), 0, "%s", err);
}

static void cleanup(void)
{
	bpfobj_free(&obj);
	bpfobj_free(&back);
}

TestSuite(bpfobj, .init = make, .fini = cleanup);

Test(bpfobj, relocations_name_maps_not_fds)
{
	const struct bpfobj_prog *p = &obj.progs[0];

	cr_assert_eq(p->ninsns, 8u);
	cr_assert_eq(p->nrelocs, 2u, "the constant ld_imm64 is no map");
	cr_expect_eq(p->relocs[0].insn, 0u);
	cr_expect_eq(p->relocs[0].map, 1u);
	cr_expect_eq(p->relocs[1].insn, 2u);
	cr_expect_eq(p->relocs[1].map, 0u);
	cr_expect_eq(p->insns[0].imm, 0, "no fd of the compiling process is kept");
	cr_expect_eq(p->insns[3].imm, 8, "the value offset stays");
	cr_expect_eq(p->insns[5].imm, 40);
}

Test(bpfobj, patch_puts_the_new_fds)
{
	const int fds[] = { 7, 9 };
	struct bpf_insn out[8];

	bpfobj_patch(&obj.progs[0], fds, out);
	cr_expect_eq(out[0].imm, 9);
	cr_expect_eq(out[2].imm, 7);
	cr_expect_eq(out[3].imm, 8);
	cr_expect_eq(out[5].imm, 40);
	cr_expect_eq(memcmp(&out[4], &prog[4], sizeof(out[4])), 0);
}

Test(bpfobj, unknown_fd_refused)
{
	const int fds[] = { 3, 4 };

	cr_expect_eq(bpfobj_add_prog(&obj, "other", prog, sizeof(prog), fds, err, sizeof(err)), -1);
	cr_expect(strstr(err, "fd 40") != NULL, "%s", err);
	cr_expect_eq(obj.nprogs, 1u);
	cr_expect_eq(bpfobj_add_prog(&obj, "odd", prog, 12, fds, err, sizeof(err)), -1, "not whole instructions");
}

Test(bpfobj, round_trip)
{
	size_t len;
	void *buf = bpfobj_encode(&obj, "KEY", 3, &len);

	cr_assert_not_null(buf);
	cr_assert_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_OK, "%s", err);
	cr_expect_str_eq(back.license, "GPL");
	cr_expect_eq(back.kern_version, 0x60000u);
	cr_assert_eq(back.nmaps, 2u);
	cr_expect_str_eq(back.maps[1].name, "outer");
	cr_expect_eq(back.maps[1].type, (uint32_t)BPF_MAP_TYPE_ARRAY_OF_MAPS);
	cr_expect_eq(back.maps[1].inner, 0);
	cr_expect_eq(back.maps[0].inner, -1);
	cr_expect_eq(back.maps[0].flags, 1024u);
	cr_expect_eq(back.maps[0].adopted_fd, -1);
	cr_assert_eq(back.nprogs, 1u);
	cr_expect_eq(bpfobj_prog_index(&back, "fn"), 0);
	cr_expect_eq(bpfobj_map_index(&back, "outer"), 1);
	cr_expect_eq(back.progs[0].nrelocs, 2u);
	cr_expect_eq(memcmp(back.progs[0].insns, obj.progs[0].insns, sizeof(prog)), 0);
	free(buf);
}

Test(bpfobj, key_compared_whole)
{
	size_t len;
	void *buf = bpfobj_encode(&obj, "KEY", 3, &len);

	cr_expect_eq(bpfobj_decode(buf, len, "KEX", 3, &back, err, sizeof(err)), BPFOBJ_OTHER_KEY);
	cr_expect_eq(bpfobj_decode(buf, len, "KEY2", 4, &back, err, sizeof(err)), BPFOBJ_OTHER_KEY);
	cr_expect_eq(bpfobj_decode(buf, len, "KE", 2, &back, err, sizeof(err)), BPFOBJ_OTHER_KEY);
	cr_expect_eq(back.nprogs, 0u);
	free(buf);
}

/* Every truncation and every flipped byte is caught: by the checksum, or
 * (when the checksum itself is hit) by the same. */
Test(bpfobj, damage_detected)
{
	size_t len, i;
	unsigned char *buf = bpfobj_encode(&obj, "KEY", 3, &len);

	for (i = 0; i < len; i++)
		cr_expect_eq(bpfobj_decode(buf, i, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_DAMAGED, "cut at %zu", i);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x10;
		cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_DAMAGED, "byte %zu", i);
		buf[i] ^= 0x10;
	}
	cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_OK);
	free(buf);
}

/* A well-formed checksum over nonsense (a bug, or an entry made on
 * purpose) is still checked field by field. */
/* The entry with the u32 at offset at set to v, and its checksum made good. */
static void set_u32(unsigned char *buf, size_t len, size_t at, uint32_t v)
{
	uint64_t sum;

	memcpy(buf + at, &v, 4);
	sum = bpfobj_checksum(buf, len - 8, BPFOBJ_SEED);
	memcpy(buf + len - 8, &sum, 8);
}

Test(bpfobj, bad_fields_refused_under_a_good_checksum)
{
	size_t len;
	unsigned char *buf = bpfobj_encode(&obj, "KEY", 3, &len);
	size_t map_at = len - 8 - 4, insn_at = len - 8 - 8;   /* the last relocation's map and instruction */
	uint32_t v;

	memcpy(&v, buf + map_at, 4);
	cr_assert_eq(v, 0u);
	set_u32(buf, len, map_at, 2);   /* no such map */
	cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_DAMAGED);
	cr_expect(strstr(err, "bad program") != NULL, "%s", err);
	set_u32(buf, len, map_at, 0);
	set_u32(buf, len, insn_at, 0xffffffff);   /* past the end (found by fuzzing) */
	cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_DAMAGED);
	set_u32(buf, len, insn_at, 4);   /* an instruction that names no map */
	cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_DAMAGED);
	set_u32(buf, len, insn_at, 2);
	cr_expect_eq(bpfobj_decode(buf, len, "KEY", 3, &back, err, sizeof(err)), BPFOBJ_OK, "%s", err);
	free(buf);
}

Test(bpfobj, checksum_is_fnv1a)
{
	cr_expect_eq(bpfobj_checksum("", 0, BPFOBJ_SEED), 0xcbf29ce484222325ull);
	cr_expect_eq(bpfobj_checksum("a", 1, BPFOBJ_SEED), 0xaf63dc4c8601ec8cull);
}

Test(bpfobj, btf_for_local_storage)
{
	unsigned char blob[SBPF_BTF_MAX];
	size_t n = sbpf_storage_btf(1234, blob);
	struct btf_array arr;
	uint32_t hdr[6];

	cr_assert_leq(n, (size_t)SBPF_BTF_MAX);
	memcpy(hdr, blob, sizeof(hdr));
	cr_expect_eq(hdr[0] & 0xffff, 0xeb9fu);
	cr_expect_eq(hdr[1], 24u, "header length");
	cr_expect_eq(24 + hdr[4] + hdr[5], n, "types then strings, nothing else");
	memcpy(&arr, blob + 24 + 2 * 16 + 12, sizeof(arr));   /* after two INTs and the ARRAY's btf_type */
	cr_expect_eq(arr.nelems, 1234u);
	cr_expect_eq(arr.index_type, (uint32_t)SBPF_BTF_KEY_ID);
	cr_expect_str_eq((char *)blob + 24 + hdr[4] + 1, "int");
}

Test(bpfobj, key_fields_cannot_run_into_each_other)
{
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;

	cr_assert_eq(cachekey_add(&a, &la, "x", "1\ny=2"), 0);
	cr_assert_eq(cachekey_add(&b, &lb, "x", "1"), 0);
	cr_assert_eq(cachekey_add(&b, &lb, "y", "2"), 0);
	cr_expect(la != lb || memcmp(a, b, la), "a value holding a newline is not two fields");
	cr_expect_eq(memcmp(b, "x=1:1\ny=1:2\n", lb), 0);
	free(a);
	free(b);
}

/* A split compile's second part (trace/program.c compile_parts): obj's
 * declarations, with the programs named. */
static void second_part(const char *const *names, int n)
{
	const int fds[] = { 41, 40 };
	int i;

	strcpy(back.license, obj.license);
	back.kern_version = obj.kern_version;
	for (i = 0; i < (int)obj.nmaps; i++)
		cr_assert_geq(bpfobj_add_map(&back, &obj.maps[i]), 0);
	for (i = 0; i < n; i++)
		cr_assert_eq(bpfobj_add_prog(&back, names[i], prog, sizeof(prog), fds, err, sizeof(err)), 0, "%s", err);
}

Test(bpfobj, merged_parts_hold_every_program_by_name)
{
	const char *const names[] = { "zz", "a" };
	const int fds[] = { 41, 40 };

	cr_assert_eq(bpfobj_add_prog(&obj, "m", prog, sizeof(prog), fds, err, sizeof(err)), 0);
	second_part(names, 2);
	cr_assert_eq(bpfobj_merge(&obj, &back, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(obj.nprogs, 4);
	cr_expect_str_eq(obj.progs[0].name, "a", "libbcc's order: by name");
	cr_expect_str_eq(obj.progs[1].name, "fn");
	cr_expect_str_eq(obj.progs[2].name, "m");
	cr_expect_str_eq(obj.progs[3].name, "zz");
	cr_expect_eq(obj.progs[3].nrelocs, 2);
	cr_expect_eq(back.nprogs, 0, "the second part is freed");
}

Test(bpfobj, a_program_in_both_parts_is_kept_once_when_the_same)
{
	const char *const names[] = { "fn" };

	second_part(names, 1);
	cr_assert_eq(bpfobj_merge(&obj, &back, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(obj.nprogs, 1);
	second_part(names, 1);
	back.progs[0].insns[4].imm = 1;   /* r0 = 1: compiled differently */
	cr_expect_eq(bpfobj_merge(&obj, &back, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "program fn is in both parts, compiled differently");
}

Test(bpfobj, parts_with_other_maps_do_not_merge)
{
	const char *const names[] = { "other" };

	second_part(names, 1);
	back.maps[1].max_entries = 32;
	cr_expect_eq(bpfobj_merge(&obj, &back, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "the parts' maps, license or kernel version differ");
	second_part(names, 1);
	back.nmaps = 1;
	cr_expect_eq(bpfobj_merge(&obj, &back, err, sizeof(err)), -1);
}

/* The map types the program uses are ones loading creates again from
 * their description, so the compiled program can be cached: --cgroup's
 * cgroup array among them. A type with state of its own (struct_ops)
 * is not. */
Test(bpfobj, cgroup_array_is_created_again_from_its_description)
{
	cr_expect(compile_map_describable(BPF_MAP_TYPE_CGROUP_ARRAY));
	cr_expect(compile_map_describable(BPF_MAP_TYPE_PROG_ARRAY));
	cr_expect(compile_map_describable(BPF_MAP_TYPE_TASK_STORAGE));
	cr_expect(!compile_map_describable(BPF_MAP_TYPE_STRUCT_OPS));
	cr_expect(!compile_map_describable(BPF_MAP_TYPE_SOCKMAP));
}
