# The committed corpora: one tests/fuzz/corpus/NAME.tar.xz per target, the
# campaign's minimised corpus (file systems images are mostly zeros: 100 MB
# of inputs pack into about 150 KB).  Packed reproducibly (sorted names,
# no times or owners), so an unchanged corpus is an unchanged file.
# Sourced by campaign.sh, run.sh and report.sh.
FUZZ_CORPORA=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/corpus

# corpus_unpack NAME DIR: DIR (emptied) gets NAME's committed inputs; false
# when NAME has none.
corpus_unpack() {
  rm -rf "$2" && mkdir -p "$2"
  [ -f "$FUZZ_CORPORA/$1.tar.xz" ] || return 1
  tar -xJf "$FUZZ_CORPORA/$1.tar.xz" -C "$2"
}

# corpus_pack DIR NAME: DIR's files become NAME's committed corpus.
corpus_pack() {
  mkdir -p "$FUZZ_CORPORA"
  (cd "$1" && find . -maxdepth 1 -type f -printf '%P\n' | LC_ALL=C sort |
    tar --mtime=@0 --owner=0 --group=0 --numeric-owner --no-recursion -cf - -T - ) |
    xz -9 -T1 >"$FUZZ_CORPORA/$2.tar.xz.tmp" && mv "$FUZZ_CORPORA/$2.tar.xz.tmp" "$FUZZ_CORPORA/$2.tar.xz"
}

# Regression inputs: tests/fuzz/regress/NAME/WHAT.xz, one per finding,
# kept apart from the corpus (a merge may minimise an input away once the
# bug is fixed, as it no longer adds coverage); every smoke run and every
# campaign run replays them.
FUZZ_REGRESS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/regress

# regress_unpack NAME DIR: DIR (emptied) gets NAME's regression inputs;
# false when NAME has none.
regress_unpack() {
  local f
  rm -rf "$2"
  [ -d "$FUZZ_REGRESS/$1" ] || return 1
  mkdir -p "$2"
  for f in "$FUZZ_REGRESS/$1"/*.xz; do
    [ -e "$f" ] && xz -dc "$f" >"$2/$(basename "$f" .xz)"
  done
}
