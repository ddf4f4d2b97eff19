#!/usr/bin/env bash
# Runs every fuzz target one after the other (nightly Rust and cargo-fuzz needed):
#   fuzz/run.sh [SECONDS_PER_TARGET]    (default 300)
# Crashers land in fuzz/artifacts/<target>/; copy each into tests/bad-inputs/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-300}"
./seed.sh
for target in check_convention check_annex render_markdown; do
  echo "== $target, ${secs} s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
done
