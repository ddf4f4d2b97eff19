#!/usr/bin/env bash
# Seeds the fuzz corpora (git-ignored) from the examples and the test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check_convention corpus/check_annex
n=0
while IFS= read -r -d '' f; do
  case "$f" in
    */annexes/*|*.annex.toml) dest=corpus/check_annex ;;
    *) dest=corpus/check_convention ;;
  esac
  cp "$f" "$dest/seed-$(printf %04d $n)-$(basename "$f")"
  n=$((n + 1))
done < <(find ../examples ../tests/fixtures ../tests/bad-inputs -name '*.toml' -print0 2>/dev/null)
echo "seeded $n files"
