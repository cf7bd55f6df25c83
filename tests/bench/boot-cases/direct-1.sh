# Boot-time benchmark, run 1 of direct (see tests/bench/boot-case.sh).
. "$E2E_DIR/../bench/boot-case.sh"
bench_case direct 1
