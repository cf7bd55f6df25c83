# Boot-time benchmark, run 2 of direct (see tests/bench/boot-case.sh).
. "$E2E_DIR/../bench/boot-case.sh"
bench_case direct 2
