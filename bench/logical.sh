#!/usr/bin/env bash
# Measures logical backups side by side, in one run, on one local Cassandra 5.0 node and one table of --rows rows
# (default 2,000,000; text partition key, int clustering key, text/int/double/timestamp/64-byte blob columns, 10 rows a
# partition, one row in ten with a TTL):
#   export: ringvault TableExporter, DataStax Bulk Loader 1.10.0 unload, cqlsh 6.2.2 COPY TO;
#   import: ringvault TableImporter, dsbulk load, cqlsh COPY FROM, the table truncated before each and counted after
#           each by a token-range scan;
# then the throttle: a 200,000-row table exported and imported at --throttle rows/s (default 20,000).
# Rows/s are rows counted by this script (chunk files read back, CSV lines, rows scanned in Cassandra) over each
# process's wall time (JVM start included, for every tool alike). Peak RSS is the sum over the process and its
# children (cqlsh COPY forks workers), sampled every 0.2 s.
# Usage: bench/logical.sh [--rows N] [--throttle ROWS_PER_SECOND] [--keep-data]
# Prints a Markdown table, also written to target/bench-logical/results.md. Needs python3 (with venv) and about
# 4 GB of disk per 2M rows; the data is deleted at the end unless --keep-data.
#
# Tools, fetched once and cached under ~/.cache/ringvault/tools (printed below):
#   cqlsh: `pip install cqlsh==6.2.2` (Cassandra 5.0.x's cqlsh) into a venv, with cassandra-driver 3.29.2;
#   dsbulk: Maven Central stops at 1.10.0 and has no distribution archive, so bench/logical/dsbulk-pom.xml lists its
#   modules and Maven resolves their classpath; main class com.datastax.oss.dsbulk.runner.DataStaxBulkLoader.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/target/bench-logical"
rows=2000000
throttle=20000
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --throttle) throttle=$2; shift 2 ;;
    --keep-data) keep=true; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

# Other checkouts on this machine start Cassandra too: one at a time (released when this script exits).
exec 9>/tmp/ringvault-cassandra.lock
flock 9

source bench/lib.sh
logical_tools
./mvnw -B -q -pl logical test-compile >/dev/null
logical_bench_classpath "$work"
classpath=$logical_classpath

rm -rf "$work/cassandra" "$work/out" "$work/endpoint"
mkdir -p "$work/out" "$work/logs"
# The node runs as the testkit starts it (-Xmx1g); the fd of the lock stays with this script.
java -Xmx256m -cp "$classpath" io.ringvault.logical.bench.LogicalBenchmark cassandra "$work/cassandra" "$work/endpoint" \
  >"$work/logs/cassandra.log" 2>&1 9>&- &
cassandra_pid=$!
cleanup() {
  kill "$cassandra_pid" 2>/dev/null && wait "$cassandra_pid" 2>/dev/null || true
  if ! $keep; then rm -rf "$work/cassandra" "$work/out"; fi
}
trap cleanup EXIT
for _ in $(seq 300); do
  [ -s "$work/endpoint" ] && break
  kill -0 "$cassandra_pid" 2>/dev/null || { cat "$work/logs/cassandra.log" >&2; exit 1; }
  sleep 1
done
endpoint=$(cat "$work/endpoint")
IFS=: read -r host port dc <<<"$endpoint"
echo "Cassandra at $endpoint"

results="$work/results.md"
row() { echo "$1" | tee -a "$results"; }

echo "Populating bench.big with $rows rows"
bench -Xmx512m populate "$endpoint" big "$rows" 9>&-
bench -Xmx256m populate "$endpoint" small 200000 9>&-
stored=$(count_table big)
echo "bench.big holds $stored rows"
[ "$stored" -eq "$rows" ] || { echo "expected $rows rows" >&2; exit 1; }
sstable_bytes=$(du -sb "$work"/cassandra/*/data*/bench/big-* 2>/dev/null | awk '{s += $1} END {print s + 0}')


: >"$results"
row "Setup: one Cassandra 5.0.9 node (-Xmx1g) started by the testkit, $(nproc) cores shared by Cassandra and the client, table of $rows rows ($((sstable_bytes / 1048576)) MB of SSTables on disk before the first export, plus what the memtables held)."
row ""
row "| step | tool | rows counted | seconds | rows/s | vs dsbulk | peak RSS (MB) | output (MB) |"
row "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"

# Exports. ringvault first and last, so that a warm cache does not favour it alone.
export_ringvault() {
  local n=$1
  rm -rf "$work/out/ringvault"
  measure "ringvault-export-$n" bench -Xmx256m export "$endpoint" big "$work/out/ringvault"
  rv_rows=$(bench -Xmx256m chunkrows "$work/out/ringvault" 9>&-)
  rv_seconds=$seconds; rv_peak=$peak_mb
  rv_bytes=$(du -sb "$work/out/ringvault" | cut -f1)
}
export_ringvault 1
rv1_rows=$rv_rows rv1_seconds=$rv_seconds rv1_peak=$rv_peak

rm -rf "$work/out/dsbulk"
measure dsbulk-unload dsbulk unload -url "$work/out/dsbulk" -timestamp true -ttl true
ds_rows=$(cat "$work"/out/dsbulk/*.csv | wc -l); ds_files=$(ls "$work"/out/dsbulk/*.csv | wc -l)
ds_rows=$((ds_rows - ds_files)) # one header line per file
ds_seconds=$seconds ds_peak=$peak_mb ds_bytes=$(du -sb "$work/out/dsbulk" | cut -f1)

measure cqlsh-copy-to cqlsh -e "COPY bench.big TO '$work/out/cqlsh.csv' WITH HEADER = true AND DOUBLEPRECISION = 17"
cq_rows=$(($(wc -l <"$work/out/cqlsh.csv") - 1))
cq_seconds=$seconds cq_peak=$peak_mb cq_bytes=$(stat -c %s "$work/out/cqlsh.csv")

export_ringvault 2
ds_rate=$(rate "$ds_rows" "$ds_seconds")
for run in 1 2; do
  if [ $run = 1 ]; then r=$rv1_rows s=$rv1_seconds p=$rv1_peak; else r=$rv_rows s=$rv_seconds p=$rv_peak; fi
  rr=$(rate "$r" "$s")
  row "| export | ringvault -Xmx256m (run $run) | $r | $s | $rr | $(ratio "$rr" "$ds_rate")x | $p | $((rv_bytes / 1048576)) |"
done
row "| export | dsbulk unload -Xmx1g, -timestamp -ttl | $ds_rows | $ds_seconds | $ds_rate | 1x | $ds_peak | $((ds_bytes / 1048576)) |"
cr=$(rate "$cq_rows" "$cq_seconds")
row "| export | cqlsh COPY TO (no write times/TTLs) | $cq_rows | $cq_seconds | $cr | $(ratio "$cr" "$ds_rate")x | $cq_peak | $((cq_bytes / 1048576)) |"

# Imports, each into the truncated table (import_step), each counted afterwards.
import_step ringvault-import bench -Xmx256m import "$endpoint" big "$work/out/ringvault"
ri_rows=$counted ri_seconds=$seconds ri_peak=$peak_mb
import_step dsbulk-load dsbulk load -url "$work/out/dsbulk" -timestamp true -ttl true --connector.csv.maxCharsPerColumn -1
dl_rows=$counted dl_seconds=$seconds dl_peak=$peak_mb
import_step cqlsh-copy-from cqlsh -e "COPY bench.big FROM '$work/out/cqlsh.csv' WITH HEADER = true"
cf_rows=$counted cf_seconds=$seconds cf_peak=$peak_mb
dl_rate=$(rate "$dl_rows" "$dl_seconds")
rr=$(rate "$ri_rows" "$ri_seconds")
row "| import | ringvault -Xmx256m | $ri_rows | $ri_seconds | $rr | $(ratio "$rr" "$dl_rate")x | $ri_peak | |"
row "| import | dsbulk load -Xmx1g, -timestamp -ttl | $dl_rows | $dl_seconds | $dl_rate | 1x | $dl_peak | |"
cr=$(rate "$cf_rows" "$cf_seconds")
row "| import | cqlsh COPY FROM | $cf_rows | $cf_seconds | $cr | $(ratio "$cr" "$dl_rate")x | $cf_peak | |"

# The throttle, on a 200,000-row table.
rm -rf "$work/out/small"
measure throttled-export bench -Xmx256m export "$endpoint" small "$work/out/small" "$throttle"
te=$(grep -o 'rows=[0-9]* seconds=[0-9.]*' "$work/logs/throttled-export.log")
bench -Xmx256m truncate "$endpoint" small 9>&-
measure throttled-import bench -Xmx256m import "$endpoint" small "$work/out/small" "$throttle"
ti=$(grep -o 'rows=[0-9]* written=[0-9]* statements=[0-9]* errors=[0-9]* seconds=[0-9.]*' "$work/logs/throttled-import.log")
small=$(count_table small)
row ""
row "Throttle at $throttle rows/s on a 200,000-row table: export $te ($(echo "$te" | awk -F'[= ]' '{printf "%d", $2 / $4}') rows/s); import $ti ($(echo "$ti" | awk -F'[= ]' '{printf "%d", $2 / $10}') rows/s), $small rows counted after it."
echo "Results in $results"
