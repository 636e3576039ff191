/* decode_prctl.c - prctl(2) by its option and seccomp(2) by its
 * operation, as strace shows them: only the arguments the option takes
 * (decode.c's arg_shown asks prctl_shows), each as that option reads it,
 * and the seccomp filter program's header. Where strace reads an int the
 * call filled (PR_GET_PDEATHSIG's [0]) snoop shows its address: a record
 * reads the string an option may take, not those. */
#include <stdint.h>
#include <string.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include "record/decode.h"
#include "record/decoders.h"
#include "record/value.h"
#include "record/xlat.h"

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41   /* Linux 5.17 */
#endif
#define PR_SET_VMA_ANON_NAME 0
#define TASK_COMM_LEN 16

/* The arguments each option shows (strace's), as bits by index: the
 * option alone, the option and one more, or all five. */
int prctl_shows(uint64_t option, uint64_t arg2, int a)
{
	unsigned bits = 0x1f;

	switch ((uint32_t)option) {
	case PR_GET_KEEPCAPS: case PR_GET_SECCOMP: case PR_GET_TIMERSLACK: case PR_GET_TIMING:
	case PR_GET_DUMPABLE: case PR_GET_SECUREBITS: case PR_GET_FP_MODE: case PR_SVE_GET_VL:
	case PR_SME_GET_VL: case PR_TASK_PERF_EVENTS_DISABLE: case PR_TASK_PERF_EVENTS_ENABLE:
		bits = 0x01;
		break;
	case PR_GET_CHILD_SUBREAPER: case PR_GET_ENDIAN: case PR_GET_FPEMU: case PR_GET_FPEXC:
	case PR_GET_NAME: case PR_GET_PDEATHSIG: case PR_GET_TID_ADDRESS: case PR_GET_TSC:
	case PR_GET_UNALIGN: case PR_GET_SPECULATION_CTRL: case PR_SET_CHILD_SUBREAPER: case PR_SET_ENDIAN:
	case PR_SET_FPEMU: case PR_SET_FPEXC: case PR_SET_KEEPCAPS: case PR_SET_TIMING: case PR_SET_DUMPABLE:
	case PR_CAPBSET_DROP: case PR_CAPBSET_READ: case PR_SET_NAME: case PR_SET_PDEATHSIG:
	case PR_SET_PTRACER: case PR_SET_SECUREBITS: case PR_SET_TIMERSLACK: case PR_SET_TSC:
	case PR_SET_UNALIGN: case PR_SET_FP_MODE: case PR_SVE_SET_VL: case PR_SME_SET_VL:
		bits = 0x03;
		break;
	case PR_SET_SPECULATION_CTRL:
		bits = 0x07;
		break;
	case PR_SET_SECCOMP:
		bits = arg2 == SECCOMP_MODE_STRICT ? 0x03 : arg2 == SECCOMP_MODE_FILTER ? 0x07 : 0x1f;
		break;
	}
	return (int)(bits >> a) & 1;
}

void dec_prctl_option(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_prctl_options, (uint32_t)x->v);
}

/* PR_SET_NAME's name: strace reads TASK_COMM_LEN - 1 bytes, and a name
 * that has no NUL in them (15 bytes or more) ends "..."; PR_GET_NAME's,
 * which the kernel ends with a NUL in TASK_COMM_LEN, once it was filled */
static void prctl_name(struct vout *o, const struct arg *x, size_t max)
{
	struct mem_item m;

	if (!x->v || !find_mem_item(x, &m)) {   /* read only if the call succeeded */
		dec_pointer(o, x);
		return;
	}
	if (m.len >= max)
		value_str(o, m.p, max, 1);
	else
		value_str(o, m.p, m.len, m.flags & SNOOP_MEM_TRUNC);
}

/* The second argument (index 1), by the option */
static void prctl_arg2(struct vout *o, const struct arg *x, uint32_t option)
{
	switch (option) {
	case PR_SET_NAME:
		prctl_name(o, x, TASK_COMM_LEN - 1);
		return;
	case PR_GET_NAME:
		prctl_name(o, x, TASK_COMM_LEN);
		return;
	case PR_GET_CHILD_SUBREAPER: case PR_GET_ENDIAN: case PR_GET_FPEMU: case PR_GET_FPEXC:
	case PR_GET_PDEATHSIG: case PR_GET_TID_ADDRESS: case PR_GET_TSC: case PR_GET_UNALIGN:
		dec_pointer(o, x);   /* strace: the int the call filled; not read here */
		return;
	case PR_SET_CHILD_SUBREAPER: case PR_SET_ENDIAN: case PR_SET_FPEMU: case PR_SET_FPEXC:
	case PR_SET_KEEPCAPS: case PR_SET_TIMING: case PR_SET_NO_NEW_PRIVS: case PR_SET_THP_DISABLE:
	case PR_SET_IO_FLUSHER:
		value_uint(o, x->v);
		return;
	case PR_SET_DUMPABLE:
		value_xlat(o, xlat_pr_dumpable, (int64_t)x->v);
		return;
	case PR_CAPBSET_DROP: case PR_CAPBSET_READ:
		value_xlat(o, xlat_capabilities, (int64_t)x->v);
		return;
	case PR_CAP_AMBIENT:
		value_xlat(o, xlat_pr_cap_ambient, (int64_t)x->v);
		return;
	case PR_MCE_KILL:
		value_xlat(o, xlat_pr_mce_kill, (int64_t)x->v);
		return;
	case PR_SET_MM:
		value_xlat(o, xlat_pr_set_mm, (uint32_t)x->v);
		return;
	case PR_SET_VMA:
		value_xlat(o, xlat_pr_set_vma, (int64_t)x->v);
		return;
	case PR_SET_PDEATHSIG:
		if (x->v > 128)
			value_uint(o, x->v);
		else
			value_signal(o, (int64_t)x->v);
		return;
	case PR_SET_PTRACER:
		if ((int32_t)x->v == -1)
			value_sym(o, "PR_SET_PTRACER_ANY");
		else
			value_int(o, (int32_t)x->v);
		return;
	case PR_SET_SECCOMP:
		value_xlat(o, xlat_seccomp_modes, (int64_t)x->v);
		return;
	case PR_SET_SECUREBITS:
		value_flags(o, xlat_secbits, x->v);
		return;
	case PR_SET_TIMERSLACK:
		value_int(o, (int64_t)x->v);
		return;
	case PR_SET_TSC:
		value_xlat(o, xlat_pr_tsc, (uint32_t)x->v);
		return;
	case PR_SET_UNALIGN:
		value_flags(o, xlat_pr_unalign_flags, (uint32_t)x->v);
		return;
	case PR_SET_FP_MODE:
		value_flags(o, xlat_pr_fp_mode, (uint32_t)x->v);
		return;
	case PR_GET_SPECULATION_CTRL: case PR_SET_SPECULATION_CTRL:
		value_xlat(o, xlat_pr_spec_cmds, (int64_t)x->v);
		return;
	case PR_SET_SYSCALL_USER_DISPATCH:
		value_xlat(o, xlat_pr_sud_cmds, (int64_t)x->v);
		return;
	}
	dec_hex(o, x);
}

/* The third argument (index 2), by the option and its second */
static void prctl_arg3(struct vout *o, const struct arg *x, uint32_t option, uint64_t arg2)
{
	switch (option) {
	case PR_CAP_AMBIENT:
		if (arg2 == PR_CAP_AMBIENT_RAISE || arg2 == PR_CAP_AMBIENT_LOWER || arg2 == PR_CAP_AMBIENT_IS_SET) {
			value_xlat(o, xlat_capabilities, (int64_t)x->v);
			return;
		}
		break;
	case PR_MCE_KILL:
		if (arg2 == PR_MCE_KILL_SET) {
			value_xlat(o, xlat_pr_mce_kill_policy, (int64_t)x->v);
			return;
		}
		break;
	case PR_SET_VMA:
		if (arg2 == PR_SET_VMA_ANON_NAME) {
			dec_pointer(o, x);
			return;
		}
		break;
	case PR_SET_SECCOMP:
		if (arg2 == SECCOMP_MODE_FILTER) {
			dec_seccomp_fprog(o, x);
			return;
		}
		break;
	case PR_SET_SPECULATION_CTRL:
		if (arg2 == PR_SPEC_STORE_BYPASS || arg2 == PR_SPEC_INDIRECT_BRANCH || arg2 == PR_SPEC_L1D_FLUSH) {
			value_xlat(o, xlat_pr_spec_set_flags, (int64_t)x->v);
			return;
		}
		break;
	}
	dec_hex(o, x);
}

/* prctl's arguments after its option */
void dec_prctl_arg(struct vout *o, const struct arg *x)
{
	uint32_t option = (uint32_t)x->r->args[0];
	uint64_t arg2 = x->r->args[1];

	if (x->a == 1)
		prctl_arg2(o, x, option);
	else if (x->a == 2)
		prctl_arg3(o, x, option, arg2);
	else if (option == PR_SET_VMA && arg2 == PR_SET_VMA_ANON_NAME && x->a == 3)
		value_uint(o, x->v);   /* the length */
	else if ((option == PR_SET_VMA && arg2 == PR_SET_VMA_ANON_NAME) ||
		 (option == PR_SET_SYSCALL_USER_DISPATCH && x->a == 4))
		dec_pointer(o, x);     /* the name (not read), the selector */
	else
		dec_hex(o, x);
}

/* struct sock_fprog: {len=3, filter=0x55d4...}; its address when it was
 * not read, or for an ia32 caller (a 32-bit pointer in it) */
void dec_seccomp_fprog(struct vout *o, const struct arg *x)
{
	struct sock_fprog_64 {
		uint16_t len;
		uint64_t filter;
	} p;
	const uint8_t *at = x->r->flags & SNOOP_REC_IA32 ? NULL : struct_of(x, sizeof(p));

	if (!at) {
		dec_pointer(o, x);
		return;
	}
	memcpy(&p, at, sizeof(p));
	value_struct_begin(o);
	value_field(o, "len");
	value_uint(o, p.len);
	value_field(o, "filter");
	value_pointer(o, p.filter);
	value_struct_end(o, 0);
}

void dec_seccomp_op(struct vout *o, const struct arg *x)
{
	value_xlat(o, xlat_seccomp_ops, (uint32_t)x->v);
}

void dec_seccomp_flags(struct vout *o, const struct arg *x)
{
	if ((uint32_t)x->r->args[0] == SECCOMP_SET_MODE_FILTER)
		value_flags(o, xlat_seccomp_filter_flags, (uint32_t)x->v);
	else if ((uint32_t)x->r->args[0] == SECCOMP_GET_ACTION_AVAIL || (uint32_t)x->r->args[0] == SECCOMP_GET_NOTIF_SIZES)
		value_uint(o, (uint32_t)x->v);
	else
		dec_hex(o, x);   /* strace's, for strict mode and unknown operations */
}

/* seccomp's third argument: the filter program, the action asked about
 * ([SECCOMP_RET_LOG]), both as given to the call (read at its entry).
 * SECCOMP_GET_NOTIF_SIZES's sizes, which the call fills, are not read:
 * their address. */
void dec_seccomp_args(struct vout *o, const struct arg *x)
{
	const uint8_t *p;
	uint32_t action;

	switch ((uint32_t)x->r->args[0]) {
	case SECCOMP_SET_MODE_FILTER:
		dec_seccomp_fprog(o, x);
		return;
	case SECCOMP_GET_ACTION_AVAIL:
		if (!(p = struct_of(x, sizeof(action))))
			break;
		memcpy(&action, p, sizeof(action));
		value_array_begin(o);
		value_elem(o);
		value_xlat(o, xlat_seccomp_ret_actions, action);
		value_array_end(o, 0);
		return;
	}
	dec_pointer(o, x);
}
