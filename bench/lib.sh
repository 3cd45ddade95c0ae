# Shared by the bench/*.sh drivers (sourced, from the repository root): the test classpath of system-tests and the
# services' jars, once the modules are installed.

# Writes the test classpath of system-tests to target/bench-$1.classpath and sets classpath_file and version.
bench_classpath() {
  mkdir -p target
  classpath_file="$(pwd)/target/bench-$1.classpath"
  ./mvnw -B -q -pl system-tests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file" >/dev/null
  version=$(sed -n '0,/<artifactId>ringvault-parent<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
}

# The path of a service module's jar: jar coordinator.
jar() { echo "$(pwd)/$1/target/$1-$version.jar"; }

# The command-line clients of the cloud baselines, from PyPI into a venv of their own under the tools cache the
# emulators use (~/.cache/ringvault/tools, or $RINGVAULT_TOOLS_CACHE), installed once: a marker file, written last,
# says the installation finished, and a lock keeps two runs from installing at once. Prints the command's path.
#   pypi_tool azure-cli 2.91.0 az
AZURE_CLI_VERSION=2.91.0
pypi_tool() {
  local package=$1 version=$2 command=$3
  local tools="${RINGVAULT_TOOLS_CACHE:-$HOME/.cache/ringvault/tools}"
  local venv="$tools/$package-$version"
  mkdir -p "$tools"
  (
    flock 9
    if [ ! -f "$venv/.installed" ]; then
      echo "installing $package==$version from PyPI: python3 -m venv $venv && $venv/bin/pip install $package==$version" \
        "(log in $venv.install.log)" >&2
      rm -rf "$venv"
      # Checked one by one: inside $(...) the caller's set -e does not apply.
      python3 -m venv "$venv" >"$venv.install.log" 2>&1 &&
        "$venv/bin/pip" install --disable-pip-version-check -q "$package==$version" >>"$venv.install.log" 2>&1 || {
        echo "installing $package==$version failed; see $venv.install.log" >&2
        exit 1
      }
      echo "$version" >"$venv/.installed"
    fi
  ) 9>"$venv.lock" || return 1
  echo "$venv/bin/$command"
}

# The logical baselines' tools, fetched once and cached under ~/.cache/ringvault/tools: cqlsh 6.2.2 (Cassandra
# 5.0.x's) with cassandra-driver 3.29.2 from PyPI into a venv, and DataStax Bulk Loader 1.10.0's classpath, resolved by
# Maven from the modules bench/logical/dsbulk-pom.xml lists (Maven Central has no distribution archive of it). Sets
# cqlsh_venv and dsbulk_classpath (a file holding the classpath).
logical_tools() {
  local tools="$HOME/.cache/ringvault/tools"
  mkdir -p "$tools"
  cqlsh_venv="$tools/cqlsh-6.2.2"
  if [ ! -x "$cqlsh_venv/bin/cqlsh" ] || ! "$cqlsh_venv/bin/pip" show cassandra-driver 2>/dev/null | grep -q '^Version: 3.29.2$'; then
    python3 -m venv "$cqlsh_venv"
    "$cqlsh_venv/bin/pip" install -q cqlsh==6.2.2 cassandra-driver==3.29.2
  fi
  dsbulk_classpath="$tools/dsbulk-1.10.0.classpath"
  if [ ! -s "$dsbulk_classpath" ]; then
    ./mvnw -B -q -f bench/logical/dsbulk-pom.xml dependency:build-classpath -Dmdep.outputFile="$dsbulk_classpath" >/dev/null
  fi
  echo "cqlsh:  $cqlsh_venv/bin/cqlsh ($("$cqlsh_venv/bin/cqlsh" --version))"
  echo "dsbulk: 1.10.0, classpath in $dsbulk_classpath"
}

# The classpath of the logical module's test classes (io.ringvault.logical.bench.LogicalBenchmark: populate, count,
# truncate, export, import), once they are compiled: sets logical_classpath, its dependencies listed in $1/classpath.
logical_bench_classpath() {
  mkdir -p "$1"
  ./mvnw -B -q -pl logical dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$1/classpath" >/dev/null
  logical_classpath="$(pwd)/logical/target/test-classes:$(pwd)/logical/target/classes:$(cat "$1/classpath")"
}

# CPU time (user + system) a live process has used so far, in clock ticks; 0 once it is gone.
# bench HEAP STEP ARGS...: one step of the logical module's LogicalBenchmark in its own JVM, with the heap given
# (-Xmx…); needs logical_classpath (logical_bench_classpath).
bench() {
  local heap=$1; shift
  java "$heap" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$logical_classpath" \
    io.ringvault.logical.bench.LogicalBenchmark "$@"
}
# count_table TABLE: the rows of bench.TABLE on the node at $endpoint, by a token-range scan.
count_table() { bench -Xmx256m count "$endpoint" "$1" 9>&-; }
# import_step NAME COMMAND...: truncates bench.big, measures COMMAND as NAME, and sets counted to the rows after it.
import_step() {
  local name=$1; shift
  bench -Xmx256m truncate "$endpoint" big 9>&-
  measure "$name" "$@"
  counted=$(count_table big)
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
clock_ticks=$(getconf CLK_TCK)

# measure NAME COMMAND...: runs the command (a shell function too) with its output in $work/logs/NAME.log, and sets
#   seconds   its wall time, start to exit;
#   peak_mb   the peak of its process tree's summed RSS (cqlsh COPY forks workers), sampled every 0.2 s;
#   cpu_self  the CPU seconds (user + system) of the command and every child it waited for;
# and, for long-running processes the command only talks to (services), named by pid in two arrays:
#   watch_peak_mb  the peak of the summed RSS of the processes of rss_pids, over the same samples;
#   watch_cpu      an associative array: pid of cpu_pids -> the CPU seconds it used while the command ran.
# A command that fails stops the script with the end of its log. File descriptor 9 (the Cassandra lock) is closed for
# the command, so that nothing it leaves behind holds the lock.
declare -a rss_pids=() cpu_pids=()
declare -A watch_cpu=()
measure() {
  local name=$1; shift
  local log="$work/logs/$name.log" times="$work/logs/$name.times"
  local start end peak=0 watch_peak=0 rss watched p
  local -A before=()
  for p in "${cpu_pids[@]}"; do before[$p]=$(cpu_ticks "$p"); done
  start=$(date +%s.%N)
  # `times` prints the shell's own CPU, then its children's: the command's.
  (
    status=0
    "$@" || status=$?
    times >"$times"
    exit $status
  ) >"$log" 2>&1 9>&- &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -e -o pid=,ppid=,rss= | awk -v root="$pid" '
      { parent[$1] = $2; rss[$1] = $3 }
      END { for (p in rss) { q = p; while (q != "" && q != 0 && q != 1) { if (q == root) { sum += rss[p]; break } q = parent[q] } } print sum + 0 }')
    [ "$rss" -gt "$peak" ] && peak=$rss
    if [ ${#rss_pids[@]} -gt 0 ]; then
      watched=$(ps -o rss= -p "$(IFS=,; echo "${rss_pids[*]}")" | awk '{s += $1} END {print s + 0}')
      [ "$watched" -gt "$watch_peak" ] && watch_peak=$watched
    fi
    sleep 0.2
  done
  if ! wait "$pid"; then
    echo "$name failed; its log:" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  seconds=$(printf '%.1f' "$(echo "$end - $start" | bc)")
  peak_mb=$((peak / 1024))
  watch_peak_mb=$((watch_peak / 1024))
  cpu_self=$(tail -1 "$times" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] } printf "%.1f", n }')
  watch_cpu=()
  for p in "${cpu_pids[@]}"; do
    watch_cpu[$p]=$(printf '%.1f' "$(echo "scale=2; ($(cpu_ticks "$p") - ${before[$p]}) / $clock_ticks" | bc)")
  done
  echo "$name: ${seconds}s, peak RSS ${peak_mb} MB, CPU ${cpu_self}s"
}

# rate ROWS SECONDS: rows per second; ratio RATE OTHER: RATE / OTHER to two decimals.
rate() { echo "$1 / $2" | bc; }
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }

# dsbulk ARGS...: DataStax Bulk Loader on bench.big of the node at $host:$port (datacenter $dc), -Xmx1g, its logs
# under $work/logs/dsbulk; cqlsh ARGS...: cqlsh connected to the same node. Need logical_tools first.
dsbulk() {
  java -Xmx1g -cp "$(cat "$dsbulk_classpath")" com.datastax.oss.dsbulk.runner.DataStaxBulkLoader "$@" \
    -h "$host" -port "$port" -k bench -t big -logDir "$work/logs/dsbulk" \
    --datastax-java-driver.basic.load-balancing-policy.local-datacenter "$dc"
}
cqlsh() { "$cqlsh_venv/bin/cqlsh" "$host" "$port" --request-timeout 120 "$@"; }
