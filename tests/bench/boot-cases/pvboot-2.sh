# Boot-time benchmark, run 2 of pvboot (see tests/bench/boot-case.sh).
. "$E2E_DIR/../bench/boot-case.sh"
bench_case pvboot 2
