#!/usr/bin/env bash
# Run each libFuzzer target for FUZZ_SECONDS, seeded from the campaign's
# committed corpus (tests/fuzz/corpus/), the findings' regression inputs
# (tests/fuzz/regress/) and tests/fuzz/seeds.sh's corpora
# (built from real kernels and generated images, outside git), and
# fail if any target finds a crash, leak or sanitizer report.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/corpus.sh"
secs=${FUZZ_SECONDS:-20}
work=${PVBOOT_BUILD:-$here/../../build}/fuzz-work
mkdir -p "$work"
[ -x "$here/seeds.sh" ] && bash "$here/seeds.sh" "$work/seeds"
fail=0
for bin in "$@"; do
	name=$(basename "$bin")
	corpus="$work/corpus/$name"
	mkdir -p "$corpus"
	seeds="$work/seeds/$name"
	[ -d "$seeds" ] || seeds=""
	# the campaign's minimised corpus (tests/fuzz/campaign.sh), committed
	committed="$work/committed/$name"
	corpus_unpack "$name" "$committed" || committed=""
	regress="$work/regress/$name"
	regress_unpack "$name" "$regress" || regress=""
	echo "== fuzz $name for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$work/$name-" "$corpus" $committed $regress $seeds >"$work/$name.log" 2>&1; then
		echo "FAIL $name: see $work/$name.log"; tail -30 "$work/$name.log"; fail=1
	else
		echo "ok   $name: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$work/$name.log" | tail -1)"
	fi
done
exit $fail
