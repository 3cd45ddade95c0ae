#!/usr/bin/env bash
# Measures the lag of a continuous backup on one local Cassandra node started with incremental_backups: true
# (filesystem store): a keyspace of one table and a snapshot backup of it (the base of the chain), then two phases under
# the same steady write load, one after the other: (a) a continuous backup (a schedule of incremental backups with
# flush: false every --interval seconds), (b) the baseline, a differential (snapshot) backup every --baseline-every
# seconds. The load is --rows-per-second rows of 1 KiB for --seconds, the keyspace flushed over JMX every --flush-every
# seconds. For each flush, the lag is how long until it is in the store with a manifest listing it (finishedAt of the
# first backup accepted after it); p50/p95/max of each phase, the ratio baseline / continuous, the backups' count and
# duration, and the maxima of the node agent's ringvault_agent_backups_directory_oldest_age_seconds and _bytes sampled
# every 500 ms. Usage:
#   bench/continuous.sh [--seconds 90] [--rows-per-second 500] [--flush-every 3] [--interval 5] [--baseline-every 60]
#                       [--keep-data] [--set ringvault.some.property=value]...
# --interval must divide 60 (a cron seconds field). Prints Markdown tables for BENCHMARKS.md, also written to
# target/bench-continuous/results.md. Takes about 2 × --seconds plus a minute or two (stack start, the last backups)
# and the build; little disk (--seconds × --rows-per-second KiB per phase, a few times over). On a machine shared with
# other builds, run it under `flock /tmp/ringvault-cassandra.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-continuous"

./mvnw -B -q -pl system-tests -am install -DskipTests >/dev/null
bench_classpath continuous

# The benchmark's JVM only writes rows and polls REST; the services run as their own processes (java -jar).
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.ContinuousLagBenchmark --work "$work" "$@"
