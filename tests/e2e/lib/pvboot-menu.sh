# Helpers for the cases where pvboot prints the guest's menu: it must be
# line for line what `pvboot-inspect IMAGE menu` prints for the same disks.
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
