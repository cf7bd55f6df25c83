# Boot storm (tests/bench/boot-storm.sh): guest a of the pvgrub2 storm, as PV
# and PVH; the four guests of a storm are created at once.
. "$E2E_DIR/../bench/boot-case.sh"
bench_case pvgrub2 a
CASE_NAME=storm-pvgrub2-a
CASE_GROUP=storm-pvgrub2
CASE_TIMEOUT=300
