# Shared helper (sourced): resolve kernel modules with their dependencies
# without depmod (the debs are only extracted, their postinst never ran).
#
#   mod_path MODROOT NAME      -> path of NAME.ko under MODROOT (- and _ equal)
#   mod_closure MODROOT NAME.. -> relative paths, dependencies first, no dups
mod_path() {
  local n=${2//_/[-_]}
  find "$1/kernel" -name "$n.ko" -print -quit
}

# Through a temporary file: objcopy writes its output by renaming a
# temporary file onto the name it is given, and given /dev/stdout it
# replaced that symlink with a regular file (seen here), after which every
# later dependency list came out empty.
mod_deps() {
  local t
  t=$(mktemp)
  objcopy -O binary --only-section=.modinfo "$1" "$t" 2>/dev/null
  tr '\0' '\n' <"$t" | sed -n 's/^depends=//p' | tr ',' ' '
  rm -f "$t"
}

mod_closure() {
  local root=$1; shift
  local -A seen=()
  local out=()
  _mod_visit() {
    local name=$1 p d
    [ -n "${seen[$name]:-}" ] && return 0
    seen[$name]=1
    p=$(mod_path "$root" "$name")
    [ -n "$p" ] || { echo "module $name not found under $root" >&2; return 1; }
    for d in $(mod_deps "$p"); do _mod_visit "$d" || return 1; done
    out+=("${p#$root/}")
  }
  local m
  for m in "$@"; do _mod_visit "$m" || return 1; done
  printf '%s\n' "${out[@]}"
}
