#!/usr/bin/env bash
# Peak resident memory of `baocao batch` (monthly, then annual units) at 1,000 and 10,000 generated units (issue 5: ≤ 200 MB
# at 1,000, growing by ≤ 25 MB to 10,000). Needs /usr/bin/time (Debian package "time").
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for kind in monthly annual; do
  for n in 1000 10000; do
    BAOCAO_BENCH_KIND=$kind BAOCAO_BENCH_UNITS=$n BAOCAO_BENCH_GENERATE_ONLY="$tmp/in$n" cargo bench --quiet --bench batch >/dev/null
    /usr/bin/time -v ./target/release/baocao batch "$tmp/in$n" -o "$tmp/out$n" --jobs 2 >/dev/null 2>"$tmp/time$n" || true
    echo "$kind, $n units: $(grep 'Maximum resident' "$tmp/time$n" | awk '{print $NF}') KB peak, $(grep 'Elapsed' "$tmp/time$n" | awk '{print $NF}') elapsed"
    rm -rf "$tmp/out$n" "$tmp/in$n"
  done
done
