/* BPF.c's pure parts: the CPU lists of /sys/devices/system/cpu. */
#include <criterion/criterion.h>
#include "BPF.h"

Test(sbpf, cpu_lists)
{
	int c[8];

	cr_expect_eq(sbpf_cpus_parse("0-1\n", c, 8), 2);
	cr_expect_eq(c[1], 1);
	cr_expect_eq(sbpf_cpus_parse("0,2-4,7", c, 8), 5);
	cr_expect_eq(c[3], 4);
	cr_expect_eq(c[4], 7);
	cr_expect_eq(sbpf_cpus_parse("0", c, 8), 1);
	cr_expect_eq(sbpf_cpus_parse("0-9", c, 8), -1, "more CPUs than room");
	cr_expect_eq(sbpf_cpus_parse("3-1", c, 8), -1);
	cr_expect_eq(sbpf_cpus_parse("x", c, 8), -1);
}
