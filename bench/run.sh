#!/usr/bin/env bash
# The scale benchmark (issue 10): simulated households of 100 thousand, 1 million and 10 million
# rows, and the adversarial cases (every amount equal; cells of 500,000 characters), each timed
# with the release binary beside a parse-only floor measured in the same run on the same files.
#
#   bench/run.sh [CASE...]     CASE: 100k 1m 10m equal equal-10x chains long   (default: all but 10m)
#
# Prints one Markdown table (the README's "Scale" table is this output). Columns: rows read
# (the report's `inputs[].rows`: transactions + duplicates + rejected), wall time and peak RSS of `check --format
# json` (median of RUNS runs, default 3; 1 for 10m), bytes of peak memory per row, rows per
# second, the floor's wall time (bench/parse_floor.rs: the csv crate splitting every record of
# the same files, nothing else) and check's multiple of it. Needs python3 and /usr/bin/time.
# Not part of `cargo test` or CI: it takes minutes (10m: about an hour and several GB of disk
# in $BENCH_DIR, default a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(100k 1m equal equal-10x chains long)
runs="${RUNS:-3}"
work="${BENCH_DIR:-$(mktemp -d)}"
[ -z "${BENCH_DIR:-}" ] && trap 'rm -rf "$work"' EXIT
cargo build --release --locked --quiet --bin wallet-audit --example parse_floor
bin=target/release/wallet-audit
floor=target/release/examples/parse_floor

# Median wall seconds and peak RSS (KiB) of a command over $1 runs: "WALL KIB".
measure() {
  local n="$1"; shift
  local walls=() rss=() i
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
    read -r w m < <(tail -1 "$work/time")
    walls+=("$w"); rss+=("$m")
  done
  printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%s ", a[int((NR+1)/2)]}'
  printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

data() { # CASE -> folder of inputs
  local dir="$work/$1"
  [ -d "$dir" ] && { echo "$dir"; return; }
  case "$1" in
    100k) "$bin" simulate --seed 10 --days 365 --scale 30 --out "$dir" 2>/dev/null ;;
    1m) "$bin" simulate --seed 10 --days 365 --scale 300 --out "$dir" 2>/dev/null ;;
    10m) "$bin" simulate --seed 10 --days 3650 --scale 300 --out "$dir" 2>/dev/null ;;
    equal) python3 bench/make_cases.py equal "$dir" 1 3000 2000 2400 >/dev/null ;;
    equal-10x) python3 bench/make_cases.py equal "$dir" 60 1000 700 800 >/dev/null ;;
    chains) python3 bench/make_cases.py chains "$dir" 40000 >/dev/null ;;
    long) python3 bench/make_cases.py long "$dir" 500000 >/dev/null ;;
    *) echo "unknown case $1 (100k 1m 10m equal equal-10x chains long)" >&2; exit 2 ;;
  esac
  rm -f "$dir/truth.json"
  echo "$dir"
}

echo "| case | rows | check | peak RSS | bytes/row | rows/s | parse floor | × floor |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
  dir="$(data "$c")"
  n="$runs"; [ "$c" = 10m ] && n=1
  files=("$dir"/*)
  read -r fw _ < <(measure "$n" "$floor" "${files[@]}")
  if [ "$c" = long ]; then
    # The renderer's case: the table at 120 columns, where wrapping happens.
    read -r cw ck < <(COLUMNS=120 measure "$n" "$bin" check "$dir" --format table --color never)
  else
    read -r cw ck < <(measure "$n" "$bin" check "$dir" --format json)
  fi
  "$bin" check "$dir" --format json >"$work/report.json" 2>/dev/null || true
  rows=$(python3 -c 'import json,sys; print(sum(i["rows"] for i in json.load(open(sys.argv[1]))["inputs"]))' "$work/report.json")
  awk -v c="$c" -v r="$rows" -v cw="$cw" -v ck="$ck" -v fw="$fw" 'BEGIN {
    fl = (fw > 0.005 ? fw : 0.005)
    printf "| %s | %\047d | %.2f s | %.0f MiB | %.0f | %\047d | %.3f s | %.1f× |\n",
      c, r, cw, ck / 1024, ck * 1024 / (r > 0 ? r : 1), r / (cw > 0.005 ? cw : 0.005), fw, cw / fl }'
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); $(rustc --version)"
