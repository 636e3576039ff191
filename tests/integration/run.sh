#!/bin/bash
# Integration tests: real BPF, real child programs, exact records.
# Needs root (loading BPF programs); run by `make test` (README: sudo make test).
#   bash tests/integration/run.sh            every test
#   bash tests/integration/run.sh t_pid ...  only the named ones
# The tests are in the topic files beside this one, their helpers in lib.sh;
# tests/progs/sysprobe writes the records it expects (see its comment).
# Each test prints "ok - NAME" or "FAIL - NAME: why"; the last line counts them.
set -u
cd "$(dirname "$0")/../.."
SNOOP=${SNOOP:-./snoop}    # make check-asan runs the suite on a sanitizer build
PROBE=build/progs/sysprobe
T=$(mktemp -d /tmp/snoop-it-XXXXXX)
# Where BPF sources, caches and installed trees go: snoop uses those only
# through directories no other user can write, which /tmp is not.
R=$(mktemp -d /run/snoop-it-XXXXXX)
trap 'ctr_cleanup; rm -rf "$T" "$R"; hostile_user_remove; kill $(jobs -p) 2>/dev/null' EXIT
passed=0 failed=0 skipped=0

if [ "$(id -u)" -ne 0 ]; then
	echo "skip: integration tests load BPF programs and need root (run: sudo make test)"
	[ -n "${CI:-}" ] && { echo "0 passed, 1 failed (CI must run them as root)"; exit 1; }
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

for f in lib targets select attach errors loss records faults strace habits install cache fleet hostile variants containers formats report; do
	. "tests/integration/$f.sh"
done

if [ $# -gt 0 ]; then
	for t in "$@"; do $t; done   # a name with its argument: "t_command raw_tp"
else
	t_command raw_tp
	t_format
	t_command tracepoint
	t_command_signals
	t_pid
	t_pid_leaderless
	t_name
	t_name_inflight
	t_cgroup
	t_cgroup_present
	t_cgroup_records
	t_cgroup_moves
	t_pidns
	t_all
	t_all_command
	t_all_summary
	t_user
	t_select_errors
	t_threads
	t_follow
	t_leader_exit
	t_thread_exec
	t_interrupted
	t_migrate
	t_no_entry
	t_kprobe
	t_verbose
	t_bpf_dir
	t_hash_on_demand
	t_cache_hit
	t_cache_damaged
	t_cache_unsafe
	t_no_cache
	t_cache_miss_rss
	t_cache_child_error
	t_cache_kallsyms
	t_cache_split
	t_prepare
	t_errors
	t_no_kernel_headers
	t_install
	t_install_prefix
	t_install_prepare
	t_hardened_build
	t_million
	t_million perf
	t_million ring
	t_loss
	t_loss perf
	t_grow
	t_grow perf
	t_ring_reach
	t_stopped
	t_lossless 1
	t_lossless 4
	t_loss_advice
	t_lossless_stopped
	t_lossless_killed
	t_lossless_group_killed
	t_lossless_error_exit
	t_lossless_errors
	t_decoded
	t_exec_untouched
	t_exec_whole_argv
	t_json
	t_comm_changes
	t_json_typed
	t_order
	t_signals_and_ends
	t_roundtrip
	t_replay_damage
	t_doc_examples
	t_full_disk
	t_foreign_output
	t_hostile_outputs
	t_hostile_bpf_sources
	t_hostile_cache
	t_closed_pipe
	t_unfinished
	t_signals
	t_stop_before_tracing
	t_nothing_left_attached
	t_target_killed
	t_ended_target
	t_tables_full
	t_tables_full_name
	t_exec_names
	t_storms
	t_pid_reuse
	t_ia32
	t_decode_fds
	t_decode_fds_vfork
	t_decode_fds_accept
	t_strace_compare
	t_strace_format
	t_trace_event
	t_trace_event_viewer
	t_trace_event_chromium
	t_trace_event_signal
	t_formats_live
	t_trace_event_loss
	t_strace_separate
	t_stream_separation
	t_output_streams
	t_classes_vs_strace
	t_summary_vs_strace
	t_result_filters
	t_time_formats
	t_help_examples
	t_stack_trace
	t_readme_examples
	t_trace_path_fds
	t_fleet_tcp
	t_fleet_tls
	t_fleet_udp
	t_fleet_restart
	t_fleet_replay
	t_fleet_json
	t_fleet_errors
	t_variants_inflight_hash
	t_variants_hash_topics
	t_variants_tracepoint_topics
	t_variants_counts
	t_variants_features
	t_variants_no_group_dead
	t_variants_no_btf
	t_variants_attach_fallback
	t_variants_foreign_source
	t_container_resolve
	t_container_errors
	t_container_trace
	t_html_report
	t_html_million
	t_html_live_sigint
	t_html_combinations
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
