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

run_case() {
  name=$1; tmo=$2
  dir=/e2e/cases/$name
  mark=$(cat "$dir/mark")
  echo "=== E2E-BEGIN $name"
  cfg=/tmp/$name.cfg
  cp "$dir/xl.cfg" "$cfg"
  i=0
  for s in $(cat "$dir/serials"); do
    dev=$(find_disk "$s") || { echo "dom0| disk $s not found"; dev=/dev/null; }
    sed -i "s|@$s@|$dev|g" "$cfg"
    eval "DISK$i=$dev; export DISK$i"
    i=$((i + 1))
  done
  dom0_snippet "$dir/pre.sh"
  log=/var/log/xen/console/guest-$name.log
  rm -f "$log"
  t0=$(now)
  xl create -F "$cfg" >/tmp/xl-$name.out 2>&1 &
  pid=$!
  tm=-; status=ok
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$tm" = - ] && [ -f "$log" ] && grep -qE "$mark" "$log"; then
      tm=$(secs $(($(now) - t0)))
    fi
    if [ $(($(now) - t0)) -ge $((tmo * 100)) ]; then
      status=timeout
      xl destroy "$name" >/dev/null 2>&1
      break
    fi
    sleep 0.1
  done
  wait "$pid"; rc=$?
  te=$(secs $(($(now) - t0)))
  [ "$status" = ok ] && [ "$rc" != 0 ] && status=xl-failed
  sleep 0.3   # let xenconsoled write the last lines
  if [ "$tm" = - ] && [ -f "$log" ] && grep -qE "$mark" "$log"; then tm=$te; fi
  sed 's/^/dom0| xl: /' "/tmp/xl-$name.out"
  dom0_snippet "$dir/post.sh"
  echo "=== E2E-CONSOLE $name"
  [ -f "$log" ] && cat "$log"
  echo
  echo "=== E2E-END $name status=$status rc=$rc t_marker=$tm t_end=$te"
}
