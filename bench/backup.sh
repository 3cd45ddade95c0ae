#!/usr/bin/env bash
# Measures backups on one local Cassandra node holding at least 1 GiB of SSTables: a full backup (REST request to
# COMPLETED) side by side with a raw copy of the same snapshot by the store's own client, a differential backup right
# after it, and the uploader's peak RSS while it uploads one SSTable of more than 2 GiB. The stores and their baselines:
#   filesystem  cp -r + sync to a directory
#   s3          aws s3 cp --recursive to the stack's s3proxy (needs aws: Debian's awscli)
#   gcs         gcloud storage cp --recursive to fake-gcs-server (needs gcloud: Google's google-cloud-cli package;
#               gsutil cannot talk to the plain-HTTP emulator, see BENCHMARKS.md)
#   azure       az storage blob upload-batch to Azurite (azure-cli from PyPI, installed by this script on first use
#               into a venv under ~/.cache/ringvault/tools)
# Usage:
#   bench/backup.sh [--store filesystem,s3,gcs,azure] [--skip-s3] [--size-gib N] [--skip-large-file] [--repeat N]
#                   [--keep-data] [--profile] [--warmup-rounds N] [--transfer direct|agent|both]
#                   [--set ringvault.some.property=value]...
# --store takes a comma-separated list (default filesystem,s3); --skip-s3 drops s3 from it. The large-file measurement
# runs on s3 when it is measured, otherwise on the first store of the list.
# Prints Markdown tables for BENCHMARKS.md, also written to target/bench-backup/results.md. Takes about 10 minutes per
# store and about 10 GB of disk while it runs (the data is deleted at the end unless --keep-data; the logs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
work="$(pwd)/target/bench-backup"

stores=filesystem,s3
skip_s3=false
previous=
for arg in "$@"; do
  if [ "$previous" = "--store" ]; then stores=$arg; fi
  if [ "$arg" = "--skip-s3" ]; then skip_s3=true; fi
  previous=$arg
done
has_store() { [[ ",$stores," == *",$1,"* ]]; }
client_properties=()
if has_store s3 && ! $skip_s3 && ! command -v aws >/dev/null 2>&1; then
  echo "The S3 baseline needs the AWS CLI (aws). Install it (Debian: sudo apt-get install awscli) or run with --skip-s3." >&2
  exit 1
fi
if has_store gcs; then
  if ! command -v gcloud >/dev/null 2>&1; then
    echo "The GCS baseline needs gcloud (Google's google-cloud-cli package:" \
      "https://cloud.google.com/sdk/docs/install), or leave gcs out of --store." >&2
    exit 1
  fi
  client_properties+=("-Dringvault.bench.gcloud=$(command -v gcloud)")
fi
if has_store azure; then
  client_properties+=("-Dringvault.bench.az=$(pypi_tool azure-cli "$AZURE_CLI_VERSION" az)")
fi

./mvnw -B -q -pl system-tests -am install -DskipTests >/dev/null
bench_classpath backup

# The benchmark's JVM only writes rows and polls REST; the services run as their own processes (java -jar).
java -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dringvault.jar.coordinator="$(jar coordinator)" \
  -Dringvault.jar.node-agent="$(jar node-agent)" \
  -Dringvault.jar.uploader="$(jar uploader)" \
  "${client_properties[@]}" \
  -cp "system-tests/target/test-classes:$(cat "$classpath_file")" \
  io.ringvault.systemtest.BackupBenchmark --work "$work" "$@"
