# Boot-time benchmark, run 3 of pvgrub2 (see tests/bench/boot-case.sh).
. "$E2E_DIR/../bench/boot-case.sh"
bench_case pvgrub2 3
