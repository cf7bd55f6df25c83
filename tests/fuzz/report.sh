#!/usr/bin/env bash
# The fuzzing report (make fuzz-report): the campaign ledger's totals per
# target, then llvm-cov's line and branch coverage per parser file reached by
# the committed corpus, each input run once through coverage builds.
#
#   report.sh COVDIR COVERAGE_BINARY...
#
# Prints Markdown (the README's table) and keeps it in COVDIR/report.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/corpus.sh"
dir=${1:?usage: report.sh COVDIR BIN...}
shift
prof=$dir/profiles
rm -rf "$prof" && mkdir -p "$prof"
objects=()
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=$dir/corpus/$name
	objects+=(-object "$bin")
	corpus_unpack "$name" "$corpus" || { echo "warning: $name has no committed corpus" >&2; continue; }
	# Given files, libFuzzer runs each once and does not fuzz.
	find "$corpus" -type f -print0 | LLVM_PROFILE_FILE="$prof/$name-%p.profraw" \
		xargs -0 -r -n 256 "$bin" -rss_limit_mb=2048 >/dev/null 2>&1 ||
		echo "warning: $name: an input failed in the coverage build" >&2
done
llvm-profdata merge -sparse "$prof"/*.profraw -o "$dir/all.profdata"

{
	echo "Campaign (tests/fuzz/campaign.tsv; CPU time the fuzzer really got):"
	echo
	echo "| target | CPU-hours | runs | exec/s | corpus (files, KiB packed) | findings |"
	echo "|---|---:|---:|---:|---:|---|"
	awk -F'\t' 'NR > 1 {
		cpu[$2] += $3; ex[$2] += $4; units[$2] = $7; bytes[$2] = $8
		if ($9 != "ok") bad[$2] = bad[$2] " " $9
	} END {
		for (t in cpu) printf "| %s | %.2f | %d | %d | %d, %d | %s |\n", t, cpu[t] / 3600, ex[t],
			cpu[t] ? ex[t] / cpu[t] : 0, units[t], bytes[t] / 1024, bad[t] ? bad[t] : "none"
	}' "$here/campaign.tsv" | sort
	echo
	echo "Coverage of the committed corpus (llvm-cov; lines and branches):"
	echo
	echo "| file | lines | line cover | branches | branch cover |"
	echo "|---|---:|---:|---:|---:|"
	# The parsers: file systems, partition tables, configuration languages,
	# kernel images and decompressors, handoff planning, Dom0 parameters.
	llvm-cov report "${objects[@]:1}" -instr-profile="$dir/all.profdata" \
		'-ignore-filename-regex=^(tests|tools)/|\.h$' |
		awk '$1 ~ /^(fs|menu|loader\/kernel|loader\/handoff)\// || $1 == "loader/boot/opts.c" {
			printf "| %s | %d | %s | %d | %s |\n", $1, $8, $10, $11, $13
			l += $8; ml += $9; b += $11; mb += $12
		} END {
			printf "| **all parsers** | %d | %.2f%% | %d | %.2f%% |\n", l, 100 * (l - ml) / l, b, 100 * (b - mb) / b
		}'
} | tee "$dir/report.md"
