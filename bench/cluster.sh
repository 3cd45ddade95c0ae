#!/usr/bin/env bash
# One node against a 2-datacenter, 4-node cluster (dc1:2,dc2:2), side by side in the same run:
#  1. the local stack: time until `ringvault stack up` returns, and the resident memory of everything it started;
#  2. the main job (`ringvault demo`): load, backup, DROP KEYSPACE, restore and a row-for-row check of the sample
#     dataset. The demo keeps two replicas per datacenter, so on dc1:2,dc2:2 every node holds the whole dataset:
#     --size-mb is the data per node, and the cluster backs up and restores four times the one-node volume.
# Usage: bench/cluster.sh [size-mb]   (default 256). Prints Markdown tables for BENCHMARKS.md; the demos' full output
# stays in target/bench-cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-256}"
work="$(pwd)/target/bench-cluster"
rm -rf "$work"; mkdir -p "$work"
export RINGVAULT_WORK_DIR="$work/state"
./ringvault stack down >/dev/null 2>&1 || true

rss_of_tree() { # total VmRSS (MiB) of a process and all its descendants
  local total=0 pid
  for pid in $(pstree -p "$1" 2>/dev/null | grep -oE '\([0-9]+\)' | tr -d '()'); do
    total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo $((total / 1024))
}

echo "### The local stack"
echo
echo "| topology | nodes | \`stack up\` until ready (s) | resident memory of the stack (MiB) |"
echo "|---|---|---|---|"
for topology in dc1:1 dc1:2,dc2:2; do
  t0=$(date +%s.%N)
  ./ringvault stack up --topology "$topology" >"$work/up-$topology.out" 2>&1
  t1=$(date +%s.%N)
  sleep 5
  supervisor=$(cat "$RINGVAULT_WORK_DIR/stack.pid")
  nodes=$(python3 -c "import json; print(len(json.load(open('$RINGVAULT_WORK_DIR/stack.json'))['nodes']))")
  printf '| %s | %d | %.1f | %d |\n' "$topology" "$nodes" "$(echo "$t1 - $t0" | bc)" "$(rss_of_tree "$supervisor")"
  ./ringvault stack down >/dev/null
done

echo
echo "### The main job, ${size} MiB per node"
echo
echo "| topology | data backed up | load | backup | restore | check |"
echo "|---|---|---|---|---|---|"
for topology in dc1:1 dc1:2,dc2:2; do
  out="$work/demo-$topology.out"
  ./ringvault demo --topology "$topology" --size-mb "$size" >"$out" 2>&1 || { tail -30 "$out"; exit 1; }
  loaded=$(sed -nE 's/^  dataset +.*loaded in ([0-9.]+ s)$/\1/p' "$out")
  backup=$(sed -nE 's/^  backup +[0-9a-f-]+: (.*)$/\1/p' "$out")
  restore=$(sed -nE 's/^  restore +(.*)$/\1/p' "$out")
  check=$(sed -nE 's/^  check +(.*)$/\1/p' "$out")
  bytes=$(echo "$backup" | sed -nE 's/^[0-9]+ files, ([0-9.]+ [KMG]iB).*/\1/p')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$topology" "$bytes" "$loaded" "$backup" "$restore" "$check"
done
