# dom0 side of the e2e plan (busybox sh).  run.sh copies this file to the top
# of /e2e/plan.sh and appends the plan: `queue_case NAME TIMEOUT MEMORY`
# per instance, then `run_pool JOBS` (the queue, JOBS guests at a
# time) and one `run_group` per boot storm.
# Output protocol on the serial console, one block per case:
#   === E2E-BEGIN <name>
#   dom0| <output of pre/post commands, xl>     (dom0 side)
#   <guest console log lines>                   (after === E2E-CONSOLE)
#   === E2E-END <name> status=<ok|timeout|xl-failed> t_marker=<s|-> t_end=<s>
# Times are from `xl create` (seconds, /proc/uptime resolution 10 ms).

# NOW = the time in centiseconds, empty if /proc/uptime cannot be read
# (builtins only: a fork costs dom0 tens of milliseconds under QEMU's
# emulation, and with one CPU per testbed dom0 shares it with the guest).
now() { NOW=; read -r u _ </proc/uptime || return 0; u=${u%.*}${u#*.}; while [ ${#u} -gt 1 ] && [ "${u#0}" != "$u" ]; do u=${u#0}; done; NOW=$u; }
secs() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# DEV = the disk whose serial is $1 (builtin read: no fork per disk).
find_disk() {
  for d in /sys/block/vd*; do
    sn=; read -r sn 2>/dev/null <"$d/serial"
    [ "$sn" = "$1" ] && { DEV=/dev/${d##*/}; return 0; }
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
    find_disk "$s" && dev=$DEV || { echo "dom0| disk $s not found"; dev=/dev/null; }
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

# Poll guest k once (t0_k: its xl create; polls_k: the polls since); 1
# while it still runs.
case_poll() { # k
  k=$1
  eval "pid=\$pid_$k name=\$name_$k tm=\$tm_$k d=\$done_$k mark=\$mark_$k tmo=\$tmo_$k t0=\$t0_$k polls=\$polls_$k"
  [ "$d" = 1 ] && return 0
  log=/var/log/xen/console/guest-$name.log
  # The time, or when the command substitution fails (dom0's processes
  # segfault now and then on this testbed: once a marker time came out as
  # minus dom0's uptime), a floor from the poll count: every poll sleeps
  # at least 0.1 s, so the timeout below still comes, whatever fails.
  now; tn=$NOW
  fl=$((t0 + polls * 10))
  { [ -n "$tn" ] && [ "$tn" -ge "$fl" ]; } 2>/dev/null || tn=$fl
  # grep (a fork) only when the console log changed since the last look,
  # or once a second (mtimes are only as fine as the kernel's tick).
  if [ "$tm" = - ] && [ -f "$log" ] && { [ "$log" -nt "/tmp/seen-$name" ] || [ $((polls % 10)) = 0 ]; }; then
    : >"/tmp/seen-$name"
    grep -qE "$mark" "$log" && eval "tm_$k=$(secs $((tn - t0)))"
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

# dom0's own processes segfault now and then on this testbed (QEMU's
# emulation, see case_poll); when one was a hotplug script of xl create,
# the guest never started: it is started again like a reset one.
is_dom0_crash() { # k
  eval "name=\$name_$1 mark=\$mark_$1"
  grep -q 'died due to fatal signal' "/tmp/xl-$name.out" || return 1
  ! grep -qaE "$mark" "/var/log/xen/console/guest-$name.log" 2>/dev/null
}

# The same emulation now and then corrupts a guest's user space right
# after its kernel is up (seen: the guest's busybox init killed by a
# general protection fault on an FS-relative load, the FS base wrong, 15 s
# into the kernel's boot, long after the loader was gone): a guest whose
# kernel panics because init died, before its marker, is started again;
# so is one where a program of the guest's init died of a signal (the
# shell says so) at any point: the marker line itself may then be cut
# short.  pvboot is long gone by then and the guest's programs are
# Debian's busybox: such a crash is never the case's verdict.
is_init_crash() { # k
  eval "name=\$name_$1 mark=\$mark_$1"
  log=/var/log/xen/console/guest-$name.log
  grep -qaE '^(Segmentation fault|Illegal instruction|Bus error)' "$log" 2>/dev/null && return 0
  grep -qa 'Kernel panic - not syncing: Attempted to kill init' "$log" 2>/dev/null || return 1
  ! grep -qaE "$mark" "$log" 2>/dev/null
}

# WHY = how the testbed, not the case, failed guest k (before its marker);
# false when it did not.
testbed_failure() { # k
  if is_testbed_reset "$1"; then WHY="PVH reset"
  elif is_dom0_crash "$1"; then WHY="a dom0 process crashed in xl create"
  elif is_init_crash "$1"; then WHY="the guest's init or one of its programs crashed"
  elif is_case_retry "$1"; then WHY="its CASE_RETRY_ON"
  else return 1
  fi
}

# t0_k = now, tried a few times (see case_poll: a fork may fail here).
start_clock() { # k
  eval "polls_$1=0"
  for i in 1 2 3 4 5; do now; t=$NOW; [ -n "$t" ] && { eval "t0_$1=$t"; return 0; }; sleep 0.1; done
  eval "t0_$1=0"
}

# The queue run_pool works through, in plan order.
Q=0
queue_case() { # name timeout memory(MiB)
  eval "q_name_$Q=$1 q_tmo_$Q=$2 q_mem_$Q=$3"
  Q=$((Q + 1))
}

# What a guest of MEM MiB takes from Xen's free memory: its RAM, its page
# tables and p2m (about 1/64), and the toolstack's slack per domain.
guest_cost() { echo $(($1 + $1 / 64 + 32)); }

# run_pool JOBS [storm]: start the queued guests in order, up to JOBS at
# once, the next one as soon as a slot is free and Xen has the memory for
# it; report each as it ends.  Each guest's times are from its own xl create.  Without "storm" a
# guest the testbed reset (is_testbed_reset, is_case_retry) is started
# again, at most three times; a storm (run_group) keeps its first try, as
# its times are read against the common start.
run_pool() { # jobs [storm]
  jobs=$1 storm=${2:-}
  free=$(xl info 2>/dev/null | sed -n 's/^free_memory *: *//p')
  [ -n "$free" ] || free=999999
  budget=$((free - 128))
  # what a fork + exec costs dom0 (25 ms measured here): not before a storm
  fx=-; if [ -z "$storm" ]; then
    now; a=$NOW; i=0; while [ $i -lt 20 ]; do grep -q x /proc/version; i=$((i + 1)); done; now; fx=$(( (NOW - a) / 2 ))
  fi
  echo "=== E2E-POOL guests=$Q jobs=$jobs xen_free=${free}MiB fork_exec_ms=$fx"
  next=0 n=0 active=0 used=0
  while [ $next -lt $Q ] || [ $active -gt 0 ]; do
    while [ $next -lt $Q ] && [ $active -lt "$jobs" ]; do
      eval "nm=\$q_name_$next tmo=\$q_tmo_$next mem=\$q_mem_$next"
      cost=$(guest_cost "$mem")
      [ $active -gt 0 ] && [ $((used + cost)) -gt $budget ] && break
      case_setup $n "$nm"
      eval "resets_$n=0 tmo_$n=$tmo cost_$n=$cost"
      start_clock $n; case_launch $n
      active=$((active + 1)) used=$((used + cost)) next=$((next + 1))
      n=$((n + 1))
    done
    sleep 0.1
    k=0
    while [ $k -lt $n ]; do
      eval "d=\$done_$k"
      if [ "$d" = 0 ]; then
        eval "polls_$k=\$((polls_$k + 1))"
        if case_poll $k; then
          if [ -z "$storm" ] && eval "[ \$resets_$k -lt 3 ]" && { sleep 0.3; testbed_failure $k; }; then
            eval "resets_$k=\$((resets_$k + 1)); r=\$resets_$k"
            echo "=== E2E-RETRY $name reset $r ($WHY)"
            rm -f "/var/log/xen/console/guest-$name.log"
            dom0_snippet "/e2e/cases/$name/pre.sh" >>"/tmp/pre-$name.out"
            eval "tm_$k=-; status_$k=ok; done_$k=0"
            start_clock $k; case_launch $k
          elif [ -z "$storm" ]; then
            sleep 0.3   # let xenconsoled write the last lines
            case_report $k
            eval "done_$k=2; c=\$cost_$k"
            active=$((active - 1)) used=$((used - c))
          else
            eval "done_$k=2"; active=$((active - 1))
          fi
        fi
      fi
      k=$((k + 1))
    done
  done
  if [ -n "$storm" ]; then   # reported together, after the last one ended
    sleep 0.3
    k=0
    while [ $k -lt $n ]; do case_report $k; k=$((k + 1)); done
  fi
  Q=0
}

# run_group TIMEOUT NAME...: start every guest at once (a boot storm),
# wait for all, report each.
run_group() {
  tmo=$1; shift
  for nm in "$@"; do queue_case "$nm" "$tmo" 0; done
  run_pool 999 storm
}
