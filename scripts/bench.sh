#!/usr/bin/env bash
# Times the release binary on a large synthetic input (scripts/make_large.py).
# Usage: scripts/bench.sh [DAYS]   — default 365 days (~11k wallet rows, ~3k bank rows).
set -euo pipefail
cd "$(dirname "$0")/.."
days="${1:-365}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 scripts/make_large.py "$dir" "$days"
cargo build --release --locked --quiet
bin=target/release/wallet-audit
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --ignore-failure "$bin check $dir --format json -o /dev/null"
else
  time "$bin" check "$dir" --format json -o /dev/null || true
fi
"$bin" check "$dir" --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("findings:", r["summary"]["findings"], "transactions:", r["summary"]["transactions"])'
