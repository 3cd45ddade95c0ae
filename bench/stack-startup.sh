#!/usr/bin/env bash
# Measures the local stack: time to start (Cassandra + Kafka + s3proxy, ready to serve) and peak memory (RSS) under the
# testkit's own integration tests. Usage: bench/stack-startup.sh [runs] [topology]   (default 3 start-ups of one
# node; with a topology such as dc1:2,dc2:2, that many Cassandra nodes and no integration tests)
# Prints a Markdown table for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
topology="${2:-}"
work="$(pwd)/target/bench-stack"
rm -rf "$work"; mkdir -p "$work"

./mvnw -B -q -pl testkit -am install -DskipTests >/dev/null
cp="testkit/target/classes"
for r in cassandra kafka s3proxy; do cp="$cp:testkit/runtime/$r/target/classes"; done

echo "| run | stack ready (s) | wall incl. launcher JVM (s) | peak RSS after start (MiB) |"
echo "|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  dir="$work/run-$i"
  fifo="$work/stdin-$i"; mkfifo "$fifo"
  t0=$(date +%s.%N)
  # The launcher runs until its stdin closes; keep it open while we read its RSS.
  java -cp "$cp" io.ringvault.testkit.StackLauncher "$dir" ${topology:+--topology "$topology"} <"$fifo" >"$work/launch-$i.json" 2>"$work/launch-$i.err" &
  launcher=$!
  exec 3>"$fifo"
  until [ -s "$work/launch-$i.json" ] || ! kill -0 "$launcher" 2>/dev/null; do sleep 0.1; done
  t1=$(date +%s.%N)
  [ -s "$work/launch-$i.json" ] || { cat "$work/launch-$i.err"; exit 1; }
  ready=$(sed -E 's/.*"startSeconds":([0-9.]+).*/\1/' "$work/launch-$i.json")
  sleep 5 # let the services settle after start-up before reading their peak
  total=0
  for pid in $(grep -oE '":[0-9]+' <(sed -E 's/.*"pids":\{(.*)\}\}/\1/' "$work/launch-$i.json") | tr -d '":'); do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status"); total=$((total + kb))
  done
  exec 3>&-
  wait "$launcher" || true
  rm -f "$fifo"
  printf '| %d | %s | %.1f | %d |\n' "$i" "$ready" "$(echo "$t1 - $t0" | bc)" $((total / 1024))
done

[ -z "$topology" ] || exit 0
echo
echo "Peak RSS of the shared stack over the testkit's integration tests (Cassandra, Kafka, s3proxy):"
./mvnw -B -q -pl testkit/tests -am verify -Dringvault.build-stack= -Dringvault.testkit.dir="$work/its" >/dev/null 2>&1 || { echo "testkit ITs failed"; exit 1; }
sed 's/^/    /' "$work/its/peak-rss.txt"
