# Boot storm (tests/bench/boot-storm.sh): guest b of the pvboot storm, as PV
# and PVH; the four guests of a storm are created at once.
. "$E2E_DIR/../bench/boot-case.sh"
bench_case pvboot b
CASE_NAME=storm-pvboot-b
CASE_GROUP=storm-pvboot
CASE_TIMEOUT=300
