# Boot storm (tests/bench/boot-storm.sh): guest a of the direct storm, as PV
# and PVH; the four guests of a storm are created at once.
. "$E2E_DIR/../bench/boot-case.sh"
bench_case direct a
CASE_NAME=storm-direct-a
CASE_GROUP=storm-direct
CASE_TIMEOUT=300
