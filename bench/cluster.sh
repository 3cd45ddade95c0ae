#!/usr/bin/env bash
# Measures backup and restore at cluster scale, one topology after the other in one run: by default one node, then two
# datacenters of two nodes (dc1:2,dc2:2), each node holding at least 256 MiB of SSTables (one replica per datacenter).
# On each: a full backup to s3proxy, a restore into the same cluster (import), and a restore of the same backup into a
# brand-new cluster of the same shape with other tokens (streaming through Cassandra's bulk loader). Usage:
#   bench/cluster.sh [--mib-per-node N] [--topologies dc1:1/dc1:2,dc2:2] [--keep-data]
# Prints Markdown tables for BENCHMARKS.md, also written to target/bench-cluster/results.md. Takes about 20 minutes
# and about 3 GB of disk per 256 MiB per node while it runs (deleted at the end unless --keep-data; the logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-cluster"

# The whole reactor: the services' jars, and io.ringvault snapshots another checkout may have replaced in ~/.m2.
./mvnw -B -q install -DskipTests >/dev/null
bench_classpath cluster

# The benchmark's JVM writes rows and polls REST; Cassandra, Kafka, s3proxy and the services run as their own
# processes, and it stops them all when it exits, on failure or Ctrl-C too.
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.com.datastax.oss.driver.internal.core.cql.CqlRequestHandler=error \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  -Dringvault.jar.restorer="$(jar restorer)" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.ClusterBenchmark --work "$work" "$@"
