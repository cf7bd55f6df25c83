# Boot storm (tests/bench/boot-storm.sh): guest b of the pvgrub2 storm, as PV
# and PVH; the four guests of a storm are created at once.
. "$E2E_DIR/../bench/boot-case.sh"
bench_case pvgrub2 b
CASE_NAME=storm-pvgrub2-b
CASE_GROUP=storm-pvgrub2
CASE_TIMEOUT=300
