#!/usr/bin/env bash
# The ceiling of a full backup to the filesystem store on this machine: the store alone (FilesystemObjectStore.put of
# every file: read, SHA-256, write, fsync; no Kafka, services or Cassandra), 4 files at once as 2 uploaders with
# concurrency 2 run in bench/backup.sh, side by side with cp -r + sync on the same files, --repeat times. The data is
# shaped like bench/backup.sh's snapshot: 62 SSTable Data files of 17 MB and 248 small components, 1 GiB. Usage:
#   bench/store-ceiling.sh [--repeat N] [--threads N]
# Prints a Markdown table for BENCHMARKS.md. Takes about a minute and 3 GB of disk, deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=3
threads=4
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work="$(pwd)/target/bench-store-ceiling"
rm -rf "$work" && mkdir -p "$work/source"
trap 'rm -rf "$work"' EXIT

./mvnw -B -q -pl storage -am install -DskipTests >/dev/null
version=$(sed -n '0,/<artifactId>ringvault-parent<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
storage_jar="$(pwd)/storage/target/storage-$version.jar"

for i in $(seq 1 62); do
  head -c 17000000 /dev/urandom >"$work/source/nb-$i-big-Data.db"
  for component in Index Filter Summary Statistics; do
    head -c $(( (RANDOM % 64 + 1) * 1024 )) /dev/urandom >"$work/source/nb-$i-big-$component.db"
  done
done
cat "$work"/source/* >/dev/null # in the page cache, as a just-flushed snapshot is
sync

echo "| run | \`cp -r\` + \`sync\` (s) | store alone (s) | store CPU (s) | store throughput / cp's |"
echo "|---|---|---|---|---|"
for run in $(seq 1 "$repeat"); do
  rm -rf "$work/cp" "$work/store" "$work/warmup" && sync
  started=$(date +%s.%N)
  cp -r "$work/source" "$work/cp" && sync
  cp_seconds=$(echo "$(date +%s.%N) - $started" | bc)
  rm -rf "$work/cp" && sync
  line=$(java -Xmx256m -XX:+UseSerialGC -cp "$storage_jar" bench/StoreCeiling.java \
    "$work/source" "$work/store" "$threads" "$work/warmup")
  wall=$(echo "$line" | sed 's/.*wall=\([^ ]*\).*/\1/')
  cpu=$(echo "$line" | sed 's/.*cpu=\([^ ]*\).*/\1/')
  printf '| %d | %.2f | %.2f | %.2f | %.2f× |\n' "$run" "$cp_seconds" "$wall" "$cpu" "$(echo "$cp_seconds / $wall" | bc -l)"
done
