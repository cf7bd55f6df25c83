#!/usr/bin/env bash
# pvboot end-to-end runner: boots real Xen + a Debian dom0 in QEMU (TCG) once
# (or E2E_SHARDS such testbeds at once) and starts one guest per case instance.
#
#   run.sh [-v] [CASE_FILE...]      default: tests/e2e/cases/*.sh
#     -v           stream the whole serial console (else only progress lines)
#   env: BUILD (build dir, default ./build), E2E_CASES="name1 name2@pvh" (filter:
#        a case name selects all its guest types, name@type one),
#        E2E_SHARDS (testbeds run at once, each with a share of the instances;
#        default 2 with two CPUs and memory for two QEMUs, else 1), E2E_SMP (CPUs of each testbed: 2, or 1 when sharded),
#        E2E_JOBS (guests at once in one testbed, default 1: see SHARDS below),
#        E2E_FULL=1 (also the instances a case keeps for the full suite:
#        CASE_FULL_ONLY; make e2e-full),
#        E2E_QEMU_MEM (MiB, default 7168: dom0 768 + a 4.5 GiB PVH guest), PVBOOT_CACHE,
#        E2E_XEN_ARGS (more Xen options: guest_loglvl=all shows earlyprintk=xen),
#        E2E_ELF (the loader @pvboot names, default $BUILD/pv/pvboot-x86_64.elf:
#        /usr/lib/pvboot/pvboot-x86_64.elf boots the installed package's),
#        E2E_INSPECT (pvboot-inspect, default $BUILD/host/pvboot-inspect)
#
# Output: one "PASS <case> ..." / "FAIL <case>: reason" / "SKIP <case>: why"
# line per case, then "N passed, M failed", then the last E2E_TAIL_LINES
# (12) lines of each failed guest's console as "e2e-tail <case>| ...".  Logs: $BUILD/e2e/<case>.log
# (whole block), <case>.console (guest console only), serial.log (everything).
# Exit status 0 only if every non-skipped case passed.
set -euo pipefail
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
export E2E_DIR
VERBOSE=0
[ "${1:-}" = -v ] && { VERBOSE=1; shift; }
BUILD=$(mkdir -p "${BUILD:-build}" && cd "${BUILD:-build}" && pwd)
export BUILD
export PVBOOT_INSPECT=${E2E_INSPECT:-$BUILD/host/pvboot-inspect}
E2E_ELF=${E2E_ELF:-$BUILD/pv/pvboot-x86_64.elf}
CACHE=${PVBOOT_CACHE:-$HOME/.cache/pvboot}
OUT=$BUILD/e2e
mkdir -p "$OUT"

[ -f "$CACHE/e2e/env.sh" ] || bash "$E2E_DIR/fetch.sh"
. "$CACHE/e2e/env.sh"
for v in E2E_XEN E2E_DOM0_KERNEL E2E_CLOUD_KERNEL; do
  [ -f "${!v}" ] || { echo "FAIL e2e-setup: ${!v} missing (run make e2e-prep)"; exit 1; }
done

# Cached build products: rebuilt when their script or the fetched tree changes.
stale() { local t=$1; shift; [ ! -f "$t" ] || [ -n "$(find "$@" -newer "$t" 2>/dev/null)" ]; }
DOM0_INITRD=$OUT/dom0-initramfs.cpio.gz
stale "$DOM0_INITRD" "$E2E_DIR/dom0-initramfs.sh" "$E2E_DIR/lib" "$CACHE/e2e/env.sh" &&
  bash "$E2E_DIR/dom0-initramfs.sh" "$DOM0_INITRD" >/dev/null
for f in cloud:$E2E_KCVER generic:$E2E_KVER; do
  t=$OUT/guest-${f%%:*}.cpio.gz
  stale "$t" "$E2E_DIR/guest-initramfs.sh" "$E2E_DIR/lib/modules.sh" "$CACHE/e2e/env.sh" &&
    bash "$E2E_DIR/guest-initramfs.sh" "${f#*:}" "$t"
done

# Shards: E2E_SHARDS testbeds (each its own QEMU, Xen and dom0, one CPU
# each) run at once, each a share of the instances; this process then only
# starts them and gathers their results.  One QEMU per host core instead of
# two guests in one testbed: QEMU's emulation of nested SVM resets PVH
# guests and crashes dom0 processes far more often when both of a
# testbed's vCPUs run guests at once (4 triple faults in 7 PVH boots,
# against none in the 51-instance sequential run).
# The default: two testbeds where two CPUs and the memory for two QEMUs are.
if [ -z "${E2E_SHARDS:-}" ]; then
  E2E_SHARDS=1
  avail=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
  [ "$(nproc)" -ge 2 ] && [ "${avail:-0}" -ge $((2 * ${E2E_QEMU_MEM:-7168} + 2048)) ] && E2E_SHARDS=2
fi
SHARDS=$E2E_SHARDS
if [ "$SHARDS" -gt 1 ] && [ -z "${E2E_SHARD:-}" ]; then
  pids=(); vflag=(); [ $VERBOSE = 1 ] && vflag=(-v)
  for ((i = 0; i < SHARDS; i++)); do
    E2E_SHARD=$i bash "$E2E_DIR/run.sh" "${vflag[@]}" "$@" >"$OUT/shard-$i.out" 2>&1 &
    pids+=($!)
  done
  echo "e2e: $SHARDS testbeds at once (output: $OUT/shard-N.out)"
  rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  outs=(); for ((i = 0; i < SHARDS; i++)); do outs+=("$OUT/shard-$i.out"); done   # not an older run's
  grep -h '^e2e: ' "${outs[@]}" | sed 's/^e2e: /e2e: [shard] /'
  grep -h -E '^(PASS|FAIL|SKIP) ' "${outs[@]}"
  awk '/^[0-9]+ passed, [0-9]+ failed/ {p += $1; f += $3; s += $5}
       END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "${outs[@]}"
  grep -h -m1 'more instances run in the full suite' "$OUT/shard-0.out" || true
  grep -h '^e2e-tail ' "${outs[@]}" || true
  exit $rc
fi
SHARD=${E2E_SHARD:-0}
RUN=$OUT; [ "$SHARDS" -gt 1 ] && RUN=$OUT/shard-$SHARD
mkdir -p "$RUN"
SMP=${E2E_SMP:-$([ "$SHARDS" -gt 1 ] && echo 1 || echo 2)}
declare -a LOAD=()
for ((i = 0; i < SHARDS; i++)); do LOAD[i]=0; done
# The shard an instance goes to: a boot storm's all to shard 0, the rest to
# the least loaded so far (CASE_TIMEOUT as the estimate); every shard works
# this out the same way for every instance.
shard_of() { # group
  local i best=0
  [ -n "$1" ] && { echo 0; return; }
  for ((i = 1; i < SHARDS; i++)); do [ "${LOAD[i]}" -lt "${LOAD[best]}" ] && best=$i; done
  echo $best
}

resolve() {   # alias or path -> absolute file
  case $1 in
    @cloud) echo "$E2E_CLOUD_KERNEL" ;;
    @generic) echo "$E2E_GENERIC_KERNEL" ;;
    @pvgrub2) echo "$E2E_PVGRUB2" ;;
    @pvgrub2-pvh) echo "$E2E_PVGRUB2_PVH" ;;
    @pvboot) echo "$E2E_ELF" ;;
    @guest-cloud) echo "$OUT/guest-cloud.cpio.gz" ;;
    @guest-generic) echo "$OUT/guest-generic.cpio.gz" ;;
    /*) echo "$1" ;;
    *) echo "$PWD/$1" ;;
  esac
}

# dom0_type_keys KEYS...: the dom0 script that types a case's CASE_KEYS
# into its guest's console pty once the console shows pvboot's countdown
# ("Booting"), half a second apart, as an admin at `xl console` would.  The
# domain is the instance's own ($name in the dom0 plan: NAME or NAME@TYPE).
dom0_type_keys() {
  local k typing=
  for k in "$@"; do typing+="printf '$k' >\"\$tty\"; sleep 0.5; "; done
  echo "(
  for i in \$(seq 600); do
    id=\$(xl domid \"\$name\" 2>/dev/null) && tty=\$(xenstore-read /local/domain/\$id/console/tty 2>/dev/null) &&
      grep Booting \"/var/log/xen/console/guest-\$name.log\" >/dev/null 2>&1 && break
    sleep 0.1
  done
  stty -F \"\$tty\" raw -echo 2>/dev/null
  $typing
) >/dev/null 2>&1 &"
}

if [ $# -eq 0 ]; then set -- "$E2E_DIR"/cases/*.sh; fi
PAY=$(mktemp -d)
trap 'rm -rf "$PAY"' EXIT
mkdir -p "$PAY/e2e/cases" "$PAY/e2e/files"
cp "$E2E_DIR/lib/plan-head.sh" "$PAY/e2e/plan.sh"
QDISKS=()
NDISK=0
CASES=()
TOTAL=120 MAXTMO=0
RESULTS=(); FAILED=(); NFAIL=0; NSKIP=0; NPASS=0; NFULL=0
# What the guest type changes in a loaded case (both subshells apply it).
case_type_rules() {
  if [ "$CASE_TYPE" = pvh ]; then CASE_TIMEOUT=${CASE_TIMEOUT_PVH:-$((CASE_TIMEOUT * 2))}; fi
}
declare -A GROUPS_=() GROUP_TMO=()   # CASE_GROUP -> " name1 name2", longest timeout
GROUP_ORDER=()

for cf in "$@"; do
  base=$(basename "$cf" .sh); base=${base#[0-9][0-9]-}
  # The guest types this case runs as (CASE_TYPES, else CASE_TYPE): one
  # instance per type, named NAME@TYPE when there are several.
  if ! types=$(. "$E2E_DIR/lib/case-defaults.sh"; . "$cf"
               if [ ${#CASE_TYPES[@]} -gt 0 ]; then echo "${CASE_TYPES[*]}"; else echo "$CASE_TYPE"; fi); then
    RESULTS+=("FAIL $base: case file $cf does not load"); NFAIL=$((NFAIL + 1)); continue
  fi
  read -ra tlist <<<"$types"
  # This backend hosts Xen guests; an ovmf instance is tests/efi/run.sh's.
  xt=(); for t in "${tlist[@]}"; do [ "$t" = ovmf ] || xt+=("$t"); done; tlist=("${xt[@]}")
  for ctype in "${tlist[@]}"; do
  suffix=; [ ${#tlist[@]} -gt 1 ] && suffix=@$ctype
  desc=$(mktemp)
  # Each case is sourced in its own subshell; what run.sh needs comes back as
  # shell assignments (declare -p).
  if ! (
    . "$E2E_DIR/lib/case-defaults.sh"
    CASE_TYPE=$ctype   # the case file may choose by type (kernel, files)
    . "$cf"
    CASE_TYPE=$ctype
    CASE_NAME=${CASE_NAME:-$base}$suffix
    case_type_rules
    # E2E_CASES names an instance (name@pvh) or every instance of a case (name).
    if [ -n "${E2E_CASES:-}" ] && [[ " $E2E_CASES " != *" $CASE_NAME "* ]] &&
       [[ " $E2E_CASES " != *" ${CASE_NAME%@*} "* ]]; then
      echo "STATE=filtered"; exit 0
    fi
    if [ "${E2E_FULL:-0}" != 1 ] && [[ " ${CASE_FULL_ONLY[*]} " == *" $CASE_TYPE "* ]] &&
       [[ " ${E2E_CASES:-} " != *" $CASE_NAME "* ]]; then
      echo "STATE=full"; exit 0
    fi
    shd=$(shard_of "$CASE_GROUP"); echo "SHARD_OF=$shd SHARD_COST=$CASE_TIMEOUT"
    [ "$shd" = "$SHARD" ] || { echo "STATE=other"; exit 0; }
    for r in "${CASE_REQUIRES[@]}"; do
      [ -e "$(resolve "$r")" ] || { printf 'STATE=skip WHY=%q\n' "$(resolve "$r") is not built"; exit 0; }
    done
    why=$(case_enabled 2>&1) || { printf 'STATE=skip WHY=%q\n' "${why:-disabled}"; exit 0; }
    CASE_WORK=$OUT/work/$CASE_NAME
    rm -rf "$CASE_WORK"; mkdir -p "$CASE_WORK"
    export CASE_WORK
    if ! case_prepare >"$CASE_WORK/prepare.log" 2>&1; then
      printf 'STATE=fail WHY=%q\n' "case_prepare failed: $(tail -n 3 "$CASE_WORK/prepare.log" | tr '\n' ' ')"; exit 0
    fi
    [ ${#CASE_KEYS[@]} -eq 0 ] || CASE_DOM0_PRE="$(dom0_type_keys "${CASE_KEYS[@]}")
$CASE_DOM0_PRE"
    K=$(resolve "$CASE_KERNEL"); RD=
    [ -n "$CASE_RAMDISK" ] && RD=$(resolve "$CASE_RAMDISK")
    echo "STATE=run"
    declare -p CASE_NAME CASE_TYPE CASE_GROUP CASE_EXTRA CASE_MEMORY CASE_VCPUS CASE_TIMEOUT \
      CASE_SECTOR CASE_MARK CASE_XL CASE_DOM0_PRE CASE_DOM0_POST CASE_RETRY_ON K RD
    printf 'CASE_DISKS=('; for d in "${CASE_DISKS[@]}"; do printf '%q ' "$(resolve "$d")"; done; echo ')'
  ) >"$desc"; then
    RESULTS+=("FAIL $base: case file $cf does not load"); NFAIL=$((NFAIL + 1)); rm -f "$desc"; continue
  fi
  CASE_NAME=$base$suffix; WHY=; SHARD_OF=
  . "$desc"; rm -f "$desc"
  [ -z "$SHARD_OF" ] || LOAD[SHARD_OF]=$((LOAD[SHARD_OF] + SHARD_COST))
  case $STATE in
    filtered|other) continue ;;
    full) NFULL=$((NFULL + 1)); continue ;;
    skip) RESULTS+=("SKIP $CASE_NAME: $WHY"); NSKIP=$((NSKIP + 1)); continue ;;
    fail) RESULTS+=("FAIL $CASE_NAME: $WHY"); NFAIL=$((NFAIL + 1)); continue ;;
  esac
  for f in "$K" ${RD:+"$RD"} "${CASE_DISKS[@]}"; do
    [ -f "$f" ] || { RESULTS+=("FAIL $CASE_NAME: $f missing"); NFAIL=$((NFAIL + 1)); continue 2; }
  done
  cd_="$PAY/e2e/cases/$CASE_NAME"; mkdir -p "$cd_"
  printf '%s\n' "${CASE_DISKS[@]}" >"$OUT/work/$CASE_NAME/disks"   # for the boot-report check
  # Files travel in the payload under a name unique per source path.
  payname() { echo "$(echo "$1" | sha1sum | cut -c1-8)-$(basename "$1")"; }
  kp=$(payname "$K"); [ -f "$PAY/e2e/files/$kp" ] || cp "$K" "$PAY/e2e/files/$kp"
  {
    echo "name=\"$CASE_NAME\""
    echo "type=\"$CASE_TYPE\""
    echo "kernel=\"/e2e/files/$kp\""
    if [ -n "$RD" ]; then
      rp=$(payname "$RD"); [ -f "$PAY/e2e/files/$rp" ] || cp "$RD" "$PAY/e2e/files/$rp"
      echo "ramdisk=\"/e2e/files/$rp\""
    fi
    [ -n "$CASE_EXTRA" ] && echo "extra=\"$CASE_EXTRA\""
    echo "memory=$CASE_MEMORY"
    echo "vcpus=$CASE_VCPUS"
    echo 'on_poweroff="destroy"'
    echo 'on_reboot="destroy"'
    echo 'on_crash="destroy"'
    if [ ${#CASE_DISKS[@]} -gt 0 ]; then
      printf 'disk=['
      j=0
      for d in "${CASE_DISKS[@]}"; do
        s=e2e$NDISK; NDISK=$((NDISK + 1))
        echo "$s" >>"$cd_/serials"
        [ $j -gt 0 ] && printf ', '
        printf "'format=raw,vdev=xvd%s,access=rw,script=/etc/xen/scripts/e2e-block,target=@%s@'" \
          "$(printf "\\x$(printf %x $((97 + j)))")" "$s"
        # Behind PCI-PCI bridges, 30 disks each: the root bus alone runs
        # out of slots with one or two disks per case.
        dev="virtio-blk-pci,drive=$s,serial=$s,bus=e2ebr$(((NDISK - 1) / 30)),addr=$(printf 0x%x $(((NDISK - 1) % 30 + 1)))"
        [ "$CASE_SECTOR" = 4096 ] && dev="$dev,logical_block_size=4096,physical_block_size=4096"
        QDISKS+=(-drive "file=$d,format=raw,if=none,id=$s,cache=unsafe" -device "$dev")
        j=$((j + 1))
      done
      echo ']'
    fi
    for l in "${CASE_XL[@]}"; do echo "$l"; done
  } >"$cd_/xl.cfg"
  touch "$cd_/serials"
  printf '%s\n' "$CASE_MARK" >"$cd_/mark"
  [ -n "$CASE_RETRY_ON" ] && printf '%s\n' "$CASE_RETRY_ON" >"$cd_/retry-on"
  [ -n "$CASE_DOM0_PRE" ] && printf '%s\n' "$CASE_DOM0_PRE" >"$cd_/pre.sh"
  [ -n "$CASE_DOM0_POST" ] && printf '%s\n' "$CASE_DOM0_POST" >"$cd_/post.sh"
  if [ -n "$CASE_GROUP" ]; then   # started together with the rest of its group, at the end
    [ -n "${GROUPS_[$CASE_GROUP]:-}" ] || GROUP_ORDER+=("$CASE_GROUP")
    GROUPS_[$CASE_GROUP]+=" $CASE_NAME"
    GROUP_TMO[$CASE_GROUP]=$(( ${GROUP_TMO[$CASE_GROUP]:-0} > CASE_TIMEOUT ? ${GROUP_TMO[$CASE_GROUP]:-0} : CASE_TIMEOUT ))
  else
    echo "queue_case $CASE_NAME $CASE_TIMEOUT $CASE_MEMORY" >>"$PAY/e2e/plan.sh"
  fi
  CASES+=("$CASE_NAME:$CASE_TYPE:$cf")
  TOTAL=$((TOTAL + CASE_TIMEOUT + 15))
  [ "$CASE_TIMEOUT" -gt "$MAXTMO" ] && MAXTMO=$CASE_TIMEOUT
  done
done
# Room for the retries of a testbed failure (run_pool: at most three per
# guest): as many as three more runs of the longest instance.
TOTAL=$((TOTAL + 3 * MAXTMO))
echo "run_pool ${E2E_JOBS:-1}" >>"$PAY/e2e/plan.sh"
for g in "${GROUP_ORDER[@]}"; do
  echo "run_group ${GROUP_TMO[$g]}${GROUPS_[$g]}" >>"$PAY/e2e/plan.sh"
done

if [ ${#CASES[@]} -gt 0 ]; then
  # The payload is a second cpio archive concatenated to the dom0 initramfs
  # (Linux unpacks both); it is padded so the next archive starts aligned.
  rm -rf "$RUN/payload"; mkdir -p "$RUN/payload"
  cp -r "$PAY/e2e/plan.sh" "$PAY/e2e/cases" "$RUN/payload/"   # for debugging
  INITRD=$RUN/dom0-run.cpio.gz
  cp "$DOM0_INITRD" "$INITRD"
  pad=$(( (512 - $(stat -c %s "$INITRD") % 512) % 512 ))
  head -c "$pad" /dev/zero >>"$INITRD"
  (cd "$PAY" && find e2e | sort | cpio -o -H newc --quiet | gzip -1) >>"$INITRD"

  BRIDGES=()
  for ((b = 0; b * 30 < NDISK; b++)); do
    BRIDGES+=(-device "pci-bridge,id=e2ebr$b,chassis_nr=$((b + 1))")
  done
  # serial_tx_buffer: room for a guest's whole log when dom0 prints it at
  # once (Xen's default is 16 KiB).
  XEN_ARGS="dom0_mem=768M,max:768M dom0_max_vcpus=$SMP console=com1 com1=115200,8n1 noreboot console_timestamps=boot serial_tx_buffer=1M bootscrub=0 ${E2E_XEN_ARGS:-}"
  # QEMU splits -initrd at commas; "quiet" keeps dom0's printk off the serial.
  DOM0_ARGS="console=hvc0 quiet"
  SERIAL=$RUN/serial.log
  echo "e2e: ${#CASES[@]} case(s), Xen run bounded to ${TOTAL}s; serial log $SERIAL"
  t_start=$(date +%s.%N)
  set +e
  timeout --signal=KILL "$TOTAL" qemu-system-x86_64 -accel tcg,thread=multi \
    -cpu max,-smap,-smep,-pku,-rdtscp -m "${E2E_QEMU_MEM:-7168}" -smp "$SMP" \
    -nographic -no-reboot -monitor none -serial stdio -net none \
    -kernel "$E2E_XEN" -append "$XEN_ARGS" \
    -initrd "$E2E_DOM0_KERNEL $DOM0_ARGS,$INITRD" \
    "${BRIDGES[@]}" "${QDISKS[@]}" </dev/null 2>&1 | tr -d '\r' | tee "$SERIAL" |
    if [ $VERBOSE = 1 ]; then cat; else grep --line-buffered -E '^(=== E2E-(BEGIN|END)|E2E-DOM0)'; fi
  qrc=${PIPESTATUS[0]}
  set -e
  t_end=$(date +%s.%N)
  echo "e2e: QEMU exited rc=$qrc after $(awk -v a="$t_start" -v b="$t_end" 'BEGIN{printf "%.1f", b-a}')s"
  if ! grep -q '^E2E-DOM0-READY' "$SERIAL"; then
    echo "e2e: dom0 never became ready; tail of $SERIAL:"; tail -n 30 "$SERIAL"
  fi

  for entry in "${CASES[@]}"; do
    name=${entry%%:*}; rest=${entry#*:}; ctype=${rest%%:*}; cf=${rest#*:}
    log=$OUT/$name.log; con=$OUT/$name.console
    awk -v n="$name" '$0 == "=== E2E-BEGIN " n {on=1} on {print} on && index($0, "=== E2E-END " n " ") == 1 {exit}' \
      "$SERIAL" >"$log"
    # Guest console: between E2E-CONSOLE and E2E-END, minus Xen's own lines.
    awk -v n="$name" '$0 == "=== E2E-CONSOLE " n {on=1; next} index($0, "=== E2E-END " n " ") == 1 {exit}
                      on && !/^\(XEN\)/ {print}' "$log" >"$con"
    endl=$(grep "^=== E2E-END $name " "$log" || true)
    why=
    if [ ! -s "$log" ]; then why="no output (dom0 or QEMU ended before this case; see $SERIAL)"
    elif [ -z "$endl" ]; then why="case did not finish (Xen run killed at ${TOTAL}s?)"
    fi
    status=$(sed -n 's/.* status=\([^ ]*\).*/\1/p' <<<"$endl")
    tm=$(sed -n 's/.* t_marker=\([^ ]*\).*/\1/p' <<<"$endl")
    te=$(sed -n 's/.* t_end=\([^ ]*\).*/\1/p' <<<"$endl")
    resets=$(sed -n 's/.* resets=\([0-9]*\).*/\1/p' <<<"$endl")
    # Expectations are checked in a subshell with the case file loaded again.
    rm -f "$OUT/work/$name/summary"
    res=$(
      . "$E2E_DIR/lib/case-defaults.sh"; CASE_TYPE=$ctype; . "$cf"
      CASE_TYPE=$ctype; CASE_NAME=$name
      case_type_rules
      CASE_WORK=$OUT/work/$name; export CASE_WORK
      if [ -n "$why" ]; then echo "$why"; exit 1; fi
      if [ "$status" = timeout ] && [ "$CASE_ALLOW_TIMEOUT" != 1 ]; then
        echo "guest still running after ${CASE_TIMEOUT}s (timeout)"; exit 1; fi
      [ "$status" = xl-failed ] && [ "$CASE_ALLOW_CRASH" != 1 ] && { echo "xl create failed: $(grep '^dom0| xl: ' "$log" | tail -n 2 | tr '\n' ' ')"; exit 1; }
      e2e_judge_console "$con" || exit 1
      out=$(case_check "$con" "$log" 2>&1) || { echo "${out:-case_check failed}" | tail -n 3 | tr '\n' ' '; exit 1; }
      imgs=$(paste -sd, "$CASE_WORK/disks" 2>/dev/null || true)
      if [ "$CASE_KERNEL" = @pvboot ] && [ "$CASE_BOOT_MATCH" = 1 ] && [ -n "$imgs" ]; then
        . "$E2E_DIR/lib/pvboot-menu.sh"
        out=$(e2e_boot_matches "$con" "$imgs" "$CASE_MEMORY" "$CASE_EXTRA" "$CASE_SECTOR" "$CASE_TYPE") ||
          { echo "$out" | tr '\n' ' '; exit 1; }
        { [ -f "$CASE_WORK/summary" ] && echo "$(cat "$CASE_WORK/summary"); $out" || echo "$out"; } >"$CASE_WORK/summary.new"
        mv "$CASE_WORK/summary.new" "$CASE_WORK/summary"
      fi
      exit 0
    ) && ok=1 || ok=0
    if [ $ok = 1 ]; then
      sum=; [ -f "$OUT/work/$name/summary" ] && sum="; $(cat "$OUT/work/$name/summary")"
      [ "${resets:-0}" -gt 0 ] && sum="$sum; the testbed failed this guest ${resets}x before its marker (see E2E-RETRY in the log: a PVH reset, a dom0 or guest user-space crash, or its CASE_RETRY_ON), started again"
      RESULTS+=("PASS $name (xl create -> marker ${tm:--}s, guest ended ${te:--}s$sum)"); NPASS=$((NPASS + 1))
    else
      RESULTS+=("FAIL $name: $res (log: $log)"); NFAIL=$((NFAIL + 1)); FAILED+=("$name")
    fi
  done
fi

printf '%s\n' "${RESULTS[@]}"
echo "$NPASS passed, $NFAIL failed${NSKIP:+, $NSKIP skipped}"
[ "$NFULL" = 0 ] || echo "($NFULL more instances run in the full suite: make e2e-full)"
# The end of each failed guest's console, last, where a CI log's tail shows it.
for name in "${FAILED[@]}"; do
  tail -n "${E2E_TAIL_LINES:-12}" "$OUT/$name.console" 2>/dev/null | cut -c1-160 | sed "s/^/e2e-tail $name| /"
done
[ "$NFAIL" = 0 ]
