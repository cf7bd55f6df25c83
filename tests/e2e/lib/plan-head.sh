# dom0 side of the e2e plan (busybox sh).  run.sh copies this file to the top
# of /e2e/plan.sh and appends one `run_case NAME TIMEOUT` line per case.
# Output protocol on the serial console, one block per case:
#   === E2E-BEGIN <name>
#   dom0| <output of pre/post commands, xl>     (dom0 side)
#   <guest console log lines>                   (after === E2E-CONSOLE)
#   === E2E-END <name> status=<ok|timeout|xl-failed> t_marker=<s|-> t_end=<s>
# Times are from `xl create` (seconds, /proc/uptime resolution 10 ms).

# Time in centiseconds (integer shell arithmetic, no forks in the poll loop).
now() { read -r u _ </proc/uptime; u=${u%.*}${u#*.}; while [ ${#u} -gt 1 ] && [ "${u#0}" != "$u" ]; do u=${u#0}; done; echo "$u"; }
secs() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

find_disk() {
  for d in /sys/block/vd*; do
    [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && { echo "/dev/${d##*/}"; return 0; }
  done
  return 1
}

# Runs a case's dom0 snippet (pre.sh / post.sh) with DISK0.. set.
dom0_snippet() {
  [ -f "$1" ] || return 0
  ( cd "$(dirname "$1")" && . "$1" ) 2>&1 | sed 's/^/dom0| /'
}

# One guest: its config with the disks filled in and its pre snippet
# (case_setup), then `xl create` in the background (case_launch), watched
# by case_poll until it ends or times out, and reported by case_report.
# Per-guest state lives in variables suffixed with the guest's index in a
# group (busybox sh has no arrays): eval "pid_$k=...".

# DISK0.. for guest NAME (and its config's @serial@ placeholders filled).
set_disks() { # name
  i=0
  for s in $(cat "/e2e/cases/$1/serials"); do
    dev=$(find_disk "$s") || { echo "dom0| disk $s not found"; dev=/dev/null; }
    sed -i "s|@$s@|$dev|g" "/tmp/$1.cfg"
    eval "DISK$i=$dev; export DISK$i"
    i=$((i + 1))
  done
}

case_setup() { # k name
  name=$2   # pre snippets know their guest as $name
  cp "/e2e/cases/$2/xl.cfg" "/tmp/$2.cfg"
  set_disks "$2" >"/tmp/pre-$2.out"
  dom0_snippet "/e2e/cases/$2/pre.sh" >>"/tmp/pre-$2.out"
  rm -f "/var/log/xen/console/guest-$2.log"
  eval "name_$1=$2; tm_$1=-; status_$1=ok; done_$1=0"
  eval "mark_$1=\$(cat \"/e2e/cases/$2/mark\")"
}

case_launch() { # k
  eval "name=\$name_$1"
  xl create -F "/tmp/$name.cfg" >"/tmp/xl-$name.out" 2>&1 &
  eval "pid_$1=$!"
}

# Poll guest k once (t0 = the group's start); 1 while it still runs.
case_poll() { # k tmo
  k=$1; tmo=$2
  eval "pid=\$pid_$k name=\$name_$k tm=\$tm_$k d=\$done_$k mark=\$mark_$k"
  [ "$d" = 1 ] && return 0
  log=/var/log/xen/console/guest-$name.log
  # The time, or when the command substitution fails (dom0's processes
  # segfault now and then on this testbed: once a marker time came out as
  # minus dom0's uptime), a floor from the poll count: every poll sleeps
  # at least 0.1 s, so the timeout below still comes, whatever fails.
  tn=$(now)
  fl=$((t0 + polls * 10))
  { [ -n "$tn" ] && [ "$tn" -ge "$fl" ]; } 2>/dev/null || tn=$fl
  if [ "$tm" = - ] && [ -f "$log" ] && grep -qE "$mark" "$log"; then
    eval "tm_$k=$(secs $((tn - t0)))"
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"; eval "rc_$k=$?; te_$k=$(secs $((tn - t0))); done_$k=1"
    return 0
  fi
  if [ $((tn - t0)) -ge $((tmo * 100)) ]; then
    eval "status_$k=timeout"
    timeout 60 xl destroy "$name" >/dev/null 2>&1
    kill -9 "$pid" 2>/dev/null  # xl create -F must not outlive its guest
    wait "$pid"; eval "rc_$k=$?; te_$k=$(secs $((tn - t0))); done_$k=1"
    return 0
  fi
  return 1
}

case_report() { # k
  k=$1
  eval "name=\$name_$k tm=\$tm_$k status=\$status_$k rc=\$rc_$k te=\$te_$k mark=\$mark_$k"
  log=/var/log/xen/console/guest-$name.log
  [ "$status" = ok ] && [ "$rc" != 0 ] && status=xl-failed
  if [ "$tm" = - ] && [ -f "$log" ] && grep -qE "$mark" "$log"; then tm=$te; fi
  echo "=== E2E-BEGIN $name"
  cat "/tmp/pre-$name.out"
  sed 's/^/dom0| xl: /' "/tmp/xl-$name.out"
  set_disks "$name"
  dom0_snippet "/e2e/cases/$name/post.sh"
  echo "=== E2E-CONSOLE $name"
  # Without NUL, XON and XOFF: an XOFF in a guest's output (d-i's screen
  # sends control bytes) would stop dom0's own console mid-log.
  [ -f "$log" ] && tr -d '\000\021\023' <"$log"
  echo
  eval "resets=\${resets_$k:-0}"
  echo "=== E2E-END $name status=$status rc=$rc t_marker=$tm t_end=$te resets=$resets"
}

# A PVH guest of this testbed sometimes resets (a triple fault) early in
# Linux's boot, whoever loaded it: Xen's own builder does it too (about 1
# boot in 10 under QEMU's emulation), mostly before the kernel's console
# starts, now and then just after.  Such a guest — PVH, reset (shutdown
# reason 1), its marker not reached — is started again, at most three
# times, its pre snippet run again (it may type keys, or measure dom0's
# read of the disk); the END line counts it (resets=N) and the summary
# says so.  No case's guest is meant to reboot: one that were would have
# to opt out of this rule.
is_testbed_reset() { # k
  eval "name=\$name_$1 mark=\$mark_$1"
  grep -q 'type="pvh"' "/tmp/$name.cfg" || return 1
  grep -q 'shut down, reason code 1 ' "/tmp/xl-$name.out" || return 1
  ! grep -qE "$mark" "/var/log/xen/console/guest-$name.log" 2>/dev/null
}

# A case may name a testbed failure of its own (CASE_RETRY_ON: a regex in
# /e2e/cases/NAME/retry-on), retried the same way when it shows before
# the marker.
is_case_retry() { # k
  eval "name=\$name_$1 mark=\$mark_$1"
  [ -f "/e2e/cases/$name/retry-on" ] || return 1
  log=/var/log/xen/console/guest-$name.log
  grep -qaE "$(cat "/e2e/cases/$name/retry-on")" "$log" 2>/dev/null || return 1
  ! grep -qaE "$mark" "$log" 2>/dev/null
}

# t0 = now, tried a few times (see case_poll: a fork may fail here).
start_clock() {
  polls=0
  for i in 1 2 3 4 5; do t0=$(now); [ -n "$t0" ] && return 0; sleep 0.1; done
  t0=0
}

# run_group TIMEOUT NAME...: start every guest at once (a boot storm),
# wait for all, report each; times are from the common start.
run_group() {
  tmo=$1; shift
  n=0
  for nm in "$@"; do case_setup $n "$nm"; eval "resets_$n=0"; n=$((n + 1)); done
  start_clock
  k=0
  while [ $k -lt $n ]; do case_launch $k; k=$((k + 1)); done
  while :; do
    polls=$((polls + 1))
    running=0
    k=0
    while [ $k -lt $n ]; do
      if ! case_poll $k "$tmo"; then
        running=1
      elif [ $n = 1 ] && eval "[ \$resets_$k -lt 3 ]" && { sleep 0.3; is_testbed_reset $k || is_case_retry $k; }; then
        eval "resets_$k=\$((resets_$k + 1)); r=\$resets_$k"
        echo "=== E2E-RETRY $name reset $r (testbed)"
        rm -f "/var/log/xen/console/guest-$name.log"
        dom0_snippet "/e2e/cases/$name/pre.sh" >>"/tmp/pre-$name.out"
        start_clock
        eval "tm_$k=-; status_$k=ok; done_$k=0"
        case_launch $k
        running=1
      fi
      k=$((k + 1))
    done
    [ $running = 0 ] && break
    sleep 0.1
  done
  sleep 0.3   # let xenconsoled write the last lines
  k=0
  while [ $k -lt $n ]; do case_report $k; k=$((k + 1)); done
}

run_case() { # name timeout: one guest on its own
  run_group "$2" "$1"
}
