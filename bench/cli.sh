#!/usr/bin/env bash
# What the ringvault command adds to a call, side by side in one run:
#   - `./ringvault operations list` and `./ringvault backups list` against curl of the same coordinator endpoints;
#   - `./ringvault backup --wait` of a small keyspace against the backup's own duration on the coordinator
#     (operation.accepted to its end, from GET /api/v1/operations/{id}).
# Runs on the local stack (`./ringvault stack up`, started here and stopped at the end unless one already runs).
# Usage: bench/cli.sh [runs]   (default 10). Prints Markdown tables for BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"

started=""
if ! ./ringvault stack status >/dev/null 2>&1; then
  ./ringvault stack up >/dev/null
  started=yes
fi
trap '[ -n "$started" ] && ./ringvault stack down >/dev/null' EXIT
coordinator="$(cat .ringvault/coordinator-url)"
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
cql="$(./ringvault stack status --json | json '["cassandra"]["cql"]')"

source bench/lib.sh
bench_classpath cli
java -cp "$(cat "$classpath_file")" bench/Cql.java "$cql" \
  "CREATE KEYSPACE IF NOT EXISTS bench_cli WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}" \
  "CREATE TABLE IF NOT EXISTS bench_cli.notes (id int PRIMARY KEY, body text)" \
  "INSERT INTO bench_cli.notes (id, body) VALUES (1, 'one')"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {printf "%d\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { awk '{printf "%.0f", $1 / 1e6}'; }

# One warm-up call each: the first ringvault call records the CLI's class-data sharing archive.
./ringvault operations list >/dev/null
curl -sf "$coordinator/api/v1/operations" >/dev/null

echo "| call | curl, median of $runs (ms) | ringvault, median of $runs (ms) | added by the command (ms) |"
echo "|---|---|---|---|"
for call in "operations list:/api/v1/operations" "backups list:/api/v1/backups"; do
  command="${call%%:*}"; path="${call#*:}"
  curl_times=(); cli_times=()
  for _ in $(seq 1 "$runs"); do
    t0=$(now); curl -sf "$coordinator$path" >/dev/null; t1=$(now)
    # shellcheck disable=SC2086
    ./ringvault $command >/dev/null; t2=$(now)
    curl_times+=($((t1 - t0))); cli_times+=($((t2 - t1)))
  done
  c=$(printf '%s\n' "${curl_times[@]}" | median); r=$(printf '%s\n' "${cli_times[@]}" | median)
  printf '| `%s` | %s | %s | %s |\n' "$command" "$(echo "$c" | ms)" "$(echo "$r" | ms)" "$(echo $((r - c)) | ms)"
done

echo
echo "| run | \`backup --wait\`, wall (ms) | the backup on the coordinator (ms) | added by the command (ms) |"
echo "|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  t0=$(now)
  id="$(./ringvault backup --keyspace bench_cli --wait | head -1)"
  t1=$(now)
  operation="$(curl -sf "$coordinator/api/v1/operations/$id")"
  accepted="$(echo "$operation" | json '["acceptedAt"]')"
  ended="$(echo "$operation" | json '["updatedAt"]')"
  own=$(( $(date -d "$ended" +%s%N) - $(date -d "$accepted" +%s%N) ))
  printf '| %d | %s | %s | %s |\n' "$i" "$(echo $((t1 - t0)) | ms)" "$(echo "$own" | ms)" "$(echo $((t1 - t0 - own)) | ms)"
done
