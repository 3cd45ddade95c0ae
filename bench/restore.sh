#!/usr/bin/env bash
# Measures restores on one local Cassandra node holding at least 1 GiB of SSTables, backed up by ringvault to the
# stack's s3proxy: a ringvault restore (REST request to COMPLETED) side by side with a baseline on the same objects
# (aws s3 cp --recursive from the same s3proxy, then nodetool import's JMX operation per table), with the agent's peak
# staging against the largest table, the restorer's peak RSS, and CPU seconds per process during each measurement.
# Usage: bench/restore.sh [--size-gib N] [--repeat N] [--keep-data]
# Prints Markdown tables for BENCHMARKS.md, also written to target/bench-restore/results.md. Takes about 10 minutes
# and about 4 GB of disk per GiB of data while it runs (deleted at the end unless --keep-data; the logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-restore"

if ! command -v aws >/dev/null 2>&1; then
  echo "The baseline needs the AWS CLI (aws). Install it (Debian: sudo apt-get install awscli)." >&2
  exit 1
fi

# The whole reactor: the services' jars, and io.ringvault snapshots another checkout may have replaced in ~/.m2.
./mvnw -B -q install -DskipTests >/dev/null
bench_classpath restore

# The benchmark's JVM writes rows, polls REST, runs aws and the baseline's JMX imports; the services run as their own
# processes (java -jar), and it stops them all when it exits, on failure or Ctrl-C too.
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  -Dringvault.jar.restorer="$(jar restorer)" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.RestoreBenchmark --work "$work" "$@"
