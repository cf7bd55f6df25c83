#!/usr/bin/env bash
# A fuzzing campaign that adds up over many runs and sessions.
#
#   campaign.sh [-s SECONDS] [-r ROUNDS] TARGET_BINARY...
#
# Each round gives every target SECONDS of wall time at nice 19, seeded from
# the committed corpus (tests/fuzz/corpus/NAME.tar.xz, corpus.sh), the
# generated seeds and the campaign's own working corpus ($FUZZ_HOME, outside
# git, kept between runs).  After each run the union is minimised
# (-merge=1) back into the committed corpus, so what one session found
# seeds the next, and one line goes to tests/fuzz/campaign.tsv: the CPU
# seconds the fuzzer really got (user + sys, not wall time: the machine is
# shared), executions, coverage, corpus size and the result.  A crash, leak or timeout stops that target's
# run; its input is kept in $FUZZ_HOME/artifacts/ and named in the ledger,
# and the round goes on with the next target.  Touching $FUZZ_HOME/stop
# ends the campaign after the run under way.
set -uo pipefail
# With the kernel's autogroup scheduling (Debian's default), nice ranks
# processes only within one session, and each session gets an equal share:
# the campaign runs in a session of its own, at that session's lowest
# weight, so that it takes only the CPU that other work leaves.
if [ -z "${FUZZ_CAMPAIGN_SESSION:-}" ]; then FUZZ_CAMPAIGN_SESSION=1 exec setsid -w "$0" "$@"; fi
echo 19 >/proc/self/autogroup 2>/dev/null || true
here=$(cd "$(dirname "$0")" && pwd)
. "$here/corpus.sh"
secs=600 rounds=1
while getopts s:r: o; do
	case $o in
	s) secs=$OPTARG ;;
	r) rounds=$OPTARG ;;
	*) echo "usage: campaign.sh [-s SECONDS] [-r ROUNDS] TARGET..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "campaign.sh: no targets" >&2; exit 2; }

build=${PVBOOT_BUILD:-$here/../../build}
home=${FUZZ_HOME:-$build/fuzz-campaign}
ledger=$here/campaign.tsv
seeds=$build/fuzz-work/seeds
mkdir -p "$home/artifacts" "$home/logs"
bash "$here/seeds.sh" "$seeds"  # quick and idempotent: new seed scripts count at once
[ -s "$ledger" ] || printf 'date\ttarget\tcpu_s\texecs\tcov\tft\tunits\tpacked_bytes\tresult\n' >"$ledger"

# Fields of libFuzzer's final "#N DONE cov: C ft: F ..." / last status line.
last_stat() { grep -Eo "$1: [0-9]+" "$2" | tail -1 | grep -Eo '[0-9]+$' || echo 0; }

# A timeout or slow unit under load may be the clock's, not the input's:
# libFuzzer times units by the wall clock, and at nice 19 beside the e2e
# testbed a fuzzer gets a few per cent of a CPU.  Such an artifact is run
# again on its own; when it then finishes within the limit, it is not a
# finding (the ledger says "unreproduced") and fuzzing goes on.
reproduces() { # bin artifact
	timeout 60 nice -n 19 "$1" -timeout=10 -rss_limit_mb=2048 "$2" >/dev/null 2>&1 && return 1
	return 0
}

run_one() {
	local bin=$1 extra name corpus committed log t0 t1 cpu rc result execs tmp left w0 art n slow
	name=$(basename "$bin")
	corpus=$home/corpus/$name
	committed=$home/committed/$name
	log=$home/logs/$name-$(date -u +%Y%m%dT%H%M%S).log
	mkdir -p "$corpus"
	corpus_unpack "$name" "$committed"
	extra=()
	[ -d "$seeds/$name" ] && extra=("$seeds/$name")
	regress_unpack "$name" "$home/regress/$name" && extra+=("$home/regress/$name")
	# CPU time of the child alone, from the kernel's accounting.
	t0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
	left=$secs result= execs=0 n=0
	while [ "$left" -ge 10 ]; do
		w0=$(date +%s)
		nice -n 19 "$bin" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix="$home/artifacts/$name-" \
			"$corpus" "$committed" "${extra[@]}" >"$log.$n" 2>&1
		rc=$?
		cat "$log.$n" >>"$log"
		# executions: the final statistics, else the last status line (#N)
		execs=$((execs + $(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log.$n" | grep -Eo '[0-9]+$' ||
			grep -Eo '^#[0-9]+' "$log.$n" | tail -1 | tr -d '#' || echo 0)))
		art=$(grep -Eo "Test unit written to [^ ]+" "$log.$n" | sed 's/.*written to //' | tail -1)
		rm -f "$log.$n"
		n=$((n + 1))
		[ $rc -eq 0 ] && break
		case $(basename "${art:-none}") in *-timeout-* | *-slow-unit-*) slow=1 ;; *) slow=0 ;; esac
		if [ $slow = 1 ] && ! reproduces "$bin" "$art"; then
			result+="unreproduced:$(basename "$art") "
			mv "$art" "$home/artifacts/unreproduced-$(basename "$art")"
			left=$((left - $(date +%s) + w0))
			continue
		fi
		result+="rc=$rc:$(basename "${art:-none}") "
		break
	done
	t1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
	cpu=$(( (t1 - t0) / $(getconf CLK_TCK) ))
	result=${result% }
	[ -n "$result" ] || result=ok
	# Minimise the union into the committed corpus (a fresh directory, swapped in).
	tmp=$(mktemp -d "$home/merge.XXXXXX")
	# (a generous timeout: a unit the merge times out is left out, and the
	# merge runs starved beside the testbed as well)
	if nice -n 19 "$bin" -merge=1 -timeout=120 -rss_limit_mb=2048 \
		-artifact_prefix="$home/artifacts/merge-$name-" "$tmp" "$committed" "$corpus" \
		>"$log.merge" 2>&1; then
		rm -rf "$committed" && mv "$tmp" "$committed" && corpus_pack "$committed" "$name"
	else
		echo "warning: $name: merge failed, corpus left as it was (see $log.merge)" >&2
		rm -rf "$tmp"
	fi
	printf '%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n' "$(date -u +%FT%TZ)" "$name" "$cpu" "${execs:-0}" \
		"$(last_stat cov "$log")" "$(last_stat ft "$log")" \
		"$(find "$committed" -type f | wc -l)" "$(stat -c %s "$FUZZ_CORPORA/$name.tar.xz" 2>/dev/null || echo 0)" \
		"$result" >>"$ledger"
	echo "$(date -u +%T) $name: ${cpu}s CPU, ${execs:-0} runs, $result"
}

for ((r = 1; r <= rounds; r++)); do
	for bin in "$@"; do
		# touch $FUZZ_HOME/stop to end the campaign between two runs
		[ -e "$home/stop" ] && { echo "campaign: stop file, ending"; exit 0; }
		run_one "$bin"
	done
done
