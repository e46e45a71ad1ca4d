#!/usr/bin/env bash
# Start-up of deploy: the jar on the JDK (`java -jar target/oml-deploy.jar`) against the shipped
# runtime (the release tarball's bin/deploy: jlinked runtime + CDS archive), side by side in one
# run, for `deploy --help` and `deploy inventory check inventory.example.ini`. The runs of the two
# alternate, so that a change of the machine's load hits both; each is repeated and the median
# is printed, with the median CPU time (user + sys), which the load disturbs less. bench/README.md
# has the figures.
# Usage: bench/startup.sh [--reps N] [--tarball FILE]
#   (defaults: 11, target/dist/oml-deploy-*-linux-x64.tar.gz from scripts/package.sh)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
reps=11
tarball=
while [ $# -gt 0 ]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --tarball) tarball=$2; shift 2 ;;
    *) echo "usage: bench/startup.sh [--reps N] [--tarball FILE]" >&2; exit 2 ;;
  esac
done
jar=$repo/target/oml-deploy.jar
if [ -z "$tarball" ]; then tarball=$(ls "$repo"/target/dist/oml-deploy-*-linux-x64.tar.gz 2>/dev/null | head -1 || true); fi
[ -f "$jar" ] && [ -f "$tarball" ] || { echo "build first: scripts/package.sh (makes $jar and the tarball)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
shipped=$(ls -d "$work"/oml-deploy-*)/bin/deploy
example=$repo/inventory.example.ini
"$shipped" --version >/dev/null 2>&1   # the first run in a new place makes the CDS archive: not timed

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

TIMEFORMAT='%R %U %S'
run() {   # run FILE CMD...: appends "wall cpu" in milliseconds
  local f=$1; shift
  local t; t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
  awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }' >> "$f"
}

cd "$work"   # inventory check writes nothing, but a run should not depend on the clone
names=("deploy --help" "deploy inventory check")
args_help=(--help)
args_check=(inventory check "$example")
for kind in help check; do
  declare -n a="args_$kind"
  java -jar "$jar" "${a[@]}" >/dev/null 2>&1 || true; "$shipped" "${a[@]}" >/dev/null 2>&1 || true   # warm the file cache
  for _ in $(seq "$reps"); do
    run "$work/jdk-$kind" java -jar "$jar" "${a[@]}"
    run "$work/shipped-$kind" "$shipped" "${a[@]}"
  done
  unset -n a
done

echo "deploy start-up, median of $reps runs each (wall; CPU = user + sys), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JDK: $(java -version 2>&1 | head -1); shipped: $(basename "$tarball")"
printf "%-24s %18s %18s %10s %10s\n" "command" "jar on the JDK" "shipped runtime" "wall x" "CPU x"
i=0
for kind in help check; do
  jw=$(cut -d' ' -f1 "$work/jdk-$kind" | median); jc=$(cut -d' ' -f2 "$work/jdk-$kind" | median)
  sw=$(cut -d' ' -f1 "$work/shipped-$kind" | median); sc=$(cut -d' ' -f2 "$work/shipped-$kind" | median)
  printf "%-24s %9d ms %4d CPU %9d ms %4d CPU %9.2fx %9.2fx\n" "${names[$i]}" "$jw" "$jc" "$sw" "$sc" \
    "$(awk -v a="$jw" -v b="$sw" 'BEGIN { print a / b }')" "$(awk -v a="$jc" -v b="$sc" 'BEGIN { print a / b }')"
  i=$((i + 1))
done
