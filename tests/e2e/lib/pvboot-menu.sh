# Helpers for the cases where pvboot prints the guest's menu and boots:
# the menu must be line for line what `pvboot-inspect IMAGE menu` prints
# for the same disks, and the boot report (entry chosen and why, files,
# command line, handoff, fallbacks) what `pvboot-inspect IMAGE boot` does.
. "$E2E_DIR/../lib/menu-images.sh"

# e2e_menu_matches CONSOLE IMAGES [INSPECT-OPTIONS...]
e2e_menu_matches() {
  local con=$1 images=$2; shift 2
  sed -n '/^PVBOOT-MENU-BEGIN/,/^PVBOOT-MENU-END/p' "$con" | tr -d '\r' |
    sed '1d;$d' >"$CASE_WORK/guest.menu"
  [ -s "$CASE_WORK/guest.menu" ] || { echo "no menu on the guest console"; return 1; }
  "$PVBOOT_INSPECT" "$images" menu "$@" >"$CASE_WORK/inspect.menu" 2>/dev/null ||
    { echo "pvboot-inspect failed on $images"; return 1; }
  if ! diff -u "$CASE_WORK/inspect.menu" "$CASE_WORK/guest.menu" >"$CASE_WORK/menu.diff"; then
    echo "guest menu differs from pvboot-inspect: $(head -c 400 "$CASE_WORK/menu.diff")"
    return 1
  fi
  echo "menu of $(grep -c '^entry ' "$CASE_WORK/guest.menu") entries identical to pvboot-inspect" >"$CASE_WORK/summary"
}

# e2e_boot_report FILE: the core's report of the first boot attempt(s) in
# FILE, from the menu's end to the handoff (or back to the menu); a loader
# chained into prints a report of its own after that, which is not ours.
e2e_boot_report() {
  tr -d '\r' <"$1" | e2e_strip_ansi |
    awk '/^PVBOOT-MENU-END/ {on = 1} on {print} on && /^pvboot: (loaded in|back to the menu)/ {exit}' |
    grep -E '^pvboot: (choosing entry|booting |kernel |initrd |command line: |handoff |cannot boot |trying fallback )' || true
}

# e2e_boot_matches CONSOLE IMAGES MEMORY EXTRA SECTOR [TYPE]: the guest's
# boot report equals pvboot-inspect's dry run of the same disks, Dom0
# words and guest type (pv, pvh).
e2e_boot_matches() {
  local con=$1 images=$2 mem=$3 extra=$4 ss=$5 type=${6:-pv} n
  e2e_boot_report "$con" >"$CASE_WORK/guest.boot"
  "$PVBOOT_INSPECT" "$images" boot --memory "$mem" --extra "$extra" --sector-size "$ss" --type "$type" \
    >"$CASE_WORK/inspect.boot.out" 2>"$CASE_WORK/inspect.boot.err" || true
  e2e_boot_report "$CASE_WORK/inspect.boot.out" >"$CASE_WORK/inspect.boot"
  if ! diff -u "$CASE_WORK/inspect.boot" "$CASE_WORK/guest.boot" >"$CASE_WORK/boot.diff"; then
    echo "guest boot report differs from pvboot-inspect boot: $(head -c 600 "$CASE_WORK/boot.diff")"
    return 1
  fi
  n=$(wc -l <"$CASE_WORK/guest.boot")
  echo "boot report of $n lines identical to pvboot-inspect boot"
}
