#!/usr/bin/env bash
# Measures incremental backups on one local Cassandra node started with incremental_backups: true: N MiB of
# incompressible SSTables (default 1024), a snapshot backup of them as the base of the chain, then rounds of about 1%
# more written and flushed, each followed by an incremental backup and a differential (snapshot) backup of the same
# keyspace side by side (odd rounds the incremental first, even rounds the differential first): wall time from the REST
# request to COMPLETED, files announced, bytes listed and uploaded, the node agent's snapshot and listing times, and
# the ratios differential / incremental. Usage:
#   bench/incremental.sh [--size-mib N] [--increment-mib N] [--base-flushes N] [--rounds N] [--s3] [--keep-data]
#                        [--warmup-rounds N] [--set ringvault.some.property=value]...
# The store is a directory (filesystem backend) unless --s3 (s3proxy); --base-flushes N writes the base data in N
# flushes, for at least N SSTables per table (more files for the differential to list and announce). Prints Markdown
# tables for BENCHMARKS.md, also written to target/bench-incremental/results.md. Takes about 4 minutes at 1024 MiB (3 at
# 512) plus the build, and about 3 times --size-mib of disk while it runs (SSTables, commit log, the base backup's
# objects; the data is deleted at the end unless --keep-data; the logs stay). On a machine shared with other builds,
# run it under `flock /tmp/ringvault-cassandra.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-incremental"

./mvnw -B -q -pl system-tests -am install -DskipTests >/dev/null
bench_classpath incremental

# The benchmark's JVM only writes rows and polls REST; the services run as their own processes (java -jar).
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.IncrementalBenchmark --work "$work" "$@"
