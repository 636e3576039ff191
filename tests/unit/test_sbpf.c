/* BPF.c's pure parts: the CPU lists of /sys/devices/system/cpu, and which
 * kernel releases may allocate hash maps' elements as they are inserted. */
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

Test(sbpf, kernel_releases)
{
	cr_expect(sbpf_release_at_least("6.1.0-13-amd64", 6, 1));
	cr_expect(sbpf_release_at_least("6.18.44-fc-v1252", 6, 1), "6.18 is after 6.1, not before 6.2");
	cr_expect(sbpf_release_at_least("7.0", 6, 1));
	cr_expect_not(sbpf_release_at_least("6.0.19", 6, 1));
	cr_expect_not(sbpf_release_at_least("5.15.0-91-generic", 6, 1));
	cr_expect_not(sbpf_release_at_least("5.19", 6, 1));
	cr_expect_eq(sbpf_release_at_least("", 6, 1), -1);
	cr_expect_eq(sbpf_release_at_least("linux", 6, 1), -1);
	cr_expect_eq(sbpf_release_at_least("5.11.0", 5, 11), 1, "--prepare's test for the per-CPU slots");
	cr_expect_eq(sbpf_release_at_least("5.10.200", 5, 11), 0);
}
