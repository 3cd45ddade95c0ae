#!/usr/bin/env bash
# Measures backups on one local Cassandra node holding at least 1 GiB of SSTables: a full backup (REST request to
# COMPLETED) side by side with a raw copy of the same snapshot (cp -r + sync to a directory; aws s3 cp --recursive to
# the stack's s3proxy), a differential backup right after it, and the uploader's peak RSS while it uploads one SSTable
# of more than 2 GiB. Usage:
#   bench/backup.sh [--skip-s3] [--size-gib N] [--skip-large-file] [--repeat N] [--keep-data] [--profile]
#                   [--warmup-rounds N] [--transfer direct|agent|both]
#                   [--set ringvault.some.property=value]...
# Prints Markdown tables for BENCHMARKS.md, also written to target/bench-backup/results.md. Takes about 10 minutes and
# about 10 GB of disk while it runs (the data is deleted at the end unless --keep-data; the logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-backup"

skip_s3=false
for arg in "$@"; do
  if [ "$arg" = "--skip-s3" ]; then skip_s3=true; fi
done
if ! $skip_s3 && ! command -v aws >/dev/null 2>&1; then
  echo "The S3 baseline needs the AWS CLI (aws). Install it (Debian: sudo apt-get install awscli) or run with --skip-s3." >&2
  exit 1
fi

./mvnw -B -q -pl system-tests -am install -DskipTests >/dev/null
bench_classpath backup

# The benchmark's JVM only writes rows and polls REST; the services run as their own processes (java -jar).
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.BackupBenchmark --work "$work" "$@"
