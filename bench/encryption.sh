#!/usr/bin/env bash
# The throughput cost of client-side encryption (ringvault.storage.encryption) on the filesystem store: put and get of
# one object of --size MiB through the store as it is and through the encrypting store over it, alternating, --rounds
# times each after a warm-up (bench/EncryptionThroughput.java; no Kafka, services or Cassandra). Both write the same
# bytes to disk, fsync included, so the difference is AES-256-GCM and the chunk framing. Usage:
#   bench/encryption.sh [--size MIB] [--rounds N]
# Prints a Markdown table for BENCHMARKS.md. Takes about a minute and twice --size of disk, deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
size=1024
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work="$(pwd)/target/bench-encryption"
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# The storage module as built here, with its dependencies (common, connections) from the local repository.
./mvnw -B -q -pl storage compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" >/dev/null
classpath="$(pwd)/storage/target/classes:$(cat "$work/classpath")"

java -Xmx256m -XX:+UseSerialGC -cp "$classpath" bench/EncryptionThroughput.java "$work/store" "$size" "$rounds" \
  >"$work/lines"
echo "| round | put plain (MiB/s) | put encrypted (MiB/s) | put ratio | get plain (MiB/s) | get encrypted (MiB/s) | get ratio | CPU put plain / encrypted (s) |"
echo "|---|---|---|---|---|---|---|---|"
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
for round in $(seq 1 "$rounds"); do
  block=$(sed -n "$(( (round - 1) * 4 + 1 )),$(( round * 4 ))p" "$work/lines")
  pp=$(echo "$block" | grep 'mode=plain op=put' | field mibps)
  pe=$(echo "$block" | grep 'mode=encrypted op=put' | field mibps)
  gp=$(echo "$block" | grep 'mode=plain op=get' | field mibps)
  ge=$(echo "$block" | grep 'mode=encrypted op=get' | field mibps)
  cp=$(echo "$block" | grep 'mode=plain op=put' | field cpu)
  ce=$(echo "$block" | grep 'mode=encrypted op=put' | field cpu)
  printf '| %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f / %.2f |\n' "$round" "$pp" "$pe" \
    "$(echo "$pe / $pp" | bc -l)" "$gp" "$ge" "$(echo "$ge / $gp" | bc -l)" "$cp" "$ce"
done
