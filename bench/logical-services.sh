#!/usr/bin/env bash
# Measures logical backups through the services, as an operator runs them, side by side in one run with DataStax Bulk
# Loader 1.10.0 and cqlsh 6.2.2 on the same table: the local stack (`ringvault stack up`: one Cassandra 5.0 node,
# Kafka, the object store, a coordinator, a node agent, an uploader and a restorer, each its own JVM), a table of --rows
# rows (default 2,000,000, the shape bench/logical.sh writes: 10 rows a partition, one row in ten with a TTL), a wait
# until Cassandra is idle after the writes (at most 3 minutes), then
#   export: `ringvault backup --keyspace bench --method logical --wait` (request to COMPLETED: the agent exports, the
#           uploader ships the chunk files to the store, the coordinator writes the manifests), first and again last;
#           dsbulk unload and cqlsh COPY TO between the two, to local CSV files;
#   import: `ringvault restore <id> --wait` (the restorer reads the chunks from the store and writes through CQL), dsbulk
#           load and cqlsh COPY FROM, each into the truncated table and counted after it by a token-range scan.
# Rows/s are counted rows over each command's wall time, JVM start included for every tool alike (for ringvault the
# CLI's, the services already running, as an operator's are). Rows of a backup are the manifest's, checked by the
# restore's count. Peak RSS: for a backup the agent's and uploader's summed RSS, for a restore the restorer's, for the
# others the process tree's, sampled every 0.2 s; CPU seconds per process during each step in a second table.
# Usage: bench/logical-services.sh [--rows N] [--store s3|filesystem] [--no-cqlsh] [--no-build] [--keep-data]
#                                  [--set ringvault.some.property=value]...
# --store: where the backups go (default s3: the stack's s3proxy); --set gives every service a property (as an
# environment variable, e.g. --set ringvault.restorer.logical.parallelism=4); --no-build skips packaging the
# services' jars (by default: `./mvnw package` of the modules the stack runs, never `install`).
# Prints Markdown tables, also written to target/bench-logical-services/results.md. Holds
# /tmp/ringvault-cassandra.lock while Cassandra runs (another checkout's Cassandra runs wait). Needs python3 (with
# venv), the tools of bench/logical.sh (fetched once, see bench/lib.sh: logical_tools) and about 4 GB of disk per 2M
# rows; the data is deleted at the end unless --keep-data (the logs stay). About 12 minutes at 2M rows.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/target/bench-logical-services"
rows=2000000
store=s3
with_cqlsh=true
build=true
keep=false
settings=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --no-cqlsh) with_cqlsh=false; shift ;;
    --no-build) build=false; shift ;;
    --keep-data) keep=true; shift ;;
    --set) settings+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$store" in s3 | filesystem) ;; *) echo "--store is s3 or filesystem, not $store" >&2; exit 2 ;; esac

source bench/lib.sh
if $build; then
  # The jars the stack runs (coordinator, node-agent, uploader, restorer, the launcher and the CLI) and the logical
  # module's test classes, from this checkout: package, never install (~/.m2 is shared with other checkouts).
  echo "Packaging the services, the launcher and the CLI"
  ./mvnw -B -q -T1 -pl launcher,cli,coordinator,node-agent,uploader,restorer,logical -am package -DskipTests \
    -Dspotless.check.skip=true >/dev/null
fi
logical_tools
logical_bench_classpath "$work"

# Every service reads a property from the environment too (ringvault.a.b-c -> RINGVAULT_A_BC).
for setting in "${settings[@]}"; do
  key=${setting%%=*}
  name=$(echo "$key" | tr -d '-' | tr '.' '_' | tr '[:lower:]' '[:upper:]')
  export "$name=${setting#*=}"
  echo "services: $key=${setting#*=} ($name)"
done

# Other checkouts on this machine start Cassandra too: one at a time (released when this script exits).
exec 9>/tmp/ringvault-cassandra.lock
flock 9

mkdir -p "$work"
rm -rf "$work/out" "$work/logs" "$work/stack"
mkdir -p "$work/out" "$work/logs"
# The stack's state and the CLI's pointer to it live under $work, not in the checkout's .ringvault/.
export RINGVAULT_HOME="$root" RINGVAULT_WORK_DIR="$work/stack"
launcher() { java -jar "$root/launcher/target/ringvault-launcher.jar" "$@"; }
cleanup() {
  launcher stack down >/dev/null 2>&1 9>&- || true
  # The services' logs stay, with the script's own.
  [ -d "$work/stack/stack/logs" ] && cp -r "$work/stack/stack/logs" "$work/logs/services"
  if ! $keep; then rm -rf "$work/out" "$work/stack"; fi
}
trap cleanup EXIT
store_options=()
[ "$store" = s3 ] && store_options=(--store-type s3)
echo "Starting the stack (${store} store)"
launcher stack up "${store_options[@]}" >"$work/logs/stack-up.log" 2>&1 9>&- || { cat "$work/logs/stack-up.log" >&2; exit 1; }
state="$work/stack/stack.json"
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }
host_port=$(json "$state" "d['cassandra']['cql']")
host=${host_port%:*} port=${host_port##*:}
dc=$(json "$state" "d['cassandra']['datacenter']")
endpoint="$host:$port:$dc"
declare -A pid_of=()
for service in coordinator node-agent uploader restorer; do
  pid_of[$service]=$(json "$state" "d['services']['$service']['pid']")
done
# Cassandra, Kafka and s3proxy are the supervisor's descendants, known by their main classes.
supervisor=$(json "$state" "d['pid']")
descendant() {
  ps -e -o pid=,ppid=,args= | awk -v root="$supervisor" -v pattern="$1" '
    { parent[$1] = $2; args[$1] = $0 }
    END { for (p in args) if (args[p] ~ pattern) { q = parent[p]; while (q != "" && q > 1) { if (q == root) { print p; exit } q = parent[q] } } }'
}
pid_of[cassandra]=$(descendant 'org[.]apache[.]cassandra[.]service[.]CassandraDaemon')
pid_of[kafka]=$(descendant 'kafka[.]Kafka')
[ "$store" = s3 ] && pid_of[s3proxy]=$(descendant 's3proxy')
processes=(cassandra node-agent uploader coordinator restorer kafka)
[ "$store" = s3 ] && processes+=(s3proxy)
for p in "${processes[@]}"; do
  [ -n "${pid_of[$p]}" ] || { echo "cannot find the pid of $p" >&2; exit 1; }
done
cpu_pids=()
for p in "${processes[@]}"; do cpu_pids+=("${pid_of[$p]}"); done
echo "Stack ready: Cassandra at $endpoint, coordinator $(cat "$RINGVAULT_WORK_DIR/coordinator-url"); pids:$(for p in "${processes[@]}"; do printf ' %s=%s' "$p" "${pid_of[$p]}"; done)"

# The CLI's first call records its class-data sharing archive (bench/cli.sh): made here, not in a measured call.
./ringvault operations list >/dev/null 9>&-

results="$work/results.md"
row() { echo "$1" | tee -a "$results"; }
# The CPU seconds of each process during the step measured last, as a row of the CPU table.
cpu_rows=()
cpu_row() {
  local line="| $1 | $seconds |" p
  for p in "${processes[@]}"; do line+=" ${watch_cpu[${pid_of[$p]}]} |"; done
  cpu_rows+=("$line $cpu_self |")
}

# The services' RSS before any work, to tell what an operation adds.
rss_mb() { ps -o rss= -p "$1" | awk '{printf "%d", $1 / 1024}'; }
idle="node agent $(rss_mb "${pid_of[node-agent]}"), uploader $(rss_mb "${pid_of[uploader]}"), restorer $(rss_mb "${pid_of[restorer]}")"

echo "Populating bench.big with $rows rows"
bench -Xmx512m populate "$endpoint" big "$rows" 9>&-
stored=$(count_table big)
echo "bench.big holds $stored rows"
[ "$stored" -eq "$rows" ] || { echo "expected $rows rows" >&2; exit 1; }

# Let Cassandra finish flushing and compacting what was just written before the first step, so that the first tool
# measured does not pay for it alone: wait until it uses under 0.15 of a core over 5 s (at most 3 minutes).
settle_start=$SECONDS
while [ $((SECONDS - settle_start)) -lt 180 ]; do
  before=$(cpu_ticks "${pid_of[cassandra]}")
  sleep 5
  used=$(( $(cpu_ticks "${pid_of[cassandra]}") - before ))
  [ "$used" -lt $(( $(getconf CLK_TCK) * 3 / 4 )) ] && break
done
settled=$((SECONDS - settle_start))
echo "Cassandra settled after $settled s"

# timeline EVENTS_JSON: when each phase of an operation happened, in seconds after its operation.accepted, from its
# CloudEvents: for a backup the export's end (node.snapshot.taken: the agent announced its files), the first and last
# file stored by the uploader, the end; for a restore the plan, the first and last file imported, the end.
timeline() {
  python3 - "$1" <<'PY'
import json, sys
from datetime import datetime
events = json.load(open(sys.argv[1]))
def at(e):
    return datetime.fromisoformat(e["time"].replace("Z", "+00:00"))
def of(kind):
    return [at(e) for e in events if e["type"].endswith("." + kind)]
start = of("operation.accepted")[0]
def s(t):
    return "%.1f s" % (t - start).total_seconds()
end = (of("operation.completed") or of("operation.failed"))[-1]
if of("node.snapshot.taken"):
    stored = of("file.stored")
    taken = of("node.snapshot.taken")[-1]
    during = sum(1 for t in stored if t < taken)
    print("export done (files announced) at %s; %d files stored, the first at %s, the last at %s (%d while the export ran); completed at %s"
          % (s(taken), len(stored), s(min(stored)), s(max(stored)), during, s(end)))
else:
    progress = [e for e in events if e["type"].endswith(".restore.progress")]
    done = [at(e) for e in progress if (e.get("data") or {}).get("filesDone", 0) > 0]
    planned = of("restore.planned")
    print("planned at %s; first file imported at %s, the last at %s; completed at %s"
          % (s(planned[0]) if planned else "-", s(min(done)) if done else "-", s(max(done)) if done else "-", s(end)))
PY
}

# ringvault backup N: a logical backup of keyspace bench through the services; sets rv_id, rv_rows, rv_seconds,
# rv_peak (agent + uploader), rv_bytes (the chunk files' bytes, from the manifest).
ringvault_backup() {
  local n=$1
  rss_pids=("${pid_of[node-agent]}" "${pid_of[uploader]}")
  measure "ringvault-backup-$n" ./ringvault backup --keyspace bench --method logical --wait
  rss_pids=()
  cpu_row "export: ringvault backup (run $n)"
  rv_id=$(head -1 "$work/logs/ringvault-backup-$n.log")
  rv_seconds=$seconds rv_peak=$watch_peak_mb
  ./ringvault backups show "$rv_id" --json >"$work/logs/ringvault-backup-$n.json" 9>&-
  ./ringvault operations events "$rv_id" --json >"$work/logs/ringvault-backup-$n.events.json" 9>&-
  rv_rows=$(json "$work/logs/ringvault-backup-$n.json" "sum(d['rows'].values())")
  rv_bytes=$(json "$work/logs/ringvault-backup-$n.json" "d['bytes']")
  rv_files=$(json "$work/logs/ringvault-backup-$n.json" "d['files']")
  rv_timeline=$(timeline "$work/logs/ringvault-backup-$n.events.json")
}

: >"$results"
row "Setup: the local stack (\`ringvault stack up\`, ${store} store): one Cassandra 5.0.9 node (-Xmx512m), Kafka, $([ "$store" = s3 ] && echo "s3proxy, ")a coordinator, a node agent, an uploader and a restorer (-Xmx256m each), $(nproc) cores shared by all of them and the clients; table bench.big of $rows rows; Cassandra idle after the writes in ${settled} s.${settings[*]:+ Service settings: ${settings[*]}.}"
row ""

ringvault_backup 1
rv1_id=$rv_id rv1_rows=$rv_rows rv1_seconds=$rv_seconds rv1_peak=$rv_peak rv1_timeline=$rv_timeline

rm -rf "$work/out/dsbulk"
measure dsbulk-unload dsbulk unload -url "$work/out/dsbulk" -timestamp true -ttl true
cpu_row "export: dsbulk unload"
ds_rows=$(cat "$work"/out/dsbulk/*.csv | wc -l); ds_files=$(ls "$work"/out/dsbulk/*.csv | wc -l)
ds_rows=$((ds_rows - ds_files)) # one header line per file
ds_seconds=$seconds ds_peak=$peak_mb ds_bytes=$(du -sb "$work/out/dsbulk" | cut -f1)

if $with_cqlsh; then
  measure cqlsh-copy-to cqlsh -e "COPY bench.big TO '$work/out/cqlsh.csv' WITH HEADER = true AND DOUBLEPRECISION = 17"
  cpu_row "export: cqlsh COPY TO"
  cq_rows=$(($(wc -l <"$work/out/cqlsh.csv") - 1))
  cq_seconds=$seconds cq_peak=$peak_mb cq_bytes=$(stat -c %s "$work/out/cqlsh.csv")
fi

ringvault_backup 2

row "| step | tool | rows counted | seconds | rows/s | vs dsbulk | peak RSS (MB) | output (MB) |"
row "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
ds_rate=$(rate "$ds_rows" "$ds_seconds")
for run in 1 2; do
  if [ $run = 1 ]; then r=$rv1_rows s=$rv1_seconds p=$rv1_peak; else r=$rv_rows s=$rv_seconds p=$rv_peak; fi
  rr=$(rate "$r" "$s")
  row "| export | ringvault backup --method logical --wait (run $run) | $r | $s | $rr | $(ratio "$rr" "$ds_rate")x | $p (agent + uploader) | $((rv_bytes / 1048576)) |"
done
row "| export | dsbulk unload -Xmx1g, -timestamp -ttl | $ds_rows | $ds_seconds | $ds_rate | 1x | $ds_peak | $((ds_bytes / 1048576)) |"
if $with_cqlsh; then
  cr=$(rate "$cq_rows" "$cq_seconds")
  row "| export | cqlsh COPY TO (no write times/TTLs) | $cq_rows | $cq_seconds | $cr | $(ratio "$cr" "$ds_rate")x | $cq_peak | $((cq_bytes / 1048576)) |"
fi

# Imports, each into the truncated table (import_step), each counted afterwards.
rss_pids=("${pid_of[restorer]}")
import_step ringvault-restore ./ringvault restore "$rv_id" --wait
rss_pids=()
cpu_row "import: ringvault restore"
ri_rows=$counted ri_seconds=$seconds ri_peak=$watch_peak_mb
./ringvault operations events "$(head -1 "$work/logs/ringvault-restore.log")" --json \
  >"$work/logs/ringvault-restore.events.json" 9>&-
ri_timeline=$(timeline "$work/logs/ringvault-restore.events.json")
import_step dsbulk-load dsbulk load -url "$work/out/dsbulk" -timestamp true -ttl true --connector.csv.maxCharsPerColumn -1
cpu_row "import: dsbulk load"
dl_rows=$counted dl_seconds=$seconds dl_peak=$peak_mb
if $with_cqlsh; then
  import_step cqlsh-copy-from cqlsh -e "COPY bench.big FROM '$work/out/cqlsh.csv' WITH HEADER = true"
  cpu_row "import: cqlsh COPY FROM"
  cf_rows=$counted cf_seconds=$seconds cf_peak=$peak_mb
fi
dl_rate=$(rate "$dl_rows" "$dl_seconds")
rr=$(rate "$ri_rows" "$ri_seconds")
row "| import | ringvault restore --wait (backup of run 2) | $ri_rows | $ri_seconds | $rr | $(ratio "$rr" "$dl_rate")x | $ri_peak (restorer) | |"
row "| import | dsbulk load -Xmx1g, -timestamp -ttl | $dl_rows | $dl_seconds | $dl_rate | 1x | $dl_peak | |"
if $with_cqlsh; then
  cr=$(rate "$cf_rows" "$cf_seconds")
  row "| import | cqlsh COPY FROM | $cf_rows | $cf_seconds | $cr | $(ratio "$cr" "$dl_rate")x | $cf_peak | |"
fi

row ""
row "Timelines from the operations' events, in seconds after each operation was accepted:"
row "- backup, run 1 ($rv1_id): $rv1_timeline."
row "- backup, run 2 ($rv_id, $rv_files chunk files): $rv_timeline."
row "- restore of run 2: $ri_timeline."

# Peak RSS over each service's whole life (VmHWM), and CPU seconds per process during each step.
hwm() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
row ""
row "RSS once started, before any operation (MB): $idle."
row "Peak RSS over the whole run (VmHWM, MB): node agent $(hwm "${pid_of[node-agent]}"), uploader $(hwm "${pid_of[uploader]}"), restorer $(hwm "${pid_of[restorer]}"), coordinator $(hwm "${pid_of[coordinator]}"), Cassandra $(hwm "${pid_of[cassandra]}")."
row ""
row "CPU seconds used during each step, per process (two cores: at most 2 s per second of wall time):"
row ""
row "| step | seconds |$(for p in "${processes[@]}"; do printf ' %s |' "$p"; done) the command |"
row "| --- | ---: |$(for _ in "${processes[@]}"; do printf ' ---: |'; done) ---: |"
for line in "${cpu_rows[@]}"; do row "$line"; done
echo "Results in $results"
